"""The numbers of the finance rules, read from the admin's Standard rows.

Why rows and not settings: the two seeds disagree (seed 002: a collective decision from 5,000
yuan; seed 000: the party group from 100,000), the bureau changes them by its own decision, and
an auditor asks which number applied when; admin rows are historied (django-simple-history)
and a settings change is not. They are seeded once (fixtures/finance_standards.json): a second
load_bureau never overwrites what the administrator set.
"""

from decimal import Decimal

from apps.workflow.api import TransitionError

from .models import MealStandard, Standard

COLLECTIVE = "collective_decision_amount"
PARTY_GROUP = "party_group_amount"
LATE_FILING_DAYS = "late_filing_days"
ADVANCE_RATE = "advance_monthly_rate"
ADVANCE_PARTIAL_MONTH = "advance_partial_month"

DEFAULTS = {
    COLLECTIVE: ("集体决策金额界限", Decimal("5000"), "元"),
    PARTY_GROUP: ("党组会议研究金额界限", Decimal("100000"), "元"),
    LATE_FILING_DAYS: ("报销时限（费用发生后）", Decimal("7"), "天"),
    ADVANCE_RATE: ("逾期报账利息（每月）", Decimal("1"), "%"),
    ADVANCE_PARTIAL_MONTH: ("逾期不足一月按一月计（1=按一月计，0=只计满月）", Decimal("0"), ""),
}


class StandardMissing(TransitionError):
    """A standard row is missing (never loaded): the action stops with a message, not a 500."""


def value(key):
    row = Standard.objects.filter(key=key).values_list("value", flat=True).first()
    if row is None:
        name = DEFAULTS[key][0] if key in DEFAULTS else key
        raise StandardMissing(f"财务标准“{name}”（{key}）未设置，请系统管理员在后台“财务标准”中补充。")
    return row


def all_values():
    """{key: value} of every standard in one query (a page that shows several)."""
    return dict(Standard.objects.values_list("key", "value"))


def collective_amount():
    return value(COLLECTIVE)


def party_group_amount():
    return value(PARTY_GROUP)


def late_filing_days():
    return int(value(LATE_FILING_DAYS))


def advance_monthly_rate():
    """The monthly overdue rate as a fraction (1 % → Decimal('0.01'))."""
    return value(ADVANCE_RATE) / Decimal(100)


def advance_partial_month():
    """Whether a begun month of delay counts as a whole one. Seed 002 says only 按月收取 1%:
    the default row (0) counts completed months; 1 is the bureau's own reading, set in the admin."""
    return value(ADVANCE_PARTIAL_MONTH) == 1


def partial_month_text():
    """The sentence the advance form shows about the rounding now in force."""
    try:
        partial = advance_partial_month()
    except StandardMissing:
        return "制度原文：逾期未办理报账手续者，按月收取1%的逾期报账利息。"
    rule = "不足一月按一月计（本局设置）" if partial else "只计满月（制度未规定不足一月如何计，按原文）"
    return f"返回或公务完成后一周内须报账。制度原文：逾期未办理报账手续者，按月收取1%的逾期报账利息；当前计法：{rule}。"


def meal_standards():
    return list(MealStandard.objects.filter(active=True).order_by("order", "key"))
