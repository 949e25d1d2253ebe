from types import SimpleNamespace

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


@pytest.fixture
def team(people, bureau):
    """行政执法监督科 (which owns 5.9–5.11 in seed 000): a handler, its chief, its division
    leader; the director; the office clerk and the lawyers' staff as other sections."""
    section = bureau["enforcement"]
    handler = make_user("nf.clerk", section, Rank.STAFF, full_name="执法监督科科员")
    colleague = make_user("nf.colleague", section, Rank.STAFF, full_name="执法监督科同事")
    chief = make_user("nf.chief", section, Rank.CHIEF, full_name="执法监督科科长")
    leader = make_user("nf.leader", bureau["leadership"], Rank.DIVISION_LEADER, full_name="分管执法监督副局长")
    section.division_leader = leader
    section.save()
    return SimpleNamespace(
        handler=handler,
        colleague=colleague,
        chief=chief,
        leader=leader,
        director=people.director,
        office=people.clerk,
        office_leader=people.leader,
        outsider=people.outsider,
        section=section,
    )
