"""督查督办: due dates per source (seed 002 rules, hand-computed), the sweep's 催办 and the
通报 proposal each sent once, extension only before the due date, completion and the dashboard.

Time is controlled: register_item runs with timezone.now fixed, the sweep is passed `today`."""

from contextlib import contextmanager
from datetime import date, datetime, time
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.supervision import services
from apps.supervision.models import Source
from apps.workcalendar import years
from apps.workflow import services as engine
from apps.workflow.models import CaseClock, CaseEvent, Notification, Task
from apps.workflow.services import TransitionError
from apps.workflow.sweep import run_sweep

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_calendar():
    years.invalidate()
    yield
    years.invalidate()


@contextmanager
def on(day):
    moment = datetime.combine(day, time(10), tzinfo=ZoneInfo(settings.TIME_ZONE))
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield


def register(people, bureau, source, day=date(2026, 11, 2), **kw):
    kw.setdefault("title", f"督办：{Source(source).label}")
    with on(day):
        return services.register_item(people.clerk, source=source, lead_section=bureau["lawyers"], **kw)


@pytest.mark.parametrize(
    "source, stated, due",
    [
        # Monday 2 November 2026; every date below hand-counted on the 2026 calendar.
        (Source.MAIN_LEADER, None, date(2026, 11, 11)),  # 7 working days
        (Source.MAIN_LEADER, date(2026, 11, 20), date(2026, 11, 17)),  # 3 working days before Fri 20th
        (Source.DISTRICT_HANDOFF, None, date(2026, 11, 5)),  # 3 working days
        (Source.DISTRICT_INSTRUCTION, None, date(2026, 11, 11)),  # 7 working days
        (Source.MEETING, None, date(2026, 12, 2)),  # one month
        (Source.WORK_REPORT, None, date(2026, 12, 2)),
        (Source.HOTLINE, None, date(2026, 11, 11)),
    ],
)
def test_due_date_follows_the_source(people, bureau, source, stated, due):
    case = register(people, bureau, source, stated_deadline=stated)
    assert case.due_date == due
    clock = case.clocks.get()
    assert clock.rule.process == "office.supervision"
    # handled by the lead section's chief; kept in the office's register
    assert case.tasks.get(status=Task.Status.PENDING).assignee == people.other_chief
    assert case.section == bureau["office"]


def test_due_date_over_national_day(people, bureau):
    # 30 September 2026 + 3 working days: 1-7 October are holidays, 10 October a 调休 workday.
    case = register(people, bureau, Source.DISTRICT_HANDOFF, day=date(2026, 9, 30))
    from apps.workflow import calendar

    assert case.due_date == calendar.add_working_days(date(2026, 9, 30), 3)
    assert case.due_date > date(2026, 10, 7)


def test_only_main_leader_states_a_deadline(people, bureau):
    with pytest.raises(TransitionError, match="只有主要领导批示"):
        register(people, bureau, Source.MEETING, stated_deadline=date(2026, 11, 30))


def urges(case):
    return CaseEvent.objects.filter(case=case, action=CaseEvent.Action.URGE).count()


def test_sweep_reminds_urges_and_proposes_notice_once(people, bureau):
    silent = register(people, bureau, Source.DISTRICT_HANDOFF, title="无进展的事项")  # due 5 Nov
    busy = register(people, bureau, Source.DISTRICT_HANDOFF, title="有进展的事项")
    with on(date(2026, 11, 3)):
        services.report_progress(busy.pk, people.other_chief, "已约谈当事人，正在核实。")

    run_sweep(today=date(2026, 11, 4))  # 1 working day before: reminder to the handler
    assert Notification.objects.filter(case=silent, kind="remind", user=people.other_chief).count() == 1
    assert urges(silent) == 0
    run_sweep(today=date(2026, 11, 5))  # due date: the office chief is asked to urge (催办 1)
    assert urges(silent) == 1
    assert not Notification.objects.filter(key__startswith="supervision:notice:").exists()
    for _ in range(2):  # the day after: overdue + division leader (催办 2, 3); twice = once
        run_sweep(today=date(2026, 11, 6))
    assert Notification.objects.filter(case=silent, kind="overdue").count() == 1
    proposals = Notification.objects.filter(key__startswith="supervision:notice:")
    assert list(proposals.values_list("case_id", "user__username")) == [(silent.pk, "director")]
    assert "建议通报" in proposals.get().message
    before = urges(silent)
    run_sweep(today=date(2026, 11, 9))
    assert Notification.objects.filter(key__startswith="supervision:notice:").count() == 1
    assert urges(silent) == before  # nothing new to urge, no second 通报 record


def test_extension_only_before_due_and_approved(people, bureau):
    case = register(people, bureau, Source.DISTRICT_INSTRUCTION)  # due 11 Nov
    with on(date(2026, 11, 10)):
        with pytest.raises(TransitionError):
            services.extend_item(case.pk, people.other_chief, 3, "需协调公安部门", approved_by=people.outsider)
        services.extend_item(case.pk, people.other_chief, 3, "需协调公安部门", approved_by=people.chief)
    case.refresh_from_db()
    assert case.due_date == date(2026, 11, 16)
    with on(date(2026, 11, 17)):
        with pytest.raises(TransitionError, match="期限届满前"):
            services.extend_item(case.pk, people.other_chief, 3, "再延", approved_by=people.chief)


def complete(people, case, day):
    with on(day):
        services.submit_completion(case.pk, people.other_chief, "已全部落实。")
        task = case.tasks.get(status=Task.Status.PENDING)
        assert task.assignee == people.chief
        engine.approve(case.pk, task.pk, people.chief, "同意办结")


def test_completion_report_approved_by_office_chief_stops_the_clock(people, bureau):
    case = register(people, bureau, Source.DISTRICT_INSTRUCTION)
    with on(date(2026, 11, 5)):
        with pytest.raises(TransitionError, match="只有承办人"):
            services.submit_completion(case.pk, people.outsider, "x")
    complete(people, case, date(2026, 11, 6))
    case.refresh_from_db()
    assert not case.is_open
    assert case.supervision.completed_on == date(2026, 11, 6)
    assert case.clocks.get().status == CaseClock.Status.MET


def test_dashboard_figures_in_one_query(people, bureau):
    on_time = register(people, bureau, Source.DISTRICT_INSTRUCTION, title="按期")  # due 11 Nov
    late = register(people, bureau, Source.DISTRICT_HANDOFF, title="逾期办结")  # due 5 Nov
    register(people, bureau, Source.DISTRICT_HANDOFF, title="已超期")  # due 5 Nov, open
    register(people, bureau, Source.DISTRICT_INSTRUCTION, title="本周到期")  # due 11 Nov, open
    register(people, bureau, Source.MEETING, title="下月到期")  # due 2 Dec, open
    complete(people, on_time, date(2026, 11, 9))
    complete(people, late, date(2026, 11, 9))
    with CaptureQueriesContext(connection) as queries:
        rows = services.dashboard(today=date(2026, 11, 9))
    assert len(queries) == 1
    (row,) = rows
    assert row["lead_section__name"] == bureau["lawyers"].name
    assert (row["open"], row["due_week"], row["overdue"], row["done"], row["on_time"], row["on_time_pct"]) == (
        3,
        1,
        1,
        2,
        1,
        50,
    )
