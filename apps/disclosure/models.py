"""政府信息公开: requests on application (依申请公开), proactive items (主动公开), the annual report.

Each record sits on a case of the engine. The applicant's identity number, phone and address
are personal data (apps.privacy): encrypted at rest, masked everywhere, shown in full on the
case page only to the case's handlers (each reveal audited).

The outcomes of a reply are the rows of the national annual-report template's table 三
(国办公开办函〔2021〕30号, 《中华人民共和国政府信息公开工作年度报告格式》), so that the
report is a count over this register (report.py) and nobody re-classifies replies in January.
"""

from django.db import models
from simple_history.models import HistoricalRecords

from apps.privacy.fields import BlindIndexField, PersonalDataField
from apps.workflow.models import Case


class ApplicantKind(models.TextChoices):
    """The applicant columns of table 三: 自然人, then the five kinds of 法人或其他组织."""

    NATURAL = "natural", "自然人"
    BUSINESS = "business", "商业企业"
    RESEARCH = "research", "科研机构"
    PUBLIC_WELFARE = "public_welfare", "社会公益组织"
    LEGAL_SERVICE = "legal_service", "法律服务机构"
    OTHER_ORG = "other_org", "其他"


ORGANISATION_KINDS = [k for k in ApplicantKind if k != ApplicantKind.NATURAL]
# Grouped as the form shows them (法人或其他组织 → its sub-kinds).
APPLICANT_KIND_CHOICES = [
    (ApplicantKind.NATURAL.value, ApplicantKind.NATURAL.label),
    ("法人或其他组织", [(k.value, k.label) for k in ORGANISATION_KINDS]),
]


class Channel(models.TextChoices):
    IN_PERSON = "in_person", "当面"
    LETTER = "letter", "信函"
    ONLINE = "online", "网络"
    FAX = "fax", "传真"
    EMAIL = "email", "电子邮件"


class ReplyForm(models.TextChoices):
    PAPER = "paper", "纸质"
    EMAIL = "email", "电子邮件"
    DISC = "disc", "光盘"
    READING = "reading", "当场阅览"


class Stage(models.TextChoices):
    """Where the request stands; moves happen only in services.py (MOVES below)."""

    REGISTERED = "registered", "待审查"
    SUPPLEMENT = "supplement", "待申请人补正"
    HANDLING = "handling", "办理中"
    CONSULTING = "consulting", "征求意见中"
    REPLIED = "replied", "已答复"
    ABANDONED = "abandoned", "视为放弃"


# The route's steps (processes.py): 初审 by the registrar, the 处理单's 批示 (a chain of rule
# rows), 拟稿 by the responsible section, 审核 of the draft (a chain of rule rows), 答复送达 by
# the office handler who issued the 处理单.
CHECK_STEP, DRAFT_STEP, ISSUE_STEP = "handle", "draft", "issue"

# The moves services.py allows, as data (STYLE.md 4): move -> (stages, who). `who` names a
# step whose pending task the actor must hold (the step being current), or "office": the
# office handler (the holder of 初审 until the 处理单 is issued, then the one who issued it),
# whatever step the case is at, or "consulter": whoever sent the 征求意见书.
MOVES = {
    "clear": ({Stage.REGISTERED}, (CHECK_STEP,)),
    "supplement_notice": ({Stage.REGISTERED}, (CHECK_STEP,)),
    "supplement_received": ({Stage.SUPPLEMENT}, (CHECK_STEP,)),
    "abandon": ({Stage.SUPPLEMENT}, (CHECK_STEP,)),
    "sheet": ({Stage.HANDLING, Stage.CONSULTING}, (CHECK_STEP,)),
    "consult": ({Stage.HANDLING}, ("office", DRAFT_STEP)),
    "opinion": ({Stage.CONSULTING}, ("office", "consulter")),
    "extend": ({Stage.HANDLING, Stage.CONSULTING}, ("office",)),
    "draft": ({Stage.HANDLING}, (DRAFT_STEP,)),
    "reply": ({Stage.HANDLING}, (ISSUE_STEP,)),
}
OPEN_STAGES = (Stage.REGISTERED, Stage.SUPPLEMENT, Stage.HANDLING, Stage.CONSULTING)


