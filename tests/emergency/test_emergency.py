"""应急管理 (seed 000 1.1.7): an incident from activation through the reports at the plan's
interval to termination and the investigation report; the report clock chased by the sweep
(reminder, overdue, escalation, each once); the duty log link; refusals; who sees; queries."""

from datetime import date, datetime, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.duty import services as duty
from apps.duty.models import LogEntry, Source
from apps.emergency import services
from apps.emergency.models import Incident, Plan, Report
from apps.workflow.api import TransitionError
from apps.workflow.models import Case, Notification
from apps.workflow.sweep import run_sweep
from tests.duty.factories import approve_all, save

pytestmark = pytest.mark.django_db


class Clock:
    def __init__(self):
        self.now = timezone.make_aware(datetime(2026, 10, 1, 9, 0))  # 国庆节: the duty factory's day

    def move(self, **kw):
        self.now += timedelta(**kw)


@pytest.fixture
def clock(monkeypatch):
    c = Clock()
    monkeypatch.setattr(timezone, "now", lambda: c.now)
    return c


def client(user):
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def plan(people, clock):
    return services.save_plan(
        people.clerk,
        {
            "title": "社区矫正突发事件应急预案",
            "kind": Plan.Kind.SPECIAL,
            "scope": "社区矫正对象脱管等",
            "report_interval_hours": 2,
            "revised_on": date(2024, 1, 10),
            "revision_months": 36,
        },
    )


def activate(user, plan, **kw):
    data = {
        "plan": plan,
        "level": Incident.Level.LARGE,
        "occurred_at": timezone.now() - timedelta(minutes=30),
        "unit": "凤凰司法所",
        "place": "凤凰镇",
        "summary": "矫正对象定位信号中断，疑似脱管",
        **kw,
    }
    return services.activate(user, data)


def report(incident, user, text="续报"):
    return services.file_report(incident.case_id, user, {"recipients": "领导小组", "content": text})


def test_an_incident_from_activation_to_the_investigation_report(people, plan, clock):
    incident = activate(people.clerk, plan)
    first = incident.reports.get()
    assert first.kind == Report.Kind.FIRST and first.due_at == clock.now + timedelta(hours=1)  # rule row: 1 hour
    # the leadership group (office's division leader, director) is told at once
    assert Notification.objects.filter(key__startswith=f"emergency:activated:{incident.pk}:").count() == 2
    clock.move(minutes=40)
    report(incident, people.clerk, "首报")
    follow = incident.reports.get(reported_at__isnull=True)
    assert follow.kind == Report.Kind.FOLLOW and follow.due_at == clock.now + timedelta(hours=2)  # the plan's interval
    clock.move(hours=1)
    services.terminate(
        incident.case_id, people.clerk, {"termination_order": "组长", "recipients": "领导小组", "content": "已找到本人"}
    )
    incident.refresh_from_db()
    assert incident.stage == Incident.Stage.TERMINATED
    assert not incident.reports.filter(reported_at__isnull=True).exists()
    assert incident.reports.last().kind == Report.Kind.FINAL
    with pytest.raises(TransitionError, match="应急已终止"):
        report(incident, people.clerk)
    services.close_review(incident.case_id, people.clerk, {"aftermath": "无", "investigation": "定位设备故障"})
    incident.case.refresh_from_db()
    assert incident.case.status == Case.Status.CLOSED


def test_reports_are_refused_to_anyone_but_the_handler_and_a_double_termination(people, plan, clock):
    incident = activate(people.clerk, plan)
    with pytest.raises(TransitionError):
        report(incident, people.colleague)
    with pytest.raises(TransitionError):
        activate(people.leader, plan)  # leaders read; the office handles
    services.terminate(
        incident.case_id, people.clerk, {"termination_order": "组长", "recipients": "甲", "content": "终"}
    )
    with pytest.raises(TransitionError):
        services.terminate(
            incident.case_id, people.clerk, {"termination_order": "组长", "recipients": "甲", "content": "终"}
        )


