"""监督检查与整改: plans, checks of the units a section supervises, findings, rectification notices.

One shared capability for every section that inspects others (律师工作科 the law firms,
公共法律服务管理科 the notary office and the judicial offices, 社区矫正工作科 the judicial
offices ...). Section-neutral: a check names its target generically (content type + object id)
and copies the target's name at the time (`target_label`), so a renamed or deleted unit keeps its
name on old records; a check may also name a free-text unit (no content type).

Who sees what (default deny, `visible_to`): the owning section's staff, the section's division
leader and the director. Administrators see nothing. Every state change goes through
apps/inspections/services.py.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords


class PlanKind(models.TextChoices):
    ANNUAL = "annual", "年度检查"
    ROUTINE = "routine", "日常检查"
    RESIDENT = "resident", "驻所检查"
    UNANNOUNCED = "unannounced", "突击检查（四不两直）"
    PAPER = "paper", "书面检查"


class Mode(models.TextChoices):
    ONSITE = "onsite", "现场检查"
    PAPER = "paper", "书面（非现场）检查"


class Severity(models.TextChoices):
    MINOR = "minor", "一般问题"
    SERIOUS = "serious", "较重问题"
    GRAVE = "grave", "严重问题"


def sections_seen_by(user):
    """The ids of the sections whose inspections `user` may see: the own section and the sections
    the user leads; every section for the director; none for administrators or anonymous users."""
    from apps.org.models import Section

    if not getattr(user, "is_authenticated", False) or not user.is_active or user.admin_role:
        return Section.objects.none().values("pk")
    if user.rank == "director":
        return Section.objects.values("pk")
    return Section.objects.filter(Q(pk=user.section_id) | Q(division_leader=user)).values("pk")


class PlanQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(section__in=sections_seen_by(user))


class Plan(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "待批准"
        APPROVED = "approved", "已批准（实施中）"
        CLOSED = "closed", "已完成"

    section = models.ForeignKey(
        "org.Section", verbose_name="组织科室", on_delete=models.PROTECT, related_name="inspection_plans"
    )
    year = models.PositiveSmallIntegerField("年度")
    kind = models.CharField("检查类别", max_length=12, choices=PlanKind.choices)
    title = models.CharField("计划名称", max_length=120)
    scope = models.TextField("检查范围和内容")
    starts_on = models.DateField("计划开始", null=True, blank=True)
    ends_on = models.DateField("计划结束", null=True, blank=True)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="拟定人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("拟定时间", default=timezone.now)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="批准人",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_at = models.DateTimeField("批准时间", null=True, blank=True)
    history = HistoricalRecords()
    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = "检查计划"
        verbose_name_plural = "检查计划"
        ordering = ["-year", "-created_at", "-pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("inspections:plan_detail", args=[self.pk])

    @property
    def status_css(self):
        return {"draft": "draft", "approved": "active", "closed": "closed"}[self.status]


class CheckQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(plan__section__in=sections_seen_by(user))

    def of_target(self, target):
        """Checks of one model instance (any app)."""
        ct = ContentType.objects.get_for_model(target)
        return self.filter(target_type=ct, target_id=target.pk)


class Check(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "检查中（记录问题）"
        NOTICE = "notice", "已发整改通知"
        CLOSED = "closed", "已办结"

    plan = models.ForeignKey(Plan, verbose_name="检查计划", on_delete=models.PROTECT, related_name="checks")
    target_type = models.ForeignKey(
        ContentType, verbose_name="对象类型", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    target_id = models.PositiveBigIntegerField("对象编号", null=True, blank=True)
    target_label = models.CharField("被检查单位", max_length=120, help_text="检查时的单位名称（单位更名后旧记录不变）")
    mode = models.CharField("检查方式", max_length=10, choices=Mode.choices, default=Mode.ONSITE)
    checked_on = models.DateField("检查日期")
    inspectors = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name="检查人员", related_name="+")
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="主办检查人", on_delete=models.PROTECT, related_name="+"
    )
    summary = models.TextField("检查情况", blank=True)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.OPEN)
    conclusion = models.CharField("办结说明", max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("登记时间", default=timezone.now)
    history = HistoricalRecords(excluded_fields=["created_at"])
    objects = CheckQuerySet.as_manager()

    class Meta:
        verbose_name = "检查"
        verbose_name_plural = "检查"
        ordering = ["-checked_on", "-pk"]
        indexes = [models.Index(fields=["target_type", "target_id"], name="insp_check_target")]

    def __str__(self):
        return f"{self.target_label}（{self.checked_on:%Y-%m-%d}）"

    def get_absolute_url(self):
        return reverse("inspections:check_detail", args=[self.pk])

    @property
    def status_css(self):
        return {"open": "active", "notice": "returned", "closed": "closed"}[self.status]


class Finding(models.Model):
    check_record = models.ForeignKey(Check, verbose_name="检查", on_delete=models.CASCADE, related_name="findings")
    number = models.PositiveSmallIntegerField("序号")
    text = models.TextField("发现的问题")
    severity = models.CharField("问题性质", max_length=10, choices=Severity.choices, default=Severity.MINOR)
    requirement = models.TextField("整改要求")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="记录人", on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "检查发现的问题"
        verbose_name_plural = "检查发现的问题"
        ordering = ["check_record", "number"]
        constraints = [models.UniqueConstraint(fields=["check_record", "number"], name="insp_finding_number")]

    def __str__(self):
        return f"{self.number}. {self.text[:30]}"


class RectificationQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(check_record__plan__section__in=sections_seen_by(user))

    def open(self):
        return self.exclude(status=Rectification.Status.CLOSED)

    def overdue(self, today=None):
        today = today or timezone.localdate()
        return self.filter(status=Rectification.Status.ISSUED, due_date__lt=today)


class Rectification(models.Model):
    """整改通知书 and what follows: the unit's report, the verification, close or re-notice."""

    class Status(models.TextChoices):
        ISSUED = "issued", "整改中（待报告）"
        REPORTED = "reported", "已报告（待核查）"
        CLOSED = "closed", "已销号"

    OPEN_STATUSES = (Status.ISSUED, Status.REPORTED)

    check_record = models.OneToOneField(
        Check, verbose_name="检查", on_delete=models.PROTECT, related_name="rectification"
    )
    number = models.CharField("通知书编号", max_length=40, unique=True)
    issued_on = models.DateField("通知日期")
    due_date = models.DateField("整改期限")
    first_due_date = models.DateField("原定整改期限")
    round = models.PositiveSmallIntegerField("通知次数", default=1)
    extensions = models.PositiveSmallIntegerField("延期次数", default=0)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.ISSUED)
    report_received_on = models.DateField("收到整改报告日期", null=True, blank=True)
    report_summary = models.TextField("整改报告摘要", blank=True)
    verified_on = models.DateField("核查日期", null=True, blank=True)
    verification = models.TextField("核查意见", blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="销号人",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords()
    objects = RectificationQuerySet.as_manager()

    class Meta:
        verbose_name = "整改通知"
        verbose_name_plural = "整改通知"
        ordering = ["due_date", "pk"]
        indexes = [models.Index(fields=["status", "due_date"], name="insp_rect_status_due")]

    def __str__(self):
        return f"整改通知书 {self.number}"

    def get_absolute_url(self):
        return self.check_record.get_absolute_url()

    @property
    def is_open(self):
        return self.status != self.Status.CLOSED

    def is_overdue(self, today=None):
        return self.status == self.Status.ISSUED and self.due_date < (today or timezone.localdate())

    @property
    def overdue(self):
        return self.is_overdue()

    @property
    def status_css(self):
        if self.overdue:
            return "rejected"
        return {"issued": "active", "reported": "returned", "closed": "closed"}[self.status]

    @property
    def status_text(self):
        return "逾期未整改" if self.overdue else self.get_status_display()


class RectificationEvent(models.Model):
    """The timeline of a rectification: issued, extended, report received, re-noticed, closed."""

    class Kind(models.TextChoices):
        ISSUED = "issued", "发出整改通知书"
        EXTENDED = "extended", "延长整改期限"
        REPORTED = "reported", "收到整改报告"
        RENOTICED = "renoticed", "核查未通过，重新通知整改"
        CLOSED = "closed", "核查通过，整改销号"

    rectification = models.ForeignKey(
        Rectification, verbose_name="整改通知", on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField("事项", max_length=10, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="经办人", on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField("时间", default=timezone.now)
    on = models.DateField("日期")
    due_date = models.DateField("整改期限", null=True, blank=True)
    note = models.TextField("说明", blank=True)

    class Meta:
        verbose_name = "整改记录"
        verbose_name_plural = "整改记录"
        ordering = ["at", "pk"]

    def __str__(self):
        return self.get_kind_display()
