"""A month of attendance per person: fingerprint records reconciled with approved leave and
registered official outings, over the working days of the one calendar.

Per working day, each half (morning, afternoon) is either covered (approved leave, an official
outing) or must be worked:
- a worked morning needs a check-in by the start time (later: 迟到; none: 缺卡);
- a worked afternoon needs a check-out at the end time or after (earlier: 早退; none: 缺卡);
- a day with no punch at all counts its uncovered halves as absent (旷工, or 逾假 after a leave).
Late arrivals, early departures and missing punches in one calendar week: every three (the
policy's number) make one absence. A 续假 approved only after the leave had run out does not
cover the days before its approval (未延假的，一律视为缺勤).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.utils import timezone

from apps.workflow import calendar

from ..leave.days import HALF, ZERO, effective_end
from ..models import AttendancePolicy, HalfDay, LeaveRequest, OfficialOuting, PunchRecord

AM, PM = "am", "pm"


def month_days(month):
    day = month
    while day.month == month.month:
        yield day
        day += timedelta(days=1)


def month_end(month):
    return (month.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


@dataclass
class Day:
    day: date
    check_in: object = None
    check_out: object = None
    covered: dict = field(default_factory=dict)  # half -> what covers it ("年休假", "出差" ...)
    late: bool = False
    early: bool = False
    missing: int = 0
    absent: Decimal = ZERO

    @property
    def notes(self):
        parts = sorted(set(self.covered.values()))
        if self.late:
            parts.append("迟到")
        if self.early:
            parts.append("早退")
        if self.missing:
            parts.append(f"缺卡{self.missing}次" if self.missing > 1 else "缺卡")
        if self.absent:
            parts.append(f"缺勤{'半天' if self.absent == HALF else '1天'}")
        return "、".join(parts)


@dataclass
class PersonMonth:
    person: object
    month: date
    days: list = field(default_factory=list)
    slips_per_absence: int = 3

    @property
    def working_days(self):
        return Decimal(len(self.days))

    @property
    def leave_days(self):
        return sum((HALF for d in self.days for what in d.covered.values() if what not in OUTING_LABELS), ZERO)

    @property
    def outing_days(self):
        return sum((HALF for d in self.days for what in d.covered.values() if what in OUTING_LABELS), ZERO)

    @property
    def absent_days(self):
        return sum((d.absent for d in self.days), ZERO)

    @property
    def present_days(self):
        return self.working_days - self.leave_days - self.outing_days - self.absent_days

    @property
    def late(self):
        return sum(1 for d in self.days if d.late)

    @property
    def early(self):
        return sum(1 for d in self.days if d.early)

    @property
    def missing(self):
        return sum(d.missing for d in self.days)

    @property
    def slip_absences(self):
        """Every `slips_per_absence` late/early/missing punches in one week make one absence."""
        weeks = defaultdict(int)
        for d in self.days:
            weeks[d.day.isocalendar()[:2]] += int(d.late) + int(d.early) + d.missing
        return sum(n // self.slips_per_absence for n in weeks.values()) if self.slips_per_absence else 0

    @property
    def absences(self):
        return self.absent_days + self.slip_absences


OUTING_LABELS = {label for _, label in OfficialOuting.Kind.choices}


def _halves(start, start_part, end, end_part):
    """{day: {am, pm}} of the half days from start (start_part) to end (end_part), all days."""
    halves = {}
    day = start
    while day <= end:
        parts = {AM, PM}
        if day == start and start_part == HalfDay.PM:
            parts.discard(AM)
        if day == end and end_part == HalfDay.AM:
            parts.discard(PM)
        if parts:
            halves[day] = parts
        day += timedelta(days=1)
    return halves


def leave_halves(leave):
    """The half days an approved leave covers: its period, cut short by 销假, and not before the
    approval of an extension approved after the leave it extends had run out."""
    end, end_part = effective_end(leave)
    start, start_part = leave.start_date, leave.start_part
    if leave.approved_after_expiry and leave.approved_at is not None:
        approved = timezone.localdate(leave.approved_at)
        if approved > start:
            start, start_part = approved, HalfDay.AM
    if (end, end_part == HalfDay.PM) < (start, start_part == HalfDay.PM):
        return {}
    return _halves(start, start_part, end, end_part)


def month_summaries(persons, month, until=None, policy=None):
    """{person pk: PersonMonth} for the working days of `month` up to `until`, in a fixed number
    of queries whatever the number of people."""
    persons = list(persons)
    policy = policy or AttendancePolicy.objects.current()
    last = month_end(month)
    until = min(until or last, last)
    ids = [p.pk for p in persons]
    records = {
        (r.person_id, r.day): r for r in PunchRecord.objects.filter(person_id__in=ids, day__gte=month, day__lte=until)
    }
    cover = defaultdict(dict)  # (person, day) -> {half: label}
    leaves = (
        LeaveRequest.objects.approved()
        .filter(person_id__in=ids, start_date__lte=until, end_date__gte=month)
        .select_related("leave_type")
    )
    for leave in leaves:
        for day, parts in leave_halves(leave).items():
            for part in parts:
                cover[(leave.person_id, day)][part] = leave.leave_type.name
    for outing in OfficialOuting.objects.filter(person_id__in=ids, start_date__lte=until, end_date__gte=month):
        for day, parts in _halves(outing.start_date, HalfDay.AM, outing.end_date, HalfDay.PM).items():
            for part in parts:
                cover[(outing.person_id, day)].setdefault(part, outing.get_kind_display())
    grace = timedelta(minutes=policy.grace_minutes)
    working = [d for d in month_days(month) if d <= until and calendar.is_working_day(d)]
    result = {}
    for person in persons:
        summary = PersonMonth(person=person, month=month, slips_per_absence=policy.slips_per_absence)
        for day in working:
            line = Day(day=day, covered=dict(cover.get((person.pk, day), {})))
            record = records.get((person.pk, day))
            if record is not None:
                line.check_in, line.check_out = record.check_in, record.check_out
            to_work = {AM, PM} - set(line.covered)
            if record is None or (record.check_in is None and record.check_out is None):
                line.absent = HALF * len(to_work)
            else:
                start = _shift(day, policy.work_start, grace)
                end = _shift(day, policy.work_end(day), -grace)
                if AM in to_work:
                    if record.check_in is None:
                        line.missing += 1
                    elif datetime.combine(day, record.check_in) > start:
                        line.late = True
                if PM in to_work:
                    if record.check_out is None:
                        line.missing += 1
                    elif datetime.combine(day, record.check_out) < end:
                        line.early = True
            summary.days.append(line)
        result[person.pk] = summary
    return result


def _shift(day, at, delta):
    return datetime.combine(day, at) + delta
