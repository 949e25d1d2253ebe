from datetime import date
from types import SimpleNamespace

import pytest
from django.utils import timezone

from apps.accounts.models import Rank
from tests.conftest import make_user
from tests.hr.conftest import Today

# Friday 25 Sept 2026 (中秋) and 1–7 Oct are rest days; Saturday 10 Oct is a make-up working day.
DAY = date(2026, 9, 21)


@pytest.fixture
def today(monkeypatch):
    """The bureau's date under the test's control (services refuse dates after "today")."""
    clock = Today(DAY)
    monkeypatch.setattr(timezone, "now", lambda: clock.now)
    return clock


@pytest.fixture
def corr(people, bureau):
    """社区矫正工作科: a clerk, a colleague and the chief; its division leader is people.other_leader (who also leads the lawyers)."""
    section = bureau["correction"]
    section.division_leader = people.other_leader
    section.save()
    return SimpleNamespace(
        section=section,
        clerk=make_user("corr.clerk", section, Rank.STAFF, full_name="矫正科科员"),
        colleague=make_user("corr.colleague", section, Rank.STAFF, full_name="矫正科同事"),
        chief=make_user("corr.chief", section, Rank.CHIEF, full_name="矫正科科长"),
        office=bureau["jo_wenshao"],
    )
