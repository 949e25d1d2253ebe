"""内务 (seed 002 内务管理制度): hygiene and security inspections of each office (股室、司法所)
with findings, a score and rectification, and the canteen purchase acceptance ledger (食堂物品
及财务管理制度 2: the purchaser and the 机关后勤专干 each sign for quantity, quality, price and
safety; the signed list is the accounting voucher)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from .access import is_business, may_see

User = settings.AUTH_USER_MODEL


class CheckQuerySet(models.QuerySet):
    def visible_to(self, user):
        if may_see(user):
            return self.all()
        if is_business(user) and user.section_id:
            return self.filter(section_id=user.section_id)
        return self.none()


class Check(models.Model):
    class Kind(models.TextChoices):
        HYGIENE = "hygiene", "卫生检查"
        SECURITY = "security", "安全检查"

    class Status(models.TextChoices):
        PASSED = "passed", "合格"
        RECTIFYING = "rectifying", "整改中"
        RECTIFIED = "rectified", "已整改"

    checked_on = models.DateField("检查日期")
    kind = models.CharField("检查类别", max_length=10, choices=Kind.choices)
    section = models.ForeignKey(
        "org.Section", verbose_name="被检查股室/司法所", on_delete=models.PROTECT, related_name="+"
    )
    inspectors = models.CharField("检查人", max_length=80)
    score = models.PositiveSmallIntegerField("得分（百分制）")
    findings = models.TextField("发现的问题", blank=True)
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.PASSED)
    rectify_by = models.DateField("整改期限", null=True, blank=True)
    rectified_on = models.DateField("整改完成日期", null=True, blank=True)
    rectified_note = models.CharField("整改情况", max_length=200, blank=True)
    created_by = models.ForeignKey(User, verbose_name="登记人", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("登记时间", default=timezone.now)
    history = HistoricalRecords()

    objects = CheckQuerySet.as_manager()

    class Meta:
        verbose_name = "内务检查"
        verbose_name_plural = "内务检查"
        ordering = ["-checked_on", "-id"]

    def __str__(self):
        return f"{self.checked_on:%Y-%m-%d} {self.section.name}{self.get_kind_display()}"

    @property
    def overdue(self):
        return self.status == self.Status.RECTIFYING and self.rectify_by and timezone.localdate() > self.rectify_by


class PurchaseQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The office and its leaders; the purchaser and the acceptor their own rows."""
        if may_see(user):
            return self.all()
        if is_business(user):
            return self.filter(Q(purchaser=user) | Q(acceptor=user))
        return self.none()


class Purchase(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "待验收"
        ACCEPTED = "accepted", "已验收"
        REFUSED = "refused", "验收不合格"

    purchased_on = models.DateField("采购日期")
    supplier = models.CharField("供货单位", max_length=80)
    items = models.TextField("物品明细（名称、数量、单价）")
    amount = models.DecimalField("金额（元）", max_digits=10, decimal_places=2)
    invoice_no = models.CharField("发票/清单号", max_length=40, blank=True)
    purchaser = models.ForeignKey(User, verbose_name="采购人", on_delete=models.PROTECT, related_name="+")
    acceptor = models.ForeignKey(
        User, verbose_name="验收人（机关后勤专干）", on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.PENDING)
    accepted_at = models.DateTimeField("验收时间", null=True, blank=True)
    acceptance_note = models.CharField("验收意见（数量、质量、价格、安全）", max_length=200, blank=True)
    created_at = models.DateTimeField("登记时间", default=timezone.now)
    history = HistoricalRecords()

    objects = PurchaseQuerySet.as_manager()

    class Meta:
        verbose_name = "食堂采购验收"
        verbose_name_plural = "食堂采购验收台账"
        ordering = ["-purchased_on", "-id"]

    def __str__(self):
        return f"{self.purchased_on:%Y-%m-%d} {self.supplier} {self.amount} 元"
