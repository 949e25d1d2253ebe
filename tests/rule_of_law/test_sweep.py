"""The app's sweep passes: plan tasks, missing 谁执法谁普法 reports and the 法治政府建设 annual
report; every sweep runs twice a night and each notice is written once. Dates over the 2026
National Day holiday (1–7 Oct off; Saturday 10 Oct a make-up working day)."""

from datetime import date

import pytest

from apps.rule_of_law import services
from apps.workflow.models import CaseEvent, Notification
from apps.workflow.sweep import run_sweep
from tests.rule_of_law.factories import new_assessment, plan_issued

pytestmark = pytest.mark.django_db


def sweep(today, day):
    today.set(day, hour=2)
    run_sweep(today=day)
    run_sweep(today=day)


def notices(prefix):
    return sorted(
        (n.user.username, n.kind) for n in Notification.objects.filter(key__startswith=prefix).select_related("user")
    )


def test_a_plan_task_is_reminded_marked_overdue_and_escalated_once(law, units, today):
    today.set(date(2026, 9, 28))
    plan = plan_issued(law, units.depts, date(2026, 9, 28), date(2026, 9, 28))
    # due Monday 12 Oct; 3 working days before: Sat 10 Oct (make-up) 1, 9 Oct 2, 8 Oct 3
    task = services.add_task(plan.case_id, law.clerk, units.depts[0], "宪法宣传", law.colleague, date(2026, 10, 12))
    key = f"rol-task:{task.pk}:"
    sweep(today, date(2026, 9, 30))
    assert notices(key) == []
    sweep(today, date(2026, 10, 8))
    assert notices(key) == [("lawclerk2", "remind")]
    sweep(today, date(2026, 10, 12))
    assert notices(key) == [("lawclerk2", "remind")]  # the same due date: reminded once
    sweep(today, date(2026, 10, 13))
    assert notices(key) == [("lawclerk2", "overdue"), ("lawclerk2", "remind")]
    # 2 working days after the due date (14 Oct): the section chief is told
    sweep(today, date(2026, 10, 14))
    assert notices(key) == [("lawchief", "escalate"), ("lawclerk2", "overdue"), ("lawclerk2", "remind")]
    sweep(today, date(2026, 10, 15))
    assert len(notices(key)) == 3
    assert CaseEvent.objects.filter(case_id=plan.case_id, action="urge").count() == 2
    # done: nothing more
    services.finish_task(plan.case_id, law.clerk, task.pk, date(2026, 10, 15), "已完成")
    sweep(today, date(2026, 10, 16))
    assert len(notices(key)) == 3


def test_missing_duty_reports_are_reminded_before_and_flagged_after_the_date(law, units, today):
    today.set(date(2026, 11, 2))
    a = new_assessment(law, units.depts[:3], due=date(2026, 12, 1))  # Tuesday
    services.receive_report(a.case_id, law.clerk, units.depts[0], date(2026, 11, 2), "报告")
    key = f"rol-duty:{a.pk}:"
    sweep(today, date(2026, 11, 25))
    assert notices(key) == []
    sweep(today, date(2026, 11, 26))  # 3 working days before 1 Dec
    assert notices(key) == [("lawclerk", "remind")]
    sweep(today, date(2026, 12, 1))
    assert notices(key) == [("lawclerk", "remind")]
    sweep(today, date(2026, 12, 2))
    assert notices(key) == [("lawclerk", "overdue"), ("lawclerk", "remind")]
    overdue = Notification.objects.get(key__startswith=key, kind="overdue")
    assert units.depts[1].name in overdue.message and units.depts[0].name not in overdue.message
    sweep(today, date(2026, 12, 3))
    assert len(notices(key)) == 2


def test_all_reports_in_means_no_notice(law, units, today):
    today.set(date(2026, 11, 2))
    a = new_assessment(law, units.depts[:1], due=date(2026, 12, 1))
    services.receive_report(a.case_id, law.clerk, units.depts[0], date(2026, 11, 2), "报告")
    sweep(today, date(2026, 12, 2))
    assert notices(f"rol-duty:{a.pk}:") == []


def test_the_annual_report_is_reminded_ahead_of_31_march_until_registered(law, today):
    # 2025 report due Tuesday 31 March 2026; 20 working days before: 3 March; 10: 17 March
    sweep(today, date(2026, 3, 2))
    assert notices("rol-annual-report:2025:") == []
    sweep(today, date(2026, 3, 3))
    assert notices("rol-annual-report:2025:") == [
        ("lawchief", "remind"),
        ("lawclerk", "remind"),
        ("lawclerk2", "remind"),
    ]
    sweep(today, date(2026, 3, 16))
    assert len(notices("rol-annual-report:2025:")) == 3
    sweep(today, date(2026, 3, 17))
    assert len(notices("rol-annual-report:2025:remind10:")) == 3
    sweep(today, date(2026, 4, 1))
    assert len(notices("rol-annual-report:2025:overdue:")) == 3
    assert all(u != "lawleader" for u, _ in notices("rol-annual-report:"))
    services.open_report(law.clerk, 2025)
    sweep(today, date(2026, 4, 2))
    assert len(notices("rol-annual-report:2025:")) == 9
