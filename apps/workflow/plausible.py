"""Which dates the portal believes: a guard against a mistyped year.

A petition registered as received on 0001-01-01 (the year field typed wrongly) gets a clock due
in January of the year 1, and without a guard the next sweep sends overdue notices and 督办 to
the chief and the division leader about a date 2,000 years ago. The sweep does not escalate on a
clock whose start is implausible; it tells the handler to correct the date instead.

PLAUSIBLE_DATE_FLOOR (ISO date, default 2000-01-01): no matter the bureau handles starts before
it. A start more than a year after today is just as implausible (a clock starts on an event that
has happened or is about to).
"""

from datetime import date, timedelta

from django.conf import settings

DEFAULT_FLOOR = date(2000, 1, 1)
AHEAD = timedelta(days=366)


def date_floor() -> date:
    value = getattr(settings, "PLAUSIBLE_DATE_FLOOR", "") or ""
    return date.fromisoformat(value) if value else DEFAULT_FLOOR


def plausible_start(day: date, today: date) -> bool:
    return date_floor() <= day <= today + AHEAD
