"""Leave (请假/销假, seed 002 rule 2): leave types, yearly annual-leave allowances, requests.

A request is a case on the engine (process hr.leave); who approves it is ApprovalRule rows
(apps/hr/processes.py). The numbers of the bureau's leave rules (days a type allows, the
personal-leave limits that eat into annual leave) are LeaveType rows the administrator edits.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from apps.workflow.models import Case

User = settings.AUTH_USER_MODEL

# The section that keeps the leave files (请假单交政工室存档) and the attendance records.
PERSONNEL_SECTION = "personnel"


def is_personnel_officer(user):
    """A member of the personnel section (政工科): keeps the leave register, balances, attendance."""
    if not getattr(user, "is_authenticated", False) or not user.is_active or user.admin_role:
        return False
    return user.section_id is not None and user.section.code == PERSONNEL_SECTION


class LeaveTypeManager(models.Manager):
    def get_by_natural_key(self, code):
        return self.get(code=code)


class LeaveType(models.Model):
    """事假, 病假, 年休假, 婚假, 产假, 陪产假, 丧假, 探亲假 and the numbers that govern each."""

    class Counting(models.TextChoices):
        WORKING = "W", "工作日"
        CALENDAR = "C", "自然日（含节假日）"

    code = models.SlugField("代码", max_length=30, unique=True)
    name = models.CharField("假别", max_length=20)
    counting = models.CharField("天数计算", max_length=1, choices=Counting.choices, default=Counting.WORKING)
    entitled_days = models.PositiveSmallIntegerField(
        "规定天数",
        null=True,
        blank=True,
        help_text="国家或本省规定的天数（每次）；超过部分按事假对待。留空表示不设上限（事假、病假）。",
    )
    requires_certificate = models.BooleanField("须附证明", default=False)
    certificate_note = models.CharField("证明要求", max_length=100, blank=True, help_text="如：区级以上医院证明")
    is_annual = models.BooleanField("年休假（从年度额度中扣减）", default=False)
    monthly_allowance_days = models.DecimalField(
        "每月累计不超过（天）",
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        help_text="事假：每月累计超过此数的部分按实冲减年休假天数。",
    )
    yearly_forfeit_days = models.DecimalField(
        "全年累计达到（天）不享受当年年休假",
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        help_text="事假：全年累计达到此数的，不享受当年的年休假。",
    )
    basis = models.CharField("依据", max_length=200, blank=True)
    order = models.PositiveSmallIntegerField("排序", default=0)
    active = models.BooleanField("启用", default=True)
    history = HistoricalRecords()

    objects = LeaveTypeManager()

    class Meta:
        verbose_name = "假别"
        verbose_name_plural = "假别（请假规则）"
        ordering = ["order", "id"]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.code,)

    @property
    def is_personal(self):
        return self.monthly_allowance_days is not None or self.yearly_forfeit_days is not None


class LeaveBalance(models.Model):
    """One person's annual-leave allowance for one year, fixed by the personnel section."""

    person = models.ForeignKey(User, verbose_name="人员", on_delete=models.CASCADE, related_name="leave_balances")
    year = models.PositiveSmallIntegerField("年度")
    annual_days = models.DecimalField("年休假天数", max_digits=4, decimal_places=1)
    basis = models.CharField("核定依据", max_length=100, blank=True, help_text="如：累计工作满10年不满20年")
    set_by = models.ForeignKey(
        User, verbose_name="核定人", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    set_at = models.DateTimeField("核定时间", default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "年休假额度"
        verbose_name_plural = "年休假额度"
        ordering = ["year", "person_id"]
        constraints = [
            models.UniqueConstraint(fields=["person", "year"], name="leavebalance_one_per_year"),
            models.CheckConstraint(condition=Q(annual_days__gte=0), name="leavebalance_not_negative"),
        ]

    def __str__(self):
        return f"{self.person} {self.year}年 年休假{self.annual_days}天"


class HalfDay(models.TextChoices):
    AM = "am", "上午"
    PM = "pm", "下午"


APPROVED_STATUSES = (Case.Status.CLOSED, Case.Status.ARCHIVED)


class LeaveRequestQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Default deny: one's own requests and those one handles (the engine's case visibility),
        and, for the personnel section that keeps the leave files, every submitted request."""
        if not getattr(user, "is_authenticated", False) or not user.is_active or user.admin_role:
            return self.none()
        visible = Q(case__in=Case.objects.visible_to(user).values("pk"))
        if is_personnel_officer(user):
            visible |= ~Q(case__status=Case.Status.DRAFT)
        return self.filter(visible)

    def approved(self):
        return self.filter(case__status__in=APPROVED_STATUSES)


class LeaveRequest(models.Model):
    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="leave")
    person = models.ForeignKey(User, verbose_name="请假人", on_delete=models.PROTECT, related_name="leave_requests")
    leave_type = models.ForeignKey(LeaveType, verbose_name="假别", on_delete=models.PROTECT, related_name="requests")
    start_date = models.DateField("开始日期")
    start_part = models.CharField("开始", max_length=2, choices=HalfDay.choices, default=HalfDay.AM)
    end_date = models.DateField("结束日期")
    end_part = models.CharField("结束", max_length=2, choices=HalfDay.choices, default=HalfDay.PM)
    # Working days away (half days count 0.5), from the one calendar: what the approval chain
    # and the personal-leave rules count. Calendar days for the types counted that way.
    days = models.DecimalField("请假天数（工作日）", max_digits=5, decimal_places=1, default=Decimal("0"))
    calendar_days = models.PositiveIntegerField("自然日天数", default=0)
    reason = models.TextField("请假事由")
    destination = models.CharField("去向", max_length=100, blank=True)
    stand_in = models.ForeignKey(
        User,
        verbose_name="工作代理人",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="假期内由其代为处理您的待办（审批、办理）；批准后自动生效。",
    )
    extends = models.ForeignKey(
        "self",
        verbose_name="续假（原请假）",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="extensions",
    )
    # Days beyond what the type allows (婚假 3 days ...): 超过有关规定按事假对待.
    personal_excess = models.DecimalField(
        "超出规定按事假计（天）", max_digits=5, decimal_places=1, default=Decimal("0")
    )
    approved_at = models.DateTimeField("批准时间", null=True, blank=True)
    approved_after_expiry = models.BooleanField("续假在原假期届满后才批准", default=False)
    delegation = models.ForeignKey(
        "workflow.Delegation",
        verbose_name="待办委托",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    delegation_note = models.CharField("委托说明", max_length=200, blank=True)
    returned_on = models.DateField("销假日期（到岗）", null=True, blank=True)
    returned_part = models.CharField("到岗时段", max_length=2, choices=HalfDay.choices, blank=True)
    actual_days = models.DecimalField("实际请假天数", max_digits=5, decimal_places=1, null=True, blank=True)
    overstay_days = models.DecimalField("逾假未归（缺勤）天数", max_digits=5, decimal_places=1, default=Decimal("0"))
    return_registered_by = models.ForeignKey(
        User, verbose_name="销假登记人", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    return_registered_at = models.DateTimeField("销假登记时间", null=True, blank=True)
    return_note = models.CharField("销假说明", max_length=200, blank=True)
    history = HistoricalRecords()

    objects = LeaveRequestQuerySet.as_manager()

    class Meta:
        verbose_name = "请假单"
        verbose_name_plural = "请假单"
        ordering = ["-start_date", "-id"]
        indexes = [models.Index(fields=["person", "start_date"]), models.Index(fields=["start_date"])]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=models.F("start_date")), name="leave_dates_ordered"),
        ]

    def __str__(self):
        return f"请假单 {self.pk}"

    @property
    def is_approved(self):
        return self.case.status in APPROVED_STATUSES

    @property
    def is_returned(self):
        return self.returned_on is not None

    def period_text(self):
        if self.start_date == self.end_date:
            if self.start_part == self.end_part:
                return f"{self.start_date:%Y-%m-%d} {HalfDay(self.start_part).label}"
            return f"{self.start_date:%Y-%m-%d} 全天"
        start = f"{self.start_date:%Y-%m-%d}{'下午' if self.start_part == HalfDay.PM else ''}"
        end = f"{self.end_date:%Y-%m-%d}{'上午' if self.end_part == HalfDay.AM else ''}"
        return f"{start} 至 {end}"
