"""Rosters as the roster page and services.save_roster take them (factory_boy)."""

from datetime import date, time, timedelta

import factory

from apps.duty import services
from apps.workflow import api
from apps.workflow.models import Task

NATIONAL_DAY = date(2026, 10, 1)  # 国庆节 2026: 10-01 .. 10-08 (fixtures/holidays)


class ShiftFactory(factory.DictFactory):
    """One shift (leader and officer given by the test): 08:30 → 次日08:30 by default."""

    date = NATIONAL_DAY
    starts = time(8, 30)
    ends = time(8, 30)
    assistant = None
    phone = ""


class RosterHeaderFactory(factory.DictFactory):
    kind = "holiday"
    title = ""
    start_date = NATIONAL_DAY
    end_date = factory.LazyAttribute(lambda o: o.start_date)
    phone = "0533-7220377"
    note = ""


def roster_shifts(leader, officers, start=NATIONAL_DAY, days=1, **kw):
    return [
        ShiftFactory(date=start + timedelta(days=n), leader=leader, officer=officers[n % len(officers)], **kw)
        for n in range(days)
    ]


def save(people, start=NATIONAL_DAY, days=1, officers=None, submit=True, **kw):
    p = people
    header = RosterHeaderFactory(start_date=start, end_date=start + timedelta(days=days - 1))
    return services.save_roster(
        p.clerk, header, roster_shifts(p.leader, officers or [p.clerk], start, days, **kw), submit=submit
    )


def approve_all(case):
    while task := case.tasks.filter(status=Task.Status.PENDING).select_related("assignee").first():
        api.approve(case.pk, task.pk, task.assignee, "同意。")
    case.refresh_from_db()
    return case.duty_roster
