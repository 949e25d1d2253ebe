import pytest
from django.core.management import call_command

from apps.workcalendar import years


@pytest.fixture(autouse=True)
def fresh_calendar_cache():
    # The in-process cache outlives the test transaction's rollback: start and end empty.
    years.invalidate()
    yield
    years.invalidate()


@pytest.fixture
def holidays(db):
    """The holiday table as production has it after load_bureau (only the calendar part)."""
    call_command("seed_holidays", verbosity=0)
