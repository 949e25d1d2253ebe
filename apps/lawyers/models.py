"""律师工作科 (seed 000, 7.1–7.6): the registers of the supervised (law firms and branches,
lawyers incl. 公职律师 and 公司律师, legal advisers of party and government bodies), complaints
about every supervised legal-service provider (lawyers, firms, notaries, grassroots legal-service
workers) with the upward 处罚建议, the yearly assessment (7.3), licence files forwarded to the
city and the province (律师法 §6, §18), and the section's plans with tasks and work records.

A district bureau in a 设区的市 does not penalise lawyers or firms (律师法 §47–50: the city
bureau does); it investigates complaints and recommends upward (§52). Notaries are penalised by
the city or the province too (公证法 §41, §42).

Registers are not cases: they are visible to the lawyers section, its division leader and the
director (`SectionScoped.visible_to`). Complaints, recommendations and licence files are cases
of the engine: visible as their case is (the case's section is the handling section: 律师工作科
for lawyers and firms, 公共法律服务管理科 for notaries and grassroots workers).
"""

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from apps.accounts.models import Rank
from apps.privacy.fields import BlindIndexField, PersonalDataField
from apps.workflow.models import Case

SECTION = "lawyers"  # 律师工作科
PUBLIC_LEGAL = "public_legal"  # 公共法律服务管理科


def _scope(user, codes):
    """Members of the sections `codes`, their division leaders and the director; nobody else."""
    if not getattr(user, "is_authenticated", False) or not user.is_active or user.admin_role:
        return False
    if user.rank == Rank.DIRECTOR:
        return True
    section = user.section
    if section is not None and section.code in codes:
        return True
    if user.rank == Rank.DIVISION_LEADER:
        return user.led_sections.filter(code__in=codes).exists()
    return False


def may_see_registers(user):
    return _scope(user, (SECTION,))


def is_section_staff(user):
    """A business account of the lawyers section (who keeps the registers)."""
    return (
        getattr(user, "is_authenticated", False)
        and user.is_active
        and not user.admin_role
        and user.section_id is not None
        and user.section.code == SECTION
    )


class SectionScoped(models.QuerySet):
    def visible_to(self, user):
        return self if may_see_registers(user) else self.none()


class OnCase(models.QuerySet):
    def visible_to(self, user):
        return self.filter(case__in=Case.objects.visible_to(user).values("pk"))


# --- registers -------------------------------------------------------------------------------


class Status(models.TextChoices):
    PRACTISING = "practising", "正常执业"
    SUSPENDED = "suspended", "停止执业/停业整顿"
    CANCELLED = "cancelled", "已注销"


class FirmKind(models.TextChoices):
    PARTNERSHIP = "partnership", "合伙律师事务所"
    PERSONAL = "personal", "个人律师事务所"
    STATE = "state", "国家出资设立的律师事务所"


class LawFirm(models.Model):
    name = models.CharField("名称", max_length=100, unique=True)
    kind = models.CharField("组织形式", max_length=20, choices=FirmKind.choices, default=FirmKind.PARTNERSHIP)
    parent = models.ForeignKey(
        "self",
        verbose_name="总所（分所填写）",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="branches",
    )
    licence_no = models.CharField("执业许可证号", max_length=40, unique=True)
    licensed_on = models.DateField("发证日期")
    head = models.CharField("负责人", max_length=40)
    address = models.CharField("住所", max_length=200)
    office_phone = models.CharField("办公电话", max_length=30, blank=True)
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.PRACTISING)
    status_since = models.DateField("状态变更日期", null=True, blank=True)
    note = models.TextField("备注", blank=True)
    history = HistoricalRecords()

    objects = SectionScoped.as_manager()

    class Meta:
        verbose_name = "律师事务所"
        verbose_name_plural = "律师事务所"
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def is_branch(self):
        return self.parent_id is not None


class LawyerKind(models.TextChoices):
    FULL_TIME = "full_time", "专职律师"
    PART_TIME = "part_time", "兼职律师"
    PUBLIC = "public", "公职律师"
    CORPORATE = "corporate", "公司律师"
    LEGAL_AID = "legal_aid", "法律援助律师"


# 公职律师 and 公司律师 practise in their own unit, not in a firm.
IN_UNIT = {LawyerKind.PUBLIC, LawyerKind.CORPORATE}


