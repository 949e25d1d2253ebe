"""The rule rows: the old placeholder "lawyer-penalty-service" (lawyers.penalty, 7 calendar days)
is corrected and taken out of use in existing databases; the recommendation process's rows and
the complaint and licence limits are seeded with their basis (待核实 where unverified)."""

import importlib
import json
from pathlib import Path

import pytest
from django.apps import apps

from apps.workflow.models import ApprovalRule, DeadlineRule

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def test_the_old_penalty_row_is_corrected_and_taken_out_of_use(bureau):
    DeadlineRule.objects.filter(code="lawyer-penalty-service").delete()
    row = DeadlineRule.objects.create(
        code="lawyer-penalty-service",
        process="lawyers.penalty",
        name="行政处罚决定书送达",
        length=7,
        unit="C",
        basis="本局工作流程",
    )
    migration = importlib.import_module("apps.lawyers.migrations.0002_penalty_rule_to_recommendation")
    migration.forwards(apps, None)
    row.refresh_from_db()
    assert (row.process, row.unit, row.active) == ("lawyers.recommendation", "W", False)
    assert "第五十二条" in row.basis and "第八十五条" in row.basis
    assert row.history.filter(history_change_reason__contains="迁移").exists()
    versions = row.history.count()
    migration.forwards(apps, None)  # a second run changes nothing
    assert row.history.count() == versions


def test_the_fixture_rows():
    rows = {r["fields"]["code"]: r["fields"] for r in json.loads((FIXTURES / "lawyers_deadlines.json").read_text())}
    assert "lawyer-penalty-service" not in rows
    assert not rows["lawyer-complaint-accept"]["verified"] and not rows["lawyer-complaint-reply"]["verified"]
    assert (rows["lawyer-licence-supplement-notice"]["length"], rows["lawyer-licence-supplement-notice"]["unit"]) == (
        5,
        "W",
    )
    assert (rows["lawyer-licence-city-review"]["length"], rows["lawyer-licence-province-decision"]["length"]) == (
        20,
        10,
    )
    pks = [r["pk"] for r in json.loads((FIXTURES / "lawyers_rules.json").read_text())]
    assert all(1601 <= pk <= 1649 for pk in pks)


def test_the_recommendation_chain_is_loaded(bureau):
    chain = ApprovalRule.objects.filter(process="lawyers.recommendation", chain="approve", active=True).order_by("seq")
    assert [r.role for r in chain] == ["section_chief", "division_leader"]
