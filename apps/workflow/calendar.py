"""Working-day arithmetic for due dates.

This first version knows weekends only; the holiday/make-up-workday table (调休) arrives with
the deadlines issue and will be consulted by is_working_day. Every due date in the portal is
computed here, so that change lands in one place.
"""

from datetime import date, timedelta


def is_working_day(day: date) -> bool:
    return day.weekday() < 5


def add_working_days(start: date, n: int) -> date:
    """The n-th working day after `start`; `start` itself is not counted (民法典 §201)."""
    day = start
    counted = 0
    while counted < n:
        day += timedelta(days=1)
        if is_working_day(day):
            counted += 1
    return day


def add_calendar_days(start: date, n: int) -> date:
    """`start + n` days, rolled forward to the next working day if it is a rest day (§203)."""
    day = start + timedelta(days=n)
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def working_days_between(a: date, b: date) -> int:
    """Number of working days d with a < d <= b."""
    count = 0
    day = a
    while day < b:
        day += timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count
