"""行政执法监督 (seed 000 procedures 5.1–5.8), the records of the 行政执法监督科.

- 5.1 EnforcementBody: the public list of enforcement bodies and their legal basis
  (山东省行政执法监督条例 §9, 行政执法主体公告制度). Visible to every staff member.
- 5.2 Complaint: a complaint about an enforcement act, on a case of `enforcement.complaint`
  (立案 → 调查 → 处理意见 with its approval → 意见书/决定书 served → 纠正/执行情况), §28–§34.
- 5.3 Dispute: a jurisdiction dispute between district departments (§18: 协调, else 报请区政府裁决).
- 5.4–5.6 Certificate: 行政执法证 / 听证主持人证 / 行政执法监督证 (§10, §11, §22), with
  CertificateReview (年审) rows; the sweep reminds of annual reviews and expiry (sweeps.py).
- 5.7–5.8 ListReview: legality review of 权责清单 and 行政许可事项 changes (enforcement.list_review).
- 案卷评查 (§14): Evaluation campaigns, EvaluatedFile scoring sheets and the department ranking;
  ThreeSystemsCheck: the 三项制度 checks per department.

Everything but the public list is the section's: visible to the 行政执法监督科, its division
leader and the director (access.py). Holders' and complainants' ID numbers are personal data.
"""

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from apps.privacy.fields import BlindIndexField, PersonalDataField
from apps.workflow.models import Case

from .access import is_section_handler, is_section_viewer

SECTION_CODE = "enforcement"


class SectionQuerySet(models.QuerySet):
    """The section's own registers: the 行政执法监督科, its division leader and the director."""

    def visible_to(self, user):
        return self.all() if is_section_viewer(user) else self.none()


class OnCaseQuerySet(models.QuerySet):
    """Records that sit on a case: visible exactly when their case is (default deny)."""

    def visible_to(self, user):
        return self.filter(case__in=Case.objects.visible_to(user).values("pk"))


# --- 5.1 执法主体 ----------------------------------------------------------------------------


class BodyKind(models.TextChoices):
    STATUTORY = "statutory", "法定行政机关"
    AUTHORISED = "authorised", "法律法规授权组织"
    ENTRUSTED = "entrusted", "受委托组织"


class BodyQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The published list is public: every active business account sees it."""
        if not getattr(user, "is_authenticated", False) or not user.is_active or user.admin_role:
            return self.none()
        return self.all()


class EnforcementBody(models.Model):
    unit = models.ForeignKey(
        "org.ExternalUnit", verbose_name="执法主体", on_delete=models.PROTECT, related_name="enforcement_bodies"
    )
    kind = models.CharField("主体类别", max_length=20, choices=BodyKind.choices, default=BodyKind.STATUTORY)
    entrusted_by = models.CharField("委托机关（受委托组织填写）", max_length=100, blank=True)
    functions = models.TextField("执法职权类别", help_text="如：行政处罚、行政强制、行政许可、行政检查")
    legal_basis = models.TextField("设定依据", help_text="法律、法规、规章及机构编制文件（三定规定）")
    confirmed_on = models.DateField("审核确认日期")
    approved_on = models.DateField("区政府批准日期", null=True, blank=True)
    announced_on = models.DateField("向社会公告日期", null=True, blank=True)
    is_active = models.BooleanField("现行有效", default=True)
    note = models.CharField("备注", max_length=200, blank=True)
    history = HistoricalRecords()

    objects = BodyQuerySet.as_manager()

    class Meta:
        verbose_name = "行政执法主体"
        verbose_name_plural = "行政执法主体"
        ordering = ["unit__order", "unit_id", "id"]

    def __str__(self):
        return self.unit.name


# --- 5.2 投诉举报 ----------------------------------------------------------------------------


class ActKind(models.TextChoices):
    """The acts §8 names."""

    PENALTY = "penalty", "行政处罚"
    COERCION = "coercion", "行政强制"
    LICENCE = "licence", "行政许可"
    CONFIRMATION = "confirmation", "行政确认、行政登记"
    LEVY = "levy", "行政征收、征用、收费"
    PAYMENT = "payment", "行政给付"
    RULING = "ruling", "行政裁决"
    INACTION = "inaction", "不履行法定职责"
    OTHER = "other", "其他行政执法行为"


class ComplaintStage(models.TextChoices):
    RECEIVED = "received", "待立案审查"
    INVESTIGATING = "investigating", "调查处理中"
    FOLLOWUP = "followup", "跟踪纠正/执行"
    CLOSED = "closed", "已办结"
    DECLINED = "declined", "不予立案"


class Finding(models.TextChoices):
    """处理意见: what the investigation found and which document follows."""

    UNFOUNDED = "unfounded", "投诉不成立（执法行为合法适当）"
    OPINION = "opinion", "违法或不当：发出《行政执法监督意见书》，责令自行纠正（条例第二十八条）"
    DECISION = "decision", "违法或不当：作出《行政执法监督决定书》（条例第二十九条）"


class DecisionKind(models.TextChoices):
    """§29 ¶1 (and §30–§34)."""

    PERFORM = "perform", "责令限期履行（第三十条）"
    AMEND = "amend", "责令补正或者改正（第三十一条）"
    REVOKE = "revoke", "撤销（第三十二条）"
    ILLEGAL = "illegal", "确认违法（第三十三条）"
    VOID = "void", "确认无效（第三十四条）"


class Compliance(models.TextChoices):
    DONE = "done", "已按期纠正/报告执行情况"
    LATE = "late", "逾期后纠正/报告"
    REFUSED = "refused", "拒不纠正/拒不执行（报区政府追究责任，第三十七条）"


class Complaint(models.Model):
    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="enforcement_complaint")
    complainant = models.CharField("投诉人（姓名或名称）", max_length=100)
    id_number = PersonalDataField("身份证号码", kind="id_number", purpose="核实行政执法投诉人身份", blank=True)
    id_number_index = BlindIndexField(source="id_number")
    phone = PersonalDataField("联系电话", kind="phone", purpose="联系投诉人、告知办理结果", blank=True)
    phone_index = BlindIndexField(source="phone")
    unit = models.ForeignKey(
        "org.ExternalUnit", verbose_name="被投诉的行政执法机关", on_delete=models.PROTECT, related_name="+"
    )
    act_kind = models.CharField("执法行为类别", max_length=20, choices=ActKind.choices)
    content = models.TextField("投诉举报事项及理由")
    received_on = models.DateField("收到日期")
    stage = models.CharField("办理阶段", max_length=20, choices=ComplaintStage.choices, default=ComplaintStage.RECEIVED)
    accepted_on = models.DateField("立案日期", null=True, blank=True)
    decline_reason = models.TextField("不予立案理由", blank=True)
    findings = models.TextField("调查情况", blank=True)
    finding = models.CharField("处理意见", max_length=20, choices=Finding.choices, blank=True)
    decision_kind = models.CharField("处理决定", max_length=20, choices=DecisionKind.choices, blank=True)
    proposal = models.TextField("处理意见内容（纠正要求、理由和依据）", blank=True)
    proposed_on = models.DateField("提出处理意见日期", null=True, blank=True)
    document_number = models.CharField("文书编号", max_length=60, blank=True)
    issued_on = models.DateField("文书制发日期", null=True, blank=True)
    served_on = models.DateField("执法机关收到文书日期", null=True, blank=True)
    compliance = models.CharField("纠正/执行情况", max_length=20, choices=Compliance.choices, blank=True)
    compliance_note = models.TextField("纠正/执行情况说明", blank=True)
    concluded_on = models.DateField("办结日期", null=True, blank=True, db_index=True)
    history = HistoricalRecords()

    objects = OnCaseQuerySet.as_manager()

    class Meta:
        verbose_name = "行政执法投诉举报"
        verbose_name_plural = "行政执法投诉举报"

    def __str__(self):
        return f"{self.complainant}投诉{self.unit}"

    def get_absolute_url(self):
        return self.case.get_absolute_url()

    @property
    def document_title(self):
        if self.finding == Finding.OPINION:
            return "行政执法监督意见书"
        if self.finding == Finding.DECISION:
            return "行政执法监督决定书"
        if self.finding == Finding.UNFOUNDED:
            return "投诉举报办理结果告知书"
        return ""

    @property
    def is_open(self):
        return self.stage not in (ComplaintStage.CLOSED, ComplaintStage.DECLINED)

    @property
    def stage_text(self):
        """The stage, with the route's step while the complaint is being handled (审批, 送达 ...)."""
        step = self.case.current_step_label
        if self.stage == ComplaintStage.INVESTIGATING and step:
            return f"{self.get_stage_display()}·{step}"
        return self.get_stage_display()

    def clock_of(self, code):
        """The clock of rule `code` (from the prefetched clocks on lists)."""
        return next((c for c in self.case.clocks.all() if c.rule.code == code), None)


