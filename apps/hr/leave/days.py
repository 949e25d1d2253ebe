"""How many days a leave takes, from the one working-day calendar (apps.workflow.calendar).

A leave runs from a start date (morning or afternoon) to an end date (morning or afternoon).
Each working day in between counts 1, the first day 0.5 when the leave starts in the
afternoon, the last day 0.5 when it ends at noon. Rest days and public holidays count 0; a
调休 make-up Saturday counts as a working day. Types counted in calendar days (产假, 探亲假)
count every day.
"""

from datetime import date, timedelta
from decimal import Decimal

from apps.workflow import calendar

from ..models import HalfDay

ONE = Decimal("1")
HALF = Decimal("0.5")
ZERO = Decimal("0")


def day_weights(start: date, start_part: str, end: date, end_part: str) -> dict:
    """{working day: 1 or 0.5} for a leave from start (start_part) to end (end_part)."""
    weights = {}
    day = start
    while day <= end:
        if calendar.is_working_day(day):
            weight = ONE
            if day == start and start_part == HalfDay.PM:
                weight -= HALF
            if day == end and end_part == HalfDay.AM:
                weight -= HALF
            if weight > 0:
                weights[day] = weight
        day += timedelta(days=1)
    return weights


def working_days(start, start_part, end, end_part) -> Decimal:
    return sum(day_weights(start, start_part, end, end_part).values(), ZERO)


def calendar_days(start, end) -> int:
    return (end - start).days + 1


def last_absent(returned_on: date, returned_part: str):
    """The last half day away for someone back at work on `returned_on` (morning or afternoon):
    (date, end_part)."""
    if returned_part == HalfDay.PM:
        return returned_on, HalfDay.AM
    return returned_on - timedelta(days=1), HalfDay.PM


def effective_end(leave):
    """(last day, end part) of the leave as taken: the approved end, or earlier after 销假."""
    end, end_part = leave.end_date, leave.end_part
    if leave.returned_on is not None:
        back_end, back_part = last_absent(leave.returned_on, leave.returned_part or HalfDay.AM)
        if (back_end, back_part == HalfDay.PM) < (end, end_part == HalfDay.PM):
            end, end_part = back_end, back_part
    return end, end_part


def effective_weights(leave) -> dict:
    """The days a leave actually took: the approved period, cut short by an early return (销假)."""
    end, end_part = effective_end(leave)
    if (end, end_part == HalfDay.PM) < (leave.start_date, leave.start_part == HalfDay.PM):
        return {}
    return day_weights(leave.start_date, leave.start_part, end, end_part)


def overstay_weights(leave) -> dict:
    """Working days away after the approved end without an approved extension (逾假未归)."""
    if leave.returned_on is None:
        return {}
    back_end, back_part = last_absent(leave.returned_on, leave.returned_part or HalfDay.AM)
    if (back_end, back_part == HalfDay.PM) <= (leave.end_date, leave.end_part == HalfDay.PM):
        return {}
    if leave.end_part == HalfDay.AM:
        start, start_part = leave.end_date, HalfDay.PM
    else:
        start, start_part = leave.end_date + timedelta(days=1), HalfDay.AM
    return day_weights(start, start_part, back_end, back_part)


def next_start_after(end: date, end_part: str):
    """Where an extension (续假) begins: the afternoon of a leave that ended at noon, else the
    next working day's morning."""
    if end_part == HalfDay.AM:
        return end, HalfDay.PM
    return calendar.next_working_day(end + timedelta(days=1)), HalfDay.AM
