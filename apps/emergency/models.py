"""应急管理 (seed 000 1.1.7): the bureau's emergency plans and their revision, drills, and an
incident from activation (启动应急响应) through its reports (首报、续报 at the interval the plan
sets, 终报) to termination (终止应急), aftermath and the investigation report.

An incident is a workflow case (process emergency.incident): the office's handler holds it while
it runs; each report due is a row with its own due time (the clock of that report), which the
sweep reminds and escalates. The duty log (apps.duty) records the event on the shift.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from apps.workflow.models import Case

from .access import may_see

User = settings.AUTH_USER_MODEL


class VisibleQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.all() if may_see(user) else self.none()


class Plan(models.Model):
    class Kind(models.TextChoices):
        GENERAL = "general", "总体应急预案"
        SPECIAL = "special", "专项应急预案"
        DEPARTMENT = "department", "部门应急预案"

    title = models.CharField("预案名称", max_length=120)
    kind = models.CharField("预案类别", max_length=12, choices=Kind.choices)
    scope = models.TextField("适用范围", help_text="如：全区社区矫正对象脱管、聚集、死亡等突发事件")
    report_interval_hours = models.PositiveSmallIntegerField(
        "续报间隔（小时）", default=4, help_text="应急响应期间，续报的最长间隔；事态变化时随时续报"
    )
    revised_on = models.DateField("最近修订日期")
    revision_months = models.PositiveSmallIntegerField(
        "修订（评估）周期（月）", default=36, help_text="到期前由期限巡检提醒办公室组织评估修订"
    )
    is_active = models.BooleanField("现行有效", default=True)
    created_by = models.ForeignKey(User, verbose_name="登记人", on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "应急预案"
        verbose_name_plural = "应急预案"
        ordering = ["-is_active", "title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("emergency:plan", args=[self.pk])

    @property
    def revision_due(self):
        from .services import add_months

        return add_months(self.revised_on, self.revision_months)


class Drill(models.Model):
    class Kind(models.TextChoices):
        TABLETOP = "tabletop", "桌面推演"
        FIELD = "field", "实战演练"

    plan = models.ForeignKey(Plan, verbose_name="预案", on_delete=models.PROTECT, related_name="drills")
    held_on = models.DateField("演练日期")
    kind = models.CharField("演练形式", max_length=10, choices=Kind.choices)
    scenario = models.TextField("演练情景")
    participants = models.PositiveSmallIntegerField("参演人数")
    evaluation = models.TextField("评估与发现的问题", blank=True)
    improvements = models.TextField("改进措施", blank=True)
    created_by = models.ForeignKey(User, verbose_name="登记人", on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "应急演练"
        verbose_name_plural = "应急演练"
        ordering = ["-held_on", "-id"]

    def __str__(self):
        return f"{self.held_on:%Y-%m-%d} {self.plan.title}演练"


class IncidentQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Through the engine's rule: the office (the case's section), the leaders, participants."""
        return self.filter(case__in=Case.objects.visible_to(user).values("pk"))


class Incident(models.Model):
    class Level(models.TextChoices):
        EXTRAORDINARY = "1", "特别重大"
        MAJOR = "2", "重大"
        LARGE = "3", "较大"
        ORDINARY = "4", "一般"

    class Stage(models.TextChoices):
        RESPONDING = "responding", "应急响应中"
        TERMINATED = "terminated", "已终止应急，善后处置中"
        CLOSED = "closed", "已结束"

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="emergency_incident")
    plan = models.ForeignKey(Plan, verbose_name="启动的预案", on_delete=models.PROTECT, related_name="incidents")
    occurred_at = models.DateTimeField("发生时间")
    place = models.CharField("发生地点", max_length=120)
    unit = models.CharField("发生单位", max_length=120)
    level = models.CharField("事件级别", max_length=2, choices=Level.choices)
    summary = models.TextField("简要经过")
    cause = models.TextField("原因初步判断", blank=True)
    measures = models.TextField("已采取的措施", blank=True)
    activated_at = models.DateTimeField("启动响应时间")
    report_interval_hours = models.PositiveSmallIntegerField("续报间隔（小时）")
    stage = models.CharField("阶段", max_length=12, choices=Stage.choices, default=Stage.RESPONDING)
    terminated_at = models.DateTimeField("终止应急时间", null=True, blank=True)
    termination_order = models.CharField("终止指令（下达人）", max_length=120, blank=True)
    aftermath = models.TextField("善后处置", blank=True)
    investigation = models.TextField("调查报告（经验教训、改进建议）", blank=True)
    # The duty log entry the event came in by (apps.duty), or the one written for it.
    duty_entry = models.ForeignKey(
        "duty.LogEntry", verbose_name="值班记录", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    objects = IncidentQuerySet.as_manager()

    class Meta:
        verbose_name = "突发事件"
        verbose_name_plural = "突发事件"
        ordering = ["-activated_at"]

    def __str__(self):
        return self.case.title


class Report(models.Model):
    """One report of an incident: due (reported_at empty) or made. The open row is the clock
    of the next report: the sweep reminds before `due_at` and escalates after it."""

    class Kind(models.TextChoices):
        FIRST = "first", "首报"
        FOLLOW = "follow", "续报"
        FINAL = "final", "终报"

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="reports")
    seq = models.PositiveSmallIntegerField("序号")
    kind = models.CharField("类别", max_length=10, choices=Kind.choices)
    due_at = models.DateTimeField("应报时间")
    reported_at = models.DateTimeField("报告时间", null=True, blank=True)
    recipients = models.CharField("报送对象", max_length=120, blank=True)
    content = models.TextField("报告内容", blank=True)
    reported_by = models.ForeignKey(User, verbose_name="报告人", on_delete=models.PROTECT, null=True, related_name="+")
    history = HistoricalRecords()

    class Meta:
        verbose_name = "事件报告"
        verbose_name_plural = "事件报告"
        ordering = ["seq"]
        constraints = [
            models.UniqueConstraint(fields=["incident", "seq"], name="emergency_report_seq"),
            # one report due at a time
            models.UniqueConstraint(
                fields=["incident"], condition=models.Q(reported_at__isnull=True), name="emergency_one_open_report"
            ),
        ]
        indexes = [models.Index(fields=["reported_at", "due_at"])]

    def __str__(self):
        return f"{self.get_kind_display()}（第 {self.seq} 次）"

    @property
    def is_late(self):
        end = self.reported_at or timezone.now()
        return end > self.due_at