class Outcome(models.TextChoices):
    """The leaf rows of table 三 "三、本年度办理结果" (条例 §36 outcomes sorted into them)."""

    PUBLIC = "public", "予以公开"
    ALREADY_PUBLIC = "already_public", "予以公开：已主动公开（告知获取方式和途径）"
    PARTIAL = "partial", "部分公开"
    WITHHELD_SECRET = "withheld_secret", "不予公开：属于国家秘密"
    WITHHELD_LAW = "withheld_law", "不予公开：其他法律行政法规禁止公开"
    WITHHELD_SAFETY = "withheld_safety", "不予公开：危及“三安全一稳定”"
    WITHHELD_THIRD_PARTY = "withheld_third_party", "不予公开：保护第三方合法权益（商业秘密、个人隐私）"
    WITHHELD_INTERNAL = "withheld_internal", "不予公开：属于三类内部事务信息"
    WITHHELD_PROCESS = "withheld_process", "不予公开：属于四类过程性信息"
    WITHHELD_ENFORCEMENT = "withheld_enforcement", "不予公开：属于行政执法案卷"
    WITHHELD_QUERY = "withheld_query", "不予公开：属于行政查询事项"
    NOT_HELD = "not_held", "无法提供：本机关不掌握相关政府信息（告知负责机关）"
    NOT_EXIST = "not_exist", "无法提供：信息不存在或没有现成信息需要另行制作"
    STILL_UNCLEAR = "still_unclear", "无法提供：补正后申请内容仍不明确"
    PETITION = "petition", "不予处理：信访举报投诉类申请"
    REPEATED = "repeated", "不予处理：重复申请"
    PUBLICATION = "publication", "不予处理：要求提供公开出版物"
    EXCESSIVE = "excessive", "不予处理：无正当理由大量反复申请"
    CONFIRMATION = "confirmation", "不予处理：要求行政机关确认或重新出具已获取信息"
    ABANDONED = "abandoned", "其他处理：申请人无正当理由逾期不补正（视为放弃）"
    FEE_UNPAID = "fee_unpaid", "其他处理：申请人逾期未按收费通知缴纳费用"
    OTHER_ROUTE = "other_route", "其他处理：告知依照有关法律、行政法规的规定办理（§36(七)）"


# Outcomes a reply may choose (视为放弃 is the abandon move's, never a reply).
REPLY_OUTCOMES = [(o.value, o.label) for o in Outcome if o != Outcome.ABANDONED]
WITHHELD = {o for o in Outcome if o.value.startswith("withheld_")}
# Outcomes whose reply must name something for the applicant: where to get it, which body holds it ...
NEEDS_DETAIL = {
    Outcome.ALREADY_PUBLIC: "请写明获取该政府信息的方式和途径（栏目、网址）。",
    Outcome.NOT_HELD: "请写明负责公开该政府信息的机关名称及联系方式（能够确定的）。",
    Outcome.OTHER_ROUTE: "请写明应依照的法律、行政法规及办理途径。",
    Outcome.PARTIAL: "请写明不予公开部分及其理由。",
}


class ConsultKind(models.TextChoices):
    THIRD_PARTY = "third_party", "征求第三方意见（§32）"
    CO_MAKER = "co_maker", "征求共同制作机关意见（§34）"


class OnCaseQuerySet(models.QuerySet):
    """Records that sit on a case: visible exactly when their case is (default deny)."""

    def visible_to(self, user):
        return self.filter(case__in=Case.objects.visible_to(user).values("pk"))


