"""The sweep pass: each watched date gives its notices once, to the section and the office only."""

from datetime import date

import pytest

from apps.community_correction import services
from apps.community_correction.models import Hazard
from apps.org.models import ExternalUnit
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


def test_report_in_reminded_then_flagged_once(cc, today_is):
    today_is(date(2026, 9, 24))
    s = new_subject(cc)  # due Thu 8 Oct
    sweep_on(today_is, date(2026, 9, 24))
    assert keys(f"cc:report:{s.pk}:") == []
    # working days back from Thu 8 Oct over the holiday (1–7 Oct off): 30 Sept (1), 29 (2), 28 (3)
    sweep_on(today_is, date(2026, 9, 25))
    assert keys(f"cc:report:{s.pk}:") == []
    sweep_on(today_is, date(2026, 9, 28))
    sweep_on(today_is, date(2026, 9, 28))
    first = keys(f"cc:report:{s.pk}:remind3")
    assert len(first) == len(recipients(f"cc:report:{s.pk}:")) == 4  # section chief and clerk, office chief and staff
    assert recipients(f"cc:report:{s.pk}:") == {"cc.chief", "cc.clerk", "ws.chief", "ws.staff"}
    sweep_on(today_is, date(2026, 9, 30))
    assert len(keys(f"cc:report:{s.pk}:remind1")) == 4
    sweep_on(today_is, date(2026, 10, 8))
    sweep_on(today_is, date(2026, 10, 9))
    sweep_on(today_is, date(2026, 10, 10))
    overdue = Notification.objects.filter(key__startswith=f"cc:report:{s.pk}:overdue")
    assert overdue.count() == 4
    assert "未按时报到" in overdue.first().message
    assert Notification.objects.filter(key__startswith=f"cc:report:{s.pk}:due").count() == 4


def test_assessment_overdue_once(cc, today_is):
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
    sweep_on(today_is, date(2026, 10, 9))
    sweep_on(today_is, date(2026, 10, 12))
    assert len(keys(f"cc:assess:{a.pk}:overdue")) == 4
    assert recipients(f"cc:assess:{a.pk}:") == {"cc.chief", "cc.clerk", "qd.chief", "qd.staff"}


def test_travel_return_watched(cc, today_is):
    today_is(date(2026, 10, 8))
    s = supervised(cc)
    t = services.request_travel(s.pk, cc.ws, "济南", "探亲", date(2026, 10, 9), date(2026, 10, 12))
    services.decide_travel(t.pk, cc.ws_chief, True)
    sweep_on(today_is, date(2026, 10, 11))
    assert len(keys(f"cc:travel:{t.pk}:remind1")) == 4
    sweep_on(today_is, date(2026, 10, 13))
    sweep_on(today_is, date(2026, 10, 14))
    assert len(keys(f"cc:travel:{t.pk}:overdue")) == 4
    services.record_return(t.pk, cc.ws, date(2026, 10, 14))
    before = keys("cc:travel:")
    sweep_on(today_is, date(2026, 10, 15))
    assert keys("cc:travel:") == before  # returned: watched no more


def test_monitoring_renewal_reminders_and_none_once_renewal_asked(cc, today_is):
    today_is(date(2026, 10, 12))
    s = supervised(cc)
    m = services.request_monitoring(s.pk, cc.ws, "情形", date(2026, 10, 12))
    services.approve_monitoring(m.pk, cc.leader)  # ends 11 Jan 2027
    sweep_on(today_is, date(2026, 12, 28))  # 10 working days before
    sweep_on(today_is, date(2026, 12, 29))
    assert len(keys(f"cc:monitor:{m.pk}:remind10")) == 4
    services.request_monitoring(s.pk, cc.ws, "仍有必要", None, renewal_of=m.pk)
    sweep_on(today_is, date(2027, 1, 7))
    assert keys(f"cc:monitor:{m.pk}:remind3") == []


def test_expiry_reminded_before_the_end_date(cc, today_is):
    today_is(date(2026, 10, 8))
    s = supervised(cc, end_on=date(2026, 12, 11), on=date(2026, 10, 8))
    sweep_on(today_is, date(2026, 12, 4))  # 5 working days before Fri 11 Dec
    sweep_on(today_is, date(2026, 12, 4))
    assert len(keys(f"cc:expiry:{s.pk}:remind5")) == 4
    sweep_on(today_is, date(2026, 12, 10))
    assert len(keys(f"cc:expiry:{s.pk}:remind1")) == 4
    sweep_on(today_is, date(2026, 12, 11))
    assert len(keys(f"cc:expiry:{s.pk}:due")) == 4
    services.release(s.pk, cc.ws, date(2026, 12, 11))
    sweep_on(today_is, date(2026, 12, 14))
    assert keys(f"cc:expiry:{s.pk}:overdue") == []


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
