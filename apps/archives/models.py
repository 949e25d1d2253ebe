"""Archives (档案, seed 000 appendix 1.1.4, seed 002 rule 9) arranged per DA/T 22-2015.

* Fonds (全宗): the 全宗号 the district archives gave the bureau, set by the system
  administrator; archiving waits until one is active.
* OrgCode (机构（问题）代码): the short code of each section in the 档号 (BGS = 办公室).
* RetentionRule (保管期限表): suggests 永久 / 定期30年 / 定期10年 by process and document type;
  the bureau's table, edited by the system administrator, seeded from fixtures/archive_rules.json.
* ArchiveItem (件): one closed case archived as one item. Classification year → 机构 → 保管期限;
  件号 gapless within (year, 保管期限, 机构) through the numbering service; 档号 in the
  standard's pattern 全宗号-WS·年度-保管期限代码-机构代码-件号 (e.g. Z109-WS·2026-Y-BGS-0001); the
  归档章 fields; the archived copy as PDF/A-2b with its SHA-256 (none for classified entries:
  the register holds no content).
* ArchiveLoan: lending archive items on the engine (approval, 借出, 收回 with a due date the
  deadline sweep watches).
"""

import re
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from apps.accounts.models import OfficeRole, Rank
from apps.workflow.models import Case

User = settings.AUTH_USER_MODEL
CODE = RegexValidator(r"^[A-Z0-9]{1,4}$", "只能是1至4位大写字母或数字。")
ARCHIVE_NO = re.compile(
    r"^(?P<qzh>[A-Z0-9]{1,4})-WS·(?P<nd>\d{4})-(?P<bgqx>Y|D30|D10)(?:-(?P<jg>[A-Z0-9]{1,4}))?-(?P<jh>\d{4})$"
)


class Retention(models.TextChoices):
    PERMANENT = "Y", "永久"
    LONG = "D30", "定期30年"
    SHORT = "D10", "定期10年"


RETENTION_ORDER = {Retention.PERMANENT: 0, Retention.LONG: 1, Retention.SHORT: 2}


class FondsManager(models.Manager):
    def get_by_natural_key(self, code):
        return self.get(code=code)


class Fonds(models.Model):
    code = models.CharField(
        "全宗号", max_length=4, unique=True, validators=[CODE], help_text="由同级档案馆给定，如 Z109"
    )
    name = models.CharField("全宗名称", max_length=100, help_text="立档单位全称，印在归档文件目录封面")
    active = models.BooleanField("当前使用", default=True, help_text="只能有一个当前使用的全宗")
    history = HistoricalRecords()

    objects = FondsManager()

    class Meta:
        verbose_name = "全宗"
        verbose_name_plural = "全宗（全宗号）"
        ordering = ["-active", "code"]
        constraints = [models.UniqueConstraint(fields=["active"], condition=Q(active=True), name="fonds_one_active")]

    def __str__(self):
        return f"{self.code} {self.name}"

    def natural_key(self):
        return (self.code,)


class OrgCodeManager(models.Manager):
    def get_by_natural_key(self, section_id):
        return self.get(section_id=section_id)


class OrgCode(models.Model):
    section = models.OneToOneField(
        "org.Section", verbose_name="机构", on_delete=models.PROTECT, related_name="archive_code"
    )
    code = models.CharField(
        "机构（问题）代码", max_length=4, unique=True, validators=[CODE], help_text="如 BGS（办公室）"
    )
    history = HistoricalRecords()

    objects = OrgCodeManager()

    class Meta:
        verbose_name = "机构（问题）代码"
        verbose_name_plural = "机构（问题）代码"
        ordering = ["section__order"]

    def __str__(self):
        return f"{self.code} {self.section.name}"

    def natural_key(self):
        return (self.section_id,)


class RetentionRuleManager(models.Manager):
    def get_by_natural_key(self, code):
        return self.get(code=code)


class RetentionRule(models.Model):
    """One line of the 归档范围和保管期限表 (国家档案局令第8号 第十二条: each organ's own table)."""

    code = models.SlugField("代码", max_length=60, unique=True)
    process = models.CharField("流程", max_length=60, help_text="如 documents.outgoing；* 表示其他所有流程")
    doc_type = models.CharField("文种/类别", max_length=40, blank=True, help_text="留空表示该流程的所有文件")
    retention = models.CharField("保管期限", max_length=3, choices=Retention.choices)
    basis = models.CharField("说明/依据", max_length=200, blank=True)
    order = models.PositiveSmallIntegerField("优先次序", default=100, help_text="数字小的先匹配")
    active = models.BooleanField("启用", default=True)
    history = HistoricalRecords()

    objects = RetentionRuleManager()

    class Meta:
        verbose_name = "保管期限规则"
        verbose_name_plural = "保管期限表"
        ordering = ["order", "process", "doc_type"]

    def __str__(self):
        return f"{self.process} {self.doc_type or '全部'} → {self.get_retention_display()}"

    def natural_key(self):
        return (self.code,)


