"""教育培训 (seed 000 2.2): the yearly training plan (approved through its chain), the courses
held under it, who attended, and the hours on the online learning platforms imported from the
platform's export file. A person's hours in a year = the hours of the courses attended + the
platform hours imported for that year."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from apps.workflow.models import Case

from .access import sees_all

HOURS = {"max_digits": 6, "decimal_places": 1, "validators": [MinValueValidator(Decimal("0"))]}


class TrainingPlanQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(case__in=Case.objects.visible_to(user).values("pk"))


class TrainingPlan(models.Model):
    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="training_plan")
    year = models.PositiveSmallIntegerField("年度")
    body = models.TextField("计划内容（培训项目、对象、时间安排）")
    required_hours = models.DecimalField("每人年度学时要求", null=True, blank=True, **HOURS)
    history = HistoricalRecords()

    objects = TrainingPlanQuerySet.as_manager()

    class Meta:
        verbose_name = "年度培训计划"
        verbose_name_plural = "年度培训计划"

    def __str__(self):
        return self.case.title


class Course(models.Model):
    class Kind(models.TextChoices):
        CENTRAL = "central", "集中培训"
        LECTURE = "lecture", "专题讲座"
        OUTSIDE = "outside", "外出培训（上级调训）"
        SKILL = "skill", "业务技能培训"

    plan = models.ForeignKey(
        TrainingPlan,
        verbose_name="所属年度计划",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="courses",
    )
    title = models.CharField("课程（培训班）名称", max_length=120)
    kind = models.CharField("类别", max_length=20, choices=Kind.choices, default=Kind.CENTRAL)
    held_on = models.DateField("培训日期")
    hours = models.DecimalField("学时", **HOURS)
    organiser = models.CharField("主办单位", max_length=80, default="区司法局政工科")
    place = models.CharField("地点", max_length=80, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "培训课程"
        verbose_name_plural = "培训课程"
        ordering = ["-held_on", "-pk"]

    def __str__(self):
        return f"{self.held_on:%Y-%m-%d} {self.title}"

    @property
    def year(self):
        return self.held_on.year

    def visible_to(self, user):
        return sees_all(user) or self.attendances.filter(person=user).exists()


class Attendance(models.Model):
    class Status(models.TextChoices):
        PRESENT = "present", "出勤"
        LEAVE = "leave", "请假"
        ABSENT = "absent", "缺勤"

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="attendances")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="参训人员", on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField("出勤情况", max_length=10, choices=Status.choices, default=Status.PRESENT)
    hours = models.DecimalField("计入学时", **HOURS)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "培训出勤"
        verbose_name_plural = "培训出勤"
        constraints = [models.UniqueConstraint(fields=["course", "person"], name="training_attendance_once")]


class PlatformImport(models.Model):
    """One upload of a platform's export: what was read and what could not be matched."""

    year = models.PositiveSmallIntegerField("年度")
    platform = models.CharField("学习平台", max_length=60)
    file_name = models.CharField("文件名", max_length=200)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    imported_at = models.DateTimeField(default=timezone.now)
    rows_read = models.PositiveIntegerField("读取行数", default=0)
    rows_matched = models.PositiveIntegerField("导入行数", default=0)
    problems = models.JSONField("未能导入的行", default=list)

    class Meta:
        verbose_name = "网络学时导入"
        verbose_name_plural = "网络学时导入"
        ordering = ["-imported_at", "-pk"]


class PlatformHours(models.Model):
    """A person's hours on one platform in one year (the latest import replaces the figure)."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    platform = models.CharField("学习平台", max_length=60)
    hours = models.DecimalField("学时", **HOURS)
    source = models.ForeignKey(PlatformImport, on_delete=models.PROTECT, related_name="rows")
    history = HistoricalRecords()

    class Meta:
        verbose_name = "网络平台学时"
        verbose_name_plural = "网络平台学时"
        constraints = [
            models.UniqueConstraint(fields=["person", "year", "platform"], name="training_platform_hours_once")
        ]
