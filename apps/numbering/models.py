"""Gapless numbers (发文字号, 收文编号 ...): one service for every section.

* NumberScheme: a numbering rule the system administrator configures (code, name, pattern such
  as 临司发〔{year}〕{seq}号, the section that owns it), seeded once from
  fixtures/number_schemes.json and historied.
* NumberSeries: the counter of one scheme in one year. services.allocate() locks it with
  SELECT ... FOR UPDATE inside the caller's transaction, so two clerks pressing the button at the
  same moment get consecutive numbers; a rolled-back transaction gives its number back.
* IssuedNumber: every number handed out, unique per (scheme, year, seq): the register and the
  backstop under the lock. A voided number keeps its row (and its place in the register); it is
  never handed out again.
"""

import re
import string

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

# GB/T 9704-2012 §7.2.4 (DOCUMENTS.md 1.3): 机关代字〔年份〕序号号, the year in 六角括号, the
# sequence without 第 and without padding.
DOCUMENT_NUMBER_RE = re.compile(r"^(?P<daizi>[\u4e00-\u9fff]+)〔(?P<year>\d{4})〕(?P<seq>[1-9]\d*)号$")


class NumberSchemeManager(models.Manager):
    def get_by_natural_key(self, code):
        return self.get(code=code)


class NumberScheme(models.Model):
    class Kind(models.TextChoices):
        DOCUMENT = "document", "发文字号"
        RECEIPT = "receipt", "收文编号"
        OTHER = "other", "其他编号"

    code = models.SlugField(
        "代码", max_length=40, unique=True, help_text="程序引用的代码，如 outgoing-bureau；建立后不要修改"
    )
    name = models.CharField("名称", max_length=60)
    kind = models.CharField("类别", max_length=20, choices=Kind.choices, default=Kind.DOCUMENT)
    pattern = models.CharField(
        "编号格式",
        max_length=60,
        help_text="用 {year} 表示年份、{seq} 表示序号，如 临司发〔{year}〕{seq}号；收文编号可补零，如 收〔{year}〕{seq:03d}",
    )
    owner = models.ForeignKey(
        "org.Section", verbose_name="管理科室", on_delete=models.PROTECT, related_name="number_schemes"
    )
    active = models.BooleanField("启用", default=True)
    note = models.CharField("说明", max_length=200, blank=True)
    history = HistoricalRecords()

    objects = NumberSchemeManager()

    class Meta:
        verbose_name = "编号规则"
        verbose_name_plural = "编号规则（发文字号、收文编号）"
        ordering = ["kind", "code"]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.code,)

    def format(self, year, seq):
        return self.pattern.format(year=year, seq=seq)

    def clean(self):
        super().clean()
        try:
            fields = {name for _, name, _, _ in string.Formatter().parse(self.pattern) if name is not None}
        except ValueError:
            raise ValidationError({"pattern": "编号格式中的花括号不成对。"}) from None
        if fields != {"year", "seq"}:
            raise ValidationError({"pattern": "编号格式须包含 {year} 和 {seq}，且不能有其他占位符。"})
        try:
            samples = [self.format(2026, 1), self.format(2026, 12)]
        except (ValueError, KeyError, IndexError):
            raise ValidationError({"pattern": "编号格式无法生成编号，请检查 {seq} 的写法。"}) from None
        if self.kind == self.Kind.DOCUMENT and not all(DOCUMENT_NUMBER_RE.match(s) for s in samples):
            raise ValidationError(
                {
                    "pattern": "发文字号须为“机关代字〔年份〕序号号”，年份用六角括号〔〕，"
                    "序号不编虚位、不加“第”，如 临司发〔{year}〕{seq}号。"
                }
            )


class NumberSeries(models.Model):
    """The counter of one scheme in one year: `last` is the last number handed out."""

    scheme = models.ForeignKey(NumberScheme, verbose_name="编号规则", on_delete=models.PROTECT, related_name="series")
    year = models.PositiveSmallIntegerField("年度")
    last = models.PositiveIntegerField("已用至", default=0)
    updated_at = models.DateTimeField("最近取号", auto_now=True)

    class Meta:
        verbose_name = "编号计数"
        verbose_name_plural = "编号计数（只读）"
        ordering = ["-year", "scheme"]
        constraints = [models.UniqueConstraint(fields=["scheme", "year"], name="numberseries_one_per_year")]

    def __str__(self):
        return f"{self.scheme} {self.year}年 已用至 {self.last}"


class IssuedNumber(models.Model):
    """One number handed out. Voided numbers stay here: the register shows them as 作废."""

    scheme = models.ForeignKey(NumberScheme, on_delete=models.PROTECT, related_name="issued")
    year = models.PositiveSmallIntegerField("年度")
    seq = models.PositiveIntegerField("序号")
    formatted = models.CharField("编号", max_length=80)
    target = models.CharField("编号对象", max_length=80, blank=True, help_text="如 workflow.case:12")
    issued_at = models.DateTimeField("取号时间", default=timezone.now)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="取号人",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    voided_at = models.DateTimeField("作废时间", null=True, blank=True)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="作废人",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    void_reason = models.CharField("作废原因", max_length=200, blank=True)

    class Meta:
        verbose_name = "已取编号"
        verbose_name_plural = "已取编号"
        ordering = ["scheme", "year", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "year", "seq"], name="issuednumber_unique"),
            models.CheckConstraint(condition=models.Q(seq__gte=1), name="issuednumber_seq_positive"),
        ]

    def __str__(self):
        return self.formatted
