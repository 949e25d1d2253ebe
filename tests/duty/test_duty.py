"""值班: the 24-hour rule on holidays, approval and 报送, the duty log, 交接班, who sees what and
constant-query lists."""

from datetime import date, datetime, time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.duty import services
from apps.duty.models import DutyRoster, LogEntry, ReportingBody, Shift, Source
from apps.workflow import services as engine
from apps.workflow.models import Case, Notification, Task
from apps.workflow.services import TransitionError
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

NATIONAL_DAY = date(2026, 10, 1)  # 国庆节 2026: 10-01 .. 10-08 (fixtures/holidays)
H24 = (time(8, 30), time(8, 30))


class Clock:
    def set(self, day, hour=9, minute=0):
        self.now = timezone.make_aware(datetime(day.year, day.month, day.day, hour, minute))


@pytest.fixture
def clock(monkeypatch):
    c = Clock()
    c.set(date(2026, 9, 20))
    monkeypatch.setattr(timezone, "now", lambda: c.now)
    return c


def shifts(people, start, days, times=H24, officers=None):
    p = people
    officers = officers or [p.clerk, p.colleague]
    return [
        {
            "date": start + timedelta(days=n),
            "starts": times[0],
            "ends": times[1],
            "leader": p.leader,
            "officer": officers[n % len(officers)],
            "assistant": None,
            "phone": "",
        }
        for n in range(days)
    ]


def header(start, days, kind="holiday"):
    return {
        "kind": kind,
        "title": "",
        "start_date": start,
        "end_date": start + timedelta(days=days - 1),
        "phone": "0533-7220377",
        "note": "",
    }


def approved_roster(people, start, days, **kw):
    p = people
    case = services.save_roster(p.clerk, header(start, days), shifts(p, start, days, **kw), submit=True)
    engine.approve(case.pk, case.tasks.get(status=Task.Status.PENDING).pk, p.chief)
    engine.approve(case.pk, case.tasks.get(status=Task.Status.PENDING).pk, p.leader)
    return DutyRoster.objects.get(case=case)


def test_a_holiday_without_24_hour_duty_is_refused_in_chinese_and_the_form_keeps_what_was_typed(
    client, people, bureau, clock
):
    p = people
    day_only = shifts(p, NATIONAL_DAY, 2, times=(time(8, 30), time(17, 30)))
    with pytest.raises(TransitionError, match="10月1日（国庆节）为法定节假日，须安排24小时值班") as refused:
        services.save_roster(p.clerk, header(NATIONAL_DAY, 2), day_only)
    assert "只连续覆盖 9 小时" in str(refused.value)
    # day and night shifts that meet give 24 hours; one 08:30 → 次日08:30 shift too
    both = shifts(p, NATIONAL_DAY, 2, times=(time(8, 30), time(20, 0))) + shifts(
        p, NATIONAL_DAY, 2, times=(time(20, 0), time(8, 30))
    )
    services.save_roster(p.clerk, header(NATIONAL_DAY, 2), both)
    services.save_roster(p.clerk, header(NATIONAL_DAY, 2), shifts(p, NATIONAL_DAY, 2))
    # an ordinary working day only needs someone on duty; a missing day is named
    with pytest.raises(TransitionError, match="以下日期未安排值班：9月30日"):
        services.save_roster(
            p.clerk,
            header(date(2026, 9, 29), 2, "month"),
            shifts(p, date(2026, 9, 29), 1, times=(time(17, 30), time(8, 30))),
        )

    client.force_login(p.clerk)
    form = {
        "kind": "holiday",
        "title": "2026年国庆节值班表",
        "start_date": "2026-10-01",
        "end_date": "2026-10-01",
        "phone": "0533-7220377",
        "note": "",
        "shifts-TOTAL_FORMS": "1",
        "shifts-INITIAL_FORMS": "0",
        "shifts-MIN_NUM_FORMS": "0",
        "shifts-MAX_NUM_FORMS": "1000",
        "shifts-0-date": "2026-10-01",
        "shifts-0-starts": "08:30",
        "shifts-0-ends": "17:30",
        "shifts-0-leader": p.leader.pk,
        "shifts-0-officer": p.clerk.pk,
        "shifts-0-phone": "",
        "submit": "1",
    }
    before = DutyRoster.objects.count()
    page = client.post("/duty/rosters/new/", form).content.decode()
    assert "须安排24小时值班" in page and "2026年国庆节值班表" in page
    assert DutyRoster.objects.count() == before
    form["shifts-0-ends"] = "08:30"
    response = client.post("/duty/rosters/new/", form)
    assert response.status_code == 302
    roster = DutyRoster.objects.get(case__title="2026年国庆节值班表")
    assert roster.case.status == Case.Status.ACTIVE and roster.case.current_step == "chief"


