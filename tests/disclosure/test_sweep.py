"""The nightly sweep on disclosure clocks: reminders, overdue notices and escalations on the
right days, each sent once (every sweep here runs twice). Dates over the 2026 National Day
holiday (1–7 Oct off; Saturday 10 Oct a make-up working day; 中秋 Friday 25 Sept off)."""

from datetime import date

import pytest

from apps.disclosure import services
from apps.disclosure.models import ConsultKind
from apps.workflow.models import Notification
from apps.workflow.sweep import run_sweep
from tests.disclosure.factories import new_request

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


def test_the_supplement_notice_clock_reminds_escalates_and_marks_overdue_once(bureau, people, today):
    today.set(date(2026, 9, 23))
    case = new_request(people.clerk)  # 补正告知 due Saturday 10 Oct (make-up day); remind 2,1; escalate 0,1
    rule = "disclosure-supplement-notice"
    sweep(today, date(2026, 9, 30))
    assert notices(case, rule) == []
    # 2 WD before 10 Oct: 9 Oct (1), 8 Oct (2) — the holiday week does not count.
    sweep(today, date(2026, 10, 8))
    assert notices(case, rule) == [("clerk", "remind")]
    sweep(today, date(2026, 10, 9))
    assert notices(case, rule) == [("clerk", "remind"), ("clerk", "remind")]
    # Due day (a Saturday make-up working day): the office chief is told (escalate_after 0).
    sweep(today, date(2026, 10, 10))
    assert notices(case, rule) == [("chief", "escalate"), ("clerk", "remind"), ("clerk", "remind")]
    # Monday 12 Oct is 1 WD after: overdue to the handler, escalation to the division leader.
    sweep(today, date(2026, 10, 12))
    assert notices(case, rule) == [
        ("chief", "escalate"),
        ("clerk", "overdue"),
        ("clerk", "remind"),
        ("clerk", "remind"),
        ("leader", "escalate"),
    ]
    assert case.events.filter(action="urge").count() == 3  # overdue + two escalations, once each


def test_the_reply_clock_reminds_at_5_3_1_days_and_escalates_after_the_due_date(bureau, people, today):
    today.set(date(2026, 9, 24))
    case = new_request(people.clerk)  # received 23 Sept: reply due 28 Oct
    services.confirm_clear(case.pk, people.clerk, date(2026, 9, 24))
    rule = "disclosure-reply"
    sweep(today, date(2026, 10, 20))
    assert notices(case, rule) == []
    for day in (date(2026, 10, 21), date(2026, 10, 23), date(2026, 10, 27)):  # 5, 3 and 1 WD before 28 Oct
        sweep(today, day)
    assert notices(case, rule) == [("clerk", "remind")] * 3
    sweep(today, date(2026, 10, 28))
    assert ("chief", "escalate") in notices(case, rule) and ("clerk", "overdue") not in notices(case, rule)
    sweep(today, date(2026, 10, 29))
    assert ("clerk", "overdue") in notices(case, rule)
    sweep(today, date(2026, 10, 30))  # 2 WD after: the division leader
    assert notices(case, rule).count(("leader", "escalate")) == 1
    assert len(notices(case, rule)) == 6


def test_a_paused_reply_clock_is_quiet_and_the_consulted_partys_lapse_is_flagged(bureau, people, today):
    today.set(date(2026, 9, 24))
    case = new_request(people.clerk)
    services.confirm_clear(case.pk, people.clerk, date(2026, 9, 24))
    today.set(date(2026, 10, 14))
    services.consult(case.pk, people.clerk, ConsultKind.THIRD_PARTY, "某公司", "涉及该公司报价", date(2026, 10, 14))
    # The reply clock would have reminded on 21, 23, 27 Oct and been overdue on 29 Oct: it is paused.
    for day in (date(2026, 10, 21), date(2026, 10, 23), date(2026, 10, 27), date(2026, 10, 29)):
        sweep(today, day)
    assert notices(case, "disclosure-reply") == []
    # The third party's 15 WD end on 4 Nov; on 5 Nov the handler is told (no reminders are set for it).
    sweep(today, date(2026, 11, 4))
    assert notices(case, "disclosure-third-party-opinion") == []
    sweep(today, date(2026, 11, 5))
    assert notices(case, "disclosure-third-party-opinion") == [("clerk", "overdue")]
    message = Notification.objects.get(case=case, clock__rule__code="disclosure-third-party-opinion").message
    assert "由本机关依照条例规定决定是否公开" in message


def test_the_office_chief_is_reminded_in_january_when_last_years_report_is_not_registered(bureau, people, today):
    from apps.disclosure.models import AnnualReport

    # Due 31 Jan 2026 (a Saturday) → Monday 2 Feb. 10 WD before: 19 Jan (20–23, 26–30 Jan, 2 Feb).
    def keys():
        return sorted(
            Notification.objects.filter(key__startswith="disclosure-report:2025").values_list("key", flat=True)
        )

    sweep(today, date(2026, 1, 16))
    assert keys() == []
    sweep(today, date(2026, 1, 19))
    assert keys() == [f"disclosure-report:2025:remind10:{people.chief.pk}"]
    sweep(today, date(2026, 2, 3))
    assert keys() == [
        f"disclosure-report:2025:overdue:{people.chief.pk}",
        f"disclosure-report:2025:remind10:{people.chief.pk}",
    ]
    today.set(date(2026, 2, 3))
    services.open_report(people.clerk, 2025)
    assert AnnualReport.objects.filter(year=2025).exists()
    sweep(today, date(2026, 2, 4))
    assert len(keys()) == 2  # the case's own clock takes over
