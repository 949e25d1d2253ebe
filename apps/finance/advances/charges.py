"""The overdue charge on an advance (预支管理, seed 002 rule 4 (四)).

"都必须在返回或公务完成之后一周内报账，逾期未办理手续者，按月收取 1% 的逾期报账利息。"

* The settlement period is DeadlineRule "advance-settlement" (7 calendar days, seed: 一周;
  a period ending on a rest day runs to the next working day, 民法典 §203, as every clock does).
  It counts from the registered return; before a return is registered, from the expected
  return date the borrower gave.
* 按月收取: the charge is levied per month. The seed does not say how a month that has only
  begun counts; that is the admin's 财务标准 “advance_partial_month”: 0 (the default, the seed's
  words: only completed months: 1 month late → 1 month, 1 month less a day → 0) or 1 (a begun month
  counts as a whole: 1 day late → 1 month). Months are calendar months from the due date
  (民法典 §202: the corresponding day, or the month's last day).
* The base is the whole advance: until it is settled none of it is accounted for.
* Money is Decimal throughout, rounded to the fen half up.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from apps.workflow import deadlines
from apps.workflow.models import DeadlineRule
from apps.workflow.rules import deadline_rule

from .. import standards
from ..models import yuan

RULE_CODE = deadline_rule("advance-settlement")


@dataclass(frozen=True)
class Charge:
    due: date | None
    day: date
    days_late: int
    months: int
    rate: Decimal
    principal: Decimal
    amount: Decimal
    partial: bool = False

    @property
    def overdue(self):
        return self.days_late > 0

    def text(self):
        if self.due is None:
            return "尚未付款，不计利息"
        if not self.overdue:
            return f"报账期限 {self.due:%Y-%m-%d}，未逾期"
        percent = (self.rate * 100).normalize()
        return (
            f"逾期 {self.days_late} 日（按月计收，{'不足一月按一月计' if self.partial else '只计满月'}：{self.months} 个月），"
            f"{self.principal:,.2f} 元 × {percent:f}% × {self.months} = {self.amount:,.2f} 元"
        )


def started_months(due, day):
    """How many months have begun after `due` by `day` (0 when `day` is not after `due`)."""
    if day <= due:
        return 0
    months = 1
    while deadlines.add_months(due, months) < day:
        months += 1
    return months


def full_months(due, day):
    """How many whole months have passed after `due` by `day`."""
    months = 0
    while deadlines.add_months(due, months + 1) <= day:
        months += 1
    return months


def settlement_rule():
    return DeadlineRule.objects.filter(code=RULE_CODE).first()


def settle_by(start, rule=None):
    """The last day to settle for a return (or expected return) on `start`."""
    rule = rule or settlement_rule()
    if rule is None:
        raise standards.StandardMissing(f"期限规则“{RULE_CODE}”不存在，请系统管理员在后台“期限规则”中补充。")
    return deadlines.end_of_period(rule, start, rule.length)[1]


def compute(principal, due, day, rate, partial=False):
    if due is None:
        return Charge(None, day, 0, 0, rate, principal, Decimal("0.00"), partial)
    days_late = max((day - due).days, 0)
    months = started_months(due, day) if partial else full_months(due, day) if day > due else 0
    return Charge(due, day, days_late, months, rate, principal, yuan(principal * rate * months), partial)


def advance_charge(advance, day, rate=None, partial=None):
    """The charge on `advance` as of `day`; nothing is charged before it has been paid out.
    Lists pass `rate` and `partial` (read once) to stay at constant queries."""
    due = advance.settle_by if advance.disbursed_on else None
    if due is not None and day > due:
        if rate is None:
            rate = standards.advance_monthly_rate()
        if partial is None:
            partial = standards.advance_partial_month()
    return compute(advance.amount, due, day, rate or Decimal("0"), bool(partial))
