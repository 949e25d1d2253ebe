"""Advances (借款/预支, seed 002 rule 4 (四)): an advance on the engine (process finance.advance);
settled within the period of DeadlineRule "advance-settlement" after the return, 1% a month
charged after that (apps/finance/advances/charges.py)."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from apps.workflow.models import Case

from .common import CENT, CaseRecordQuerySet

User = settings.AUTH_USER_MODEL


class Advance(models.Model):
    """借款单 (预支): the domain record of a finance.advance case."""

    class Kind(models.TextChoices):
        TRAVEL = "travel", "出差预支"
        OFFICIAL = "official", "其他公务预支"

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="finance_advance")
    kind = models.CharField("预支类别", max_length=20, choices=Kind.choices, default=Kind.TRAVEL)
    purpose = models.TextField("借款事由")
    amount = models.DecimalField(
        "借款金额（元）", max_digits=14, decimal_places=2, validators=[MinValueValidator(CENT)]
    )
    expected_return_on = models.DateField("预计返回（公务完成）日期")
    disbursed_on = models.DateField("付款日期", null=True, blank=True)
    disbursed_by = models.ForeignKey(
        User, verbose_name="付款经办", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    voucher_no = models.CharField("记账凭证号", max_length=40, blank=True)
    returned_on = models.DateField("实际返回（公务完成）日期", null=True, blank=True)
    # Kept on the row (the clock's due date, or expected return + the rule's period before the
    # return is registered) so the register can filter overdue advances without a join.
    settle_by = models.DateField("报账期限", null=True, blank=True, db_index=True)
    settled_on = models.DateField("报账日期", null=True, blank=True)
    spent_amount = models.DecimalField("报账冲抵金额（元）", max_digits=14, decimal_places=2, null=True, blank=True)
    cash_returned = models.DecimalField("退回现金（元）", max_digits=14, decimal_places=2, null=True, blank=True)
    settlement_note = models.CharField("报账说明", max_length=200, blank=True)
    # Fixed when the finance post verifies the settlement; until then computed on the fly.
    charge = models.DecimalField("逾期报账利息（元）", max_digits=14, decimal_places=2, null=True, blank=True)
    verified_by = models.ForeignKey(
        User, verbose_name="核销经办", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    objects = CaseRecordQuerySet.as_manager()

    class Meta:
        verbose_name = "借款单"
        verbose_name_plural = "借款单"

    def __str__(self):
        return self.case.title

    @property
    def is_settled(self):
        return self.settled_on is not None

    def charge_on(self, day=None, rate=None, partial=None):
        """The overdue charge (charges.Charge) as of `day`: today by default, the settlement
        date once settled."""
        from ..advances.charges import advance_charge

        return advance_charge(self, self.settled_on or day or timezone.localdate(), rate, partial)
