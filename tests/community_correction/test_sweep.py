"""The procedures' limits are the engine's clocks: the shared sweep reminds the holders of the
case's step (the responsible 司法所), flags it overdue and escalates to the section's chief and
division leader, each notice once and to no one outside the audience. The app's own pass keeps
the registers that are not cases (隐患, 督办, 零报告)."""

from datetime import date, timedelta

import pytest

from apps.community_correction import services
from apps.community_correction.models import Hazard
from apps.org.models import ExternalUnit
from apps.workflow import calendar
from apps.workflow.api import TransitionError
from apps.workflow.models import Notification
from apps.workflow.sweep import run_sweep

from .factories import id_number, new_subject, supervised

pytestmark = pytest.mark.django_db


def sweep_on(today_is, day):
    today_is(day)
    run_sweep(today=day)


def keys(prefix):
    return sorted(Notification.objects.filter(key__startswith=prefix).values_list("key", flat=True))


def recipients(prefix):
    return set(Notification.objects.filter(key__startswith=prefix).values_list("user__username", flat=True))


def clock_keys(case, kind, code=None):
    """The engine's notices of the case's clocks (remind/overdue/escalate), as (kind, username)."""
    clocks = case.clocks.all() if code is None else case.clocks.filter(rule__code=code)
    ids = {str(c.pk) for c in clocks}
    rows = Notification.objects.filter(key__startswith=f"{kind}:clock:").values_list("key", "user__username")
    return sorted(
        (key.split(":")[3] if kind != "overdue" else "", user) for key, user in rows if key.split(":")[2] in ids
    )


def test_report_in_is_an_engine_clock_reminded_flagged_and_escalated_once(cc, today_is):
    today_is(date(2026, 9, 24))
    s = new_subject(cc)  # due Thu 8 Oct
    sweep_on(today_is, date(2026, 9, 25))
    assert clock_keys(s.case, "remind") == []
    # working days back from Thu 8 Oct over the holiday (1–7 Oct off): 30 Sept (1), 29 (2), 28 (3)
    sweep_on(today_is, date(2026, 9, 28))
    sweep_on(today_is, date(2026, 9, 28))
    # the holders of the report-in step: the responsible office's staff, once each
    assert clock_keys(s.case, "remind") == [("3", "ws.chief"), ("3", "ws.staff")]
    sweep_on(today_is, date(2026, 9, 30))
    assert ("1", "ws.staff") in clock_keys(s.case, "remind")
    sweep_on(today_is, date(2026, 10, 9))
    sweep_on(today_is, date(2026, 10, 9))
    assert clock_keys(s.case, "overdue") == [("", "ws.chief"), ("", "ws.staff")]
    overdue = Notification.objects.filter(key__startswith="overdue:clock:", user=cc.ws).get()
    assert "逾期未报到" in overdue.message and "测试对象" not in overdue.message
    # escalation (1 and 3 working days after): the section's chief, then its division leader
    assert clock_keys(s.case, "escalate") == [("1", "cc.chief")]
    sweep_on(today_is, date(2026, 10, 12))  # 9, Sat 10 (make-up), 12
    assert clock_keys(s.case, "escalate") == [("1", "cc.chief"), ("2", "cc.leader")]
    # nobody outside the audience heard of it
    told = set(Notification.objects.values_list("user__username", flat=True))
    assert told <= {"ws.chief", "ws.staff", "cc.chief", "cc.leader", "cc.director"}
    # it is in the office's 待办/超期 with the clock's date
    from apps.workflow.inbox import counts_for

    assert counts_for(cc.ws, date(2026, 10, 12))["overdue"] == 1
    assert counts_for(cc.qd, date(2026, 10, 12))["todo"] == 0


def test_assessment_overdue_once_to_the_investigating_office(cc, today_is):
    today_is(date(2026, 9, 23))
    a = services.register_assessment(
        cc.clerk,
        {
            "requester": ExternalUnit.objects.get(code="court_district"),
            "letter_no": "函",
            "person": "甲",
            "id_number": id_number(9),
            "crime": "盗窃罪",
            "received_on": date(2026, 9, 23),
            "office": cc.offices["jo_qidu"],
            "fast_track": True,
        },
    )
    sweep_on(today_is, date(2026, 10, 8))
    assert clock_keys(a.case, "overdue") == []
    sweep_on(today_is, date(2026, 10, 9))
    sweep_on(today_is, date(2026, 10, 12))
    assert clock_keys(a.case, "overdue") == [("", "qd.chief"), ("", "qd.staff")]


