from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from apps.meetings import services
from apps.meetings.models import AgendaItem, Kind, Meeting
from apps.workflow import services as engine
from apps.workflow.models import Task

# Monday 2 March 2026 (no holiday that week or the next): the office plans a meeting for
# Monday 9 March at 09:00.
PLANNED_ON = date(2026, 3, 2)
MEETING_DAY = date(2026, 3, 9)


class Clock:
    def __init__(self):
        self.set(PLANNED_ON)

    def set(self, day, hour=9, minute=0):
        self.now = timezone.make_aware(datetime(day.year, day.month, day.day, hour, minute))


@pytest.fixture
def clock(monkeypatch):
    c = Clock()
    monkeypatch.setattr(timezone, "now", lambda: c.now)
    return c


def at(day, hour, minute=0):
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour, minute))


def plan(
    people,
    bureau=None,
    *,
    kind=Kind.DIRECTOR_OFFICE,
    day=MEETING_DAY,
    attendees=None,
    observers=(),
    submit=True,
    title="",
):
    p = people
    data = {
        "kind": kind,
        "title": title,
        "starts_at": at(day, 9),
        "ends_at": at(day, 11),
        "place": "三楼党组会议室",
        "chair": p.director,
        "recorder": p.chief,
        "attendees": attendees or [p.director, p.leader, p.chief, p.outsider],
        "observers": list(observers),
        "observers_note": "",
        "agenda_cutoff": at(day - timedelta(days=3), 17),
        "notes": "",
    }
    return services.save_meeting(p.clerk, data, submit=submit)


def pending(case, step):
    return case.tasks.get(status=Task.Status.PENDING, step=step)


def through_notice(case, people, bureau):
    """Agenda item from the lawyers' chief, compiled, approved by the chair, notice issued."""
    p = people
    services.submit_agenda_item(
        case.pk, p.other_chief, title="关于律师行业年度检查的请示", section=bureau["lawyers"], presenter=p.other_chief
    )
    meeting = Meeting.objects.get(case=case)
    services.compile_agenda(
        case.pk, p.clerk, {i.pk: (AgendaItem.Status.ACCEPTED, 1) for i in meeting.agenda_items.all()}
    )
    engine.approve(case.pk, pending(case, "agenda").pk, p.director, "同意。")
    services.issue_notice(case.pk, p.clerk)
    return Meeting.objects.get(case=case)
