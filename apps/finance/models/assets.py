"""Fixed assets (seed 000 appendix 1.12; seed 002 rule 4 六): the asset card (keeper, location),
StockTake (the yearly count with its discrepancies), AssetDisposal (finance.disposal): disposal
approved before the card is closed."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from apps.workflow.models import Case

from .common import CaseRecordQuerySet

User = settings.AUTH_USER_MODEL


class Asset(models.Model):
    """固定资产卡片: who keeps it and where it is (seed 002 rule 4 六(四))."""

    class Status(models.TextChoices):
        IN_USE = "in_use", "在用"
        IDLE = "idle", "闲置"
        MISSING = "missing", "盘亏待查"
        DISPOSED = "disposed", "已处置"

    number = models.CharField("资产编号", max_length=30, unique=True)
    name = models.CharField("资产名称", max_length=100)
    category = models.CharField("资产类别", max_length=40)
    spec = models.CharField("规格型号", max_length=100, blank=True)
    value = models.DecimalField("原值（元）", max_digits=14, decimal_places=2, validators=[MinValueValidator(0)])
    acquired_on = models.DateField("取得日期")
    section = models.ForeignKey("org.Section", verbose_name="使用部门", on_delete=models.PROTECT, related_name="+")
    keeper = models.ForeignKey(User, verbose_name="保管人", on_delete=models.PROTECT, related_name="kept_assets")
    location = models.CharField("存放地点", max_length=100)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.IN_USE)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "固定资产"
        verbose_name_plural = "固定资产"
        ordering = ["number"]

    def __str__(self):
        return f"{self.number} {self.name}"


class StockTake(models.Model):
    """年度资产清查盘点 (《固定资产盘点单》)."""

    year = models.PositiveSmallIntegerField("年度", unique=True)
    started_by = models.ForeignKey(User, verbose_name="发起人", on_delete=models.PROTECT, related_name="+")
    started_at = models.DateTimeField("开始时间", default=timezone.now)
    closed_at = models.DateTimeField("结束时间", null=True, blank=True)

    class Meta:
        verbose_name = "资产盘点"
        verbose_name_plural = "资产盘点"
        ordering = ["-year"]

    def __str__(self):
        return f"{self.year}年度资产盘点"


class StockTakeLine(models.Model):
    class Result(models.TextChoices):
        PENDING = "pending", "未盘点"
        OK = "ok", "账实相符"
        MOVED = "moved", "存放地点不符"
        MISSING = "missing", "盘亏（未找到）"
        DAMAGED = "damaged", "损坏待报废"
        SURPLUS = "surplus", "盘盈（账外资产）"

    stocktake = models.ForeignKey(StockTake, on_delete=models.CASCADE, related_name="lines")
    asset = models.ForeignKey(Asset, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    # The card as it stood when the count began (a later edit of the card does not rewrite it).
    booked_location = models.CharField("账面存放地点", max_length=100, blank=True)
    description = models.CharField("盘盈资产描述", max_length=200, blank=True)
    result = models.CharField("盘点结果", max_length=10, choices=Result.choices, default=Result.PENDING)
    found_location = models.CharField("实际存放地点", max_length=100, blank=True)
    note = models.CharField("说明", max_length=200, blank=True)
    checked_by = models.ForeignKey(
        User, verbose_name="盘点人", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    checked_at = models.DateTimeField("盘点时间", null=True, blank=True)

    class Meta:
        verbose_name = "盘点明细"
        verbose_name_plural = "盘点明细"
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["stocktake", "asset"], name="stocktakeline_one_per_asset"),
        ]

    @property
    def is_discrepancy(self):
        return self.result not in (self.Result.PENDING, self.Result.OK)


class AssetDisposal(models.Model):
    """固定资产报处置单: the domain record of a finance.disposal case."""

    class Method(models.TextChoices):
        SCRAP = "scrap", "报废"
        LOSS = "loss", "报损（盘亏）"
        TRANSFER = "transfer", "无偿调拨"
        SALE = "sale", "出售"

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="asset_disposal")
    asset = models.ForeignKey(Asset, verbose_name="资产", on_delete=models.PROTECT, related_name="disposals")
    method = models.CharField("处置方式", max_length=10, choices=Method.choices)
    reason = models.TextField("处置原因（查明原因、确定责任）")
    disposed_on = models.DateField("处置日期", null=True, blank=True)
    proceeds = models.DecimalField("处置收入（元）", max_digits=12, decimal_places=2, null=True, blank=True)
    history = HistoricalRecords()

    objects = CaseRecordQuerySet.as_manager()

    class Meta:
        verbose_name = "资产处置"
        verbose_name_plural = "资产处置"

    def __str__(self):
        return self.case.title
