import pytest
from django.utils import timezone

from apps.accounts.models import Rank
from tests.conftest import make_user
from tests.hr.conftest import Today


@pytest.fixture
def today(monkeypatch):
    """The bureau's date under the test's control (services refuse dates after "today")."""
    clock = Today()
    monkeypatch.setattr(timezone, "now", lambda: clock.now)
    return clock


class ServiceStaff:
    """公共法律服务管理科: a clerk, its chief and its division leader."""

    def __init__(self, bureau):
        section = bureau["public_legal"]
        self.clerk = make_user("svcclerk", section, Rank.STAFF, full_name="公法科科员")
        self.chief = make_user("svcchief", section, Rank.CHIEF, full_name="公法科科长")
        self.leader = make_user("svcleader", bureau["leadership"], Rank.DIVISION_LEADER, full_name="公法分管副局长")
        section.division_leader = self.leader
        section.save()


@pytest.fixture
def service(bureau, people):
    return ServiceStaff(bureau)
