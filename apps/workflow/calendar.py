"""Working-day arithmetic for due dates.

Every due date in the portal is computed here. The calendar itself (public holidays, 调休 make-up
workdays, which years the State Council has confirmed) lives in apps.workcalendar: Saturdays and
Sundays are rest days unless declared make-up workdays, declared holidays are rest days, and a
year without a confirmed official calendar assumes the statutory holidays of
《全国年节及纪念日放假办法》 and is *provisional* (callers mark such due dates "暂定").

Counting rules (shared/STATUTES.md):
- 民法典 §201: the start day is not counted.
- 民法典 §203: a period whose last day is a rest day ends on the next working day.
- Practice: a 调休 make-up Saturday/Sunday is a working day, so a calendar-day period ending on
  it does not roll forward. STATUTES.md asks the bureau's legal staff to confirm this; should
  they decide otherwise, WORKCALENDAR_MAKE_UP_DAYS_END_PERIODS = False makes such a period end
  on the next ordinary working day (working-day counts still count make-up days).

A year is read from the database once per process and minute (apps/workcalendar/years.py), and
one computation reads each year it touches once: at most two queries per year, however long the
span, and none while the cache is warm.
"""

from datetime import date, datetime, timedelta

from django.conf import settings
from django.utils import timezone

from apps.workcalendar.years import year_calendar

ONE_DAY = timedelta(days=1)


def _as_date(day):
    if isinstance(day, datetime):
        return timezone.localdate(day) if timezone.is_aware(day) else day.date()
    return day


class _Years:
    """The year calendars one computation touches, fetched once each (whatever the cache does)."""

    def __init__(self):
        self.years = {}

    def __call__(self, day):
        calendar = self.years.get(day.year)
        if calendar is None:
            calendar = self.years[day.year] = year_calendar(day.year)
        return calendar

    def is_working_day(self, day):
        return self(day).is_working_day(day)


def is_working_day(day: date) -> bool:
    day = _as_date(day)
    return year_calendar(day.year).is_working_day(day)


def is_provisional(day: date) -> bool:
    """True when the day's year has no confirmed official calendar (its holidays are assumed)."""
    return not year_calendar(_as_date(day).year).confirmed


def provisional_between(a: date, b: date) -> bool:
    """True when any year touched by the span between a and b (inclusive) is unconfirmed."""
    a, b = sorted((_as_date(a), _as_date(b)))
    return any(not year_calendar(year).confirmed for year in range(a.year, b.year + 1))


def holiday_name(day: date) -> str:
    """The holiday (or make-up workday's holiday) a day belongs to, or ""."""
    day = _as_date(day)
    return year_calendar(day.year).names.get(day, "")


def next_working_day(day: date) -> date:
    """`day` itself if it is a working day, else the first working day after it."""
    day = _as_date(day)
    years = _Years()
    while not years.is_working_day(day):
        day += ONE_DAY
    return day


def add_working_days(start: date, n: int) -> date:
    """The n-th working day after `start`; `start` itself is not counted (民法典 §201).

    n = 0 returns `start`; a negative n counts back (the n-th working day before `start`, as for
    notices due "at least five working days before" a hearing)."""
    day = _as_date(start)
    step = ONE_DAY if n >= 0 else -ONE_DAY
    remaining = abs(n)
    years = _Years()
    while remaining:
        day += step
        if years.is_working_day(day):
            remaining -= 1
    return day


def add_calendar_days(start: date, n: int) -> date:
    """`start + n` days; if that day is a rest day, the next working day (民法典 §203).

    A 调休 make-up Saturday or Sunday is a working day: a period ending on it does not roll."""
    if n < 0:
        raise ValueError("add_calendar_days 只计算向后的期间（n 不能为负数）")
    day = _as_date(start) + timedelta(days=n)
    years = _Years()
    make_up_days_end_periods = getattr(settings, "WORKCALENDAR_MAKE_UP_DAYS_END_PERIODS", True)
    while not years.is_working_day(day) or (not make_up_days_end_periods and day in years(day).workdays):
        day += ONE_DAY
    return day


def working_days_between(a: date, b: date) -> int:
    """Number of working days d with a < d <= b (0 when b is not after a)."""
    a, b = _as_date(a), _as_date(b)
    years = _Years()
    count = 0
    day = a
    while day < b:
        day += ONE_DAY
        if years.is_working_day(day):
            count += 1
    return count