class Lawyer(models.Model):
    name = models.CharField("姓名", max_length=40)
    kind = models.CharField("类别", max_length=20, choices=LawyerKind.choices, default=LawyerKind.FULL_TIME)
    firm = models.ForeignKey(
        LawFirm, verbose_name="执业机构", on_delete=models.PROTECT, null=True, blank=True, related_name="lawyers"
    )
    employer = models.CharField("所在单位（公职、公司律师）", max_length=100, blank=True)
    licence_no = models.CharField("执业证号", max_length=40, unique=True)
    licensed_on = models.DateField("首次执业日期")
    id_number = PersonalDataField("身份证号码", kind="id_number", purpose="核对律师身份及执业信息", blank=True)
    id_number_index = BlindIndexField(source="id_number")
    phone = PersonalDataField("联系电话", kind="phone", purpose="联系律师办理监督管理事项", blank=True)
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.PRACTISING)
    status_since = models.DateField("状态变更日期", null=True, blank=True)
    note = models.TextField("备注", blank=True)
    history = HistoricalRecords()

    objects = SectionScoped.as_manager()

    class Meta:
        verbose_name = "律师"
        verbose_name_plural = "律师"
        ordering = ["name", "id"]

    def __str__(self):
        return f"{self.name}（{self.get_kind_display()}）"

    @property
    def practice_place(self):
        return self.employer if self.kind in IN_UNIT else (self.firm.name if self.firm_id else "")

    def can_reveal(self, user):
        """The section's own staff, who keep the register; leaders oversee and see it masked."""
        return is_section_staff(user)


class AdviserKind(models.TextChoices):
    PUBLIC_LAWYER = "public_lawyer", "公职律师"
    OUTSIDE_LAWYER = "outside_lawyer", "外聘律师"
    EXPERT = "expert", "法学专家"
    OTHER = "other", "其他"