def test_approval_puts_the_roster_in_force_and_the_report_is_recorded_once(client, people, bureau, clock):
    p = people
    roster = approved_roster(p, NATIONAL_DAY, 3)
    assert roster.approved_at is not None and roster.case.status == Case.Status.CLOSED
    route = [t.assignee for t in roster.case.tasks.order_by("id")]
    assert route == [p.chief, p.leader]
    assert Notification.objects.filter(user=p.colleague, key=f"duty-roster:{roster.pk}:{p.colleague.pk}").exists()
    # seeded by migration duty 0002 (get_or_create: a transactional test elsewhere may have flushed them)
    bodies = [ReportingBody.objects.get_or_create(name=name)[0] for name in ("区委办公室", "市司法局")]
    with pytest.raises(TransitionError, match="只有办公室"):
        services.report_roster(roster.pk, p.outsider, bodies)
    services.report_roster(roster.pk, p.clerk, bodies, "政务内网")
    roster.refresh_from_db()
    assert roster.reported_to == "区委办公室、市司法局" and roster.reported_by == p.clerk
    with pytest.raises(TransitionError, match="已于"):
        services.report_roster(roster.pk, p.clerk, bodies)
    client.force_login(p.clerk)
    pdf = client.get(f"/duty/rosters/{roster.pk}/roster.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"


def test_the_duty_log_and_the_handover_to_the_next_shift(client, people, bureau, clock):
    p = people
    roster = approved_roster(p, NATIONAL_DAY, 3, officers=[p.clerk, p.outsider])
    first, second = Shift.objects.filter(roster=roster).order_by("date")[:2]
    assert (first.officer, second.officer) == (p.clerk, p.outsider)
    clock.set(NATIONAL_DAY, 10)
    assert services.my_current_shift(p.clerk) == first
    client.force_login(p.clerk)
    assert "我的当班：10月1日 08:30-次日08:30" in client.get("/duty/").content.decode()
    with pytest.raises(TransitionError, match="只有本班次的值班人员"):
        services.add_entry(first.pk, p.outsider, source=Source.CALL, content="x")
    closed = services.add_entry(
        first.pk, p.clerk, source=Source.NOTICE, content="市局通知视频点名", handling="已应答", close=True
    )
    open_entry = services.add_entry(
        first.pk,
        p.clerk,
        source=Source.VISIT,
        counterpart="某社区",
        content="反映邻里纠纷",
        forwarded_to=bureau["lawyers"],
    )
    # a call taken at the reception desk during the shift is listed with the shift's record
    from apps.reception import services as reception

    reception.log_contact(
        p.clerk,
        {
            "kind": "call",
            "name": "李某",
            "summary": "咨询国庆期间法律援助值班电话",
            "outcome": "answered",
            "answer": "告知 12348 热线全天值守",
        },
    )
    page = client.get("/duty/").content.decode()
    assert "本班接待登记" in page and "咨询国庆期间法律援助值班电话" in page
    clock.set(NATIONAL_DAY + timedelta(days=1), 8, 20)
    handover = services.hand_over(first.pk, p.clerk, "纠纷待跟进")
    assert handover.to_shift == second and handover.to_user == p.outsider
    assert list(handover.entries.all()) == [open_entry]
    notice = Notification.objects.get(key=f"duty-handover:{handover.pk}")
    assert notice.user == p.outsider and notice.read_at is None and "1 项未办结事项" in notice.message
    with pytest.raises(TransitionError, match="已经交班"):
        services.hand_over(first.pk, p.clerk)
    with pytest.raises(TransitionError, match="已交班"):
        services.add_entry(first.pk, p.clerk, source=Source.CALL, content="交班后")
    with pytest.raises(TransitionError, match="只有当前负责该事项"):
        services.close_entry(open_entry.pk, p.outsider, "已处理")
    with pytest.raises(TransitionError, match="只有接班人员本人"):
        services.acknowledge(handover.pk, p.clerk)
    client.force_login(p.outsider)
    assert "待确认接班" in client.get("/duty/").content.decode()
    clock.set(NATIONAL_DAY + timedelta(days=1), 8, 40)
    services.acknowledge(handover.pk, p.outsider)
    with pytest.raises(TransitionError, match="已经确认接班"):
        services.acknowledge(handover.pk, p.outsider)
    open_entry.refresh_from_db()
    closed.refresh_from_db()
    assert open_entry.holder_shift == second and closed.holder_shift == first
    assert Notification.objects.get(pk=notice.pk).read_at is not None
    assert "待确认接班" not in client.get("/duty/").content.decode()
    services.close_entry(open_entry.pk, p.outsider, "已转律师工作科联系调解")
    assert LogEntry.objects.get(pk=open_entry.pk).status == LogEntry.Status.CLOSED


def test_who_sees_rosters_and_the_duty_log(client, people, bureau, clock):
    p = people
    case = services.save_roster(
        p.clerk, header(NATIONAL_DAY, 2), shifts(p, NATIONAL_DAY, 2, officers=[p.clerk, p.outsider]), submit=True
    )
    roster = DutyRoster.objects.get(case=case)
    stranger = make_user("lawyer2", bureau["lawyers"], full_name="律师科另一科员")
    # before approval: the office and its leaders (the case), not the people named in it
    assert not DutyRoster.objects.visible_to(p.outsider).exists()
    engine.approve(case.pk, case.tasks.get(status=Task.Status.PENDING).pk, p.chief)
    engine.approve(case.pk, case.tasks.get(status=Task.Status.PENDING).pk, p.leader)
    assert DutyRoster.objects.visible_to(p.outsider).exists()
    assert not DutyRoster.objects.visible_to(stranger).exists()
    assert not DutyRoster.objects.visible_to(p.sysadmin).exists()
    clock.set(NATIONAL_DAY, 11)
    first = Shift.objects.get(roster=roster, date=NATIONAL_DAY)
    entry = services.add_entry(
        first.pk, p.clerk, source=Source.CALL, content="来电咨询", forwarded_to=bureau["lawyers"]
    )
    assert LogEntry.objects.visible_to(stranger).filter(pk=entry.pk).exists()  # forwarded to their section
    private = services.add_entry(first.pk, p.clerk, source=Source.CALL, content="来电二")
    assert not LogEntry.objects.visible_to(stranger).filter(pk=private.pk).exists()
    assert LogEntry.objects.visible_to(p.director).filter(pk=private.pk).exists()
    client.force_login(stranger)
    assert client.get(f"/duty/rosters/{roster.pk}/").status_code == 404
    assert client.get(f"/duty/rosters/{roster.pk}/roster.pdf").status_code == 404
    assert client.get("/duty/rosters/new/").status_code == 403
    assert client.post(f"/duty/entries/{private.pk}/close", {"handling": "x"}).status_code == 404


def test_the_duty_log_costs_the_same_queries_at_any_size(client, people, bureau, clock):
    p = people
    roster = approved_roster(p, NATIONAL_DAY, 2)
    first = Shift.objects.get(roster=roster, date=NATIONAL_DAY)
    clock.set(NATIONAL_DAY, 23)
    client.force_login(p.chief)

    def count():
        with CaptureQueriesContext(connection) as page:
            assert client.get("/duty/log/").status_code == 200
        with CaptureQueriesContext(connection) as export:
            assert client.get("/duty/log/?export=xlsx").status_code == 200
        with CaptureQueriesContext(connection) as rosters:
            assert client.get("/duty/rosters/").status_code == 200
        return len(page), len(export), len(rosters)

    services.add_entry(first.pk, p.clerk, source=Source.CALL, content="一")
    count()
    small = count()
    for n in range(5):
        services.add_entry(first.pk, p.clerk, source=Source.OTHER, content=f"记录{n}", forwarded_to=bureau["lawyers"])
    approved_roster(p, NATIONAL_DAY + timedelta(days=3), 2)
    assert count() == small
