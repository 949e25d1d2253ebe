"""行政复议与行政应诉 (行政复议应诉科): the section's records, each on a case of the engine.

- ReconCase: an application the district government decides, the section acting as its
  复议机构 (行政复议法 2023 §24, §4): intake, acceptance review, 补正, track, copy to the
  respondent and its answer, 听证, 中止/恢复, extension, the decision and its service.
- RespondentCase: an application against the bureau itself (被申请人), decided by the district
  government or the city bureau (§28): the section prepares and files the answer.
- Lawsuit: an administrative lawsuit against the bureau (or the district government, the
  section acting for it): 答辩, the head's court appearance, judgment and appeal (行政诉讼法).
- CommitteeMeeting: a meeting of the 行政复议委员会 (materials to members 7 days before).
- StaffQualification, CommitteeMember: registers of the section (4.3, 4.4).

The applicant's or plaintiff's ID number, phone and address are personal data (apps.privacy):
masked for everyone but the case's handlers, every reveal audited.
"""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from apps.accounts.models import Rank
from apps.privacy.fields import PersonalDataField
from apps.workflow.models import Case

SECTION_CODE = "reconsideration"


def section_scope(user):
    """Whether `user` sees the section's registers that sit on no case (staff, committee): its
    members, its division leader and the director. Administrators see none."""
    if not getattr(user, "is_authenticated", False) or not user.is_active or user.admin_role:
        return False
    if user.rank == Rank.DIRECTOR:
        return True
    section = getattr(user, "section", None)
    if section is not None and section.code == SECTION_CODE:
        return True
    from apps.org.models import Section

    return Section.objects.filter(code=SECTION_CODE, division_leader=user).exists()


class OnCaseQuerySet(models.QuerySet):
    """Records on a case: visible exactly when their case is (default deny)."""

    def visible_to(self, user):
        return self.filter(case__in=Case.objects.visible_to(user).values("pk"))


class ApplicantKind(models.TextChoices):
    NATURAL = "natural", "公民"
    LEGAL = "legal", "法人"
    OTHER = "other", "其他组织"


class Channel(models.TextChoices):
    WRITTEN = "written", "书面申请"
    ORAL = "oral", "口头申请（制作笔录）"
    ONLINE = "online", "网上申请"


class ActType(models.TextChoices):
    """被申请行政行为的类别 (the national 行政复议 statistics' groups)."""

    PENALTY = "penalty", "行政处罚"
    COERCION = "coercion", "行政强制"
    LICENSE = "license", "行政许可"
    CONFIRMATION = "confirmation", "行政确认"
    EXPROPRIATION = "expropriation", "行政征收征用"
    DISCLOSURE = "disclosure", "政府信息公开"
    NONPERFORMANCE = "nonperformance", "不履行法定职责"
    COMPLAINT = "complaint", "举报投诉处理"
    OTHER = "other", "其他"


class Track(models.TextChoices):
    ORDINARY = "ordinary", "普通程序"
    SIMPLE = "simple", "简易程序"


class Stage(models.TextChoices):
    RECEIVED = "received", "待受理审查"
    SUPPLEMENT = "supplement", "待申请人补正"
    ACCEPTED = "accepted", "审理中"
    PAUSED = "paused", "中止审理"
    DECIDED = "decided", "已决定送达"
    REJECTED = "rejected", "不予受理"
    WITHDRAWN = "withdrawn", "视为放弃申请"


OPEN_STAGES = (Stage.RECEIVED, Stage.SUPPLEMENT, Stage.ACCEPTED, Stage.PAUSED)


class DecisionType(models.TextChoices):
    """行政复议决定 (§63–§69, §71–§72), 调解 (§73), 终止 (§41, incl. 和解撤回 §74)."""

    MAINTAIN = "maintain", "维持（§68）"
    REVOKE = "revoke", "撤销或者部分撤销（§64）"
    ALTER = "alter", "变更（§63）"
    CONFIRM_ILLEGAL = "confirm_illegal", "确认违法（§65）"
    PERFORM = "perform", "责令履行（§66）"
    CONFIRM_VOID = "confirm_void", "确认无效（§67）"
    DISMISS = "dismiss", "驳回复议请求（§69）"
    AGREEMENT = "agreement", "行政协议类决定（§71）"
    COMPENSATION = "compensation", "行政赔偿决定（§72）"
    MEDIATION = "mediation", "调解（制作行政复议调解书，§73）"
    TERMINATE = "terminate", "终止行政复议（§41，含和解撤回 §74）"


