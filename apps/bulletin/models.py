"""信息编发 (seed 000 1.7; seed 002 rule 10): pieces submitted by the sections and judicial
offices, edited by the office, put into a numbered issue of the bureau's bulletin that the
office chief and the office's leader approve, and their adoption by outside media, which earns
the writer points in the performance appraisal (rule 18 四（四）) and counts toward the writing
team's yearly quota.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

User = settings.AUTH_USER_MODEL

# The office collects, edits and submits (局办公室总体协调，负责信息…的收集、整理和上报).
OFFICE_SECTION = "office"


def is_editor(user):
    """A member of the office: edits pieces, compiles issues, records adoptions."""
    if not getattr(user, "is_authenticated", False) or not user.is_active or user.admin_role:
        return False
    return user.section_id is not None and user.section.code == OFFICE_SECTION


class Level(models.TextChoices):
    DISTRICT = "district", "区级"
    CITY = "city", "市级"
    PROVINCE = "province", "省级"
    NATIONAL = "national", "中央（国家）级"


LEVEL_ORDER = {Level.DISTRICT: 1, Level.CITY: 2, Level.PROVINCE: 3, Level.NATIONAL: 4}


class BulletinPolicyManager(models.Manager):
    def get_by_natural_key(self, code):
        return self.get(code=code)

    def current(self):
        return self.filter(code="default").first() or BulletinPolicy()


class BulletinPolicy(models.Model):
    """The numbers of rule 10 and rule 18 四（四）, edited by the administrator. Rule 10 leaves the
    reward per level to a separate standard (具体奖励标准另行制定); rule 18 gives the writer 3
    points for a central-level and 1 for a provincial-level adoption and none below, which are
    the defaults here."""

    code = models.SlugField("代码", max_length=20, unique=True, default="default")
    quota = models.PositiveSmallIntegerField("写作专班每人年度上稿任务（篇）", default=10)
    national_points = models.DecimalField("中央级采用：撰稿人加分", max_digits=4, decimal_places=1, default=Decimal(3))
    province_points = models.DecimalField("省级采用：撰稿人加分", max_digits=4, decimal_places=1, default=Decimal(1))
    city_points = models.DecimalField(
        "市级采用：撰稿人加分", max_digits=4, decimal_places=1, default=Decimal(0), help_text="制度未规定，另行制定"
    )
    district_points = models.DecimalField(
        "区级采用：撰稿人加分", max_digits=4, decimal_places=1, default=Decimal(0), help_text="制度未规定，另行制定"
    )
    national_unit_points = models.DecimalField(
        "中央级采用：单位加分", max_digits=4, decimal_places=1, default=Decimal(5)
    )
    province_unit_points = models.DecimalField("省级采用：单位加分", max_digits=4, decimal_places=1, default=Decimal(3))
    basis = models.CharField(
        "依据",
        max_length=200,
        default="内部管理制度第十条三（三）、第十八条四（四）",
    )
    history = HistoricalRecords()

    objects = BulletinPolicyManager()

    class Meta:
        verbose_name = "信息工作标准"
        verbose_name_plural = "信息工作标准"

    def __str__(self):
        return f"年度任务 {self.quota} 篇"

    def natural_key(self):
        return (self.code,)

    def writer_points(self, level):
        return {
            Level.NATIONAL: self.national_points,
            Level.PROVINCE: self.province_points,
            Level.CITY: self.city_points,
            Level.DISTRICT: self.district_points,
        }[level]

    def unit_points(self, level):
        return {Level.NATIONAL: self.national_unit_points, Level.PROVINCE: self.province_unit_points}.get(
            level, Decimal(0)
        )


class TeamMember(models.Model):
    """信息调研写作专班 member for a year (专班名单由局党组研究决定)."""

    year = models.PositiveSmallIntegerField("年度")
    person = models.ForeignKey(User, verbose_name="成员", on_delete=models.PROTECT, related_name="bulletin_teams")
    decided_on = models.DateField("党组研究决定日期")
    registered_by = models.ForeignKey(User, verbose_name="登记人", on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        verbose_name = "写作专班成员"
        verbose_name_plural = "写作专班成员"
        ordering = ["-year", "person__full_name"]
        constraints = [models.UniqueConstraint(fields=["year", "person"], name="bulletin_team_once")]

    def __str__(self):
        return f"{self.year}年写作专班成员 {self.person_id}"


class Issue(models.Model):
    """One issue of the bureau's bulletin (《司法行政信息》), approved on the engine (bulletin.issue)
    and numbered when it is approved."""

    class Status(models.TextChoices):
        DRAFT = "draft", "编辑中"
        APPROVAL = "approval", "审核签发中"
        ISSUED = "issued", "已编发"

    case = models.OneToOneField(
        "workflow.Case",
        verbose_name="审核签发",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bulletin_issue",
    )
    year = models.PositiveSmallIntegerField("年度")
    seq = models.PositiveIntegerField("期号", null=True, blank=True)
    number = models.CharField("期数", max_length=40, blank=True)
    title = models.CharField("本期标题", max_length=100)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.DRAFT)
    compiled_by = models.ForeignKey(User, verbose_name="编辑", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("编辑时间", default=timezone.now)
    issued_on = models.DateField("编发日期", null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "简报（期）"
        verbose_name_plural = "简报（期）"
        ordering = ["-year", "-seq", "-id"]

    def __str__(self):
        return self.number or f"{self.title}（待编号）"


class SubmissionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The office sees every piece; others the pieces of their own unit and their own."""
        if not getattr(user, "is_authenticated", False) or not user.is_active or user.admin_role:
            return self.none()
        if is_editor(user):
            return self.all()
        mine = Q(author=user) | Q(submitted_by=user)
        if user.section_id:
            mine |= Q(unit_id=user.section_id)
        return self.filter(mine)


