import pytest
from django.utils import timezone

from tests.hr.conftest import Today


@pytest.fixture
def today(monkeypatch):
    """The bureau's date under the test's control (services refuse dates after "today")."""
    clock = Today()
    monkeypatch.setattr(timezone, "now", lambda: clock.now)
    return clock
