"""值班 (seed 000 appendix 1.5 安全值班; seed 002 rule 12 值班制度; DOMAIN.md "Duty roster").

* DutyRoster: a roster for a period (a month, or a holiday such as 国庆节) on the engine
  (process office.duty_roster: 办公室主任审核 → 分管领导审批); once approved it is in force and
  the office records its 报送 to the higher bodies (区委办、区政府办、市司法局 ...).
* Shift: one shift of a day (带班领导, 值班人员, 值班电话); a shift ending at or before its start
  time ends the next day (08:30 → 次日08:30 is 24 hours). On a public holiday of the working
  calendar (apps.workcalendar) the day's shifts must cover 24 hours without a gap.
* LogEntry: the duty log (值班日志): what came in during a shift and how it was handled.
* Handover: 交接班: the open entries of a shift pass to the next shift's person, who acknowledges.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from apps.accounts.models import Rank
from apps.workflow.models import Case

User = settings.AUTH_USER_MODEL


class ReportingBody(models.Model):
    """报送单位: the higher bodies a roster is reported to (the administrator's list)."""

    name = models.CharField("报送单位", max_length=100, unique=True)
    active = models.BooleanField("启用", default=True)
    order = models.PositiveSmallIntegerField("排序", default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "值班表报送单位"
        verbose_name_plural = "值班表报送单位"
        ordering = ["order", "id"]

    def __str__(self):
        return self.name


def sees_all_duty(user):
    """The office (which runs the duty) and the bureau's leaders see every roster and log entry."""
    if not getattr(user, "is_authenticated", False) or not user.is_active or user.admin_role:
        return False
    return user.rank in (Rank.DIRECTOR, Rank.DIVISION_LEADER) or bool(user.section_id and user.section.code == "office")


def _named(user, prefix=""):
    return Q(**{f"{prefix}leader": user}) | Q(**{f"{prefix}officer": user}) | Q(**{f"{prefix}assistant": user})


class RosterQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(approved_at__isnull=False)

    def visible_to(self, user):
        """Default deny: the roster's case (the office, its leaders, the approvers), and, once it is
        approved and sent down (下发), the office and leaders and everyone named in it."""
        if not getattr(user, "is_authenticated", False) or not user.is_active or user.admin_role:
            return self.none()
        scope = Q(case__in=Case.objects.visible_to(user).values("pk"))
        if sees_all_duty(user):
            scope |= Q(approved_at__isnull=False)
        named = Shift.objects.filter(_named(user)).values("roster_id")
        scope |= Q(approved_at__isnull=False, pk__in=named)
        return self.filter(scope)


class DutyRoster(models.Model):
    class Kind(models.TextChoices):
        MONTH = "month", "月度值班"
        HOLIDAY = "holiday", "节假日值班"
        SPECIAL = "special", "特护期值班（防汛等）"

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="duty_roster")
    kind = models.CharField("值班类型", max_length=10, choices=Kind.choices)
    start_date = models.DateField("起始日期")
    end_date = models.DateField("结束日期")
    phone = models.CharField("值班电话", max_length=40, help_text="本局值班室电话（公开号码）")
    note = models.TextField("值班要求", blank=True)
    approved_at = models.DateTimeField("批准时间", null=True, blank=True)
    reported_at = models.DateTimeField("报送时间", null=True, blank=True)
    reported_by = models.ForeignKey(
        User, verbose_name="报送人", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reported_to = models.CharField("报送单位", max_length=300, blank=True)
    report_note = models.CharField("报送方式/说明", max_length=200, blank=True)
    history = HistoricalRecords()

    objects = RosterQuerySet.as_manager()

    class Meta:
        verbose_name = "值班表"
        verbose_name_plural = "值班表"
        ordering = ["-start_date", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=models.F("start_date")), name="roster_dates_ordered")
        ]

    def __str__(self):
        return self.case.title

    def days(self):
        day = self.start_date
        while day <= self.end_date:
            yield day
            day += timedelta(days=1)


