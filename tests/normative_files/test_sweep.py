"""The nightly sweep on the review and filing clocks: reminders, overdue notices and escalations
on the right days, each sent once (every sweep here runs twice a night). Dates over the 2026
National Day holiday (1–7 Oct off; Saturday 10 Oct a make-up working day)."""

from collections import Counter
from datetime import date, timedelta

import pytest

from apps.normative_files import services
from apps.workflow.models import Notification
from apps.workflow.sweep import run_sweep
from tests.normative_files.factories import new_review, published

pytestmark = pytest.mark.django_db


def sweep(today, day):
    today.set(day, hour=2)
    run_sweep(today=day)
    run_sweep(today=day)  # a second sweep the same night sends nothing new


def notices(case, rule):
    return sorted(
        (n.user.username, n.kind)
        for n in Notification.objects.filter(case=case, clock__rule__code=rule).select_related("user")
    )


def test_the_review_limit_reminds_escalates_and_marks_overdue_once(team, today):
    today.set(date(2026, 9, 29))
    case = new_review(team.handler, received_on=date(2026, 9, 29))  # due Monday 12 Oct; remind 2,1; escalate 0,1
    rule = services.REVIEW_RULE
    sweep(today, date(2026, 10, 8))  # 3 WD before (9, 10, 12 Oct): nothing yet
    assert notices(case, rule) == []
    sweep(today, date(2026, 10, 9))  # 2 WD before: Saturday 10 Oct is a working day
    assert notices(case, rule) == [("nf.clerk", "remind")]
    sweep(today, date(2026, 10, 10))
    assert notices(case, rule) == [("nf.clerk", "remind")] * 2
    sweep(today, date(2026, 10, 11))  # Sunday: nothing new
    assert len(notices(case, rule)) == 2
    sweep(today, date(2026, 10, 12))  # due day: the section chief is told
    assert notices(case, rule) == [("nf.chief", "escalate"), ("nf.clerk", "remind"), ("nf.clerk", "remind")]
    sweep(today, date(2026, 10, 13))  # 1 WD after: overdue, and the division leader
    assert notices(case, rule) == [
        ("nf.chief", "escalate"),
        ("nf.clerk", "overdue"),
        ("nf.clerk", "remind"),
        ("nf.clerk", "remind"),
        ("nf.leader", "escalate"),
    ]
    sweep(today, date(2026, 10, 14))
    assert len(notices(case, rule)) == 5


def test_a_paused_review_sends_nothing(team, today):
    today.set(date(2026, 9, 30))
    case = new_review(team.handler, received_on=date(2026, 9, 29))
    from apps.normative_files.models import PauseKind

    services.pause(case.pk, team.handler, PauseKind.HEARING, "召开听证会", date(2026, 9, 30))
    for day in (date(2026, 10, 9), date(2026, 10, 12), date(2026, 10, 13)):
        sweep(today, day)
    assert notices(case, services.REVIEW_RULE) == []


def test_the_filing_limits_notify_each_step_once(team, today):
    today.set(date(2026, 9, 16))
    review = published(team, received_on=date(2026, 9, 14), published_on=date(2026, 9, 16))
    filing = review.legality_review.catalogue_entry.filings.get()
    internal = filing.case.clocks.get(rule__code=services.INTERNAL_RULE)
    congress = filing.case.clocks.get(rule__code=services.CONGRESS_RULE)
    # 15 days from 16 Sept: Thursday 1 Oct, a holiday → Thursday 8 Oct; 30 days: Friday 16 Oct.
    assert internal.due_date == date(2026, 10, 8)
    assert congress.due_date == date(2026, 10, 16)
    day = date(2026, 9, 17)
    while day <= date(2026, 10, 14):
        sweep(today, day)
        day += timedelta(days=1)
    got = Counter(notices(filing.case, services.INTERNAL_RULE))
    assert got == {
        ("nf.clerk", "remind"): 3,  # 5, 2 and 1 working days before
        ("nf.chief", "escalate"): 1,
        ("nf.clerk", "overdue"): 1,
        ("nf.leader", "escalate"): 1,
    }
    # The congress clock (due 16 Oct) is stopped by the filing: nothing more after that.
    services.submit_filing(filing.case_id, team.handler, date(2026, 10, 14), date(2026, 10, 14))
    before = len(notices(filing.case, services.CONGRESS_RULE))
    for extra in (date(2026, 10, 16), date(2026, 10, 19)):
        sweep(today, extra)
    assert len(notices(filing.case, services.CONGRESS_RULE)) == before