def test_the_report_clock_reminds_then_escalates_once_each(people, plan, clock):
    incident = activate(people.clerk, plan)
    report(incident, people.clerk, "首报")  # next due in 2 hours

    def keys():
        return set(
            Notification.objects.filter(key__startswith="emergency:")
            .exclude(key__contains="activated")
            .values_list("key", "user_id")
        )  # noqa: E731

    clock.move(minutes=59)
    run_sweep(now=clock.now)
    assert keys() == set()  # more than an hour before: nothing
    clock.move(minutes=2)  # 59 minutes left
    run_sweep(now=clock.now)
    run_sweep(now=clock.now)
    remind = keys()
    assert {u for _, u in remind} == {people.clerk.pk} and len(remind) == 1
    clock.move(hours=1)  # due time passed
    run_sweep(now=clock.now)
    overdue = keys() - remind
    assert {u for _, u in overdue} == {people.clerk.pk, people.chief.pk}
    clock.move(hours=2)  # one more interval: to the leadership group
    run_sweep(now=clock.now)
    run_sweep(now=clock.now)
    escalated = keys() - remind - overdue
    assert {u for _, u in escalated} == {people.leader.pk, people.director.pk}
    # making the report stops the chase; the next one starts afresh
    report(incident, people.clerk)
    before = len(keys())
    run_sweep(now=clock.now)
    assert len(keys()) == before


def test_the_duty_log_gets_the_incident_when_the_handler_is_on_duty(people, bureau, plan, clock):
    roster = save(people, days=1, officers=[people.clerk])
    approve_all(roster)
    incident = activate(people.clerk, plan)
    entry = incident.duty_entry
    assert entry.source == Source.EMERGENCY and "凤凰司法所" in entry.content
    # an entry taken on the duty phone can be chosen instead
    shift = duty.my_current_shift(people.clerk)
    call = duty.add_entry(shift.pk, people.clerk, source=Source.CALL, content="派出所来电：矫正对象已找到")
    second = activate(people.clerk, plan, duty_entry=call)
    assert second.duty_entry == call and LogEntry.objects.filter(source=Source.EMERGENCY).count() == 1


def test_plan_revision_due_is_reminded(people, plan, clock):
    assert plan.revision_due == date(2027, 1, 10)
    run_sweep(today=date(2027, 1, 11), now=clock.now)
    assert Notification.objects.filter(user=people.clerk, key__startswith="emergency:revision:overdue:").count() == 1


def test_who_sees_the_emergency_pages(people, plan, clock):
    incident = activate(people.clerk, plan)
    for user in (people.clerk, people.chief, people.leader, people.director):
        for url in (
            "/emergency/",
            "/emergency/incidents/",
            f"/emergency/plans/{plan.pk}/",
            f"/cases/{incident.case_id}/",
        ):
            assert client(user).get(url).status_code == 200, (user.username, url)
    for user in (people.outsider, people.other_chief):
        assert client(user).get("/emergency/").status_code == 403
        assert client(user).get(f"/cases/{incident.case_id}/").status_code == 404
        assert client(user).get("/emergency/incidents/?export=xlsx").status_code == 403


def test_the_case_page_form_keeps_what_was_typed_on_a_refusal(people, plan, clock):
    incident = activate(people.clerk, plan)
    services.terminate(
        incident.case_id, people.clerk, {"termination_order": "组长", "recipients": "甲", "content": "终"}
    )
    response = client(people.clerk).post(
        f"/emergency/incidents/{incident.case_id}/report/", {"recipients": "区委", "content": "事态稳定了"}
    )
    assert response.status_code == 409
    assert "事态稳定了" in response.content.decode()


def test_the_incident_register_costs_the_same_at_one_and_many(people, plan, clock):
    activate(people.clerk, plan)

    def count(url):
        with CaptureQueriesContext(connection) as ctx:
            assert client(people.chief).get(url).status_code == 200
        return len(ctx.captured_queries)

    urls = ["/emergency/incidents/", "/emergency/", "/emergency/incidents/?export=xlsx"]
    few = [count(u) for u in urls]
    for n in range(5):
        i = activate(people.clerk, plan, unit=f"司法所{n}")
        report(i, people.clerk)
    assert [count(u) for u in urls] == few