class Shift(models.Model):
    roster = models.ForeignKey(DutyRoster, on_delete=models.CASCADE, related_name="shifts")
    date = models.DateField("日期")
    starts = models.TimeField("开始时间")
    ends = models.TimeField("结束时间", help_text="不晚于开始时间的，表示至次日该时刻")
    leader = models.ForeignKey(User, verbose_name="带班领导", on_delete=models.PROTECT, related_name="+")
    officer = models.ForeignKey(User, verbose_name="值班人员", on_delete=models.PROTECT, related_name="+")
    assistant = models.ForeignKey(
        User, verbose_name="值班人员（二）", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    phone = models.CharField("联系电话", max_length=40, blank=True, help_text="留空则为值班室电话")

    class Meta:
        verbose_name = "班次"
        verbose_name_plural = "班次"
        ordering = ["date", "starts", "id"]
        indexes = [models.Index(fields=["date", "starts"])]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.starts:%H:%M}-{self.ends:%H:%M} {self.officer}"

    @property
    def start_dt(self):
        return timezone.make_aware(datetime.combine(self.date, self.starts))

    @property
    def end_dt(self):
        day = self.date + timedelta(days=1) if self.ends <= self.starts else self.date
        return timezone.make_aware(datetime.combine(day, self.ends))

    @property
    def hours(self):
        return (self.end_dt - self.start_dt).total_seconds() / 3600

    @property
    def overnight(self):
        return self.ends <= self.starts

    def on_duty(self, user):
        return user.pk in (self.officer_id, self.assistant_id)

    def named(self, user):
        return user.pk in (self.officer_id, self.assistant_id, self.leader_id)


class Source(models.TextChoices):
    CALL = "call", "来电"
    VISIT = "visit", "来访"
    NOTICE = "notice", "上级通知"
    EMERGENCY = "emergency", "突发事件"
    OTHER = "other", "其他"


class LogEntryQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=LogEntry.Status.OPEN)

    def visible_to(self, user):
        """Default deny: the office and the leaders; the people of the shift it was recorded in or
        is now held by; the section it was forwarded to."""
        if not getattr(user, "is_authenticated", False) or not user.is_active or user.admin_role:
            return self.none()
        if sees_all_duty(user):
            return self.all()
        scope = _named(user, "shift__") | _named(user, "holder_shift__")
        if user.section_id:
            scope |= Q(forwarded_to_id=user.section_id)
        return self.filter(scope)


class LogEntry(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "未办结"
        CLOSED = "closed", "已办结"

    shift = models.ForeignKey(Shift, verbose_name="记录班次", on_delete=models.PROTECT, related_name="entries")
    holder_shift = models.ForeignKey(
        Shift, verbose_name="当前负责班次", on_delete=models.PROTECT, related_name="held_entries"
    )
    at = models.DateTimeField("时间")
    source = models.CharField("来源", max_length=10, choices=Source.choices)
    counterpart = models.CharField(
        "来电/来访单位", max_length=100, blank=True, help_text="单位名称即可；来访群众的个人信息请在接待登记中记录"
    )
    content = models.TextField("内容")
    handling = models.TextField("处理情况", blank=True)
    forwarded_to = models.ForeignKey(
        "org.Section", verbose_name="转交科室", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.OPEN)
    closed_at = models.DateTimeField("办结时间", null=True, blank=True)
    closed_by = models.ForeignKey(
        User, verbose_name="办结人", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_by = models.ForeignKey(User, verbose_name="记录人", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("登记时间", default=timezone.now)
    history = HistoricalRecords()

    objects = LogEntryQuerySet.as_manager()

    class Meta:
        verbose_name = "值班日志"
        verbose_name_plural = "值班日志"
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["status", "holder_shift"]), models.Index(fields=["at"])]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_source_display()}"


class Handover(models.Model):
    """交接班记录: once per shift; the next shift's 值班人员 acknowledges (接班确认)."""

    from_shift = models.OneToOneField(Shift, verbose_name="交班班次", on_delete=models.PROTECT, related_name="handover")
    to_shift = models.ForeignKey(Shift, verbose_name="接班班次", on_delete=models.PROTECT, related_name="handovers_in")
    handed_by = models.ForeignKey(User, verbose_name="交班人", on_delete=models.PROTECT, related_name="+")
    to_user = models.ForeignKey(User, verbose_name="接班人", on_delete=models.PROTECT, related_name="duty_handovers")
    note = models.TextField("交班说明", blank=True)
    entries = models.ManyToManyField(LogEntry, verbose_name="移交事项", blank=True, related_name="handovers")
    created_at = models.DateTimeField("交班时间", default=timezone.now)
    acknowledged_at = models.DateTimeField("接班确认时间", null=True, blank=True)

    class Meta:
        verbose_name = "交接班记录"
        verbose_name_plural = "交接班记录"
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.from_shift} → {self.to_user}"