# 申请人胜诉 in the statistics: the act is corrected in some way.
CORRECTED = {
    DecisionType.REVOKE,
    DecisionType.ALTER,
    DecisionType.CONFIRM_ILLEGAL,
    DecisionType.PERFORM,
    DecisionType.CONFIRM_VOID,
}


class PauseCause(models.TextChoices):
    """行政复议法 §39¶1 items; 1, 2 and 4 lead to 终止 after 60 days (§41(五))."""

    C1 = "1", "（一）作为申请人的公民死亡，其近亲属尚未确定是否参加行政复议"
    C2 = "2", "（二）作为申请人的公民丧失参加行政复议的行为能力，尚未确定法定代理人参加行政复议"
    C3 = "3", "（三）作为申请人的公民下落不明"
    C4 = "4", "（四）作为申请人的法人或者其他组织终止，尚未确定权利义务承受人"
    C5 = "5", "（五）申请人、被申请人因不可抗力或者其他正当理由，不能参加行政复议"
    C6 = "6", "（六）依照本法规定进行调解、和解，申请人和被申请人同意中止"
    C7 = "7", "（七）行政复议案件涉及的法律适用问题需要有权机关作出解释或者确认"
    C8 = "8", "（八）行政复议案件审理需要以其他案件的审理结果为依据，而其他案件尚未审结"
    C9 = "9", "（九）有本法第五十六条或者第五十七条规定的情形（附带审查规范性文件）"
    C10 = "10", "（十）需要中止行政复议的其他情形"
    APPRAISAL = "appraisal", "鉴定、现场勘验（时间不计入审理期限，实施条例 §37）"


TERMINATING_CAUSES = {PauseCause.C1, PauseCause.C2, PauseCause.C4}


