"""廉政风险防范 (seed 002 rule 6 廉政风险防范管理制度).

* Risk points (风险点) per unit and post, with their level and prevention measures, published
  within the bureau (第四条 局内公开).
* The half-yearly democratic evaluation of party members' and cadres' integrity (第五条(五)).
* 警示提醒 (谈话/书面) and 诫勉纠错 (第六、七条): an 诫勉 follows a reminder that was not acted
  on, or an early-stage problem that has caused no loss yet. These are personal discipline
  records: the personnel section, the director and the person concerned see them.
* The yearly assessment, reported to the whole bureau (第九条).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from apps.accounts.models import Rank
from apps.training.access import is_business, is_keeper


def sees_discipline(user):
    return is_keeper(user) or (is_business(user) and user.rank == Rank.DIRECTOR)


class RiskPoint(models.Model):
    class Level(models.TextChoices):
        HIGH = "high", "高"
        MEDIUM = "medium", "中"
        LOW = "low", "低"

    section = models.ForeignKey(
        "org.Section", verbose_name="单位（股室、司法所）", on_delete=models.PROTECT, related_name="+"
    )
    post = models.CharField("岗位", max_length=60, help_text="如：资金审批岗；填“领导班子”表示班子层面")
    description = models.TextField("风险点及表现形式")
    level = models.CharField("风险等级", max_length=10, choices=Level.choices)
    measures = models.TextField("防范措施")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="责任人",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField("年度")
    active = models.BooleanField("在用", default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "廉政风险点"
        verbose_name_plural = "廉政风险点"
        ordering = ["section__kind", "section__order", "post", "pk"]


class EvaluationRound(models.Model):
    """半年民主测评."""

    class Half(models.IntegerChoices):
        FIRST = 1, "上半年"
        SECOND = 2, "下半年"

    year = models.PositiveSmallIntegerField("年度")
    half = models.PositiveSmallIntegerField("半年", choices=Half.choices)
    held_on = models.DateField("测评日期")
    note = models.CharField("说明", max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        verbose_name = "廉政民主测评"
        verbose_name_plural = "廉政民主测评"
        ordering = ["-year", "-half"]
        constraints = [models.UniqueConstraint(fields=["year", "half"], name="integrity_round_once")]

    def __str__(self):
        return f"{self.year}年{self.get_half_display()}廉政民主测评"


class EvaluationResult(models.Model):
    class Grade(models.TextChoices):
        GOOD = "good", "好"
        FAIR = "fair", "较好"
        AVERAGE = "average", "一般"
        POOR = "poor", "较差"

    round = models.ForeignKey(EvaluationRound, on_delete=models.CASCADE, related_name="results")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    grade = models.CharField("测评结果", max_length=10, choices=Grade.choices)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "民主测评结果"
        verbose_name_plural = "民主测评结果"
        constraints = [models.UniqueConstraint(fields=["round", "person"], name="integrity_result_once")]


class ReminderQuerySet(models.QuerySet):
    def visible_to(self, user):
        if sees_discipline(user):
            return self
        if not is_business(user):
            return self.none()
        return self.filter(person=user)


class Reminder(models.Model):
    class Kind(models.TextChoices):
        TALK = "talk", "警示提醒（谈话）"
        WRITTEN = "written", "警示提醒（书面）"
        ADMONISH = "admonish", "诫勉纠错"

    class Cause(models.TextChoices):
        REPORTED = "reported", "群众或者干部有反映"
        MEASURES = "measures", "落实风险防范措施不力"
        EVALUATION = "evaluation", "民主测评较差"
        ORGANISATION = "organisation", "组织认为有必要提醒"
        NOT_CORRECTED = "not_corrected", "警示提醒后仍未改正（诫勉）"
        EARLY_SIGN = "early_sign", "出现苗头性问题尚未造成损失（诫勉）"

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="被提醒人", on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField("方式", max_length=10, choices=Kind.choices)
    cause = models.CharField("原因", max_length=20, choices=Cause.choices)
    follows = models.ForeignKey(
        "self", verbose_name="前次警示提醒", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    facts = models.TextField("问题及要求")
    given_on = models.DateField("日期")
    given_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    explanation = models.TextField("当事人说明及整改措施", blank=True)
    corrected_on = models.DateField("整改到位日期", null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    objects = ReminderQuerySet.as_manager()

    class Meta:
        verbose_name = "警示提醒与诫勉"
        verbose_name_plural = "警示提醒与诫勉"
        ordering = ["-given_on", "-pk"]

    @property
    def open(self):
        return self.corrected_on is None


REMINDER_CAUSES = [c for c in Reminder.Cause if c not in (Reminder.Cause.NOT_CORRECTED, Reminder.Cause.EARLY_SIGN)]
ADMONISH_CAUSES = [Reminder.Cause.NOT_CORRECTED, Reminder.Cause.EARLY_SIGN]


class YearAssessment(models.Model):
    """风险防范管理工作年度综合考核评估, 通报全局."""

    year = models.PositiveSmallIntegerField("年度", unique=True)
    summary = models.TextField("考核评估情况")
    conclusion = models.TextField("结论及整改要求")
    reported_on = models.DateField("通报全局日期", null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        verbose_name = "廉政风险防范年度考核"
        verbose_name_plural = "廉政风险防范年度考核"
        ordering = ["-year"]


def open_reminders_of(person):
    return Reminder.objects.filter(person=person, corrected_on__isnull=True).exclude(kind=Reminder.Kind.ADMONISH)