class Submission(models.Model):
    """One piece of information (信息稿件) sent to the office (统一报送至局办, 由局办统一投稿)."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", "已报送，待编辑"
        RETURNED = "returned", "退回修改"
        ACCEPTED = "accepted", "已编辑，待编发"
        IN_ISSUE = "in_issue", "已编入简报"
        ISSUED = "issued", "已编发"
        NOT_USED = "not_used", "不予采用"

    unit = models.ForeignKey("org.Section", verbose_name="报送单位", on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(
        User,
        verbose_name="撰稿人",
        on_delete=models.PROTECT,
        related_name="bulletin_pieces",
        help_text="稿件归属权以稿件署名为准；加分和上稿任务计入撰稿人",
    )
    co_authors = models.CharField(
        "联合撰稿人、照片提供者", max_length=100, blank=True, help_text="可以共同署名，统计时按1条统计"
    )
    title = models.CharField("标题", max_length=100)
    body = models.TextField("正文")
    edited_title = models.CharField("编辑后标题", max_length=100, blank=True)
    edited_body = models.TextField("编辑后正文", blank=True)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.SUBMITTED)
    remark = models.CharField("编辑意见", max_length=200, blank=True)
    issue = models.ForeignKey(
        Issue, verbose_name="编入简报", on_delete=models.PROTECT, null=True, blank=True, related_name="pieces"
    )
    submitted_by = models.ForeignKey(User, verbose_name="报送人", on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField("报送时间", default=timezone.now)
    edited_by = models.ForeignKey(
        User, verbose_name="编辑", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    edited_at = models.DateTimeField("编辑时间", null=True, blank=True)
    history = HistoricalRecords()

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        verbose_name = "信息稿件"
        verbose_name_plural = "信息稿件"
        ordering = ["-submitted_at", "-id"]

    def __str__(self):
        return self.shown_title

    @property
    def shown_title(self):
        return self.edited_title or self.title

    @property
    def shown_body(self):
        return self.edited_body or self.body


class Adoption(models.Model):
    """采用: a piece published by an outside medium (各级内刊、媒体、杂志、网站). The office records
    it from the copy or printout the writer hands in; it does not collect them itself."""

    submission = models.ForeignKey(Submission, verbose_name="稿件", on_delete=models.PROTECT, related_name="adoptions")
    medium = models.CharField("采用媒体", max_length=60, help_text="如：法治日报、湖南日报、市司法局网站")
    level = models.CharField("级别", max_length=10, choices=Level.choices)
    adopted_on = models.DateField("刊发日期")
    evidence = models.CharField("凭证", max_length=200, help_text="复印件或网络稿打印件；网址")
    registered_by = models.ForeignKey(User, verbose_name="登记人", on_delete=models.PROTECT, related_name="+")
    registered_at = models.DateTimeField("登记时间", default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "媒体采用"
        verbose_name_plural = "媒体采用"
        ordering = ["-adopted_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["submission", "medium", "adopted_on"], name="bulletin_adoption_once")
        ]

    def __str__(self):
        return f"{self.medium}（{self.get_level_display()}）"


class ProgressNotice(models.Model):
    """The quarterly progress notice (每季度督查通报一次): one row per quarter, written once by the
    sweep; the figures are frozen as they were sent."""

    year = models.PositiveSmallIntegerField("年度")
    quarter = models.PositiveSmallIntegerField("季度")
    sent_at = models.DateTimeField("通报时间", default=timezone.now)
    summary = models.TextField("通报内容")

    class Meta:
        verbose_name = "上稿任务季度通报"
        verbose_name_plural = "上稿任务季度通报"
        ordering = ["-year", "-quarter"]
        constraints = [models.UniqueConstraint(fields=["year", "quarter"], name="bulletin_progress_once")]

    def __str__(self):
        return f"{self.year}年第{self.quarter}季度上稿通报"
