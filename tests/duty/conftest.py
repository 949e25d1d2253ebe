from datetime import date, datetime

import pytest
from django.utils import timezone


class Clock:
    def set(self, day, hour=9, minute=0):
        self.now = timezone.make_aware(datetime(day.year, day.month, day.day, hour, minute))


@pytest.fixture
def duty_clock(monkeypatch):
    """Time stands still at 20 September 2026 09:00 until the test moves it."""
    c = Clock()
    c.set(date(2026, 9, 20))
    monkeypatch.setattr(timezone, "now", lambda: c.now)
    return c
