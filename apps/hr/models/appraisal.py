"""Appraisals (seed 002 rules 16, 18; seed 000 2.3): quarterly (平时考核, 好 at most 30% of all
appraised, bureau-wide) and annual (年度考核: decided by the party group, published for at least 5 working days
before it is final, on the engine with the DeadlineRule appraisal-public-notice)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

User = settings.AUTH_USER_MODEL


class AppraisalRound(models.Model):
    class Kind(models.TextChoices):
        QUARTERLY = "quarterly", "平时考核（季度）"
        ANNUAL = "annual", "年度考核"

    class Status(models.TextChoices):
        DRAFT = "draft", "评定中"
        SUBMITTED = "submitted", "报党组研究/公示中"
        FINAL = "final", "已确定"

    kind = models.CharField("类别", max_length=10, choices=Kind.choices)
    year = models.PositiveSmallIntegerField("年度")
    quarter = models.PositiveSmallIntegerField("季度", null=True, blank=True)
    good_cap_percent = models.PositiveSmallIntegerField(
        "“好”等次比例上限（%）",
        default=30,
        help_text="平时考核“好”等次控制在参评总人数的30%以内（全局合计，内部制度第十六条三）",
    )
    excellent_cap_percent = models.PositiveSmallIntegerField(
        "“优秀”等次比例上限（%）",
        default=20,
        help_text="年度考核：《公务员考核规定》优秀等次一般掌握在参加年度考核人数的20%以内，最多不超过25%（待核实）",
    )
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.DRAFT)
    case = models.OneToOneField(
        "workflow.Case",
        verbose_name="审批与公示",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="appraisal_round",
    )
    created_by = models.ForeignKey(User, verbose_name="创建人", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("创建时间", default=timezone.now)
    finalized_at = models.DateTimeField("确定时间", null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "考核"
        verbose_name_plural = "考核"
        ordering = ["-year", "-quarter"]
        constraints = [models.UniqueConstraint(fields=["kind", "year", "quarter"], name="appraisal_round_once")]

    def __str__(self):
        if self.kind == self.Kind.QUARTERLY:
            return f"{self.year}年第{self.quarter}季度平时考核"
        return f"{self.year}年度考核"


QUARTER_GRADES = [("good", "好"), ("fair", "较好"), ("average", "一般"), ("poor", "较差")]
ANNUAL_GRADES = [("excellent", "优秀"), ("competent", "称职"), ("basic", "基本称职"), ("incompetent", "不称职")]


class AppraisalGrade(models.Model):
    round = models.ForeignKey(AppraisalRound, on_delete=models.CASCADE, related_name="grades")
    person = models.ForeignKey(User, verbose_name="人员", on_delete=models.PROTECT, related_name="appraisal_grades")
    unit = models.ForeignKey("org.Section", verbose_name="单位", on_delete=models.PROTECT, related_name="+")
    grade = models.CharField("等次", max_length=12, choices=QUARTER_GRADES + ANNUAL_GRADES, blank=True)
    note = models.CharField("评语/说明", max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "考核等次"
        verbose_name_plural = "考核等次"
        ordering = ["unit__order", "person__full_name"]
        constraints = [models.UniqueConstraint(fields=["round", "person"], name="appraisal_grade_once")]
