from datetime import date, datetime

import pytest
from django.utils import timezone

from .factories import correction_people


@pytest.fixture
def cc(bureau):
    return correction_people(bureau)


@pytest.fixture
def today_is(monkeypatch):
    """Set the bureau's date (services refuse dates after today; the sweep reads it too)."""
    state = {}

    def set_day(day, hour=9):
        state["now"] = timezone.make_aware(datetime(day.year, day.month, day.day, hour))

    set_day(date(2026, 12, 5))
    monkeypatch.setattr(timezone, "now", lambda: state["now"])
    return set_day