def pdf_path(instance, filename):
    return f"archives/{timezone.now():%Y}/{uuid.uuid4().hex}.pdf"


def is_archive_keeper(user):
    """The archivist(s) and the office chief keep the catalogue."""
    if not getattr(user, "is_authenticated", False) or not user.is_active or user.admin_role:
        return False
    office_chief = user.rank == Rank.CHIEF and user.section_id is not None and user.section.code == "office"
    return office_chief or user.has_office_role(OfficeRole.ARCHIVIST)


class ItemQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Everyone sees the items of the cases they may see; the archive's keepers also see the
        catalogue of every item whose case is neither 限定知悉范围 nor above their clearance."""
        if not getattr(user, "is_authenticated", False) or not user.is_active or user.admin_role:
            return self.none()
        seen = Q(case__in=Case.objects.visible_to(user).values("pk"))
        if is_archive_keeper(user):
            seen |= Q(case__is_confidential=False, case__sensitivity__lte=user.clearance)
        return self.filter(seen)


class ArchiveItem(models.Model):
    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="archive_item")
    section = models.ForeignKey("org.Section", verbose_name="机构", on_delete=models.PROTECT, related_name="+")
    fonds_code = models.CharField("全宗号", max_length=4)
    year = models.PositiveSmallIntegerField("年度")
    retention = models.CharField("保管期限", max_length=3, choices=Retention.choices)
    org_code = models.CharField("机构（问题）代码", max_length=4)
    item_no = models.PositiveIntegerField("件号", validators=[MinValueValidator(1), MaxValueValidator(9999)])
    archive_no = models.CharField("档号", max_length=40, unique=True)
    doc_number = models.CharField("文号", max_length=80, blank=True)
    responsible = models.CharField("责任者", max_length=100)
    title = models.CharField("题名", max_length=300)
    doc_date = models.DateField("日期")
    classification = models.CharField("密级", max_length=20, blank=True)
    pages = models.PositiveIntegerField("页数", validators=[MinValueValidator(1)])
    note = models.CharField("备注", max_length=200, blank=True)
    pdf = models.FileField("归档电子文件", upload_to=pdf_path, blank=True)
    pdf_name = models.CharField("电子文件名", max_length=200, blank=True)
    pdf_sha256 = models.CharField("SHA-256", max_length=64, blank=True)
    pdf_variant = models.CharField("格式", max_length=20, blank=True)
    archived_by = models.ForeignKey(User, verbose_name="归档人", on_delete=models.PROTECT, related_name="+")
    archived_at = models.DateTimeField("归档时间", default=timezone.now)

    objects = ItemQuerySet.as_manager()

    class Meta:
        verbose_name = "归档文件（件）"
        verbose_name_plural = "归档文件"
        ordering = ["-year", "org_code", "retention", "item_no"]
        constraints = [
            models.UniqueConstraint(
                fields=["fonds_code", "year", "retention", "org_code", "item_no"], name="archiveitem_number_unique"
            ),
        ]
        indexes = [models.Index(fields=["year", "org_code", "retention", "item_no"])]

    def __str__(self):
        return self.archive_no

    def clean(self):
        super().clean()
        if not ARCHIVE_NO.match(self.archive_no or ""):
            raise ValidationError({"archive_no": "档号不符合 全宗号-WS·年度-保管期限-机构-件号 的格式。"})

    @property
    def date_text(self):
        """归档文件目录的日期: 8 digits, YYYYMMDD (DA/T 22 §5.5)."""
        return f"{self.doc_date:%Y%m%d}"

    @property
    def retention_short(self):
        return {"Y": "永久", "D30": "30年", "D10": "10年"}[self.retention]


def archive_number(fonds_code, year, retention, org_code, item_no):
    """档号 (DA/T 22 §5.4): 全宗号-WS·年度-保管期限代码-机构代码-件号, 件号 zero-padded to 4."""
    return f"{fonds_code}-WS·{year}-{retention}-{org_code}-{item_no:04d}"


class ArchiveLoanQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(case__in=Case.objects.visible_to(user).values("pk"))


class ArchiveLoan(models.Model):
    """借阅档案: items, purpose, days; the engine runs approval, 借出 and 收回."""

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="archive_loan")
    items = models.ManyToManyField(ArchiveItem, verbose_name="借阅档案", related_name="loans")
    purpose = models.CharField("借阅事由", max_length=200)
    mode = models.CharField(
        "方式", max_length=10, choices=[("read", "查阅（在档案室阅览）"), ("lend", "借出")], default="read"
    )
    days = models.PositiveSmallIntegerField(
        "借阅期限（工作日）", validators=[MinValueValidator(1), MaxValueValidator(30)]
    )

    objects = ArchiveLoanQuerySet.as_manager()

    class Meta:
        verbose_name = "档案借阅"
        verbose_name_plural = "档案借阅"
        ordering = ["-case__created_at", "-pk"]

    def __str__(self):
        return self.case.title