def test_travel_return_watched_until_the_return(cc, today_is):
    today_is(date(2026, 10, 8))
    s = supervised(cc)
    t = services.request_travel(s.pk, cc.ws, "济南", "探亲", date(2026, 10, 9), date(2026, 10, 12))
    services.decide_travel(t.pk, cc.ws_chief, True)
    # due Mon 12 Oct; one working day before is the make-up Saturday 10 Oct
    sweep_on(today_is, date(2026, 10, 10))
    assert clock_keys(t.case, "remind") == [("1", "ws.chief"), ("1", "ws.staff")]
    sweep_on(today_is, date(2026, 10, 13))
    sweep_on(today_is, date(2026, 10, 14))
    assert clock_keys(t.case, "overdue") == [("", "ws.chief"), ("", "ws.staff")]
    services.record_return(t.pk, cc.ws, date(2026, 10, 14))
    about_it = Notification.objects.filter(key__contains=f":clock:{t.case.clocks.get().pk}:")
    before = about_it.count()
    sweep_on(today_is, date(2026, 10, 16))
    assert about_it.count() == before  # returned: watched no more


def test_monitoring_renewal_reminded_and_moved_by_the_renewal(cc, today_is):
    today_is(date(2026, 10, 12))
    s = supervised(cc)
    m = services.request_monitoring(s.pk, cc.ws, "情形")
    services.approve_monitoring(m.pk, cc.chief)
    services.approve_monitoring(m.pk, cc.leader)
    services.start_monitoring(m.pk, cc.ws, date(2026, 10, 12))  # due Tue 12 Jan 2027
    ten_before = calendar.add_working_days(date(2027, 1, 12), -10)
    sweep_on(today_is, ten_before - timedelta(days=1))
    assert clock_keys(m.case, "remind") == []
    sweep_on(today_is, ten_before)
    sweep_on(today_is, ten_before)
    assert clock_keys(m.case, "remind") == [("10", "ws.chief"), ("10", "ws.staff")]
    renewal = services.request_monitoring(s.pk, cc.ws, "仍有必要", renewal_of=m.pk)
    services.approve_monitoring(renewal.pk, cc.chief)
    services.approve_monitoring(renewal.pk, cc.leader)
    sweep_on(today_is, calendar.add_working_days(date(2027, 1, 12), -3))
    assert clock_keys(m.case, "remind") == [("10", "ws.chief"), ("10", "ws.staff")]  # now due 12 Apr


def test_expiry_reminded_before_the_end_date_and_not_after_release(cc, today_is):
    today_is(date(2026, 10, 8))
    s = supervised(cc, end_on=date(2026, 12, 11), on=date(2026, 10, 8))
    sweep_on(today_is, date(2026, 12, 3))
    assert clock_keys(s.case, "remind") == []
    sweep_on(today_is, date(2026, 12, 4))  # 5 working days before Fri 11 Dec
    sweep_on(today_is, date(2026, 12, 4))
    assert clock_keys(s.case, "remind") == [("5", "ws.chief"), ("5", "ws.staff")]
    sweep_on(today_is, date(2026, 12, 10))
    assert len(clock_keys(s.case, "remind")) == 4
    today_is(date(2026, 12, 11))
    services.release(s.pk, cc.ws, date(2026, 12, 11))
    sweep_on(today_is, date(2026, 12, 14))
    assert clock_keys(s.case, "overdue") == []


def test_hazard_rectification_and_missing_daily_reports(cc, today_is):
    today_is(date(2026, 12, 1))
    h = services.record_hazard(
        cc.clerk,
        {
            "office": cc.offices["jo_qidu"],
            "found_on": date(2026, 12, 1),
            "description": "设备故障",
            "level": Hazard.Level.LOW,
            "measures": "更换",
            "due_on": date(2026, 12, 3),
        },
    )
    event = services.open_major_event(cc.chief, "元旦", date(2026, 12, 1), date(2026, 12, 31))
    services.file_daily_report(event.pk, cc.ws, date(2026, 12, 1), True)
    with pytest.raises(TransitionError, match="已报告"):
        services.file_daily_report(event.pk, cc.ws, date(2026, 12, 1), True)
    sweep_on(today_is, date(2026, 12, 4))
    sweep_on(today_is, date(2026, 12, 4))
    assert len(keys(f"cc:hazard:{h.pk}:overdue")) == 4
    assert recipients(f"cc:hazard:{h.pk}:") == {"cc.chief", "cc.clerk", "qd.chief", "qd.staff"}
    wenshao, qidu = cc.offices["jo_wenshao"].pk, cc.offices["jo_qidu"].pk
    assert keys(f"cc:daily:{event.pk}:{wenshao}:20261201") == []
    assert len(keys(f"cc:daily:{event.pk}:{wenshao}:20261202")) == 4
    assert len(keys(f"cc:daily:{event.pk}:{qidu}:20261201")) == 4
    assert keys(f"cc:daily:{event.pk}:{qidu}:20261204") == []  # today's report is not late yet
