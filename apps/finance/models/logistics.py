"""Internal logistics on the engine: vehicles (seed 002 rule 5 车辆管理制度), office supplies (seed
000 appendix 1.3), fixed assets (1.12; seed 002 rule 4 六) and official reception (1.2).

* Vehicle: the bureau's cars (定车定人: each has its driver). VehicleRequest (finance.vehicle):
  a trip asked for on the 公车使用审批单, approved by rule rows, dispatched by the office; trips
  inside the city are refused (城区内禁止使用公车) and a trip that leaves no car at home goes to the
  main leader (所有车辆同时外出，报主要领导同意). VehicleRepair (finance.repair): approved before
  the car goes to the designated workshop.
* SupplyItem / SupplyRequest (finance.supplies): 申请 → 科室负责人 → 分管领导 → 登记 → 发放; stock
  moves only through StockMove rows and never goes below zero (locked rows plus a constraint).
* Asset: the asset card (卡片: keeper, location); StockTake: the yearly count with its
  discrepancies; AssetDisposal (finance.disposal): disposal approved before the card is closed.
* Reception (finance.reception): the 公务接待审批单 with the activity plan and the approved budget.
"""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from apps.workflow.models import Case

from .claims import CaseRecordQuerySet

User = settings.AUTH_USER_MODEL

__all__ = [
    "Vehicle", "VehicleRequest", "VehicleRepair", "SupplyItem", "SupplyRequest", "SupplyLine", "StockMove",
    "Asset", "StockTake", "StockTakeLine", "AssetDisposal", "Reception",
]


# --- vehicles -----------------------------------------------------------------------------------


class Vehicle(models.Model):
    """A car of the bureau (公务用车台账), with its assigned driver."""

    class Status(models.TextChoices):
        ACTIVE = "active", "在用"
        REPAIR = "repair", "维修中"
        RETIRED = "retired", "停用"

    plate = models.CharField("车牌号", max_length=20, unique=True)
    model = models.CharField("品牌型号", max_length=60)
    seats = models.PositiveSmallIntegerField("座位数", default=5)
    driver = models.ForeignKey(User, verbose_name="定车驾驶员", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.ACTIVE)
    note = models.CharField("备注", max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "公务用车"
        verbose_name_plural = "公务用车"
        ordering = ["plate"]

    def __str__(self):
        return f"{self.plate}（{self.model}）"


class VehicleRequest(models.Model):
    """公车使用审批单: the domain record of a finance.vehicle case."""

    class Scope(models.TextChoices):
        CITY = "city", "城区内"
        DISTRICT = "district", "区内乡镇（城区外）"
        OUTSIDE = "outside", "出区（市内）"
        FAR = "far", "出市"

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="vehicle_request")
    purpose = models.TextField("用车事由")
    destination = models.CharField("目的地", max_length=100)
    scope = models.CharField("行程范围", max_length=10, choices=Scope.choices)
    depart_at = models.DateTimeField("出车时间")
    return_at = models.DateTimeField("预计返回时间")
    passengers = models.PositiveSmallIntegerField("乘车人数", validators=[MinValueValidator(1)])
    # Decided at submission from the bookings: no other car would stay at home.
    all_cars_out = models.BooleanField("所有车辆同时外出", default=False)
    vehicle = models.ForeignKey(Vehicle, verbose_name="派出车辆", on_delete=models.PROTECT, null=True, blank=True, related_name="trips")
    driver = models.ForeignKey(User, verbose_name="驾驶员", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    dispatched_by = models.ForeignKey(User, verbose_name="派车人", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    dispatched_at = models.DateTimeField("派车时间", null=True, blank=True)
    returned_at = models.DateTimeField("实际返回时间", null=True, blank=True)
    mileage = models.PositiveIntegerField("行驶里程（公里）", null=True, blank=True)
    history = HistoricalRecords()

    objects = CaseRecordQuerySet.as_manager()

    class Meta:
        verbose_name = "用车申请"
        verbose_name_plural = "用车申请"
        constraints = [models.CheckConstraint(condition=Q(return_at__gt=models.F("depart_at")), name="vehiclerequest_times_ordered")]

    def __str__(self):
        return self.case.title


class VehicleRepair(models.Model):
    """车辆维修: the driver's repair plan, approved before the car goes to the workshop."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="vehicle_repair")
    vehicle = models.ForeignKey(Vehicle, verbose_name="车辆", on_delete=models.PROTECT, related_name="repairs")
    fault = models.TextField("故障及维修项目")
    workshop = models.CharField("定点维修单位", max_length=100)
    estimate = models.DecimalField("预计费用（元）", max_digits=12, decimal_places=2, validators=[MinValueValidator(0)])
    sent_on = models.DateField("送修日期", null=True, blank=True)
    cost = models.DecimalField("实际费用（元）", max_digits=12, decimal_places=2, null=True, blank=True)
    history = HistoricalRecords()

    objects = CaseRecordQuerySet.as_manager()

    class Meta:
        verbose_name = "车辆维修"
        verbose_name_plural = "车辆维修"

    def __str__(self):
        return self.case.title


# --- office supplies ----------------------------------------------------------------------------


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
    issued_by = models.ForeignKey(User, verbose_name="发放人", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
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


# --- fixed assets -------------------------------------------------------------------------------


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
    checked_by = models.ForeignKey(User, verbose_name="盘点人", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
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


# --- official reception -------------------------------------------------------------------------


class Reception(models.Model):
    """公务接待审批单 with the activity plan (活动方案) and the approved budget."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="reception")
    visitor_unit = models.CharField("来访单位", max_length=100)
    letter_ref = models.CharField("来访公函", max_length=100, help_text="公函文号或通知名称")
    guests = models.PositiveSmallIntegerField("来访人数", validators=[MinValueValidator(1)])
    escorts = models.PositiveSmallIntegerField("陪同人数", default=0)
    guest_level = models.ForeignKey(
        "MealStandard", verbose_name="接待对象级别", on_delete=models.PROTECT, related_name="+"
    )
    arrive_on = models.DateField("抵达日期")
    leave_on = models.DateField("离开日期")
    plan = models.TextField("活动方案", help_text="各环节的时间、任务和责任人，需要其他科室配合的内容")
    meals = models.PositiveSmallIntegerField("用餐次数", default=0)
    budget_meals = models.DecimalField("用餐预算（元）", max_digits=12, decimal_places=2, default=0)
    budget_lodging = models.DecimalField("住宿预算（元）", max_digits=12, decimal_places=2, default=0)
    budget_other = models.DecimalField("其他预算（元）", max_digits=12, decimal_places=2, default=0)
    actual_cost = models.DecimalField("实际费用（元）", max_digits=12, decimal_places=2, null=True, blank=True)
    history = HistoricalRecords()

    objects = CaseRecordQuerySet.as_manager()

    class Meta:
        verbose_name = "公务接待"
        verbose_name_plural = "公务接待"
        constraints = [models.CheckConstraint(condition=Q(leave_on__gte=models.F("arrive_on")), name="reception_dates_ordered")]

    def __str__(self):
        return self.case.title

    @property
    def budget(self):
        return self.budget_meals + self.budget_lodging + self.budget_other
