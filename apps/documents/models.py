"""公文办理: incoming (收文) and outgoing (发文) documents on the engine.

Seed 000 appendix 1.1.1, seed 002 rule 8, and 《党政机关公文处理工作条例》 (2012) 第二十四、二十五条
(DOCUMENTS.md §2.4-2.5 lists what each step records).

* IncomingDocument: the domain record of a documents.incoming case. 签收/登记 by the receiver
  (收发员) gives it its 收文编号 (apps.numbering, scheme "incoming"); 拟办 by the office chief
  (办理件 or 阅件, which leaders 批办); 转办 to a lead section and optional co-handlers with a due
  date from the urgency rule (a DeadlineRule clock); 承办 and 办结; 归档 (the engine).
* OutgoingDocument: the domain record of a documents.outgoing case. 拟稿 → 核稿 → 会签 → 签发 (the
  rule rows of the document type's chain), then the office numbers it (发文字号, only once the
  drafter, reviewer and signer have all signed), 用印, 印制, 分发 to each recipient
  (OutgoingRecipient rows with their delivery status), 归档.

State secrets (秘密/机密/绝密) never enter these tables (保密法 2024 第三十一条): they go to the
confidential register (apps.confidential). Sensitivity here is the engine's 公开/内部/工作秘密.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from apps.workflow.models import Case
from apps.workflow.rules import deadline_rule

User = settings.AUTH_USER_MODEL


class DocType(models.TextChoices):
    """The 15 kinds of official document (《党政机关公文处理工作条例》第八条)."""

    RESOLUTION = "resolution", "决议"
    DECISION = "decision", "决定"
    ORDER = "order", "命令（令）"
    COMMUNIQUE = "communique", "公报"
    ANNOUNCEMENT = "announcement", "公告"
    PUBLIC_NOTICE = "public_notice", "通告"
    OPINION = "opinion", "意见"
    NOTICE = "notice", "通知"
    BULLETIN = "bulletin", "通报"
    REPORT = "report", "报告"
    REQUEST = "request", "请示"
    REPLY = "reply", "批复"
    MOTION = "motion", "议案"
    LETTER = "letter", "函"
    MINUTES = "minutes", "纪要"


# Written to a higher authority (上行文): the printed document shows 签发人 (GB/T 9704 §7.2.5).
UPWARD_TYPES = {DocType.REQUEST, DocType.REPORT, DocType.MOTION}


class Urgency(models.TextChoices):
    NORMAL = "normal", "平件"
    URGENT = "urgent", "加急"
    EXTRA_URGENT = "extra_urgent", "特急"


# The DeadlineRule (fixtures/deadline_rules.json) that sets the 办理时限 of a transferred document.
URGENCY_RULES = {
    Urgency.NORMAL: deadline_rule("document-incoming-normal"),
    Urgency.URGENT: deadline_rule("document-incoming-urgent"),
    Urgency.EXTRA_URGENT: deadline_rule("document-incoming-extra-urgent"),
}


class Channel(models.TextChoices):
    CONFIDENTIAL = "confidential", "机要交换"
    POST = "post", "邮寄"
    EXCHANGE = "exchange", "文件交换站"
    ELECTRONIC = "electronic", "电子公文系统"
    FAX = "fax", "传真"
    HAND = "hand", "专人送达"
    OTHER = "other", "其他"


class DocumentQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Default deny: exactly the documents whose case the engine lets `user` see."""
        return self.filter(case__in=Case.objects.visible_to(user).values("pk"))


