"""Office supplies (seed 000 appendix 1.3): SupplyItem / SupplyRequest (finance.supplies); stock
moves only through StockMove rows and never goes below zero (locked rows plus a constraint)."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from apps.workflow.models import Case

from .common import CaseRecordQuerySet

User = settings.AUTH_USER_MODEL


class SupplyItem(models.Model):
    """An office supply kept in stock (办公用品). `stock` changes only through StockMove."""

    name = models.CharField("品名", max_length=60, unique=True)
    spec = models.CharField("规格", max_length=60, blank=True)
    unit = models.CharField("单位", max_length=10)
    stock = models.IntegerField("库存", default=0)
    active = models.BooleanField("在用", default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "办公用品"
        verbose_name_plural = "办公用品"
        ordering = ["name"]
        constraints = [models.CheckConstraint(condition=Q(stock__gte=0), name="supplyitem_stock_not_negative")]

    def __str__(self):
        return f"{self.name}{f'（{self.spec}）' if self.spec else ''}"


class SupplyRequest(models.Model):
    """办公用品领用明细表: the domain record of a finance.supplies case."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="supply_request")
    purpose = models.CharField("用途", max_length=200)
    issued_at = models.DateTimeField("发放时间", null=True, blank=True)
    issued_by = models.ForeignKey(
        User, verbose_name="发放人", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    objects = CaseRecordQuerySet.as_manager()

    class Meta:
        verbose_name = "办公用品领用"
        verbose_name_plural = "办公用品领用"

    def __str__(self):
        return self.case.title


class SupplyLine(models.Model):
    request = models.ForeignKey(SupplyRequest, on_delete=models.CASCADE, related_name="lines")
    item = models.ForeignKey(SupplyItem, verbose_name="品名", on_delete=models.PROTECT, related_name="+")
    quantity = models.PositiveIntegerField("数量", validators=[MinValueValidator(1)])

    class Meta:
        verbose_name = "领用明细"
        verbose_name_plural = "领用明细"
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["request", "item"], name="supplyline_one_per_item")]


class StockMove(models.Model):
    """One change of stock: a receipt (入库, positive) or an issue (发放, negative)."""

    item = models.ForeignKey(SupplyItem, on_delete=models.PROTECT, related_name="moves")
    quantity = models.IntegerField("数量（入库为正，发放为负）")
    balance = models.IntegerField("结存")
    request = models.ForeignKey(SupplyRequest, on_delete=models.PROTECT, null=True, blank=True, related_name="moves")
    note = models.CharField("说明", max_length=200, blank=True)
    actor = models.ForeignKey(User, verbose_name="经办人", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("时间", default=timezone.now)

    class Meta:
        verbose_name = "库存变动"
        verbose_name_plural = "库存变动"
        ordering = ["-created_at", "-id"]