class DisclosureRequest(models.Model):
    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="disclosure_request")
    applicant = models.CharField("申请人（姓名或名称）", max_length=100)
    applicant_kind = models.CharField(
        "申请人类型", max_length=20, choices=APPLICANT_KIND_CHOICES, default=ApplicantKind.NATURAL
    )
    id_number = PersonalDataField("身份证号码", kind="id_number", purpose="核实政府信息公开申请人身份", blank=True)
    id_number_index = BlindIndexField(source="id_number")
    phone = PersonalDataField("联系电话", kind="phone", purpose="联系申请人、告知补正及答复", blank=True)
    phone_index = BlindIndexField(source="phone")
    address = PersonalDataField("通信地址", kind="address", purpose="送达补正告知书、延期告知书及答复书", blank=True)
    channel = models.CharField("申请方式", max_length=20, choices=Channel.choices)
    content = models.TextField("所需信息的名称、文号或便于查询的其他特征性描述")
    reply_form = models.CharField("获取信息的方式", max_length=20, choices=ReplyForm.choices, default=ReplyForm.PAPER)
    received_on = models.DateField("收到申请日期")
    stage = models.CharField("办理阶段", max_length=20, choices=Stage.choices, default=Stage.REGISTERED)
    # 补正 (§30): one notice only; the reply period runs again from the completed application.
    checked_on = models.DateField("审查（内容明确）日期", null=True, blank=True)
    supplement_items = models.TextField("需要补正的事项", blank=True)
    supplement_notice_on = models.DateField("补正告知日期", null=True, blank=True)
    supplement_received_on = models.DateField("收到补正申请日期", null=True, blank=True)
    # 征求意见 (§32 third parties, §34 co-makers): the time is not counted in the reply period.
    consult_kind = models.CharField("征求意见类型", max_length=20, choices=ConsultKind.choices, blank=True)
    consulted_party = models.CharField("被征求意见方", max_length=100, blank=True)
    consult_matter = models.TextField("征求意见事项", blank=True)
    consult_sent_on = models.DateField("征求意见书送达日期", null=True, blank=True)
    opinion_on = models.DateField("收到意见/期满日期", null=True, blank=True)
    opinion = models.TextField("被征求意见方意见", blank=True)
    opinion_lapsed = models.BooleanField("逾期未提出意见", default=False)
    consulted_by = models.ForeignKey(
        "accounts.User",
        verbose_name="征求意见经办人",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # 《依申请信息公开处理单》: numbered in sequence (apps.numbering, once), the 拟办意见 and the
    # responsible section; 批示 are the engine's approval tasks of the chain "instruct".
    sheet_number = models.CharField("处理单编号", max_length=40, blank=True)
    sheet_year = models.PositiveSmallIntegerField("处理单年度", null=True, blank=True)
    sheet_seq = models.PositiveIntegerField("处理单序号", null=True, blank=True)
    sheet_opinion = models.TextField("拟办意见", blank=True)
    sheet_on = models.DateField("处理单日期", null=True, blank=True)
    sheet_by = models.ForeignKey(
        "accounts.User",
        verbose_name="处理单经办人（办公室）",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    responsible_section = models.ForeignKey(
        "org.Section", verbose_name="责任科室", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # 答复意见稿 by the responsible section, reviewed by the 分管局长 (chain "review") before issue.
    draft_outcome = models.CharField("拟答复结果", max_length=30, choices=Outcome.choices, blank=True)
    draft_detail = models.TextField("答复意见稿", blank=True)
    drafted_on = models.DateField("拟稿日期", null=True, blank=True)
    drafted_by = models.ForeignKey(
        "accounts.User", verbose_name="拟稿人", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # 延期 (§33¶2)
    extension_reason = models.TextField("延期理由", blank=True)
    extended_days = models.PositiveIntegerField("延长工作日数", default=0)
    extended_on = models.DateField("延期决定日期", null=True, blank=True)
    extension_approved_by = models.ForeignKey(
        "accounts.User",
        verbose_name="同意延期的负责人",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # 答复 (§36)
    outcome = models.CharField("办理结果", max_length=30, choices=Outcome.choices, blank=True)
    reply_detail = models.TextField("答复内容（获取方式、负责机关、理由等）", blank=True)
    concluded_on = models.DateField("办结日期（答复或视为放弃）", null=True, blank=True, db_index=True)
    history = HistoricalRecords()

    objects = OnCaseQuerySet.as_manager()

    class Meta:
        verbose_name = "政府信息公开申请"
        verbose_name_plural = "政府信息公开申请"
        constraints = [
            # The backstop under apps.numbering's lock: one request per 处理单 number.
            models.UniqueConstraint(
                fields=["sheet_year", "sheet_seq"],
                condition=models.Q(sheet_seq__isnull=False),
                name="disclosure_sheet_number_unique",
            ),
        ]

    def __str__(self):
        return f"{self.applicant}：{self.case.title}"

    def get_absolute_url(self):
        return self.case.get_absolute_url()

    def may(self, move):
        return self.stage in MOVES[move][0]

    @property
    def stage_text(self):
        """The stage, with the route's step while the request is being handled (批示, 拟稿 ...)."""
        label = self.get_stage_display()
        step = self.case.current_step_label
        if self.stage in (Stage.HANDLING, Stage.CONSULTING) and step:
            return f"{label}·{step}"
        return label

    @property
    def applicant_kind_text(self):
        if self.applicant_kind == ApplicantKind.NATURAL:
            return ApplicantKind.NATURAL.label
        return f"法人或其他组织·{ApplicantKind(self.applicant_kind).label}"

    @property
    def is_open(self):
        return self.stage in OPEN_STAGES

    @property
    def reply_clock(self):
        """The 20-working-day reply clock (from the prefetched clocks on lists)."""
        return next((c for c in self.case.clocks.all() if c.rule.code == "disclosure-reply"), None)


class ProactiveCategory(models.Model):
    """主动公开的类别和栏目 (条例 §20 items and the website's columns), kept by the system administrator."""

    name = models.CharField("类别", max_length=60, unique=True)
    column = models.CharField("网站栏目", max_length=100, blank=True)
    url = models.URLField("栏目网址", blank=True)
    order = models.PositiveIntegerField("排序", default=0)
    active = models.BooleanField("启用", default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "主动公开类别"
        verbose_name_plural = "主动公开类别"
        ordering = ["order", "id"]

    def __str__(self):
        return self.name


class ProactiveItem(models.Model):
    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="proactive_item")
    title = models.CharField("信息名称", max_length=200)
    category = models.ForeignKey(ProactiveCategory, verbose_name="类别", on_delete=models.PROTECT, related_name="items")
    formed_on = models.DateField("信息形成或变更日期")
    summary = models.TextField("内容概要", blank=True)
    published_on = models.DateField("公开日期", null=True, blank=True, db_index=True)
    published_column = models.CharField("公开栏目", max_length=100, blank=True)
    published_url = models.URLField("公开网址", blank=True)
    history = HistoricalRecords()

    objects = OnCaseQuerySet.as_manager()

    class Meta:
        verbose_name = "主动公开信息"
        verbose_name_plural = "主动公开信息"

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return self.case.get_absolute_url()


class AnnualReport(models.Model):
    """The year's 政府信息公开工作年度报告 (§49: published by 31 January): one case per year,
    its clock started from 31 December of the year it reports on."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="disclosure_report")
    year = models.PositiveIntegerField("报告年度", unique=True)
    published_on = models.DateField("公布日期", null=True, blank=True)
    published_column = models.CharField("公布栏目", max_length=100, blank=True)
    published_url = models.URLField("公布网址", blank=True)
    history = HistoricalRecords()

    objects = OnCaseQuerySet.as_manager()

    class Meta:
        verbose_name = "政府信息公开工作年度报告"
        verbose_name_plural = "政府信息公开工作年度报告"

    def __str__(self):
        return f"{self.year}年度政府信息公开工作年度报告"

    def get_absolute_url(self):
        return self.case.get_absolute_url()
