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
def enf(people, bureau):
    """The 行政执法监督科: a clerk, a colleague, its chief and its division leader (leader.shi in
    the bureau); the director is the bureau's (people.director)."""
    section = bureau["enforcement"]
    leader = make_user("enf_leader", bureau["leadership"], Rank.DIVISION_LEADER, full_name="执法监督分管副局长")
    section.division_leader = leader
    section.save(update_fields=["division_leader"])
    return SimpleNamespace(
        section=section,
        clerk=make_user("enf_clerk", section, Rank.STAFF, full_name="执法监督科科员"),
        colleague=make_user("enf_colleague", section, Rank.STAFF, full_name="执法监督科同事"),
        chief=make_user("enf_chief", section, Rank.CHIEF, full_name="执法监督科科长"),
        leader=leader,
        director=people.director,
    )
