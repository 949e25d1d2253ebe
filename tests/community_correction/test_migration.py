"""Migration 0004: the open records of the first version (dates on rows, no cases) get their
workflow cases at the step their state stands at, with the holders' tasks and the clocks."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from apps.accounts.models import Rank
from apps.workflow.models import Case
from tests.conftest import make_user

from .factories import id_number

BEFORE = [("community_correction", "0002_correction_rules")]
AFTER = [("community_correction", "0005_state_from_cases")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_open_records_get_cases_at_their_step(bureau):
    chief = make_user("m.chief", bureau["correction"], Rank.CHIEF)
    clerk = make_user("m.clerk", bureau["correction"], Rank.STAFF)
    ws = make_user("m.ws", bureau["jo_wenshao"], Rank.STAFF)
    old = migrate(BEFORE)
    try:
        Subject = old.get_model("community_correction", "Subject")
        Travel = old.get_model("community_correction", "Travel")
        Assessment = old.get_model("community_correction", "Assessment")
        court = old.get_model("org", "ExternalUnit").objects.get(code="court_district")
        today = timezone.localdate()
        common = {
            "gender": "男",
            "sentence_type": "probation",
            "crime": "危险驾驶罪",
            "deciding_body_id": court.pk,
            "judgment_no": "（2026）鲁0305刑初1号",
            "office_id": bureau["jo_wenshao"].pk,
            "created_by_id": clerk.pk,
        }
        awaiting = Subject.objects.create(
            name="旧版对象甲",
            id_number=id_number(901),
            effective_on=today - timedelta(days=3),
            start_on=today - timedelta(days=3),
            end_on=today + timedelta(days=300),
            status="awaiting",
            **common,
        )
        supervised = Subject.objects.create(
            name="旧版对象乙",
            id_number=id_number(902),
            effective_on=date(2026, 1, 5),
            start_on=date(2026, 1, 5),
            end_on=today + timedelta(days=40),
            status="supervised",
            **common,
        )
        Subject.objects.create(
            name="旧版对象丙",
            id_number=id_number(903),
            effective_on=date(2025, 1, 5),
            start_on=date(2025, 1, 5),
            end_on=date(2025, 7, 4),
            status="released",
            **common,
        )
        trip = Travel.objects.create(
            subject_id=supervised.pk,
            destination="济南",
            reason="探亲",
            start_on=today,
            end_on=today + timedelta(days=3),
            tier="office",
            status="approved",
            requested_by_id=ws.pk,
        )
        assessment = Assessment.objects.create(
            requester_id=court.pk,
            letter_no="函1",
            person="旧版被评估人",
            crime="盗窃罪",
            received_on=today - timedelta(days=1),
            due_on=today + timedelta(days=12),
            office_id=bureau["jo_wenshao"].pk,
            status="submitted",
            created_by_id=clerk.pk,
        )
    finally:
        new = migrate(AFTER)
    Subject = new.get_model("community_correction", "Subject")
    cases = {c.pk: c for c in Case.objects.filter(process__startswith="correction.")}
    first = cases[Subject.objects.get(pk=awaiting.pk).case_id]
    assert (first.process, first.current_step, first.is_confidential) == ("correction.subject", "report", True)
    assert "旧版对象甲" not in first.title
    assert set(first.tasks.values_list("assignee__username", flat=True)) == {"m.ws"}
    assert first.clocks.get().rule.code == "correction-report-in"
    second = cases[Subject.objects.get(pk=supervised.pk).case_id]
    assert second.current_step == "supervise"
    term = second.clocks.get()
    assert term.rule.code == "correction-termination-certificate" and term.due_date >= today + timedelta(days=40)
    assert Subject.objects.get(name="旧版对象丙").case_id is None  # released: nothing to do
    travel_case = cases[new.get_model("community_correction", "Travel").objects.get(pk=trip.pk).case_id]
    assert travel_case.current_step == "return" and travel_case.clocks.get().due_date == today + timedelta(days=3)
    review = cases[new.get_model("community_correction", "Assessment").objects.get(pk=assessment.pk).case_id]
    assert review.current_step == "review-1"
    assert list(review.tasks.values_list("assignee", flat=True)) == [chief.pk]
