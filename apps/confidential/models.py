"""The register of classified documents and telegrams (密级文件、电报, seed 000 appendix 1.1.2).

State secrets (秘密/机密/绝密) may not be stored or processed in a non-classified system (保密法
2024 art. 31). So the portal keeps the register and nothing else: the fields the confidential
office allows (number, source, their document number, the title or a summary as allowed,
classification, copies and copy numbers, cabinet), the routing (拟办, 呈阅, 转办 on the engine),
loans, and what became of the paper (destroyed, returned to the issuer, handed to the archives).
Never the text, never a scan: the engine refuses any file on these cases (Process.files_refused).

* ClassifiedItem: one register entry (OneToOne to its engine Case, process confidential.item).
* ClassifiedLoan: one loan of an item (its own Case, process confidential.loan): the clerk holds
  the "收回" step whose due date the deadline sweep watches.
* Disposal: the end of an item's life in the bureau (销毁, 清退, 年底移交归档), one per item.

Who sees all of it: the keepers (the confidential clerk, the office chief: processes.keepers);
everyone else only the items their grants or their own routing steps name. Each view is audited.
"""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef
from django.utils import timezone
from simple_history.models import HistoricalRecords

from apps.workflow.models import Case

User = settings.AUTH_USER_MODEL


class Kind(models.TextChoices):
    DOCUMENT = "document", "密级文件"
    TELEGRAM = "telegram", "电报"


class Classification(models.TextChoices):
    SECRET = "secret", "秘密"
    CONFIDENTIAL = "confidential", "机密"
    TOP_SECRET = "top_secret", "绝密"


class Urgency(models.TextChoices):
    NONE = "", "—"
    EXTRA_FLASH = "special", "特提"  # telegrams only
    FLASH = "flash", "特急"
    URGENT = "urgent", "加急"
    PRIORITY = "priority", "平急"  # telegrams only


class Channel(models.TextChoices):
    COURIER = "courier", "机要交通"
    COLLECTED = "collected", "按通知领取"
    POST = "post", "邮政机要通信"
    EXCHANGE = "exchange", "机要文件交换站"
    CIPHER = "cipher", "密码电报"


COPY_NUMBER = re.compile(r"^\d{6}$")
_SEPARATORS = re.compile(r"[、，,；;\s]+")
_RANGE = re.compile(r"^(\d{6})\s*[-~－—至]\s*(\d{6})$")


def parse_copy_numbers(text):
    """'000012-000014、000020' -> ['000012', '000013', '000014', '000020'].

    份号 are six-digit numbers (GB/T 9704 §7.2.1); ranges are written with '-' or '至'.
    Raises ValueError with a Chinese message."""
    numbers = []
    for part in filter(None, _SEPARATORS.split((text or "").strip())):
        match = _RANGE.match(part)
        if match:
            first, last = int(match.group(1)), int(match.group(2))
            if last < first or last - first > 999:
                raise ValueError(f"份号范围“{part}”不正确。")
            numbers += [f"{n:06d}" for n in range(first, last + 1)]
        elif COPY_NUMBER.match(part):
            numbers.append(part)
        else:
            raise ValueError(f"份号“{part}”应为6位数字（如 000012），多个份号用顿号分隔，连续的可写 000012-000014。")
    if len(set(numbers)) != len(numbers):
        raise ValueError("份号有重复。")
    return numbers


def format_copy_numbers(numbers):
    """The inverse of parse_copy_numbers: consecutive runs written as ranges."""
    runs, start, prev = [], None, None
    for number in sorted(numbers):
        n = int(number)
        if start is None:
            start = prev = n
        elif n == prev + 1:
            prev = n
        else:
            runs.append((start, prev))
            start = prev = n
    if start is not None:
        runs.append((start, prev))
    return "、".join(f"{a:06d}" if a == b else f"{a:06d}-{b:06d}" for a, b in runs)


class ItemQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Only through the engine's rule: keepers, readers granted the item, people routed on it."""
        return self.filter(case__in=Case.objects.visible_to(user).values("pk"))

    def with_state(self):
        """Annotate on_loan (an unreturned loan) so lists show where the paper is in one query."""
        return self.annotate(
            on_loan=Exists(ClassifiedLoan.objects.filter(item=OuterRef("pk"), case__status=Case.Status.ACTIVE))
        )