class IncomingDocument(models.Model):
    """收文: registered by the receiver, handled on the engine (process documents.incoming)."""

    class Handling(models.TextChoices):
        ACTION = "action", "办理件"
        READING = "reading", "阅件"

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="incoming_document")
    # 收文编号: allocated at registration from the scheme "incoming"; unique per year (backstop
    # under the numbering service's lock).
    receipt_year = models.PositiveSmallIntegerField("收文年度")
    receipt_seq = models.PositiveIntegerField("收文序号")
    receipt_number = models.CharField("收文编号", max_length=40)
    # 签收
    channel = models.CharField("来文渠道", max_length=20, choices=Channel.choices, default=Channel.ELECTRONIC)
    received_at = models.DateTimeField("签收时间", default=timezone.now)
    received_by = models.ForeignKey(User, verbose_name="签收人", on_delete=models.PROTECT, related_name="+")
    intact = models.BooleanField("封装完好、份数无误", default=True)
    # 登记
    source_org = models.CharField("来文单位", max_length=100)
    source_number = models.CharField("来文字号", max_length=60, blank=True)
    doc_type = models.CharField("文种", max_length=20, choices=DocType.choices, blank=True)
    document_date = models.DateField("成文日期", null=True, blank=True)
    summary = models.TextField("内容摘要", blank=True)
    copies = models.PositiveSmallIntegerField(
        "份数", default=1, validators=[MinValueValidator(1), MaxValueValidator(999)]
    )
    pages = models.PositiveSmallIntegerField("页数", null=True, blank=True, validators=[MaxValueValidator(9999)])
    urgency = models.CharField("紧急程度", max_length=20, choices=Urgency.choices, default=Urgency.NORMAL)
    requested_due = models.DateField("来文要求办结日期", null=True, blank=True)
    # 拟办 (office chief)
    handling = models.CharField("办理类型", max_length=10, choices=Handling.choices, blank=True)
    plan_opinion = models.TextField("拟办意见", blank=True)
    planned_by = models.ForeignKey(
        User, verbose_name="拟办人", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    planned_at = models.DateTimeField("拟办时间", null=True, blank=True)
    leaders = models.ManyToManyField(User, verbose_name="批办领导", blank=True, related_name="+")
    # 转办 (receiver)
    lead_section = models.ForeignKey(
        "org.Section", verbose_name="主办科室", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    lead_handler = models.ForeignKey(
        User,
        verbose_name="主办承办人",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="留空则送主办科室负责人分办",
    )
    co_sections = models.ManyToManyField("org.Section", verbose_name="协办科室", blank=True, related_name="+")
    due_date = models.DateField("办理时限", null=True, blank=True)
    transferred_at = models.DateTimeField("转办时间", null=True, blank=True)
    # 办结
    result = models.TextField("办理结果", blank=True)
    closed_on = models.DateField("办结日期", null=True, blank=True)
    history = HistoricalRecords(m2m_fields=[leaders, co_sections])

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = "收文"
        verbose_name_plural = "收文"
        ordering = ["-receipt_year", "-receipt_seq"]
        constraints = [
            models.UniqueConstraint(fields=["receipt_year", "receipt_seq"], name="incoming_receipt_number_unique"),
        ]
        indexes = [models.Index(fields=["received_at"])]

    def __str__(self):
        return f"{self.receipt_number} {self.case.title}"


class OutgoingDocument(models.Model):
    """发文: drafted by any member of staff, signed by the leaders, numbered by the office."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="outgoing_document")
    doc_type = models.CharField("文种", max_length=20, choices=DocType.choices, default=DocType.NOTICE)
    upward = models.BooleanField("上行文", default=False, help_text="报上级机关的公文（请示、报告等），版头标注签发人")
    urgency = models.CharField("紧急程度", max_length=20, choices=Urgency.choices, default=Urgency.NORMAL)
    main_recipients = models.TextField("主送机关", blank=True, help_text="多个机关用顿号分隔，如 各科室、各司法所")
    copy_recipients = models.TextField("抄送机关", blank=True)
    body = models.TextField("正文")
    attachment_list = models.TextField("附件说明", blank=True, help_text="每行一个附件名称（不加标点）")
    note = models.CharField("附注", max_length=100, blank=True, help_text="如：此件公开发布")
    countersign_sections = models.ManyToManyField("org.Section", verbose_name="会签科室", blank=True, related_name="+")
    scheme = models.ForeignKey(
        "numbering.NumberScheme",
        verbose_name="发文字号类别",
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": "document", "active": True},
    )
    in_reply_to = models.ForeignKey(
        IncomingDocument,
        verbose_name="答复的来文",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="replies",
    )
    # 编号/登记 (office): allocated once, after the drafter, reviewer and signer have all signed.
    number_year = models.PositiveSmallIntegerField("发文年度", null=True, blank=True)
    number_seq = models.PositiveIntegerField("发文序号", null=True, blank=True)
    number = models.CharField("发文字号", max_length=60, blank=True)
    numbered_at = models.DateTimeField("编号时间", null=True, blank=True)
    numbered_by = models.ForeignKey(
        User, verbose_name="编号人", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    signer = models.ForeignKey(
        User, verbose_name="签发人", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    signed_on = models.DateField("成文日期（签发日期）", null=True, blank=True)
    # 用印 (when no seal-use request is linked: the keeper's own record)
    sealed_at = models.DateTimeField("用印时间", null=True, blank=True)
    sealed_by = models.ForeignKey(
        User, verbose_name="监印人", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # 印制
    print_copies = models.PositiveSmallIntegerField(
        "印制份数", null=True, blank=True, validators=[MinValueValidator(1)]
    )
    printed_on = models.DateField("印发日期", null=True, blank=True)
    printed_by = models.ForeignKey(
        User, verbose_name="印制人", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    print_place = models.CharField("印制地点", max_length=60, blank=True)
    # 作废: the number stays in the register (apps.numbering) and is never reused.
    voided_at = models.DateTimeField("作废时间", null=True, blank=True)
    void_reason = models.CharField("作废原因", max_length=200, blank=True)
    history = HistoricalRecords(m2m_fields=[countersign_sections])

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = "发文"
        verbose_name_plural = "发文"
        constraints = [
            # The backstop under apps.numbering's lock: one document per number.
            models.UniqueConstraint(
                fields=["scheme", "number_year", "number_seq"],
                condition=Q(number_seq__isnull=False),
                name="outgoing_number_unique",
            ),
            models.CheckConstraint(
                condition=Q(number_seq__isnull=True) | (Q(number_year__isnull=False) & ~Q(number="")),
                name="outgoing_number_complete",
            ),
        ]

    def __str__(self):
        return self.number or self.case.title

    @property
    def shows_signer(self):
        return self.upward

    @property
    def attachment_names(self):
        return [line.strip() for line in self.attachment_list.splitlines() if line.strip()]


class OutgoingRecipient(models.Model):
    """分发: one recipient of a printed document, with how it went and whether it was received."""

    class Kind(models.TextChoices):
        MAIN = "main", "主送"
        COPY = "copy", "抄送"
        INTERNAL = "internal", "内部分送"

    class Status(models.TextChoices):
        PENDING = "pending", "待分发"
        SENT = "sent", "已发出"
        RECEIVED = "received", "已签收"

    document = models.ForeignKey(OutgoingDocument, on_delete=models.CASCADE, related_name="recipients")
    name = models.CharField("收文单位", max_length=100)
    kind = models.CharField("类别", max_length=10, choices=Kind.choices, default=Kind.MAIN)
    copies = models.PositiveSmallIntegerField("份数", default=1, validators=[MinValueValidator(1)])
    channel = models.CharField("分发方式", max_length=20, choices=Channel.choices, default=Channel.ELECTRONIC)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.PENDING)
    sent_at = models.DateTimeField("发出时间", null=True, blank=True)
    sent_by = models.ForeignKey(
        User, verbose_name="分发人", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    received_at = models.DateTimeField("签收时间", null=True, blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "分发记录"
        verbose_name_plural = "分发记录"
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["document", "name"], name="outgoingrecipient_unique")]

    def __str__(self):
        return f"{self.document} → {self.name}"


class SealOrder(models.TextChoices):
    """Where 用印 stands in the 发文 route. Bureaus differ: most stamp the printed copies (the seal
    goes on each copy that leaves the bureau), some stamp the signed original and print after."""

    PRINT_FIRST = "print_first", "先印制、后用印（在印制好的正式文件上逐份盖章）"
    SEAL_FIRST = "seal_first", "先用印、后印制（在签发稿上盖章后再印制）"


class OutgoingRules(models.Model):
    """发文办理规则: the bureau's one row of 发文 settings the administrator sets in the admin
    (historied). The route of a document is fixed when it is submitted, so a change applies to
    documents submitted afterwards."""

    seal_order = models.CharField(
        "用印与印制的顺序",
        max_length=20,
        choices=SealOrder.choices,
        default=SealOrder.PRINT_FIRST,
        help_text="只影响修改后提交的发文；已在办理中的发文按提交时的顺序办理。",
    )
    note = models.CharField("修改原因", max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "发文办理规则"
        verbose_name_plural = "发文办理规则"

    def __str__(self):
        return f"发文办理规则（{self.get_seal_order_display()}）"

    @classmethod
    def current(cls):
        """The bureau's rules; the defaults while the administrator has saved none."""
        return cls.objects.order_by("pk").first() or cls()
