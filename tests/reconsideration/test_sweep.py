"""The nightly sweep on the section's clocks: reminders, overdue notices and escalations on the
right days, each sent once (every sweep here runs twice a night); a paused case gets nothing.
Due dates over the 2026 National Day holiday are the ones test_procedure computes by hand."""

from collections import Counter
from datetime import date, timedelta

import pytest

from apps.reconsideration import services
from apps.workflow import calendar
from apps.workflow.models import Notification
from apps.workflow.sweep import run_sweep
from tests.reconsideration.factories import new_answer, new_case, new_lawsuit

pytestmark = pytest.mark.django_db


def sweep(today, *days):
    for day in days:
        today.set(day, hour=2)
        run_sweep(today=day)
        run_sweep(today=day)  # a second sweep the same night sends nothing new


def notices(case, rule):
    return Counter(
        (n.user.username, n.kind)
        for n in Notification.objects.filter(case=case, clock__rule__code=rule).select_related("user")
    )


def wd(day, n):
    return calendar.add_working_days(day, n)


def test_acceptance_review_reminds_both_handlers_escalates_and_flags_overdue_once(bureau, recon, today):
    today.set(date(2026, 9, 23))
    case = new_case(recon)  # review due Thu 8 Oct; remind 2,1 WD before; escalate 0,1 WD after
    rule = "recon-acceptance-review"
    sweep(today, date(2026, 9, 28))
    assert notices(case, rule) == Counter()
    sweep(today, date(2026, 9, 29), date(2026, 9, 30))  # 2 and 1 working days before (1–7 Oct off)
    assert notices(case, rule) == Counter({("recon_clerk", "remind"): 2, ("recon_colleague", "remind"): 2})
    sweep(today, date(2026, 10, 8))  # the due day: the section chief
    assert notices(case, rule)[("recon_chief", "escalate")] == 1
    sweep(today, date(2026, 10, 9), date(2026, 10, 10))  # 1 WD after: overdue, the division leader
    assert notices(case, rule) == Counter(
        {
            ("recon_clerk", "remind"): 2,
            ("recon_colleague", "remind"): 2,
            ("recon_chief", "escalate"): 1,
            ("recon_clerk", "overdue"): 1,
            ("recon_colleague", "overdue"): 1,
            ("leader", "escalate"): 1,
        }
    )


def test_the_bureaus_answer_reminds_at_5_3_1_and_escalates_before_the_due_date(bureau, recon, today):
    today.set(date(2026, 9, 23))
    case = new_answer(recon)  # due Wed 14 Oct; remind 5,3,1; escalate -2,0
    rule = "recon-respondent-answer"
    due = date(2026, 10, 14)
    sweep(today, wd(due, -5), wd(due, -3), wd(due, -2), wd(due, -1), due, wd(due, 1))
    assert wd(due, -5) == date(2026, 10, 8) and wd(due, -3) == date(2026, 10, 10)
    assert notices(case, rule) == Counter(
        {
            ("recon_clerk", "remind"): 3,
            ("recon_chief", "escalate"): 1,
            ("leader", "escalate"): 1,
            ("recon_clerk", "overdue"): 1,
        }
    )


def test_the_decision_clock_reminds_and_escalates_and_a_paused_case_gets_nothing(bureau, recon, today):
    today.set(date(2026, 10, 12))
    running = new_case(recon, received_on=date(2026, 10, 12))
    services.accept(running.pk, recon.clerk, date(2026, 10, 12), "ordinary")  # decision due Fri 11 Dec
    paused = new_case(recon, received_on=date(2026, 10, 12))
    services.accept(paused.pk, recon.clerk, date(2026, 10, 12), "ordinary")
    services.pause(paused.pk, recon.clerk, date(2026, 10, 12), "8", "等待另案结果")
    rule = "recon-decision"
    due = date(2026, 12, 11)
    sweep(today, wd(due, -10), wd(due, -5), wd(due, -2), due, wd(due, 1), wd(due, 2))
    assert notices(running, rule) == Counter(
        {
            ("recon_clerk", "remind"): 3,
            ("recon_colleague", "remind"): 3,
            ("recon_chief", "escalate"): 1,
            ("recon_clerk", "overdue"): 1,
            ("recon_colleague", "overdue"): 1,
            ("leader", "escalate"): 1,
        }
    )
    assert notices(paused, rule) == Counter()


def test_the_defence_clock_is_reminded_each_lead_once_and_escalated_before_the_due_date(bureau, recon, today):
    today.set(date(2026, 9, 23))
    case = new_lawsuit(recon)  # defence due Thu 8 Oct; remind 10,7,5,3,1; escalate -5,-2
    rule = "litigation-defence-evidence"
    day = date(2026, 9, 24)
    while day <= date(2026, 10, 12):
        sweep(today, day)
        day += timedelta(days=1)
    got = notices(case, rule)
    assert all(n == 1 for k, n in got.items() if k[1] != "remind")
    assert got[("recon_chief", "escalate")] == 1 and got[("leader", "escalate")] == 1
    assert got[("recon_clerk", "overdue")] == 1
    assert 3 <= got[("recon_clerk", "remind")] <= 5  # leads already reached at registration are sent once
    keys = list(Notification.objects.filter(case=case).values_list("key", flat=True))
    assert len(keys) == len(set(keys))