# --- 5.3 执法争议协调 --------------------------------------------------------------------------


class DisputeStatus(models.TextChoices):
    OPEN = "open", "协调中"
    AGREED = "agreed", "协调一致"
    REFERRED = "referred", "协调不成，报请区政府裁决"
    RULED = "ruled", "区政府已裁决"
    WITHDRAWN = "withdrawn", "撤回"


class Dispute(models.Model):
    title = models.CharField("争议事项", max_length=200)
    applicant = models.ForeignKey(
        "org.ExternalUnit", verbose_name="提请协调的单位", on_delete=models.PROTECT, related_name="+"
    )
    parties = models.ManyToManyField("org.ExternalUnit", verbose_name="争议相对单位", related_name="+")
    received_on = models.DateField("受理日期")
    description = models.TextField("争议情况及各方意见")
    meeting_on = models.DateField("协调会日期", null=True, blank=True)
    minutes = models.TextField("协调会纪要", blank=True)
    status = models.CharField("状态", max_length=20, choices=DisputeStatus.choices, default=DisputeStatus.OPEN)
    outcome = models.TextField("协调结果/裁决内容", blank=True)
    concluded_on = models.DateField("办结日期", null=True, blank=True)
    registered_by = models.ForeignKey(
        "accounts.User", verbose_name="登记人", on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    objects = SectionQuerySet.as_manager()

    class Meta:
        verbose_name = "行政执法争议协调"
        verbose_name_plural = "行政执法争议协调"
        ordering = ["-received_on", "-id"]

    def __str__(self):
        return self.title


# --- 5.4–5.6 证件 ------------------------------------------------------------------------------


class CertKind(models.TextChoices):
    ENFORCEMENT = "enforcement", "行政执法证"
    HEARING = "hearing", "行政执法听证主持人证"
    SUPERVISOR = "supervisor", "行政执法监督证"


CERT_BASIS = {
    CertKind.ENFORCEMENT: "山东省行政执法监督条例第十条；职责手册 5.4",
    CertKind.HEARING: "山东省行政执法监督条例第十一条；职责手册 5.5",
    CertKind.SUPERVISOR: "山东省行政执法监督条例第二十二条；职责手册 5.6",
}


class CertStatus(models.TextChoices):
    APPLIED = "applied", "已申请，待资格审查"
    CHECKED = "checked", "资格审查通过，待考试"
    REJECTED = "rejected", "资格审查未通过"
    FAILED = "failed", "考试不合格"
    PASSED = "passed", "考试合格，待发证"
    ISSUED = "issued", "持证"
    LOST = "lost", "已挂失"
    REVOKED = "revoked", "已注销/吊销"


OPEN_CERT_STATUSES = (CertStatus.APPLIED, CertStatus.CHECKED, CertStatus.PASSED)


class Certificate(models.Model):
    kind = models.CharField("证件类别", max_length=20, choices=CertKind.choices)
    holder = models.CharField("姓名", max_length=50)
    id_number = PersonalDataField("身份证号码", kind="id_number", purpose="行政执法类证件申领、核发与注销")
    id_number_index = BlindIndexField(source="id_number")
    unit = models.ForeignKey("org.ExternalUnit", verbose_name="所在单位", on_delete=models.PROTECT, related_name="+")
    post = models.CharField("职务/岗位", max_length=100, blank=True)
    areas = models.CharField("执法（监督）领域", max_length=200, blank=True)
    applied_on = models.DateField("申请日期")
    status = models.CharField("状态", max_length=20, choices=CertStatus.choices, default=CertStatus.APPLIED)
    checked_on = models.DateField("资格审查日期", null=True, blank=True)
    check_note = models.CharField("资格审查意见", max_length=200, blank=True)
    exam_on = models.DateField("考试日期", null=True, blank=True)
    exam_score = models.DecimalField("考试成绩", max_digits=5, decimal_places=1, null=True, blank=True)
    number = models.CharField("证件编号", max_length=40, blank=True)
    issued_on = models.DateField("发证日期", null=True, blank=True)
    expires_on = models.DateField("有效期至", null=True, blank=True, db_index=True)
    review_due = models.DateField("下次年审截止日", null=True, blank=True, db_index=True)
    lost_on = models.DateField("挂失日期", null=True, blank=True)
    revoked_on = models.DateField("注销/吊销日期", null=True, blank=True)
    revoke_reason = models.CharField("注销/吊销原因", max_length=200, blank=True)
    replaces = models.ForeignKey(
        "self", verbose_name="补发所替代的证件", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    registered_by = models.ForeignKey(
        "accounts.User", verbose_name="经办人", on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    objects = SectionQuerySet.as_manager()

    class Meta:
        verbose_name = "行政执法类证件"
        verbose_name_plural = "行政执法类证件"
        ordering = ["kind", "-applied_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "number"], condition=~Q(number=""), name="enforcement_certificate_number_unique"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.holder}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("enforcement:certificate", args=[self.pk])

    def can_reveal(self, user):
        """The ID number in full: the section's own staff who keep the register."""
        return is_section_handler(user)

    @property
    def basis(self):
        return CERT_BASIS[CertKind(self.kind)]


class ReviewResult(models.TextChoices):
    PASSED = "passed", "年审合格"
    FAILED = "failed", "年审不合格（暂扣，整改后复审）"


class CertificateReview(models.Model):
    certificate = models.ForeignKey(Certificate, on_delete=models.CASCADE, related_name="reviews")
    year = models.PositiveSmallIntegerField("年审年度")
    reviewed_on = models.DateField("年审日期")
    result = models.CharField("结果", max_length=20, choices=ReviewResult.choices)
    note = models.CharField("说明", max_length=200, blank=True)
    reviewed_by = models.ForeignKey("accounts.User", verbose_name="经办人", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "证件年审记录"
        verbose_name_plural = "证件年审记录"
        ordering = ["-year", "-id"]
        constraints = [models.UniqueConstraint(fields=["certificate", "year"], name="enforcement_review_once_a_year")]


# --- 5.7–5.8 权责清单、行政许可事项合法性审查 -------------------------------------------------------


class ListKind(models.TextChoices):
    POWERS = "powers", "权责清单调整（5.7）"
    LICENCES = "licences", "行政许可事项清理/调整（5.8）"
    CONCENTRATED = "concentrated", "相对集中行政执法权（5.8）"


class ReviewConclusion(models.TextChoices):
    LEGAL = "legal", "合法，同意调整"
    AMEND = "amend", "部分事项需修改后调整"
    ILLEGAL = "illegal", "不合法，不同意调整"


class ListReviewStage(models.TextChoices):
    REVIEWING = "reviewing", "合法性审查中"
    APPROVING = "approving", "审查意见审批中"
    FEEDBACK = "feedback", "待反馈"
    DONE = "done", "已反馈"


class ListReview(models.Model):
    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="enforcement_list_review")
    kind = models.CharField("审查类别", max_length=20, choices=ListKind.choices)
    submitter = models.ForeignKey(
        "org.ExternalUnit", verbose_name="提报单位（机构编制部门）", on_delete=models.PROTECT, related_name="+"
    )
    departments = models.CharField("涉及的行政执法部门", max_length=200)
    items = models.TextField("调整事项及机构编制部门审核意见")
    received_on = models.DateField("收到日期")
    stage = models.CharField(
        "办理阶段", max_length=20, choices=ListReviewStage.choices, default=ListReviewStage.REVIEWING
    )
    consultation = models.TextField("征求意见/专家论证情况", blank=True)
    conclusion = models.CharField("审查结论", max_length=20, choices=ReviewConclusion.choices, blank=True)
    opinion = models.TextField("合法性审查意见", blank=True)
    reviewed_on = models.DateField("审查意见日期", null=True, blank=True)
    fed_back_on = models.DateField("反馈日期", null=True, blank=True)
    history = HistoricalRecords()

    objects = OnCaseQuerySet.as_manager()

    class Meta:
        verbose_name = "清单合法性审查"
        verbose_name_plural = "清单合法性审查"

    def __str__(self):
        return self.case.title

    def get_absolute_url(self):
        return self.case.get_absolute_url()


# --- 案卷评查、三项制度 ------------------------------------------------------------------------------

# The scoring sheet (评查标准): item -> (label, full marks). 100 in all.
SCORE_ITEMS = [
    ("score_subject", "执法主体与人员资格", 10),
    ("score_facts", "事实认定与证据", 25),
    ("score_procedure", "执法程序", 25),
    ("score_law", "法律适用与裁量", 20),
    ("score_documents", "文书制作与立卷归档", 20),
]
EXCELLENT, PASS = 90, 60


class Evaluation(models.Model):
    year = models.PositiveSmallIntegerField("年度")
    title = models.CharField("评查活动名称", max_length=200)
    started_on = models.DateField("开始日期")
    scope = models.TextField("评查范围与方式", blank=True)
    created_by = models.ForeignKey("accounts.User", verbose_name="组织人", on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    objects = SectionQuerySet.as_manager()

    class Meta:
        verbose_name = "案卷评查活动"
        verbose_name_plural = "案卷评查活动"
        ordering = ["-year", "-started_on", "-id"]

    def __str__(self):
        return self.title


class EvaluatedFile(models.Model):
    evaluation = models.ForeignKey(Evaluation, verbose_name="评查活动", on_delete=models.PROTECT, related_name="files")
    unit = models.ForeignKey("org.ExternalUnit", verbose_name="被评查单位", on_delete=models.PROTECT, related_name="+")
    file_number = models.CharField("案卷编号（文号）", max_length=60)
    file_title = models.CharField("案件名称", max_length=200)
    act_kind = models.CharField("案卷类别", max_length=20, choices=ActKind.choices, default=ActKind.PENALTY)
    score_subject = models.DecimalField("执法主体与人员资格（10分）", max_digits=4, decimal_places=1)
    score_facts = models.DecimalField("事实认定与证据（25分）", max_digits=4, decimal_places=1)
    score_procedure = models.DecimalField("执法程序（25分）", max_digits=4, decimal_places=1)
    score_law = models.DecimalField("法律适用与裁量（20分）", max_digits=4, decimal_places=1)
    score_documents = models.DecimalField("文书制作与立卷归档（20分）", max_digits=4, decimal_places=1)
    total = models.DecimalField("总分", max_digits=5, decimal_places=1)
    problems = models.TextField("存在问题", blank=True)
    evaluated_on = models.DateField("评查日期")
    evaluated_by = models.ForeignKey("accounts.User", verbose_name="评查人", on_delete=models.PROTECT, related_name="+")

    objects = SectionQuerySet.as_manager()

    class Meta:
        verbose_name = "评查案卷"
        verbose_name_plural = "评查案卷"
        ordering = ["-total", "id"]
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "unit", "file_number"], name="enforcement_file_once")
        ]

    def __str__(self):
        return f"{self.unit} {self.file_number}"

    @property
    def grade(self):
        if self.total >= EXCELLENT:
            return "优秀"
        return "合格" if self.total >= PASS else "不合格"


class ThreeSystemsCheck(models.Model):
    """ "三项制度": 行政执法公示、执法全过程记录、重大执法决定法制审核 (国办发〔2018〕118号), per department."""

    unit = models.ForeignKey("org.ExternalUnit", verbose_name="被检查单位", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    checked_on = models.DateField("检查日期")
    publicity_ok = models.BooleanField("行政执法公示制度落实", default=False)
    recording_ok = models.BooleanField("执法全过程记录制度落实", default=False)
    legal_review_ok = models.BooleanField("重大执法决定法制审核制度落实", default=False)
    findings = models.TextField("发现的问题", blank=True)
    rectify_by = models.DateField("整改期限", null=True, blank=True)
    rectified_on = models.DateField("整改完成日期", null=True, blank=True)
    checked_by = models.ForeignKey("accounts.User", verbose_name="检查人", on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    objects = SectionQuerySet.as_manager()

    class Meta:
        verbose_name = "三项制度检查"
        verbose_name_plural = "三项制度检查"
        ordering = ["-checked_on", "-id"]

    def __str__(self):
        return f"{self.year}年 {self.unit} 三项制度检查"

    @property
    def passed(self):
        return self.publicity_ok and self.recording_ok and self.legal_review_ok