class ReconCase(models.Model):
    """One 行政复议 application the section handles as the 复议机构."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="recon_case")
    applicant = models.CharField("申请人（姓名或名称）", max_length=100)
    applicant_kind = models.CharField("申请人类型", max_length=10, choices=ApplicantKind.choices)
    id_number = PersonalDataField("身份证号码", kind="id_number", purpose="核实行政复议申请人身份", blank=True)
    phone = PersonalDataField("联系电话", kind="phone", purpose="联系行政复议申请人", blank=True)
    address = PersonalDataField("送达地址", kind="address", purpose="送达行政复议文书", blank=True)
    agent = models.CharField("委托代理人", max_length=100, blank=True)
    respondent = models.ForeignKey(
        "org.ExternalUnit", verbose_name="被申请人", on_delete=models.PROTECT, related_name="+"
    )
    act = models.TextField("被申请复议的行政行为")
    act_type = models.CharField("行政行为类别", max_length=20, choices=ActType.choices)
    act_on = models.DateField("行政行为作出日期")
    known_on = models.DateField("知道或者应当知道该行政行为之日")
    remedy_told = models.BooleanField("作出时已告知复议权利、机关和期限", default=True)
    realty = models.BooleanField("因不动产提出", default=False)
    request = models.TextField("行政复议请求和理由")
    channel = models.CharField("申请方式", max_length=10, choices=Channel.choices)
    oral_record = models.TextField("口头申请笔录", blank=True)
    oral_signed = models.BooleanField("笔录经申请人核对签名", default=False)
    received_on = models.DateField("收到申请日期")
    handler2 = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="第二承办人", on_delete=models.PROTECT, related_name="+"
    )
    stage = models.CharField("办理阶段", max_length=12, choices=Stage.choices, default=Stage.RECEIVED)
    track = models.CharField("审理程序", max_length=10, choices=Track.choices, blank=True)
    # 补正 (§31)
    supplement_items = models.TextField("补正事项（一次性载明）", blank=True)
    supplement_notice_on = models.DateField("补正通知送达日期", null=True, blank=True)
    supplement_received_on = models.DateField("收到补正材料日期", null=True, blank=True)
    # 受理 (§30)
    accepted_on = models.DateField("受理日期", null=True, blank=True)
    deemed_accepted = models.BooleanField("审查期限届满视为受理", default=False)
    rejection_reason = models.TextField("不予受理理由", blank=True)
    competent_body = models.CharField("有管辖权的行政复议机关（不属于本机关管辖时告知）", max_length=100, blank=True)
    concluded_on = models.DateField("结案日期", null=True, blank=True, db_index=True)
    # 转为普通程序 (§55)
    switched_on = models.DateField("转为普通程序日期", null=True, blank=True)
    switch_reason = models.TextField("转普通程序理由", blank=True)
    switch_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="批准转程序的负责人",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # 申请书副本 and 答复 (§48, §54, §70)
    copy_sent_on = models.DateField("发送申请书副本日期", null=True, blank=True)
    copy_received_on = models.DateField("被申请人收到副本日期", null=True, blank=True)
    answer_on = models.DateField("收到书面答复日期", null=True, blank=True)
    answer_missing = models.BooleanField("逾期未答复（视为没有证据、依据，§70）", default=False)
    # 听证 (§50–51)
    hearing_on = models.DateField("听证日期", null=True, blank=True)
    hearing_place = models.CharField("听证地点", max_length=100, blank=True)
    hearing_matter = models.TextField("拟听证事项", blank=True)
    hearing_presiding = models.CharField("听证主持人", max_length=50, blank=True)
    hearing_panel = models.CharField("听证员", max_length=100, blank=True)
    hearing_clerk = models.CharField("记录员", max_length=50, blank=True)
    hearing_notice_on = models.DateField("听证通知送达日期", null=True, blank=True)
    hearing_held_on = models.DateField("举行听证日期", null=True, blank=True)
    respondent_head_attended = models.BooleanField("被申请人负责人参加听证", default=False)
    hearing_notes = models.TextField("听证情况", blank=True)
    # 中止 / 恢复 (§39)
    paused_on = models.DateField("中止日期", null=True, blank=True)
    pause_cause = models.CharField("中止事由", max_length=10, choices=PauseCause.choices, blank=True)
    pause_reason = models.TextField("中止说明", blank=True)
    resumed_on = models.DateField("恢复审理日期", null=True, blank=True)
    # 延期 (§62)
    extended_days = models.PositiveIntegerField("延长日数", default=0)
    extension_reason = models.TextField("延期理由", blank=True)
    extended_on = models.DateField("延期决定日期", null=True, blank=True)
    extension_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="批准延期的负责人",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # 决定 (§61–§75)
    decision_type = models.CharField("决定类型", max_length=20, choices=DecisionType.choices, blank=True)
    decision_text = models.TextField("决定主文及理由", blank=True)
    review_meeting_on = models.DateField("案审会审议日期", null=True, blank=True)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="拟稿人",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_on = models.DateField("决定日期", null=True, blank=True)
    served_on = models.DateField("送达日期", null=True, blank=True)
    # 公开与抄告 (§79)
    published_on = models.DateField("决定书公开日期", null=True, blank=True)
    publication_place = models.CharField("公开渠道", max_length=100, blank=True)
    withheld_reason = models.TextField("不予公开（或部分公开）的理由", blank=True)
    superior_copied_on = models.DateField("抄告被申请人上一级主管部门日期", null=True, blank=True)
    superior_name = models.CharField("被申请人上一级主管部门", max_length=100, blank=True)
    filed_on = models.DateField("归档办结日期", null=True, blank=True)
    history = HistoricalRecords()

    objects = OnCaseQuerySet.as_manager()

    class Meta:
        verbose_name = "行政复议案件"
        verbose_name_plural = "行政复议案件"

    def __str__(self):
        return f"{self.applicant}不服{self.respondent.name}"

    def get_absolute_url(self):
        return self.case.get_absolute_url()

    @property
    def role_text(self):
        return "复议机构（以临淄区人民政府名义作出行政复议决定）"

    @property
    def is_open(self):
        return self.stage in OPEN_STAGES

    @property
    def is_simple(self):
        return self.track == Track.SIMPLE

    @property
    def stage_text(self):
        label = self.get_stage_display()
        if self.case.is_open and self.case.current_step and self.case.current_step != "handle":
            return f"{label}·{self.case.current_step_label}"
        return label

    def clock(self, code):
        return next((c for c in self.case.clocks.all() if c.rule.code == code), None)

    @property
    def decision_clock(self):
        return self.clock("recon-simple-decision" if self.is_simple and not self.switched_on else "recon-decision")

    @property
    def publication_settled(self):
        return bool(self.published_on or self.withheld_reason)


class ReviewOrigin(models.TextChoices):
    APPLICANT = "applicant", "申请人一并提出附带审查申请（§13、§56）"
    BODY = "body", "复议机关审查中认为依据不合法（§57）"


class ReviewResult(models.TextChoices):
    LAWFUL = "lawful", "相关条款合法，在行政复议决定书中一并告知（§59）"
    UNLAWFUL = "unlawful", "超越权限或违反上位法，决定停止执行并责令制定机关纠正（§59）"
    FORWARDED = "forwarded", "有权机关已回复处理意见（§60）"


class NormReview(models.Model):
    """附带审查 of a 规范性文件 (or the act's basis) with a 复议 case (§13, §56–60): handled in
    30 days when the body may, else forwarded in 7 WD and the receiver's answer watched (60
    days); the case is 中止 meanwhile (§39(九)). One per case."""

    recon = models.OneToOneField(ReconCase, on_delete=models.CASCADE, related_name="norm_review")
    origin = models.CharField("提起方式", max_length=10, choices=ReviewOrigin.choices)
    document = models.CharField("规范性文件（或依据）名称及文号", max_length=200)
    clauses = models.TextField("审查的条款及不合法的理由")
    enacting_body = models.CharField("制定机关", max_length=100)
    raised_on = models.DateField("提出（发现）日期，即中止之日")
    competent = models.BooleanField("本机关有权处理")
    notified_on = models.DateField("书面通知制定机关日期", null=True, blank=True)
    body_received_on = models.DateField("制定机关收到通知日期", null=True, blank=True)
    reply_on = models.DateField("制定机关提交书面答复日期", null=True, blank=True)
    forwarded_to = models.CharField("转送的有权处理机关", max_length=100, blank=True)
    forwarded_on = models.DateField("转送日期", null=True, blank=True)
    forward_received_on = models.DateField("有权机关收到转送日期", null=True, blank=True)
    result = models.CharField("处理结果", max_length=10, choices=ReviewResult.choices, blank=True)
    result_text = models.TextField("处理意见", blank=True)
    concluded_on = models.DateField("处理完毕日期", null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "规范性文件附带审查"
        verbose_name_plural = "规范性文件附带审查"

    def __str__(self):
        return f"附带审查：{self.document}"

    @property
    def is_open(self):
        return self.concluded_on is None


class LetterKind(models.TextChoices):
    OPINION = "opinion", "行政复议意见书"
    SUGGESTION = "suggestion", "行政复议建议书"


class LetterOutcome(models.TextChoices):
    CORRECTED = "corrected", "已纠正（采纳）"
    PARTLY = "partly", "部分纠正（部分采纳）"
    REFUSED = "refused", "未纠正（未采纳）"


class Letter(models.Model):
    """意见书 (§76: the body reports its correction within 60 days of receipt; §77 it must
    perform it) or 建议书 (实施条例 §57¶2), issued from a case and followed up. One of each kind
    per case."""

    recon = models.ForeignKey(ReconCase, on_delete=models.CASCADE, related_name="letters")
    kind = models.CharField("文书", max_length=12, choices=LetterKind.choices)
    addressee = models.CharField("制发对象（有关机关）", max_length=100)
    content = models.TextField("发现的问题及意见（建议）")
    issued_on = models.DateField("制发日期")
    received_on = models.DateField("有关机关收到日期")
    urged_on = models.DateField("督促（责令限期履行）日期", null=True, blank=True)
    urge_text = models.TextField("督促情况", blank=True)
    reply_on = models.DateField("收到纠正（落实）情况报告日期", null=True, blank=True)
    reply_text = models.TextField("纠正（落实）情况", blank=True)
    outcome = models.CharField("结果", max_length=10, choices=LetterOutcome.choices, blank=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        verbose_name = "行政复议意见书、建议书"
        verbose_name_plural = "行政复议意见书、建议书"
        ordering = ["issued_on", "id"]
        constraints = [models.UniqueConstraint(fields=["recon", "kind"], name="recon_letter_once_per_kind")]

    def __str__(self):
        return f"{self.get_kind_display()}（致{self.addressee}）"

    @property
    def is_open(self):
        return self.reply_on is None


class RespondentCase(models.Model):
    """An application for 行政复议 against the bureau's own act: the bureau answers (§48/§54)."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="recon_answer")
    body = models.ForeignKey(
        "org.ExternalUnit", verbose_name="行政复议机关", on_delete=models.PROTECT, related_name="+"
    )
    body_case_no = models.CharField("复议机关案号", max_length=60, blank=True)
    applicant = models.CharField("申请人", max_length=100)
    phone = PersonalDataField("申请人联系电话", kind="phone", purpose="核对行政复议申请人", blank=True)
    act = models.TextField("被申请复议的本局行政行为")
    act_type = models.CharField("行政行为类别", max_length=20, choices=ActType.choices)
    acting_section = models.ForeignKey(
        "org.Section", verbose_name="作出行为的承办科室", on_delete=models.PROTECT, related_name="+"
    )
    simplified = models.BooleanField("复议机关适用简易程序", default=False)
    copy_received_on = models.DateField("收到申请书副本日期")
    answer_summary = models.TextField("答复要点", blank=True)
    evidence_list = models.TextField("证据、依据目录", blank=True)
    filed_on = models.DateField("提交答复日期", null=True, blank=True)
    result = models.CharField("复议结果", max_length=20, choices=DecisionType.choices, blank=True)
    result_on = models.DateField("收到复议决定日期", null=True, blank=True)
    result_note = models.TextField("决定内容及本局落实情况", blank=True)
    history = HistoricalRecords()

    objects = OnCaseQuerySet.as_manager()

    class Meta:
        verbose_name = "行政复议答复（本局为被申请人）"
        verbose_name_plural = "行政复议答复（本局为被申请人）"

    def __str__(self):
        return f"{self.applicant}申请复议（本局为被申请人）"

    def get_absolute_url(self):
        return self.case.get_absolute_url()

    @property
    def role_text(self):
        return f"被申请人（行政复议机关：{self.body.name}）"

    @property
    def answer_clock(self):
        code = "recon-simple-respondent-answer" if self.simplified else "recon-respondent-answer"
        return next((c for c in self.case.clocks.all() if c.rule.code == code), None)


