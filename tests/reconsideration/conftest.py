import pytest

from tests.hr.conftest import Today
from tests.reconsideration.factories import ReconPeople


@pytest.fixture
def today(monkeypatch):
    """The bureau's date under the test's control (services refuse dates after "today")."""
    from django.utils import timezone

    clock = Today()
    monkeypatch.setattr(timezone, "now", lambda: clock.now)
    return clock


@pytest.fixture
def recon(people, bureau):
    return ReconPeople(people, bureau)