class ClassifiedItem(models.Model):
    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="classified")
    kind = models.CharField("登记簿", max_length=10, choices=Kind.choices, default=Kind.DOCUMENT)
    year = models.PositiveSmallIntegerField("年度")
    seq = models.PositiveIntegerField("序号")
    number = models.CharField("登记编号", max_length=40)
    received_on = models.DateField("领取日期")
    channel = models.CharField("来源渠道", max_length=20, choices=Channel.choices, default=Channel.COLLECTED)
    source = models.CharField("来文单位", max_length=100)
    source_number = models.CharField("文号/电报号", max_length=60, blank=True)
    title = models.CharField(
        "标题（或内容摘要）",
        max_length=200,
        help_text="只登记机要保密部门准许登记的标题或摘要，不得录入正文内容。",
    )
    classification = models.CharField("密级", max_length=20, choices=Classification.choices)
    secrecy_period = models.CharField("保密期限", max_length=20, blank=True, help_text="如 10年；未标注的留空")
    urgency = models.CharField("紧急程度", max_length=10, choices=Urgency.choices, blank=True, default="")
    copies = models.PositiveSmallIntegerField("份数", validators=[MinValueValidator(1), MaxValueValidator(999)])
    copy_numbers = models.CharField("份号", max_length=200)
    pages = models.PositiveSmallIntegerField("页数", null=True, blank=True)
    cabinet = models.CharField(
        "保管位置", max_length=60, blank=True, help_text="指定的密件柜及格位，如 机要室2号柜第3层"
    )
    readers = models.ManyToManyField(
        User,
        verbose_name="拟呈阅领导",
        blank=True,
        related_name="+",
        help_text="按分管领导、主要领导的顺序呈阅",
    )
    handler = models.ForeignKey(
        User, verbose_name="拟转办承办人", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    handle_days = models.PositiveSmallIntegerField("办理时限（工作日）", null=True, blank=True)
    registered_by = models.ForeignKey(User, verbose_name="登记人", on_delete=models.PROTECT, related_name="+")
    registered_at = models.DateTimeField("登记时间", default=timezone.now)
    history = HistoricalRecords(m2m_fields=[readers])

    objects = ItemQuerySet.as_manager()

    class Meta:
        verbose_name = "密级文件、电报登记"
        verbose_name_plural = "密级文件、电报登记"
        ordering = ["-year", "kind", "-seq"]
        constraints = [models.UniqueConstraint(fields=["kind", "year", "seq"], name="classified_number_unique")]

    def __str__(self):
        # Never the title: audit rows and notices name the register number only.
        return self.number

    def copy_number_list(self):
        return parse_copy_numbers(self.copy_numbers)

    def clean(self):
        super().clean()
        try:
            numbers = parse_copy_numbers(self.copy_numbers)
        except ValueError as exc:
            raise ValidationError({"copy_numbers": str(exc)}) from None
        if self.copies and len(numbers) != self.copies:
            raise ValidationError({"copy_numbers": f"份号共 {len(numbers)} 个，与份数 {self.copies} 不符。"})

    @property
    def classification_mark(self):
        """GB/T 9704 form: 机密★10年 (level, star, period)."""
        label = self.get_classification_display()
        return f"{label}★{self.secrecy_period}" if self.secrecy_period else label


class LoanQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A loan is seen by whoever sees its item (and the borrower, who is granted the item)."""
        return self.filter(item__case__in=Case.objects.visible_to(user).values("pk"))

    def open(self):
        return self.filter(case__status=Case.Status.ACTIVE)

    def overdue(self, day=None):
        return self.open().filter(case__due_date__lt=day or timezone.localdate())


class ClassifiedLoan(models.Model):
    """借阅: who took which copies of which item, when, until when; back when its case closes."""

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="classified_loan")
    item = models.ForeignKey(ClassifiedItem, verbose_name="密件", on_delete=models.PROTECT, related_name="loans")
    borrower = models.ForeignKey(User, verbose_name="借阅人", on_delete=models.PROTECT, related_name="+")
    copies = models.PositiveSmallIntegerField("借出份数", validators=[MinValueValidator(1)])
    copy_numbers = models.CharField("借出份号", max_length=200)
    purpose = models.CharField("借阅事由", max_length=200)
    days = models.PositiveSmallIntegerField(
        "借阅期限（工作日）", validators=[MinValueValidator(1), MaxValueValidator(30)]
    )
    lent_by = models.ForeignKey(User, verbose_name="经手人", on_delete=models.PROTECT, related_name="+")
    lent_at = models.DateTimeField("借出时间", default=timezone.now)
    signed_out_at = models.DateTimeField("借阅人签收时间", null=True, blank=True)

    objects = LoanQuerySet.as_manager()

    class Meta:
        verbose_name = "密件借阅"
        verbose_name_plural = "密件借阅"
        ordering = ["-lent_at", "-id"]

    def __str__(self):
        return f"{self.item.number} 借阅"

    @property
    def is_open(self):
        return self.case.status == Case.Status.ACTIVE

    @property
    def due_date(self):
        return self.case.due_date


class DisposalQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(item__case__in=Case.objects.visible_to(user).values("pk"))


class Disposal(models.Model):
    """销毁 / 清退 / 年底移交归档 of one item: who approved, who witnessed or received, when."""

    class Kind(models.TextChoices):
        DESTROY = "destroy", "销毁"
        RETURN = "return", "清退"
        TRANSFER = "transfer", "移交归档"

    item = models.OneToOneField(ClassifiedItem, on_delete=models.PROTECT, related_name="disposal")
    kind = models.CharField("处置方式", max_length=10, choices=Kind.choices)
    on_date = models.DateField("日期")
    approved_by = models.ForeignKey(
        User, verbose_name="批准人", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    witness = models.ForeignKey(
        User, verbose_name="监销人", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    received_by = models.ForeignKey(
        User, verbose_name="接收人（档案员）", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    receiver_unit = models.CharField("接收单位", max_length=100, blank=True, help_text="清退时填写发文机关或其指定单位")
    method = models.CharField("销毁方式/地点", max_length=100, blank=True)
    note = models.CharField("备注", max_length=200, blank=True)
    recorded_by = models.ForeignKey(User, verbose_name="登记人", on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField("登记时间", default=timezone.now)

    objects = DisposalQuerySet.as_manager()

    class Meta:
        verbose_name = "密件处置记录"
        verbose_name_plural = "密件处置记录"
        ordering = ["-on_date", "-id"]

    def __str__(self):
        return f"{self.item.number} {self.get_kind_display()}"
