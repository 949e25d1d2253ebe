"""A person's leave year: annual-leave allowance, what was taken, and the personal-leave rules.

Seed 002 rule 2 (二、(一)): 事假每月累计不能超过两天，超过两天的，按实冲减年休假天数；全年事假
累计 20 天以上，不享受当年的年休假. And (二): leave beyond what a type allows (婚假, 丧假 ...) is
treated as personal leave. The numbers come from the personal-leave LeaveType row (its monthly
allowance and yearly forfeit days), so the administrator can change them.

Only approved leave counts (a request still on its way is shown as "本次" where it matters);
a leave cut short by 销假 counts the days actually taken.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from ..models import LeaveBalance, LeaveRequest, LeaveType
from .days import ZERO, effective_weights


def personal_type():
    return (
        LeaveType.objects.filter(active=True)
        .exclude(monthly_allowance_days=None, yearly_forfeit_days=None)
        .order_by("order")
        .first()
    )


@dataclass
class LeaveYear:
    person: object
    year: int
    annual_allowance: Decimal | None  # None: not fixed yet by the personnel section
    allowance_basis: str = ""
    monthly_limit: Decimal | None = None
    forfeit_limit: Decimal | None = None
    personal_by_month: dict = field(default_factory=lambda: defaultdict(lambda: ZERO))
    annual_used: Decimal = ZERO
    by_type: dict = field(default_factory=lambda: defaultdict(lambda: ZERO))

    @property
    def personal_total(self):
        return sum(self.personal_by_month.values(), ZERO)

    @property
    def months(self):
        """[(month, personal days, days over the monthly limit)] for months with personal leave."""
        rows = []
        for month in sorted(self.personal_by_month):
            days = self.personal_by_month[month]
            if days:
                over = max(days - self.monthly_limit, ZERO) if self.monthly_limit is not None else ZERO
                rows.append((month, days, over))
        return rows

    @property
    def deducted(self):
        """Personal leave over the monthly limit, taken off annual leave (按实冲减)."""
        return sum((over for _, _, over in self.months), ZERO)

    @property
    def forfeited(self):
        return self.forfeit_limit is not None and self.personal_total >= self.forfeit_limit

    @property
    def annual_remaining(self):
        if self.annual_allowance is None:
            return None
        allowance = ZERO if self.forfeited else self.annual_allowance
        return allowance - self.annual_used - self.deducted

    def notes(self):
        """The rules as they apply this year, in Chinese, for the request and balance pages."""
        lines = []
        if self.monthly_limit is not None:
            for month, days, over in self.months:
                if over:
                    lines.append(
                        f"{month}月事假累计 {days_text(days)} 天，超过每月 {days_text(self.monthly_limit)} 天的 "
                        f"{days_text(over)} 天冲减年休假。"
                    )
        if self.forfeit_limit is not None:
            if self.forfeited:
                lines.append(
                    f"全年事假累计 {days_text(self.personal_total)} 天，已达 {days_text(self.forfeit_limit)} 天，"
                    f"不享受{self.year}年年休假。"
                )
            elif self.personal_total:
                left = self.forfeit_limit - self.personal_total
                lines.append(
                    f"全年事假累计 {days_text(self.personal_total)} 天；累计达到 {days_text(self.forfeit_limit)} 天"
                    f"将不享受当年年休假（还差 {days_text(left)} 天）。"
                )
        remaining = self.annual_remaining
        if remaining is not None and remaining < 0:
            lines.append(f"年休假不足（已休与事假冲减合计超出 {days_text(-remaining)} 天）。")
        return lines


def days_text(value):
    """1.0 -> "1", 0.5 -> "0.5"."""
    value = Decimal(value)
    return f"{value:.1f}".rstrip("0").rstrip(".") if value % 1 else f"{value:.0f}"


def _add(summary, leave, weights):
    ltype = leave.leave_type
    for day, weight in weights.items():
        if day.year != summary.year:
            continue
        summary.by_type[ltype.name] += weight
        if ltype.is_annual:
            summary.annual_used += weight
        elif ltype.is_personal:
            summary.personal_by_month[day.month] += weight
    if leave.personal_excess and not ltype.is_personal:
        # days beyond what the type allows count as personal leave, in the month the leave ends
        end = max(weights) if weights else leave.end_date
        if end.year == summary.year:
            summary.personal_by_month[end.month] += leave.personal_excess


def _approved_leave(persons, year):
    start, end = date(year, 1, 1), date(year, 12, 31)
    return (
        LeaveRequest.objects.approved()
        .filter(person__in=persons, start_date__lte=end, end_date__gte=start)
        .select_related("leave_type")
        .order_by("start_date", "pk")
    )


def leave_years(persons, year, extra=None):
    """{person pk: LeaveYear} for several people in a fixed number of queries.

    `extra` (a LeaveRequest not approved yet) is counted as if approved, to show what it
    would do ("含本次")."""
    persons = list(persons)
    ptype = personal_type()
    allowances = {b.person_id: b for b in LeaveBalance.objects.filter(person__in=persons, year=year)}
    years = {}
    for person in persons:
        balance = allowances.get(person.pk)
        years[person.pk] = LeaveYear(
            person=person,
            year=year,
            annual_allowance=balance.annual_days if balance else None,
            allowance_basis=balance.basis if balance else "",
            monthly_limit=ptype.monthly_allowance_days if ptype else None,
            forfeit_limit=ptype.yearly_forfeit_days if ptype else None,
        )
    leaves = list(_approved_leave(persons, year))
    if extra is not None and extra.pk not in {leave.pk for leave in leaves}:
        leaves.append(extra)
    for leave in leaves:
        if leave.person_id in years:
            _add(years[leave.person_id], leave, effective_weights(leave))
    return years


def leave_year(person, year, extra=None):
    return leave_years([person], year, extra=extra)[person.pk]