class LegalAdviser(models.Model):
    """法律顾问 of a party or government body, enterprise or institution (7.4)."""

    unit = models.CharField("聘请单位", max_length=100)
    unit_kind = models.CharField(
        "单位类别",
        max_length=20,
        choices=[("party_gov", "党政机关"), ("institution", "事业单位"), ("enterprise", "国有企业"), ("other", "其他")],
        default="party_gov",
    )
    adviser = models.CharField("法律顾问", max_length=60)
    kind = models.CharField("顾问类别", max_length=20, choices=AdviserKind.choices)
    lawyer = models.ForeignKey(
        Lawyer, verbose_name="对应律师", on_delete=models.PROTECT, null=True, blank=True, related_name="advisories"
    )
    firm = models.ForeignKey(
        LawFirm, verbose_name="所在律师事务所", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    starts_on = models.DateField("聘期开始")
    ends_on = models.DateField("聘期届满")
    status = models.CharField(
        "状态", max_length=20, choices=[("active", "在聘"), ("ended", "已解聘/期满")], default="active"
    )
    note = models.TextField("履职情况", blank=True)
    history = HistoricalRecords()

    objects = SectionScoped.as_manager()

    class Meta:
        verbose_name = "法律顾问"
        verbose_name_plural = "法律顾问"
        ordering = ["unit", "id"]

    def __str__(self):
        return f"{self.unit}：{self.adviser}"


# --- complaints (all supervised legal-service providers) -------------------------------------


class SubjectKind(models.TextChoices):
    LAWYER = "lawyer", "律师"
    FIRM = "firm", "律师事务所"
    NOTARY = "notary", "公证员/公证机构"
    GRASSROOTS = "grassroots", "基层法律服务工作者/所"


# The handling section of a complaint by what it is about.
HANDLING_SECTION = {
    SubjectKind.LAWYER: SECTION,
    SubjectKind.FIRM: SECTION,
    SubjectKind.NOTARY: PUBLIC_LEGAL,
    SubjectKind.GRASSROOTS: PUBLIC_LEGAL,
}


class Channel(models.TextChoices):
    LETTER = "letter", "来信"
    VISIT = "visit", "来访"
    PHONE = "phone", "来电"
    ONLINE = "online", "网上投诉"
    TRANSFERRED = "transferred", "上级转办/有关部门移送"


class ComplaintStage(models.TextChoices):
    ASSIGNING = "assigning", "待分办"
    REGISTERED = "registered", "待决定受理"
    INVESTIGATING = "investigating", "已受理，调查中"
    DECLINED = "declined", "不予受理"
    REPLIED = "replied", "已答复投诉人"


class Finding(models.TextChoices):
    UNFOUNDED = "unfounded", "投诉不成立"
    CORRECTED = "corrected", "情节轻微，已责令改正/批评教育"
    RECOMMEND = "recommend", "应予行政处罚，已向上级提出处罚建议"
    BAR = "bar", "需行业惩戒，已移送律师协会"
    MEDIATED = "mediated", "双方达成和解"


COMPLAINT_MOVES = {
    "decide": {ComplaintStage.REGISTERED},
    "note": {ComplaintStage.INVESTIGATING},
    "recommend": {ComplaintStage.INVESTIGATING},
    "reply": {ComplaintStage.INVESTIGATING},
}


class Complaint(models.Model):
    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="lawyer_complaint")
    subject_kind = models.CharField("被投诉人类别", max_length=20, choices=SubjectKind.choices)
    lawyer = models.ForeignKey(
        Lawyer, verbose_name="被投诉律师", on_delete=models.PROTECT, null=True, blank=True, related_name="complaints"
    )
    firm = models.ForeignKey(
        LawFirm,
        verbose_name="被投诉律师事务所",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints",
    )
    subject_name = models.CharField("被投诉人", max_length=100)
    subject_unit = models.CharField("被投诉人执业机构", max_length=100, blank=True)
    complainant = models.CharField("投诉人", max_length=60)
    id_number = PersonalDataField("身份证号码", kind="id_number", purpose="核实投诉人身份", blank=True)
    id_number_index = BlindIndexField(source="id_number")
    phone = PersonalDataField("联系电话", kind="phone", purpose="联系投诉人、告知受理及处理结果", blank=True)
    phone_index = BlindIndexField(source="phone")
    address = PersonalDataField("通信地址", kind="address", purpose="送达受理告知书及答复书", blank=True)
    channel = models.CharField("投诉方式", max_length=20, choices=Channel.choices)
    received_on = models.DateField("收到投诉日期")
    content = models.TextField("投诉事项及理由")
    stage = models.CharField(
        "办理阶段", max_length=20, choices=ComplaintStage.choices, default=ComplaintStage.ASSIGNING
    )
    handler = models.ForeignKey(
        "accounts.User", verbose_name="承办人", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    assigned_on = models.DateField("分办日期", null=True, blank=True)
    decided_on = models.DateField("受理决定日期", null=True, blank=True)
    decline_reason = models.TextField("不予受理理由", blank=True)
    finding = models.CharField("调查结论", max_length=20, choices=Finding.choices, blank=True)
    reply = models.TextField("答复内容", blank=True)
    replied_on = models.DateField("答复日期", null=True, blank=True)
    history = HistoricalRecords()

    objects = OnCase.as_manager()

    class Meta:
        verbose_name = "律师及法律服务投诉"
        verbose_name_plural = "律师及法律服务投诉"

    def __str__(self):
        return self.case.title

    def get_absolute_url(self):
        return self.case.get_absolute_url()

    def may(self, move):
        return self.stage in COMPLAINT_MOVES[move]

    @property
    def subject_text(self):
        unit = f"（{self.subject_unit}）" if self.subject_unit else ""
        return f"{self.get_subject_kind_display()} {self.subject_name}{unit}"


class InvestigationNote(models.Model):
    """One investigation act: 调阅案卷, 询问被投诉人 (two officers), 听取陈述 ..."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="notes")
    on_date = models.DateField("日期")
    method = models.CharField(
        "方式",
        max_length=20,
        choices=[
            ("file", "调阅案卷"),
            ("inquiry", "询问被投诉人"),
            ("complainant", "听取投诉人陈述"),
            ("firm", "向律师事务所/执业机构了解情况"),
            ("other", "其他"),
        ],
    )
    officers = models.CharField("调查人员", max_length=100)
    content = models.TextField("调查情况")
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        verbose_name = "投诉调查记录"
        verbose_name_plural = "投诉调查记录"
        ordering = ["on_date", "id"]


class ComplaintExtension(models.Model):
    """延期申请: the handler asks, before the reply limit ends, for more days; the request is a
    case of its own approved along the ApprovalRule chain "approve" of lawyers.extension, and
    the last approval moves the complaint's clock (deadlines.extend_clock) in its transaction."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="lawyer_extension")
    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="extensions")
    rule_code = models.CharField("所延期限", max_length=60)
    due_before = models.DateField("申请时的到期日")
    days = models.PositiveSmallIntegerField("申请延长天数")
    reason = models.TextField("延期理由")
    requested_on = models.DateField("申请日期")
    approved_by = models.ForeignKey(
        "accounts.User", verbose_name="批准人", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    due_after = models.DateField("延长后的到期日", null=True, blank=True)
    outcome = models.CharField("结果", max_length=200, blank=True)
    history = HistoricalRecords()

    objects = OnCase.as_manager()

    class Meta:
        verbose_name = "投诉办理延期申请"
        verbose_name_plural = "投诉办理延期申请"
        ordering = ["-requested_on", "-id"]

    def __str__(self):
        return self.case.title

    def get_absolute_url(self):
        return self.case.get_absolute_url()


class RecommendationStage(models.TextChoices):
    APPROVING = "approving", "审批中"
    APPROVED = "approved", "已批准，待报送"
    SENT = "sent", "已报送，待上级处理"
    DONE = "done", "上级已处理"
    DROPPED = "dropped", "未获批准"


class Recommendation(models.Model):
    """处罚建议 (律师法 §52; seed 7.4–7.6): sent to the 淄博市司法局 (administrative penalty),
    with a referral to the bar association for 行业处分 where warranted."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="lawyer_recommendation")
    complaint = models.OneToOneField(Complaint, on_delete=models.PROTECT, related_name="recommendation")
    facts = models.TextField("违法事实")
    evidence = models.TextField("证据")
    legal_basis = models.CharField("法律依据", max_length=300)
    proposal = models.TextField("处罚建议")
    recipient = models.ForeignKey(
        "org.ExternalUnit", verbose_name="报送机关", on_delete=models.PROTECT, related_name="+"
    )
    bar_referral = models.BooleanField("同时提请律师协会给予行业处分", default=False)
    number = models.CharField("文书编号", max_length=40, blank=True)
    sent_on = models.DateField("报送日期", null=True, blank=True)
    result = models.TextField("上级处理结果", blank=True)
    result_on = models.DateField("处理结果日期", null=True, blank=True)
    history = HistoricalRecords()

    objects = OnCase.as_manager()

    class Meta:
        verbose_name = "处罚建议"
        verbose_name_plural = "处罚建议"

    def __str__(self):
        return self.case.title

    def get_absolute_url(self):
        return self.case.get_absolute_url()

    @property
    def stage(self):
        """Where it stands: the approvals are the engine's steps, the rest this record's dates."""
        from .processes import SEND_STEP

        if self.result_on:
            return RecommendationStage.DONE
        if self.sent_on:
            return RecommendationStage.SENT
        if self.case.status == Case.Status.ACTIVE:
            return (
                RecommendationStage.APPROVED if self.case.current_step == SEND_STEP else RecommendationStage.APPROVING
            )
        return RecommendationStage.DROPPED

    @property
    def stage_label(self):
        return RecommendationStage(self.stage).label


# --- annual assessment (7.3) -----------------------------------------------------------------


class Grade(models.TextChoices):
    PASS = "pass", "合格（称职）"
    BASIC = "basic", "基本合格（基本称职）"
    FAIL = "fail", "不合格（不称职）"
    DEFERRED = "deferred", "暂缓考核"


class AssessmentStage(models.TextChoices):
    RECEIVED = "received", "已收到材料，待初审"
    REVIEWED = "reviewed", "已初审，待报送"
    FORWARDED = "forwarded", "已报送市司法局"
    DONE = "done", "已出考核结果"


class AssessmentReport(models.Model):
    """A firm's or a lawyer's yearly report (律师法 §24), the district's 初审 and the city's result."""

    year = models.PositiveSmallIntegerField("考核年度")
    firm = models.ForeignKey(
        LawFirm, verbose_name="律师事务所", on_delete=models.PROTECT, null=True, blank=True, related_name="reports"
    )
    lawyer = models.ForeignKey(
        Lawyer, verbose_name="律师", on_delete=models.PROTECT, null=True, blank=True, related_name="reports"
    )
    received_on = models.DateField("收到材料日期")
    stage = models.CharField("阶段", max_length=20, choices=AssessmentStage.choices, default=AssessmentStage.RECEIVED)
    opinion_grade = models.CharField("初审意见", max_length=20, choices=Grade.choices, blank=True)
    opinion = models.TextField("初审意见说明", blank=True)
    reviewed_on = models.DateField("初审日期", null=True, blank=True)
    reviewed_by = models.ForeignKey(
        "accounts.User", verbose_name="初审人", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    forwarded_on = models.DateField("报送市司法局日期", null=True, blank=True)
    result_grade = models.CharField("考核结果", max_length=20, choices=Grade.choices, blank=True)
    result_on = models.DateField("结果日期", null=True, blank=True)
    history = HistoricalRecords()

    objects = SectionScoped.as_manager()

    class Meta:
        verbose_name = "年度考核材料"
        verbose_name_plural = "年度考核材料"
        constraints = [
            models.UniqueConstraint(
                fields=["year", "firm"], condition=Q(firm__isnull=False), name="lawyers_report_firm_year"
            ),
            models.UniqueConstraint(
                fields=["year", "lawyer"], condition=Q(lawyer__isnull=False), name="lawyers_report_lawyer_year"
            ),
            models.CheckConstraint(
                condition=Q(firm__isnull=True, lawyer__isnull=False) | Q(firm__isnull=False, lawyer__isnull=True),
                name="lawyers_report_one_subject",
            ),
        ]

    def __str__(self):
        return f"{self.year}年度 {self.subject}"

    @property
    def subject(self):
        return self.firm.name if self.firm_id else self.lawyer.name


# --- licence files (律师法 §6, §18) ------------------------------------------------------------


class LicenceKind(models.TextChoices):
    LAWYER = "lawyer", "申请律师执业"
    FIRM = "firm", "申请设立律师事务所"
    BRANCH = "branch", "申请设立分所"
    CHANGE = "change", "变更事项（报原审核部门）"


# The materials the law asks for (律师法 §6, §18; 律师事务所管理办法): the completeness check
# ticks them, and the one itemised notice lists every one not ticked.
MATERIALS = {
    LicenceKind.LAWYER: [
        ("qualification", "国家统一法律职业资格证书"),
        ("internship", "律师协会出具的申请人实习考核合格的材料"),
        ("identity", "申请人的身份证明"),
        ("firm_consent", "律师事务所出具的同意接收申请人的证明"),
    ],
    LicenceKind.FIRM: [
        ("name_charter", "名称、住所和章程"),
        ("lawyers", "律师的名单、简历、身份证明、律师执业证书"),
        ("premises", "住所证明"),
        ("assets", "资产证明"),
        ("partnership", "合伙协议（设立合伙律师事务所的）"),
    ],
    LicenceKind.BRANCH: [
        ("resolution", "总所同意设立分所的决议"),
        ("head", "分所负责人的执业证书及简历"),
        ("lawyers", "拟派驻分所律师名单及执业证书"),
        ("premises", "分所住所证明"),
        ("assets", "总所拨付资产证明"),
    ],
    LicenceKind.CHANGE: [
        ("application", "变更申请"),
        ("resolution", "律师事务所（合伙人会议）决议"),
        ("proof", "变更事项的证明材料"),
    ],
}


class LicenceStage(models.TextChoices):
    RECEIVED = "received", "已接收，待审查材料"
    SUPPLEMENT = "supplement", "已一次性告知补正，待申请人补正"
    COMPLETE = "complete", "材料齐全，待转报"
    AT_CITY = "at_city", "已转报市司法局审查"
    AT_PROVINCE = "at_province", "市局已报省司法厅审核"
    GRANTED = "granted", "准予"
    REFUSED = "refused", "不予准许"


LICENCE_MOVES = {
    "check": {LicenceStage.RECEIVED},
    "supplied": {LicenceStage.SUPPLEMENT},
    "forward": {LicenceStage.COMPLETE},
    "city": {LicenceStage.AT_CITY},
    "province": {LicenceStage.AT_PROVINCE},
}


class LicenceFile(models.Model):
    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="lawyer_licence")
    kind = models.CharField("申请事项", max_length=20, choices=LicenceKind.choices)
    applicant = models.CharField("申请人", max_length=100)
    phone = PersonalDataField("联系电话", kind="phone", purpose="告知补正及审核结果", blank=True)
    firm = models.ForeignKey(
        LawFirm, verbose_name="拟执业/所涉律师事务所", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    received_on = models.DateField("接收日期")
    stage = models.CharField("阶段", max_length=20, choices=LicenceStage.choices, default=LicenceStage.RECEIVED)
    present = models.JSONField("已提交材料", default=list, blank=True)
    missing = models.JSONField("需补正材料", default=list, blank=True)
    missing_note = models.TextField("补正说明", blank=True)
    checked_on = models.DateField("审查日期", null=True, blank=True)
    notice_on = models.DateField("补正告知日期", null=True, blank=True)
    supplied_on = models.DateField("补正材料收到日期", null=True, blank=True)
    forwarded_on = models.DateField("转报市司法局日期", null=True, blank=True)
    city_on = models.DateField("市局审查意见/报省日期", null=True, blank=True)
    city_opinion = models.TextField("市局审查意见", blank=True)
    province_on = models.DateField("省厅决定日期", null=True, blank=True)
    licence_no = models.CharField("执业证号/许可证号", max_length=40, blank=True)
    decision_note = models.TextField("决定说明", blank=True)
    # The register row the province's grant created or updated (same transaction as the grant).
    lawyer = models.ForeignKey(
        Lawyer, verbose_name="律师名册记录", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    registered_firm = models.ForeignKey(
        LawFirm, verbose_name="律师事务所名册记录", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    objects = OnCase.as_manager()

    class Meta:
        verbose_name = "执业许可材料"
        verbose_name_plural = "执业许可材料"

    def __str__(self):
        return self.case.title

    def get_absolute_url(self):
        return self.case.get_absolute_url()

    def may(self, move):
        return self.stage in LICENCE_MOVES[move]

    @property
    def materials(self):
        return MATERIALS[LicenceKind(self.kind)]

    @property
    def missing_labels(self):
        labels = dict(self.materials)
        return [labels.get(code, code) for code in self.missing]


# --- plans, tasks and work records (7.2, 7.6) --------------------------------------------------


class PlanKind(models.TextChoices):
    SUPERVISION = "supervision", "指导监督计划（7.2）"
    DEVELOPMENT = "development", "促进行业发展措施（7.6）"
    PROMOTION = "promotion", "宣传推广方案"


class WorkPlan(models.Model):
    title = models.CharField("名称", max_length=200)
    kind = models.CharField("类别", max_length=20, choices=PlanKind.choices)
    year = models.PositiveSmallIntegerField("年度")
    summary = models.TextField("主要内容")
    issued_on = models.DateField("印发日期")
    created_by = models.ForeignKey("accounts.User", verbose_name="起草人", on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    objects = SectionScoped.as_manager()

    class Meta:
        verbose_name = "工作计划/措施"
        verbose_name_plural = "工作计划/措施"
        ordering = ["-year", "-issued_on", "-id"]

    def __str__(self):
        return self.title


class PlanTask(models.Model):
    plan = models.ForeignKey(WorkPlan, on_delete=models.CASCADE, related_name="tasks")
    content = models.CharField("任务", max_length=300)
    owner = models.ForeignKey("accounts.User", verbose_name="责任人", on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField("完成时限")
    done_on = models.DateField("完成日期", null=True, blank=True)
    result = models.TextField("完成情况", blank=True)
    history = HistoricalRecords()

    objects = SectionScoped.as_manager()

    class Meta:
        verbose_name = "计划任务"
        verbose_name_plural = "计划任务"
        ordering = ["due_on", "id"]

    def __str__(self):
        return self.content


class WorkRecord(models.Model):
    on_date = models.DateField("日期")
    kind = models.CharField(
        "类别",
        max_length=20,
        choices=[
            ("guidance", "日常指导"),
            ("training", "培训/业务交流"),
            ("promotion", "宣传"),
            ("party", "党建指导"),
            ("integrity", "诚信建设"),
            ("other", "其他"),
        ],
    )
    title = models.CharField("事项", max_length=200)
    content = models.TextField("工作情况")
    plan = models.ForeignKey(
        WorkPlan, verbose_name="所属计划", on_delete=models.PROTECT, null=True, blank=True, related_name="records"
    )
    recorded_by = models.ForeignKey("accounts.User", verbose_name="记录人", on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    objects = SectionScoped.as_manager()

    class Meta:
        verbose_name = "工作记录"
        verbose_name_plural = "工作记录"
        ordering = ["-on_date", "-id"]

    def __str__(self):
        return self.title