class Defendant(models.TextChoices):
    BUREAU = "bureau", "区司法局"
    GOVERNMENT = "government", "区人民政府（本科室承办应诉）"
    JOINT = "joint", "区人民政府与作出原行为的机关（共同被告）"


class JudgmentKind(models.TextChoices):
    JUDGMENT = "judgment", "判决"
    RULING = "ruling", "裁定"


class JudgmentResult(models.TextChoices):
    DISMISS = "dismiss", "驳回诉讼请求（胜诉）"
    REJECT_SUIT = "reject_suit", "驳回起诉（胜诉）"
    WITHDRAWN = "withdrawn", "原告撤诉"
    REVOKE = "revoke", "撤销（败诉）"
    CONFIRM_ILLEGAL = "confirm_illegal", "确认违法或无效（败诉）"
    PERFORM = "perform", "责令履行（败诉）"
    ALTER = "alter", "变更（败诉）"
    OTHER = "other", "其他"


LOST = {JudgmentResult.REVOKE, JudgmentResult.CONFIRM_ILLEGAL, JudgmentResult.PERFORM, JudgmentResult.ALTER}


class LawsuitStage(models.TextChoices):
    DEFENCE = "defence", "答辩准备"
    TRIAL = "trial", "一审审理"
    JUDGED = "judged", "一审裁判，待定是否上诉"
    APPEAL = "appeal", "二审"
    CLOSED = "closed", "已结案"


