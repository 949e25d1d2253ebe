"""One year of the working-day calendar, cached in-process.

The calendar sits on hot paths (every activated task's due date, the deadline sweep, list pages
that show remaining working days), so a year is read from the database once: two queries (its
Holiday rows and its CalendarYear row), after which every lookup is a set membership test.

Keeping the cache fresh across processes (gunicorn workers, Celery worker and beat): the table
changes a few times a year, while the calendar is consulted many times per request and per
sweep. A freshness query on every call (count/max(updated_at)) would add a query to each due
date computed, so a list page or a sweep over N cases would cost N extra queries and query
counts would grow with rows. Instead:
  - the process that changes a row drops its cache at once (post_save/post_delete signals on
    Holiday and CalendarYear, and explicitly after the bulk writes of seed_holidays and
    load_holidays; again on commit, so a year read inside the writing transaction is not kept);
  - every process drops its whole cache after WORKCALENDAR_CACHE_SECONDS (default 60 s), so
    other processes see an edit within a minute, at the cost of two queries per year touched
    per minute.
A due date computed in another process during that minute uses the calendar as it was before
the edit, exactly as a due date computed a minute before the edit would: due dates are fixed
when they are computed, so the window adds no new kind of inconsistency.

Tests that compare query counts of two runs should warm the cache first (or call invalidate()
before each run) so that both runs pay the same.
"""

import threading
import time
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db import transaction

from .statutory import statutory_holidays

DEFAULT_TTL_SECONDS = 60


@dataclass(frozen=True)
class YearCalendar:
    year: int
    confirmed: bool
    rest_days: frozenset  # holidays (any weekday) declared or, for an unconfirmed year, assumed
    workdays: frozenset  # 调休 make-up workdays (Saturdays and Sundays that are working days)
    names: dict  # date -> holiday name, for display

    def is_working_day(self, day):
        if day in self.workdays:
            return True
        if day in self.rest_days:
            return False
        return day.weekday() < 5


_lock = threading.Lock()
_years = {}
_expires = 0.0


def _ttl():
    return getattr(settings, "WORKCALENDAR_CACHE_SECONDS", DEFAULT_TTL_SECONDS)


def invalidate():
    """Forget every cached year in this process."""
    global _years, _expires
    with _lock:
        _years = {}
        _expires = 0.0


def invalidate_on_change(sender, **kwargs):
    invalidate()
    transaction.on_commit(invalidate, robust=True)


def load(year):
    """Read one year from the database (two queries) and combine it with the statutory rules."""
    from .models import CalendarYear, Holiday

    rows = list(
        Holiday.objects.filter(date__gte=date(year, 1, 1), date__lte=date(year, 12, 31)).values_list(
            "date", "kind", "name"
        )
    )
    confirmed = CalendarYear.objects.filter(year=year, confirmed=True).exists()
    names = {} if confirmed else dict(statutory_holidays(year))
    rest_days = set() if confirmed else set(names)
    workdays = set()
    for day, kind, name in rows:  # a row always wins over the statutory assumption
        names[day] = name
        if kind == Holiday.Kind.WORKDAY:
            workdays.add(day)
            rest_days.discard(day)
        else:
            rest_days.add(day)
            workdays.discard(day)
    return YearCalendar(year, confirmed, frozenset(rest_days), frozenset(workdays), names)


def year_calendar(year):
    global _years, _expires
    now = time.monotonic()
    years = _years
    if now >= _expires:
        with _lock:
            _years = years = {}
            _expires = now + _ttl()
    calendar = years.get(year)
    if calendar is None:
        calendar = years[year] = load(year)
    return calendar
