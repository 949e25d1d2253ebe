"""Personnel-section personas shared by the tests of training, village, integrity and study."""

import pytest

from apps.accounts.models import Rank
from apps.org.models import Position
from tests.conftest import make_user


class Personnel:
    def __init__(self, people, bureau):
        self.p = people
        section = bureau["personnel"]
        self.keeper = make_user("pclerk", section, Rank.STAFF, full_name="政工科科员")
        self.pchief = make_user("pchief", section, Rank.CHIEF, full_name="政工科科长")
        section.division_leader = people.leader
        section.save()
        position = Position.objects.get(key="personnel_leader")
        position.holder = people.leader
        position.save()


@pytest.fixture
def staff(people, bureau):
    return Personnel(people, bureau)
