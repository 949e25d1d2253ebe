"""政府信息公开条例 §35 names no period: the 超量、频次 row with this project's own 20-working-day
default and no form to start it is retired (inactive), so no one reads it as a legal limit."""

import importlib

import pytest
from django.apps import apps as django_apps

from apps.disclosure.models import Outcome
from apps.workflow.models import DeadlineRule

pytestmark = pytest.mark.django_db


def test_the_excessive_requests_row_is_retired_and_says_why(bureau):
    rule = DeadlineRule.objects.get(code="disclosure-excessive-requests")
    assert not rule.active and not rule.verified
    assert "已停用" in rule.name and "§35" in rule.basis
    # the 不予处理 branch of §35 stays an answer outcome
    assert Outcome.EXCESSIVE.label == "不予处理：无正当理由大量反复申请"


def test_the_migration_retires_an_active_row(bureau):
    DeadlineRule.objects.filter(code="disclosure-excessive-requests").update(active=True)
    importlib.import_module("apps.disclosure.migrations.0004_retire_excessive_rule").retire(django_apps, None)
    assert not DeadlineRule.objects.get(code="disclosure-excessive-requests").active
