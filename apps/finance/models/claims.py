"""Reimbursement (seed 002 rule 4 财务管理制度; seed 000 appendix 1.11-1.13).

* Claim / ClaimItem: a reimbursement claim on the engine (process finance.claim); invoices are
  the case's attachments; the amount is the sum of the items, in yuan with two decimals.
* DecisionRecord: a collective decision (集体决策记录) or party-group meeting record, with its
  minutes uploaded; the payment service demands one from the thresholds in Standard.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from apps.workflow.models import Case

from .common import CENT, CaseRecordQuerySet, MealStandard, yuan

User = settings.AUTH_USER_MODEL


class Claim(models.Model):
    """报销单: the domain record of a finance.claim case."""

    class Kind(models.TextChoices):
        GENERAL = "general", "一般费用报销"
        TRAVEL = "travel", "差旅费报销"
        MEAL = "meal", "公务接待用餐"

    class PayMethod(models.TextChoices):
        TRANSFER = "transfer", "银行转账"
        CARD = "card", "公务卡"
        DIRECT = "direct", "财政直接支付"
        CASH = "cash", "现金"
        OFFSET = "offset", "冲抵借款"

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="finance_claim")
    kind = models.CharField("报销类别", max_length=20, choices=Kind.choices, default=Kind.GENERAL)
    purpose = models.TextField("报销事由")
    witness = models.ForeignKey(User, verbose_name="证明人", on_delete=models.PROTECT, related_name="witnessed_claims")
    # An advance this claim settles (冲借款), when the claimant had one.
    advance = models.ForeignKey(
        "Advance", verbose_name="冲抵借款", on_delete=models.PROTECT, null=True, blank=True, related_name="claims"
    )
    # The sum of the items, kept on the row so lists and the register need no aggregate.
    amount = models.DecimalField("报销金额（元）", max_digits=14, decimal_places=2, default=Decimal("0.00"))
    first_spent_on = models.DateField("最早费用发生日期", null=True, blank=True)
    filed_on = models.DateField("提交报销日期", null=True, blank=True)
    days_after_expense = models.PositiveIntegerField("费用发生后提交天数", null=True, blank=True)
    filed_late = models.BooleanField("逾期报销", default=False, db_index=True)
    paid_on = models.DateField("付款日期", null=True, blank=True)
    paid_by = models.ForeignKey(
        User, verbose_name="付款经办", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    pay_method = models.CharField("付款方式", max_length=20, choices=PayMethod.choices, blank=True)
    voucher_no = models.CharField("记账凭证号", max_length=40, blank=True)
    history = HistoricalRecords()

    objects = CaseRecordQuerySet.as_manager()

    class Meta:
        verbose_name = "报销单"
        verbose_name_plural = "报销单"

    def __str__(self):
        return self.case.title

    @property
    def is_paid(self):
        return self.paid_on is not None

    def days_since_expense(self, day=None):
        """Days from the earliest expense to `day` (default: the filing date, else today)."""
        if self.first_spent_on is None:
            return None
        day = day or self.filed_on or timezone.localdate()
        return (day - self.first_spent_on).days


class ClaimItem(models.Model):
    class Category(models.TextChoices):
        OFFICE = "office", "办公费"
        PRINTING = "printing", "印刷费"
        TRAVEL = "travel", "差旅费"
        MEETING = "meeting", "会议费"
        TRAINING = "training", "培训费"
        HOSPITALITY = "reception", "公务接待费"  # the stored value predates the name
        VEHICLE = "vehicle", "公务用车运行维护费"
        REPAIR = "repair", "维修（护）费"
        UTILITIES = "utilities", "水电费"
        OTHER = "other", "其他"

    class Meal(models.TextChoices):
        BREAKFAST = "breakfast", "早餐"
        LUNCH = "lunch", "中餐"
        DINNER = "dinner", "晚餐"

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="items")
    seq = models.PositiveSmallIntegerField("序号")
    spent_on = models.DateField("费用发生日期")
    category = models.CharField("费用类别", max_length=20, choices=Category.choices)
    description = models.CharField("摘要", max_length=200)
    invoices = models.PositiveSmallIntegerField("票据张数", default=1)
    amount = models.DecimalField("金额（元）", max_digits=12, decimal_places=2, validators=[MinValueValidator(CENT)])
    # Official meals only: who dined, at which standard.
    meal = models.CharField("餐次", max_length=10, choices=Meal.choices, blank=True)
    persons = models.PositiveSmallIntegerField("就餐人数", null=True, blank=True)
    meal_standard = models.ForeignKey(
        MealStandard, verbose_name="用餐标准", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "报销明细"
        verbose_name_plural = "报销明细"
        ordering = ["seq", "id"]
        constraints = [models.CheckConstraint(condition=models.Q(amount__gt=0), name="claimitem_amount_positive")]

    def __str__(self):
        return f"{self.description} {self.amount}"

    @property
    def meal_standard_amount(self):
        """Yuan per person for this line's meal at its standard (None when not a meal line)."""
        return self.meal_standard.amount_for(self.meal) if self.meal_standard_id else None

    @property
    def meal_limit(self):
        """The most this meal may cost: persons × the standard (None when not a meal line)."""
        if self.meal_standard_id is None or not self.persons:
            return None
        return yuan(self.meal_standard.amount_for(self.meal) * self.persons)


class DecisionRecord(models.Model):
    """集体决策记录: the leadership's collective decision, or the party group's meeting, on a case."""

    class Kind(models.TextChoices):
        COLLECTIVE = "collective", "局领导班子集体研究"
        PARTY_GROUP = "party_group", "局党组会议研究"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="decision_records")
    kind = models.CharField("决策形式", max_length=20, choices=Kind.choices)
    meeting = models.CharField("会议名称", max_length=100)
    held_on = models.DateField("会议日期")
    minutes_ref = models.CharField("纪要/记录编号", max_length=60)
    minutes = models.ForeignKey(
        "workflow.Attachment", verbose_name="会议纪要（附件）", on_delete=models.PROTECT, related_name="+"
    )
    recorded_by = models.ForeignKey(User, verbose_name="登记人", on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField("登记时间", default=timezone.now)

    class Meta:
        verbose_name = "集体决策记录"
        verbose_name_plural = "集体决策记录"
        ordering = ["held_on", "id"]

    def __str__(self):
        return f"{self.meeting}（{self.held_on:%Y-%m-%d}）"