class Lawsuit(models.Model):
    """An administrative lawsuit the section handles for the defendant."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="recon_lawsuit")
    court = models.ForeignKey("org.ExternalUnit", verbose_name="受理法院", on_delete=models.PROTECT, related_name="+")
    court_case_no = models.CharField("法院案号", max_length=60)
    plaintiff = models.CharField("原告", max_length=100)
    id_number = PersonalDataField("原告身份证号码", kind="id_number", purpose="核对行政诉讼原告身份", blank=True)
    phone = PersonalDataField("原告联系电话", kind="phone", purpose="联系行政诉讼原告", blank=True)
    address = PersonalDataField("原告地址", kind="address", purpose="行政诉讼文书往来", blank=True)
    defendant = models.CharField("被告", max_length=12, choices=Defendant.choices, default=Defendant.BUREAU)
    act = models.TextField("被诉行政行为")
    act_type = models.CharField("行政行为类别", max_length=20, choices=ActType.choices)
    claims = models.TextField("诉讼请求")
    served_on = models.DateField("收到起诉状副本日期")
    # 管辖异议 (行诉解释 §10)
    objection_on = models.DateField("提出管辖异议日期", null=True, blank=True)
    objection_reason = models.TextField("管辖异议理由", blank=True)
    objection_result = models.TextField("法院对管辖异议的裁定", blank=True)
    stage = models.CharField("阶段", max_length=10, choices=LawsuitStage.choices, default=LawsuitStage.DEFENCE)
    # 延期提供证据 (行诉解释 §34)
    extension_applied_on = models.DateField("申请延期提供证据日期", null=True, blank=True)
    extension_reason = models.TextField("延期提供证据的正当事由", blank=True)
    # 答辩 (§67)
    defence_summary = models.TextField("答辩要点", blank=True)
    evidence_list = models.TextField("证据、依据目录", blank=True)
    agents = models.CharField("委托代理人", max_length=100, blank=True)
    filed_on = models.DateField("提交答辩状和证据日期", null=True, blank=True)
    # 裁判 and 上诉 (§85, 行诉解释 §108)
    judgment_kind = models.CharField("一审裁判种类", max_length=10, choices=JudgmentKind.choices, blank=True)
    judgment_result = models.CharField("一审结果", max_length=20, choices=JudgmentResult.choices, blank=True)
    judgment_served_on = models.DateField("一审裁判送达日期", null=True, blank=True)
    appeal = models.BooleanField("本机关上诉", null=True, blank=True)
    appeal_decided_on = models.DateField("上诉决定日期", null=True, blank=True)
    appeal_reason = models.TextField("上诉与否的理由", blank=True)
    appeal_copy_on = models.DateField("收到对方上诉状副本日期", null=True, blank=True)
    appeal_answer_on = models.DateField("提交上诉答辩状日期", null=True, blank=True)
    final_result = models.CharField("最终结果", max_length=20, choices=JudgmentResult.choices, blank=True)
    judicial_suggestion = models.TextField("司法建议及回复", blank=True)
    loss_analysis = models.TextField("败诉原因分析", blank=True)
    concluded_on = models.DateField("结案日期", null=True, blank=True, db_index=True)
    history = HistoricalRecords()

    objects = OnCaseQuerySet.as_manager()

    class Meta:
        verbose_name = "行政应诉案件"
        verbose_name_plural = "行政应诉案件"

    def __str__(self):
        return f"{self.plaintiff}诉{self.get_defendant_display()}（{self.court_case_no}）"

    def get_absolute_url(self):
        return self.case.get_absolute_url()

    @property
    def role_text(self):
        return f"被告（{self.get_defendant_display()}），本科室承办应诉"

    def clock(self, code):
        return next((c for c in self.case.clocks.all() if c.rule.code == code), None)

    @property
    def defence_clock(self):
        return self.clock("litigation-defence-evidence")

    @property
    def lost(self):
        return (self.final_result or self.judgment_result) in LOST


class Appearance(models.Model):
    """负责人出庭应诉登记 (行政诉讼法 §3¶3, 行诉解释 §128–132), with the 情况说明 when the head
    cannot appear."""

    lawsuit = models.ForeignKey(Lawsuit, on_delete=models.CASCADE, related_name="appearances")
    hearing_on = models.DateField("开庭日期")
    head_appeared = models.BooleanField("负责人出庭")
    head_name = models.CharField("出庭负责人或应出庭负责人", max_length=50)
    head_title = models.CharField("职务", max_length=50)
    staff = models.CharField("出庭工作人员", max_length=100, blank=True)
    explanation = models.TextField("不能出庭的情况说明（理由）", blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        verbose_name = "负责人出庭应诉登记"
        verbose_name_plural = "负责人出庭应诉登记"
        ordering = ["hearing_on", "id"]


class CommitteeMeeting(models.Model):
    """A 行政复议委员会 case review meeting (4.4): materials to members 7 days before."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="recon_meeting")
    meeting_on = models.DateField("会议日期")
    place = models.CharField("会议地点", max_length=100)
    topics = models.TextField("审议事项")
    recon_cases = models.ManyToManyField(ReconCase, verbose_name="提请审议的案件", blank=True, related_name="meetings")
    materials_sent_on = models.DateField("材料送达委员日期", null=True, blank=True)
    held_on = models.DateField("实际召开日期", null=True, blank=True)
    minutes = models.TextField("会议纪要及审议意见", blank=True)
    history = HistoricalRecords()

    objects = OnCaseQuerySet.as_manager()

    class Meta:
        verbose_name = "复议委员会会议"
        verbose_name_plural = "复议委员会会议"

    def __str__(self):
        return f"行政复议委员会会议（{self.meeting_on:%Y-%m-%d}）"

    def get_absolute_url(self):
        return self.case.get_absolute_url()

    @property
    def materials_clock(self):
        return next((c for c in self.case.clocks.all() if c.rule.code == "committee-materials"), None)


class SectionRegisterQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self if section_scope(user) else self.none()


class StaffRole(models.TextChoices):
    RECON = "recon", "行政复议人员"
    LITIGATION = "litigation", "行政应诉人员"
    BOTH = "both", "行政复议、应诉人员"


class StaffQualification(models.Model):
    """行政复议、行政应诉人员资格 (§6; 4.3): qualification and training."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="人员", on_delete=models.PROTECT, related_name="+")
    role = models.CharField("岗位", max_length=12, choices=StaffRole.choices)
    qualification_no = models.CharField("法律职业资格证书编号", max_length=40, blank=True)
    qualified_on = models.DateField("取得资格日期", null=True, blank=True)
    certificate_no = models.CharField("复议应诉工作证件编号", max_length=40, blank=True)
    training_year = models.PositiveSmallIntegerField("培训年度")
    training_hours = models.PositiveSmallIntegerField("年度培训学时", default=0)
    training_note = models.CharField("培训、考试情况", max_length=200, blank=True)
    history = HistoricalRecords()

    objects = SectionRegisterQuerySet.as_manager()

    class Meta:
        verbose_name = "复议应诉人员资格"
        verbose_name_plural = "复议应诉人员资格"
        ordering = ["-training_year", "user_id"]
        constraints = [models.UniqueConstraint(fields=["user", "training_year"], name="recon_staff_once_a_year")]

    def __str__(self):
        return f"{self.user.full_name}（{self.training_year}）"


class MemberKind(models.TextChoices):
    GOVERNMENT = "government", "政府及部门负责人"
    EXPERT = "expert", "专家学者"
    LAWYER = "lawyer", "律师等社会人士"


class CommitteeMember(models.Model):
    name = models.CharField("姓名", max_length=50)
    unit = models.CharField("工作单位及职务", max_length=100)
    kind = models.CharField("类别", max_length=12, choices=MemberKind.choices)
    term_end = models.DateField("任期届满", null=True, blank=True)
    active = models.BooleanField("在任", default=True)
    history = HistoricalRecords()

    objects = SectionRegisterQuerySet.as_manager()

    class Meta:
        verbose_name = "复议委员会委员"
        verbose_name_plural = "复议委员会委员"
        ordering = ["-active", "kind", "id"]

    def __str__(self):
        return self.name
