"""绩效考核 (seed 002 rule 18): a yearly score of 100 — common indicators 30, individual 60,
democratic evaluation 10 — plus the bonus points of rule 18 四, graded 优秀/良好/合格.

The bonus points come from every app that feeds them (apps/hr/appraisal/bonus.py): the
bulletin's adoptions by outside media, and the personnel section's own BonusEntry rows for the
party group's tasks and recognised innovation.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

User = settings.AUTH_USER_MODEL

COMMON_MAX, INDIVIDUAL_MAX, DEMOCRATIC_MAX = Decimal(30), Decimal(60), Decimal(10)


class PerformanceYear(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "评分中"
        FINAL = "final", "已确定"

    year = models.PositiveSmallIntegerField("年度", unique=True)
    excellent_quota = models.PositiveSmallIntegerField(
        "“优秀”等次人数",
        default=0,
        help_text="“优秀”等次人数严格按区绩效考评结果所定等次确定（内部制度第十八条五（二））",
    )
    good_min_score = models.DecimalField(
        "“良好”最低分",
        max_digits=5,
        decimal_places=1,
        default=Decimal("85"),
        help_text="制度未规定良好与合格的分界，由本局在年度绩效考核方案中确定；此处为默认值",
    )
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(User, verbose_name="创建人", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("创建时间", default=timezone.now)
    finalized_at = models.DateTimeField("确定时间", null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "年度绩效考核"
        verbose_name_plural = "年度绩效考核"
        ordering = ["-year"]

    def __str__(self):
        return f"{self.year}年度绩效考核"


class PerformanceScore(models.Model):
    class Grade(models.TextChoices):
        EXCELLENT = "excellent", "优秀"
        GOOD = "good", "良好"
        PASS = "pass", "合格"

    score_year = models.ForeignKey(PerformanceYear, on_delete=models.CASCADE, related_name="scores")
    person = models.ForeignKey(User, verbose_name="人员", on_delete=models.PROTECT, related_name="performance_scores")
    unit = models.ForeignKey("org.Section", verbose_name="单位", on_delete=models.PROTECT, related_name="+")
    common = models.DecimalField(
        "共性指标（30分）",
        max_digits=4,
        decimal_places=1,
        default=Decimal(0),
        validators=[MinValueValidator(0), MaxValueValidator(COMMON_MAX)],
    )
    individual = models.DecimalField(
        "个性指标（60分）",
        max_digits=4,
        decimal_places=1,
        default=Decimal(0),
        validators=[MinValueValidator(0), MaxValueValidator(INDIVIDUAL_MAX)],
    )
    democratic = models.DecimalField(
        "民主评议（10分）",
        max_digits=4,
        decimal_places=1,
        default=Decimal(0),
        validators=[MinValueValidator(0), MaxValueValidator(DEMOCRATIC_MAX)],
    )
    # Frozen when the year is confirmed, so what staff were told cannot drift.
    bonus = models.DecimalField("加分", max_digits=5, decimal_places=1, null=True, blank=True)
    bonus_detail = models.TextField("加分明细", blank=True)
    last_place = models.CharField(
        "定为末等的原因",
        max_length=200,
        blank=True,
        help_text="一年内缺勤三天（次）以上、作风督查被通报的，绩效考核为末等（内部制度第二条三）",
    )
    grade = models.CharField("等次", max_length=10, choices=Grade.choices, blank=True)
    rank = models.PositiveSmallIntegerField("名次", null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "绩效考核得分"
        verbose_name_plural = "绩效考核得分"
        ordering = ["rank", "unit__order", "person__full_name"]
        constraints = [models.UniqueConstraint(fields=["score_year", "person"], name="performance_score_once")]

    def __str__(self):
        return f"绩效考核得分 {self.pk}"

    @property
    def base(self):
        return self.common + self.individual + self.democratic

    @property
    def total(self):
        return self.base + (self.bonus or Decimal(0))


class BonusEntry(models.Model):
    """One bonus of rule 18 四 that the personnel section records for a person."""

    class Kind(models.TextChoices):
        PARTY_TASK = "party_task", "服从局党组安排，为党组分忧解难（每次5分）"
        INNOVATION = "innovation", "创新性工作被市局或区绩效考核办认定（2分）"

    POINTS = {Kind.PARTY_TASK: Decimal(5), Kind.INNOVATION: Decimal(2)}

    person = models.ForeignKey(User, verbose_name="人员", on_delete=models.PROTECT, related_name="bonus_entries")
    year = models.PositiveSmallIntegerField("年度")
    kind = models.CharField("加分情形", max_length=20, choices=Kind.choices)
    points = models.DecimalField("分值", max_digits=4, decimal_places=1)
    event_date = models.DateField("日期")
    note = models.CharField("事由", max_length=200)
    registered_by = models.ForeignKey(User, verbose_name="登记人", on_delete=models.PROTECT, related_name="+")
    registered_at = models.DateTimeField("登记时间", default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "绩效考核加分"
        verbose_name_plural = "绩效考核加分"
        ordering = ["-event_date", "-id"]

    def __str__(self):
        return f"绩效考核加分 {self.pk}"
