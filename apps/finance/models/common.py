"""What the finance app's records share: money to the fen, the default-deny queryset of case
records, and the numbers of the finance rules (seed 002 rule 4 财务管理制度).

* Standard: the thresholds and rates of the finance rules that are not approval chains (the
  collective-decision amount, the party-group amount, the one-week filing limit, the monthly
  overdue rate). Admin rows, historied, seeded once from fixtures/finance_standards.json: the
  two seeds differ on them, so each bureau sets its own and every change is kept.
* MealStandard: per person and meal, by the guests' rank (省部级 200, 厅局级 160, 其余 140).

Who approves is never here: the chains are ApprovalRule rows (fixtures/finance_rules.json).
"""

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from apps.workflow.models import Case

User = settings.AUTH_USER_MODEL
CENT = Decimal("0.01")


def yuan(value):
    """A Decimal rounded to the fen (0.01 yuan), half up as the cashier rounds."""
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


class CaseRecordQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Default deny: the records whose case the user may see (Case.visible_to)."""
        return self.filter(case__in=Case.objects.visible_to(user).values("pk"))


# --- the numbers of the finance rules ---------------------------------------------------------


class KeyedManager(models.Manager):
    def get_by_natural_key(self, key):
        return self.get(key=key)


class Standard(models.Model):
    """One number of the finance rules (admin row, historied, seeded once)."""

    key = models.SlugField("代码", max_length=40, unique=True)
    name = models.CharField("名称", max_length=80)
    value = models.DecimalField("数值", max_digits=14, decimal_places=4)
    unit = models.CharField("单位", max_length=10)
    basis = models.CharField("依据", max_length=200)
    history = HistoricalRecords()

    objects = KeyedManager()

    class Meta:
        verbose_name = "财务标准"
        verbose_name_plural = "财务标准（金额界限、期限、利率）"
        ordering = ["key"]

    def __str__(self):
        return f"{self.name}：{self.value.normalize():f}{self.unit}"

    def natural_key(self):
        return (self.key,)


MEALS = (("breakfast", "早餐"), ("lunch", "中餐"), ("dinner", "晚餐"))


class MealStandard(models.Model):
    """公务用餐标准: yuan per person and meal for guests of one rank (seed 002 rule 4 (二))."""

    key = models.SlugField("代码", max_length=40, unique=True)
    name = models.CharField("接待对象级别", max_length=40)
    amount = models.DecimalField("标准（元/人/餐）", max_digits=8, decimal_places=2, validators=[MinValueValidator(0)])
    # Seed 002's second scale (其他区县公务接待) differs by meal: 早餐 20、中餐 40、晚餐 40 元/人.
    # Empty: the one `amount` above applies to every meal.
    breakfast = models.DecimalField(
        "早餐标准（元/人）", max_digits=8, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    lunch = models.DecimalField(
        "中餐标准（元/人）", max_digits=8, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    dinner = models.DecimalField(
        "晚餐标准（元/人）", max_digits=8, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    order = models.PositiveSmallIntegerField("排序", default=0)
    active = models.BooleanField("启用", default=True)
    basis = models.CharField("依据", max_length=200, blank=True)
    history = HistoricalRecords()

    objects = KeyedManager()

    class Meta:
        verbose_name = "公务用餐标准"
        verbose_name_plural = "公务用餐标准"
        ordering = ["order", "key"]

    def __str__(self):
        if self.by_meal:
            meals = "、".join(f"{label} {self.amount_for(meal)}" for meal, label in MEALS)
            return f"{self.name}（{meals} 元/人）"
        return f"{self.name}（{self.amount} 元/人/餐）"

    @property
    def by_meal(self):
        return any(v is not None for v in (self.breakfast, self.lunch, self.dinner))

    def amount_for(self, meal):
        """Yuan per person for `meal` (breakfast / lunch / dinner); the single amount otherwise."""
        value = getattr(self, meal, None) if meal in ("breakfast", "lunch", "dinner") else None
        return self.amount if value is None else value

    def natural_key(self):
        return (self.key,)
