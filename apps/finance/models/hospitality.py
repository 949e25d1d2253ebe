"""Official hospitality (公务接待, seed 000 appendix 1.2): the 公务接待审批单 with the activity plan
and the approved budget (process finance.reception)."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from apps.workflow.models import Case

from .common import CaseRecordQuerySet

User = settings.AUTH_USER_MODEL


class Hospitality(models.Model):
    """公务接待审批单 with the activity plan (活动方案) and the approved budget."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="hospitality")
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
        constraints = [
            models.CheckConstraint(condition=Q(leave_on__gte=models.F("arrive_on")), name="hospitality_dates_ordered")
        ]

    def __str__(self):
        return self.case.title

    @property
    def budget(self):
        return self.budget_meals + self.budget_lodging + self.budget_other
