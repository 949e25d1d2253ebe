from datetime import datetime
from types import SimpleNamespace

import pytest
from django.utils import timezone

from apps.accounts.models import Rank
from apps.org.models import ExternalUnit
from tests.conftest import make_user


class Today:
    def __init__(self):
        self.set(timezone.localdate())

    def set(self, day, hour=9):
        self.now = timezone.make_aware(datetime(day.year, day.month, day.day, hour))


@pytest.fixture
def today(monkeypatch):
    """The bureau's date under the test's control (services refuse dates after "today")."""
    clock = Today()
    real = timezone.now
    clock.now = real()
    monkeypatch.setattr(timezone, "now", lambda: clock.now)
    return clock


@pytest.fixture
def law(people, bureau):
    """The 秘书科 (rule_of_law): a clerk, a second clerk, its chief and its division leader."""
    section = bureau["rule_of_law"]
    lu = make_user("lawleader", bureau["leadership"], Rank.DIVISION_LEADER, full_name="吕分管")
    section.division_leader = lu
    section.save()
    return SimpleNamespace(
        clerk=make_user("lawclerk", section, Rank.STAFF, full_name="吴科员"),
        colleague=make_user("lawclerk2", section, Rank.STAFF, full_name="秘书科同事"),
        chief=make_user("lawchief", section, Rank.CHIEF, full_name="周科长"),
        leader=lu,
        director=people.director,
        section=section,
    )


@pytest.fixture
def units(bureau):
    depts = list(ExternalUnit.objects.filter(kind="department", is_active=True).order_by("order", "name")[:6])
    towns = list(ExternalUnit.objects.filter(kind="town", is_active=True).order_by("order", "name")[:3])
    return SimpleNamespace(depts=depts, towns=towns)
