"""The sweep chases rectifications: the lead inspector is reminded at 3 and 1 working days
before the due date, and once overdue the lead inspector and the section chief are told; each
notice once (every sweep here runs twice). Over the 2026 National Day holiday (1–7 Oct off;
Saturday 10 Oct a make-up working day)."""

from datetime import date

import pytest

from apps.inspections import services
from apps.workflow.models import Notification
from apps.workflow.sweep import run_sweep
from tests.inspections.factories import check_with_findings

pytestmark = pytest.mark.django_db


def sweep(today, day):
    today.set(day, hour=2)
    run_sweep(today=day)
    run_sweep(today=day)  # a second sweep the same night sends nothing new


def notices():
    return sorted(
        (n.user.username, n.kind, n.key.split(":")[1])
        for n in Notification.objects.filter(key__startswith="inspections:").select_related("user")
    )


def test_a_rectification_is_reminded_then_flagged_overdue_to_the_inspector_and_the_chief_once(corr, today):
    check = check_with_findings(corr)
    rect = services.issue_notice(corr.clerk, check.pk, date(2026, 10, 12))  # a Monday
    sweep(today, date(2026, 9, 30))
    assert notices() == []
    # 3 WD before 12 Oct: 10 Oct (make-up Saturday), 9 Oct, 8 Oct — the holiday week does not count.
    sweep(today, date(2026, 10, 8))
    assert notices() == [("corr.clerk", "remind", "remind")]
    sweep(today, date(2026, 10, 9))
    assert len(notices()) == 1
    sweep(today, date(2026, 10, 10))  # 1 WD before
    assert notices() == [("corr.clerk", "remind", "remind")] * 2
    sweep(today, date(2026, 10, 12))  # the due day: nothing new
    assert len(notices()) == 2
    sweep(today, date(2026, 10, 13))
    assert notices() == [
        ("corr.chief", "overdue", "overdue"),
        ("corr.clerk", "overdue", "overdue"),
        ("corr.clerk", "remind", "remind"),
        ("corr.clerk", "remind", "remind"),
    ]
    sweep(today, date(2026, 10, 20))  # still overdue: told once only
    assert len(notices()) == 4
    note = Notification.objects.get(user=corr.chief)
    assert note.url == f"/inspections/checks/{check.pk}/"
    assert "闻韶司法所" in note.message and "2026-10-12" in note.message
    # a re-notice with a new due date is chased afresh
    services.renotice(corr.clerk, rect.pk, date(2026, 10, 26), "逾期未报告")
    sweep(today, date(2026, 10, 27))
    assert len(notices()) == 6


def test_a_reported_or_closed_rectification_is_not_chased(corr, today):
    check = check_with_findings(corr)
    rect = services.issue_notice(corr.clerk, check.pk, date(2026, 10, 12))
    today.set(date(2026, 9, 29))
    services.receive_report(corr.clerk, rect.pk, date(2026, 9, 29), "已整改")
    sweep(today, date(2026, 10, 9))
    sweep(today, date(2026, 10, 13))
    assert notices() == []


def test_the_chief_as_lead_inspector_is_told_once(corr, today):
    plan = check_with_findings(corr).plan
    from apps.inspections.models import Mode

    check = services.record_check(
        corr.chief,
        plan.pk,
        {"target": corr.office, "mode": Mode.ONSITE, "checked_on": today.date, "inspectors": [corr.chief, corr.clerk]},
    )
    services.add_finding(corr.chief, check.pk, {"text": "问题", "requirement": "整改"})
    services.issue_notice(corr.chief, check.pk, date(2026, 9, 28))
    sweep(today, date(2026, 9, 29))
    assert [n for n in notices() if n[1] == "overdue"] == [("corr.chief", "overdue", "overdue")]
