from datetime import date, datetime, timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone

from apps.accounts.models import Rank
from apps.org.models import Position
from tests.conftest import make_user

MONDAY = date(2026, 11, 16)


class Today:
    """timezone.now() / localdate() under the test's control (a Monday morning in November)."""

    def __init__(self, day=MONDAY):
        self.set(day)

    def set(self, day, hour=9):
        self.now = timezone.make_aware(datetime(day.year, day.month, day.day, hour))

    def advance(self, days=1):
        self.now += timedelta(days=days)

    @property
    def date(self):
        return timezone.localdate(self.now)


@pytest.fixture
def today(monkeypatch):
    clock = Today()
    monkeypatch.setattr(timezone, "now", lambda: clock.now)
    return clock


@pytest.fixture
def staff(people, bureau):
    """The office (clerk, chief, its division leader), the personnel section that keeps the leave
    files, the personnel leader (分管政工领导: the other division leader) and the director."""
    p = people
    personnel = bureau["personnel"]
    personnel.division_leader = p.other_leader
    personnel.save()
    officer = make_user("hr.clerk", personnel, Rank.STAFF, full_name="政工科科员")
    hr_chief = make_user("hr.chief", personnel, Rank.CHIEF, full_name="政工科科长")
    position = Position.objects.get(key="personnel_leader")
    position.holder = p.other_leader
    position.save()
    return SimpleNamespace(
        clerk=p.clerk,
        colleague=p.colleague,
        chief=p.chief,
        leader=p.leader,
        personnel_leader=p.other_leader,
        director=p.director,
        outsider=p.outsider,
        other_chief=p.other_chief,
        officer=officer,
        hr_chief=hr_chief,
        sysadmin=p.sysadmin,
        people=p,
    )
