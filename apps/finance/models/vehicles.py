"""Vehicles (seed 002 rule 5 车辆管理制度): the bureau's cars (定车定人: each has its driver);
VehicleRequest (finance.vehicle), a trip asked for on the 公车使用审批单; VehicleRepair
(finance.repair), approved before the car goes to the designated workshop."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from apps.workflow.models import Case

from .common import CaseRecordQuerySet

User = settings.AUTH_USER_MODEL


class Vehicle(models.Model):
    """A car of the bureau (公务用车台账), with its assigned driver."""

    class Status(models.TextChoices):
        ACTIVE = "active", "在用"
        REPAIR = "repair", "维修中"
        RETIRED = "retired", "停用"

    plate = models.CharField("车牌号", max_length=20, unique=True)
    model = models.CharField("品牌型号", max_length=60)
    seats = models.PositiveSmallIntegerField("座位数", default=5)
    driver = models.ForeignKey(
        User, verbose_name="定车驾驶员", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
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
    vehicle = models.ForeignKey(
        Vehicle, verbose_name="派出车辆", on_delete=models.PROTECT, null=True, blank=True, related_name="trips"
    )
    driver = models.ForeignKey(
        User, verbose_name="驾驶员", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    dispatched_by = models.ForeignKey(
        User, verbose_name="派车人", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    dispatched_at = models.DateTimeField("派车时间", null=True, blank=True)
    returned_at = models.DateTimeField("实际返回时间", null=True, blank=True)
    mileage = models.PositiveIntegerField("行驶里程（公里）", null=True, blank=True)
    history = HistoricalRecords()

    objects = CaseRecordQuerySet.as_manager()

    class Meta:
        verbose_name = "用车申请"
        verbose_name_plural = "用车申请"
        constraints = [
            models.CheckConstraint(
                condition=Q(return_at__gt=models.F("depart_at")), name="vehiclerequest_times_ordered"
            )
        ]

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
