"""公共法律服务管理科 (seed 000 procedures 6.1–6.14): the bureau's own decisions on legal-aid
objections, the registers it keeps of the bodies and people it supervises, mediation cases,
the selection of people's assessors, grassroots licence files and the section's plans.

Who sees what: the section's staff, its division leader and the director (`oversees`); every
other account sees nothing of it. Personal data (ID numbers, phones, addresses) are
PersonalDataFields: shown in full only to the handlers (the section's own staff for register
rows; the case handlers for case records), each reveal audited by apps.privacy.
"""

from django.db import models
from simple_history.models import HistoricalRecords

from apps.accounts.models import Rank
from apps.privacy.fields import BlindIndexField, PersonalDataField
from apps.workflow.models import Case

SECTION_CODE = "public_legal"


def _section():
    from apps.org.models import Section

    return Section.objects.filter(code=SECTION_CODE).only("id", "division_leader_id").first()


def _role(user):
    """ "staff" (a member of the section), "overseer" (its division leader, the director) or ""."""
    if not getattr(user, "is_authenticated", False) or not user.is_active or user.admin_role:
        return ""
    cached = getattr(user, "_legal_services_role", None)
    if cached is not None:
        return cached
    section = _section()
    role = ""
    if section is not None and user.section_id == section.pk:
        role = "staff"
    elif user.rank == Rank.DIRECTOR or (section is not None and section.division_leader_id == user.pk):
        role = "overseer"
    user._legal_services_role = role
    return role


def oversees(user):
    """The section's staff, its division leader and the director."""
    return bool(_role(user))


def is_section_staff(user):
    """The people who handle the section's registers (and may see personal data in full)."""
    return _role(user) == "staff"


class SectionQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self if oversees(user) else self.none()


class CaseRecordQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(case__in=Case.objects.visible_to(user).values("pk"))


class PartyQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(mediation__case__in=Case.objects.visible_to(user).values("pk"))


class CandidateQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(selection__case__in=Case.objects.visible_to(user).values("pk"))


# --- registers of the supervised (6.4, 6.5, 6.6–6.9, 6.12, 6.14) ---------------------------------


class UnitKind(models.TextChoices):
    NOTARY_OFFICE = "notary_office", "公证机构"
    LEGAL_AID_CENTRE = "legal_aid_centre", "法律援助机构"
    MEDIATION_COMMITTEE = "mediation_committee", "人民调解委员会"
    ADMIN_MEDIATION = "admin_mediation", "行政调解组织"
    PRO_MEDIATION = "pro_mediation", "行业性专业性调解组织"
    GRASSROOTS_OFFICE = "grassroots_office", "基层法律服务所"
    WORKROOM = "workroom", "村（社区）司法行政工作室"
    SOCIAL_ORG = "social_org", "参与法律服务的社会组织"


class UnitStatus(models.TextChoices):
    ACTIVE = "active", "正常"
    SUSPENDED = "suspended", "停业整顿"
    CLOSED = "closed", "已注销/撤销"


class ServiceUnit(models.Model):
    kind = models.CharField("类别", max_length=30, choices=UnitKind.choices)
    name = models.CharField("名称", max_length=120)
    licence_no = models.CharField("执业许可证号/登记证号", max_length=60, blank=True)
    licence_issued_on = models.DateField("发证日期", null=True, blank=True)
    established_on = models.DateField("成立日期", null=True, blank=True)
    head = models.CharField("负责人", max_length=40, blank=True)
    judicial_office = models.ForeignKey(
        "org.Section",
        verbose_name="所属司法所",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        limit_choices_to={"kind": "judicial_office"},
        related_name="+",
    )
    org_section = models.ForeignKey(
        "org.Section",
        verbose_name="对应的局属单位",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text="公证处、法律援助中心是本局局属单位时选择",
        related_name="+",
    )
    address = models.CharField("办公地址", max_length=200, blank=True)
    status = models.CharField("状态", max_length=20, choices=UnitStatus.choices, default=UnitStatus.ACTIVE)
    status_changed_on = models.DateField("状态变更日期", null=True, blank=True)
    note = models.TextField("备注", blank=True)
    history = HistoricalRecords()

    objects = SectionQuerySet.as_manager()

    class Meta:
        verbose_name = "法律服务机构/组织"
        verbose_name_plural = "法律服务机构/组织"
        ordering = ["kind", "name", "pk"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("legal_services:unit_detail", args=[self.pk])


class PersonKind(models.TextChoices):
    NOTARY = "notary", "公证员"
    AID_STAFF = "aid_staff", "法律援助人员"
    MEDIATOR = "mediator", "人民调解员"
    GRASSROOTS_WORKER = "grassroots_worker", "基层法律服务工作者"
    WORKROOM_STAFF = "workroom_staff", "司法行政工作室人员"
    VOLUNTEER = "volunteer", "法律服务志愿者"


class PersonStatus(models.TextChoices):
    ACTIVE = "active", "在册/执业"
    SUSPENDED = "suspended", "暂停执业"
    LEFT = "left", "已注销/离职"


class ServicePerson(models.Model):
    kind = models.CharField("类别", max_length=30, choices=PersonKind.choices)
    name = models.CharField("姓名", max_length=40)
    unit = models.ForeignKey(
        ServiceUnit, verbose_name="所在机构", on_delete=models.PROTECT, null=True, blank=True, related_name="people"
    )
    id_number = PersonalDataField("身份证号码", kind="id_number", purpose="核实执业/登记人员身份", blank=True)
    id_number_index = BlindIndexField(source="id_number")
    phone = PersonalDataField("联系电话", kind="phone", purpose="联系在册法律服务人员", blank=True)
    licence_no = models.CharField("执业证号/登记号", max_length=60, blank=True)
    licence_issued_on = models.DateField("发证日期", null=True, blank=True)
    registered_on = models.DateField("登记/聘任日期", null=True, blank=True)
    status = models.CharField("状态", max_length=20, choices=PersonStatus.choices, default=PersonStatus.ACTIVE)
    status_changed_on = models.DateField("状态变更日期", null=True, blank=True)
    note = models.TextField("备注", blank=True)
    history = HistoricalRecords()

    objects = SectionQuerySet.as_manager()

    class Meta:
        verbose_name = "法律服务人员"
        verbose_name_plural = "法律服务人员"
        ordering = ["kind", "name", "pk"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("legal_services:person_detail", args=[self.pk])

    def can_reveal(self, user):
        return is_section_staff(user)


# --- 6.5 legal aid --------------------------------------------------------------------------------


class AidDecision(models.TextChoices):
    PENDING = "pending", "审查中"
    GRANTED = "granted", "给予法律援助"
    REFUSED = "refused", "不予法律援助"
    WITHDRAWN = "withdrawn", "视为撤回"


class AidApplication(models.Model):
    """One application to the legal-aid centre, as the centre reports it: the register that
    watches the centre's limits (法律援助法 §43: review within 7 days, assignment within 3).
    The due dates are computed from the rule rows when the dates are recorded."""

    centre_ref = models.CharField("中心受理编号", max_length=40, blank=True)
    applicant = models.CharField("申请人", max_length=40)
    id_number = PersonalDataField("身份证号码", kind="id_number", purpose="法律援助申请人身份核对", blank=True)
    id_number_index = BlindIndexField(source="id_number")
    phone = PersonalDataField("联系电话", kind="phone", purpose="法律援助监督回访", blank=True)
    matter = models.CharField("申请事项", max_length=200)
    received_on = models.DateField("收到申请日期")
    review_due = models.DateField("审查期限", null=True, blank=True)
    decision = models.CharField("审查决定", max_length=20, choices=AidDecision.choices, default=AidDecision.PENDING)
    decided_on = models.DateField("决定日期", null=True, blank=True)
    assign_due = models.DateField("指派期限", null=True, blank=True)
    assigned_on = models.DateField("指派日期", null=True, blank=True)
    aid_provider = models.CharField("承办人员", max_length=60, blank=True)
    closed_on = models.DateField("结案日期", null=True, blank=True)
    note = models.TextField("备注", blank=True)
    history = HistoricalRecords()

    objects = SectionQuerySet.as_manager()

    class Meta:
        verbose_name = "法律援助案件（监督台账）"
        verbose_name_plural = "法律援助案件（监督台账）"
        ordering = ["-received_on", "-pk"]

    def __str__(self):
        return f"{self.applicant}：{self.matter}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("legal_services:aid_detail", args=[self.pk])

    def can_reveal(self, user):
        return is_section_staff(user)

    def overdue_flags(self, today):
        """The limits missed (or running late today): [(label, due)]."""
        flags = []
        if self.review_due and (
            (self.decided_on and self.decided_on > self.review_due) or (not self.decided_on and today > self.review_due)
        ):
            flags.append(("审查超期", self.review_due))
        if self.assign_due and (
            (self.assigned_on and self.assigned_on > self.assign_due)
            or (not self.assigned_on and today > self.assign_due)
        ):
            flags.append(("指派超期", self.assign_due))
        return flags


class ObjectionStage(models.TextChoices):
    REVIEW = "review", "审查中"
    APPROVAL = "approval", "报批中"
    DECIDED = "decided", "已作出决定"


class ObjectedDecision(models.TextChoices):
    REFUSAL = "refusal", "不予法律援助决定"
    TERMINATION = "termination", "终止法律援助决定"


class ObjectionOutcome(models.TextChoices):
    UPHOLD = "uphold", "维持法律援助机构的决定"
    CORRECT = "correct", "责令法律援助机构改正"


class AidObjection(models.Model):
    """异议 against the centre's refusal or termination (法律援助法 §49): the bureau decides
    within 5 days of receipt, by upholding or ordering the centre to correct."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="aid_objection")
    application = models.ForeignKey(
        AidApplication,
        verbose_name="所涉法律援助申请",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="objections",
    )
    objector = models.CharField("异议人", max_length=40)
    id_number = PersonalDataField("身份证号码", kind="id_number", purpose="核实异议人身份", blank=True)
    id_number_index = BlindIndexField(source="id_number")
    phone = PersonalDataField("联系电话", kind="phone", purpose="告知异议审查结果", blank=True)
    address = PersonalDataField("送达地址", kind="address", purpose="送达异议审查决定书", blank=True)
    objected_decision = models.CharField("异议所指决定", max_length=20, choices=ObjectedDecision.choices)
    centre_decision_ref = models.CharField("法律援助机构决定文号", max_length=60, blank=True)
    centre_decided_on = models.DateField("法律援助机构决定日期", null=True, blank=True)
    received_on = models.DateField("收到异议日期")
    grounds = models.TextField("异议理由")
    stage = models.CharField("阶段", max_length=20, choices=ObjectionStage.choices, default=ObjectionStage.REVIEW)
    outcome = models.CharField("审查结论", max_length=20, choices=ObjectionOutcome.choices, blank=True)
    findings = models.TextField("审查认定的事实和理由", blank=True)
    decided_on = models.DateField("决定日期", null=True, blank=True)
    decision_no = models.CharField("决定书文号", max_length=60, blank=True)
    history = HistoricalRecords()

    objects = CaseRecordQuerySet.as_manager()

    class Meta:
        verbose_name = "法律援助异议审查"
        verbose_name_plural = "法律援助异议审查"

    def __str__(self):
        return f"{self.objector}对{self.get_objected_decision_display()}的异议"

    def get_absolute_url(self):
        return self.case.get_absolute_url()


# --- 6.6–6.8 mediation ----------------------------------------------------------------------------


class MediationType(models.TextChoices):
    PEOPLE = "people", "人民调解"
    ADMINISTRATIVE = "administrative", "行政调解"
    PROFESSIONAL = "professional", "行业性专业性调解"


class MediationStage(models.TextChoices):
    INTAKE = "intake", "已受理"
    NOTIFIED = "notified", "已告知权利义务"
    INVESTIGATING = "investigating", "调查了解中"
    SESSIONS = "sessions", "调解中"
    AGREED = "agreed", "已达成协议，待回访"
    FAILED = "failed", "调解未达成协议"
    VISITED = "visited", "已回访，结案"


class MediationCase(models.Model):
    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="mediation_case")
    committee = models.ForeignKey(
        ServiceUnit, verbose_name="调解组织", on_delete=models.PROTECT, related_name="mediation_cases"
    )
    mediation_type = models.CharField("调解类型", max_length=20, choices=MediationType.choices)
    source = models.CharField(
        "受理方式",
        max_length=20,
        choices=[("application", "当事人申请"), ("referral", "委托/指派"), ("screening", "排查发现（征得同意）")],
    )
    category = models.CharField("纠纷类别", max_length=40)
    received_on = models.DateField("受理日期")
    summary = models.TextField("纠纷简要情况")
    mediator = models.CharField("调解员", max_length=60)
    stage = models.CharField("阶段", max_length=20, choices=MediationStage.choices, default=MediationStage.INTAKE)
    notified_on = models.DateField("书面告知权利义务日期", null=True, blank=True)
    investigation = models.TextField("调查了解情况", blank=True)
    investigated_on = models.DateField("调查完成日期", null=True, blank=True)
    agreement_on = models.DateField("协议签订日期", null=True, blank=True)
    agreement_terms = models.TextField("协议内容", blank=True)
    copies = models.PositiveSmallIntegerField("协议份数", default=0)
    failed_on = models.DateField("调解终结日期", null=True, blank=True)
    failure_note = models.TextField("未达成协议的情况及告知的其他途径", blank=True)
    visited_on = models.DateField("回访日期", null=True, blank=True)
    visit_note = models.TextField("回访记录（协议履行情况）", blank=True)
    confirmation_applied_on = models.DateField("当事人申请司法确认日期", null=True, blank=True)
    history = HistoricalRecords()

    objects = CaseRecordQuerySet.as_manager()

    class Meta:
        verbose_name = "调解案件"
        verbose_name_plural = "调解案件"

    def __str__(self):
        return self.case.title

    def get_absolute_url(self):
        return self.case.get_absolute_url()

    @property
    def confirmation_due(self):
        """The parties' 30 days to apply jointly for judicial confirmation (人民调解法 §33)."""
        if not self.agreement_on:
            return None
        from .services import confirmation_window

        return confirmation_window(self)

    @property
    def copies_needed(self):
        return self.parties.count() + 1


class MediationParty(models.Model):
    mediation = models.ForeignKey(MediationCase, on_delete=models.CASCADE, related_name="parties")
    name = models.CharField("当事人", max_length=60)
    id_number = PersonalDataField("身份证号码", kind="id_number", purpose="核实调解当事人身份", blank=True)
    id_number_index = BlindIndexField(source="id_number")
    phone = PersonalDataField("联系电话", kind="phone", purpose="通知调解及回访", blank=True)
    address = PersonalDataField("住址", kind="address", purpose="送达调解协议书", blank=True)
    history = HistoricalRecords()

    objects = PartyQuerySet.as_manager()

    class Meta:
        verbose_name = "调解当事人"
        verbose_name_plural = "调解当事人"
        ordering = ["pk"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return self.mediation.case.get_absolute_url()

    def can_reveal(self, user):
        return Case.objects.handled_by(user).filter(pk=self.mediation.case_id).exists()


class MediationSession(models.Model):
    mediation = models.ForeignKey(MediationCase, on_delete=models.CASCADE, related_name="sessions")
    held_on = models.DateField("调解日期")
    place = models.CharField("地点", max_length=100, blank=True)
    record = models.TextField("调解记录")

    class Meta:
        verbose_name = "调解记录"
        verbose_name_plural = "调解记录"
        ordering = ["held_on", "pk"]


# --- 6.13 people's assessors ----------------------------------------------------------------------


class SelectionStage(models.TextChoices):
    QUOTA = "quota", "已确定名额"
    CALL = "call", "选任公告期"
    FIRST_DRAW = "first_draw", "已第一次随机抽选，资格审查中"
    SECOND_DRAW = "second_draw", "已第二次随机抽选"
    NOTICE = "notice", "拟任命人选公示中"
    APPOINTED = "appointed", "已任命"
    SWORN = "sworn", "已宣誓就职，结束"


class AssessorSelection(models.Model):
    """一次人民陪审员选任 (人民陪审员法 §8–12): quota, public call, two random draws whose seeds
    are recorded (anyone can re-run them), public notice, appointment and oath."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="assessor_selection")
    year = models.PositiveSmallIntegerField("选任年度")
    quota = models.PositiveIntegerField("拟任命人民陪审员名额", help_text="区人大常委会确定的本次名额")
    applied_quota = models.PositiveIntegerField(
        "其中个人申请和组织推荐名额", default=0, help_text="不得超过名额数的五分之一（人民陪审员法第十一条）"
    )
    quota_basis = models.CharField("名额确定依据", max_length=200, blank=True)
    stage = models.CharField("阶段", max_length=20, choices=SelectionStage.choices, default=SelectionStage.QUOTA)
    call_published_on = models.DateField("选任公告发布日期", null=True, blank=True)
    pool_source = models.CharField("常住居民名单来源及版本", max_length=200, blank=True)
    pool_size = models.PositiveIntegerField("名单人数", null=True, blank=True)
    first_seed = models.CharField("第一次抽选随机种子", max_length=64, blank=True)
    first_count = models.PositiveIntegerField("第一次抽选人数", null=True, blank=True)
    first_drawn = models.JSONField("第一次抽选结果（名单序号）", default=list, blank=True)
    first_drawn_on = models.DateField("第一次抽选日期", null=True, blank=True)
    second_seed = models.CharField("第二次抽选随机种子", max_length=64, blank=True)
    second_drawn = models.JSONField("第二次抽选结果（名单序号）", default=list, blank=True)
    second_drawn_on = models.DateField("第二次抽选日期", null=True, blank=True)
    notice_on = models.DateField("公示开始日期", null=True, blank=True)
    appointed_on = models.DateField("区人大常委会任命日期", null=True, blank=True)
    appointment_ref = models.CharField("任命决定文号", max_length=80, blank=True)
    oath_on = models.DateField("就职宣誓日期", null=True, blank=True)
    history = HistoricalRecords()

    objects = CaseRecordQuerySet.as_manager()

    class Meta:
        verbose_name = "人民陪审员选任"
        verbose_name_plural = "人民陪审员选任"

    def __str__(self):
        return self.case.title

    def get_absolute_url(self):
        return self.case.get_absolute_url()

    @property
    def random_quota(self):
        return self.quota - self.applied_quota


class CandidateSource(models.TextChoices):
    DRAW = "draw", "随机抽选"
    APPLICATION = "application", "个人申请"
    NOMINATION = "nomination", "组织推荐"


class AssessorCandidate(models.Model):
    selection = models.ForeignKey(AssessorSelection, on_delete=models.CASCADE, related_name="candidates")
    source = models.CharField("产生方式", max_length=20, choices=CandidateSource.choices)
    serial = models.PositiveIntegerField("名单序号", null=True, blank=True)
    name = models.CharField("姓名", max_length=40, blank=True)
    id_number = PersonalDataField("身份证号码", kind="id_number", purpose="人民陪审员候选人资格审查", blank=True)
    id_number_index = BlindIndexField(source="id_number")
    phone = PersonalDataField("联系电话", kind="phone", purpose="征求候选人意见", blank=True)
    eligible = models.BooleanField("资格审查通过", null=True)
    eligibility_note = models.CharField("资格审查意见", max_length=200, blank=True)
    consents = models.BooleanField("本人同意", null=True)
    chosen = models.BooleanField("确定为拟任命人选", default=False)
    history = HistoricalRecords()

    objects = CandidateQuerySet.as_manager()

    class Meta:
        verbose_name = "人民陪审员候选人"
        verbose_name_plural = "人民陪审员候选人"
        ordering = ["source", "serial", "pk"]

    def __str__(self):
        return self.name or f"序号{self.serial}"

    def get_absolute_url(self):
        return self.selection.case.get_absolute_url()

    def can_reveal(self, user):
        return Case.objects.handled_by(user).filter(pk=self.selection.case_id).exists()


class AssessorKind(models.TextChoices):
    ASSESSOR = "assessor", "人民陪审员"
    SUPERVISOR = "supervisor", "人民监督员"


class Assessor(models.Model):
    """人民陪审员 (and 人民监督员) register: the term runs 5 years from appointment (§13)."""

    kind = models.CharField("类别", max_length=20, choices=AssessorKind.choices, default=AssessorKind.ASSESSOR)
    name = models.CharField("姓名", max_length=40)
    id_number = PersonalDataField("身份证号码", kind="id_number", purpose="人民陪审员/监督员名册", blank=True)
    id_number_index = BlindIndexField(source="id_number")
    phone = PersonalDataField("联系电话", kind="phone", purpose="联系人民陪审员/监督员", blank=True)
    selection = models.ForeignKey(
        AssessorSelection, verbose_name="选任批次", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    source = models.CharField("产生方式", max_length=20, choices=CandidateSource.choices, default=CandidateSource.DRAW)
    appointed_on = models.DateField("任命日期")
    appointment_ref = models.CharField("任命文号", max_length=80, blank=True)
    oath_on = models.DateField("宣誓日期", null=True, blank=True)
    term_ends_on = models.DateField("任期届满日期")
    status = models.CharField(
        "状态",
        max_length=20,
        choices=[("serving", "在任"), ("expired", "任期届满"), ("removed", "免除")],
        default="serving",
    )
    history = HistoricalRecords()

    objects = SectionQuerySet.as_manager()

    class Meta:
        verbose_name = "人民陪审员/监督员"
        verbose_name_plural = "人民陪审员/监督员"
        ordering = ["term_ends_on", "name", "pk"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        from django.urls import reverse

        return f"{reverse('legal_services:assessors')}?q={self.pk}"

    def can_reveal(self, user):
        return is_section_staff(user)


# --- 6.10 grassroots legal-service worker licence files ------------------------------------------


class LicenceKind(models.TextChoices):
    PRACTICE = "practice", "执业核准"
    CHANGE = "change", "变更执业机构"
    CANCEL = "cancel", "注销执业证"


class LicenceStage(models.TextChoices):
    RECEIVED = "received", "已收件，审查中"
    INCOMPLETE = "incomplete", "已一次性告知补正"
    FORWARDED = "forwarded", "已审查并报送市司法局"
    DONE = "done", "市司法局已作出决定"


LICENCE_ITEMS = [
    ("application", "申请表（网上申请打印件）"),
    ("id", "身份证明复印件"),
    ("education", "学历证明"),
    ("qualification", "法律职业资格/考核合格证明"),
    ("office_consent", "拟执业基层法律服务所同意接收的证明"),
    ("photo", "近期免冠照片"),
    ("health", "身体健康证明"),
    ("original_licence", "原执业证（变更、注销时）"),
]


class GrassrootsLicence(models.Model):
    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="grassroots_licence")
    kind = models.CharField("申请事项", max_length=20, choices=LicenceKind.choices)
    applicant = models.CharField("申请人", max_length=40)
    id_number = PersonalDataField("身份证号码", kind="id_number", purpose="基层法律服务工作者执业审查", blank=True)
    id_number_index = BlindIndexField(source="id_number")
    phone = PersonalDataField("联系电话", kind="phone", purpose="告知补正及审查结果", blank=True)
    office = models.ForeignKey(
        ServiceUnit, verbose_name="基层法律服务所", on_delete=models.PROTECT, related_name="licence_files"
    )
    received_on = models.DateField("收件日期")
    stage = models.CharField("阶段", max_length=20, choices=LicenceStage.choices, default=LicenceStage.RECEIVED)
    missing = models.JSONField("需补正材料", default=list, blank=True)
    missing_other = models.CharField("其他需补正内容", max_length=300, blank=True)
    notice_on = models.DateField("补正告知日期", null=True, blank=True)
    completed_on = models.DateField("补正齐全日期", null=True, blank=True)
    opinion = models.TextField("审查意见", blank=True)
    forwarded_on = models.DateField("报送市司法局日期", null=True, blank=True)
    city_result = models.CharField(
        "市司法局决定", max_length=20, choices=[("granted", "准予"), ("refused", "不予准予")], blank=True
    )
    city_ref = models.CharField("决定文号/证号", max_length=80, blank=True)
    result_on = models.DateField("决定日期", null=True, blank=True)
    # The register row the city's grant created or updated (same transaction as the result).
    person = models.ForeignKey(
        ServicePerson, verbose_name="名册记录", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    objects = CaseRecordQuerySet.as_manager()

    class Meta:
        verbose_name = "基层法律服务工作者执业申请"
        verbose_name_plural = "基层法律服务工作者执业申请"

    def __str__(self):
        return self.case.title

    def get_absolute_url(self):
        return self.case.get_absolute_url()

    def missing_labels(self):
        labels = dict(LICENCE_ITEMS)
        items = [labels.get(code, code) for code in self.missing]
        return [*items, self.missing_other] if self.missing_other else items


# --- 6.1–6.3, 6.12, 6.14 plans and measures; platform statistics ---------------------------------


class Duty(models.TextChoices):
    PARTICIPATION = "6.1", "6.1 人民群众参与、促进、监督法治建设制度措施"
    SOCIAL_ORGS = "6.2", "6.2 指导人民团体、群众自治组织和社会组织参与法治社会建设"
    PLATFORM = "6.3", "6.3 公共法律服务体系和平台建设"
    JUDICIAL_OFFICES = "6.12", "6.12 司法所、村（社区）司法行政工作室建设"
    VOLUNTEERS = "6.14", "6.14 指导社会组织和志愿者开展法律服务"


class WorkPlan(models.Model):
    duty = models.CharField("职责事项", max_length=10, choices=Duty.choices)
    title = models.CharField("规划/措施名称", max_length=200)
    kind = models.CharField(
        "形式",
        max_length=20,
        choices=[("plan", "规划"), ("points", "要点"), ("scheme", "方案"), ("measure", "制度措施")],
    )
    issued_on = models.DateField("印发日期", null=True, blank=True)
    doc_no = models.CharField("文号", max_length=60, blank=True)
    body = models.TextField("主要内容", blank=True)
    created_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    objects = SectionQuerySet.as_manager()

    class Meta:
        verbose_name = "工作规划/措施"
        verbose_name_plural = "工作规划/措施"
        ordering = ["-issued_on", "-pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("legal_services:plan_detail", args=[self.pk])


class PlanTask(models.Model):
    plan = models.ForeignKey(WorkPlan, on_delete=models.CASCADE, related_name="tasks")
    text = models.CharField("任务", max_length=300)
    owner = models.ForeignKey("accounts.User", verbose_name="责任人", on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField("完成时限")
    done_on = models.DateField("完成日期", null=True, blank=True)
    outcome = models.CharField("完成情况", max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "规划任务"
        verbose_name_plural = "规划任务"
        ordering = ["due_on", "pk"]

    def __str__(self):
        return self.text


class PlatformStat(models.Model):
    """公共法律服务平台 monthly service figures (实体、热线、网络平台), entered once a month."""

    month = models.DateField("月份", unique=True, help_text="该月1日")
    centre_visits = models.PositiveIntegerField("实体平台接待（人次）", default=0)
    hotline_calls = models.PositiveIntegerField("12348热线咨询（件）", default=0)
    online_consults = models.PositiveIntegerField("网络平台咨询（件）", default=0)
    aid_referrals = models.PositiveIntegerField("转法律援助（件）", default=0)
    notary_referrals = models.PositiveIntegerField("转公证（件）", default=0)
    mediation_referrals = models.PositiveIntegerField("转调解（件）", default=0)
    satisfaction = models.DecimalField("满意率（%）", max_digits=5, decimal_places=2, null=True, blank=True)
    entered_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    objects = SectionQuerySet.as_manager()

    class Meta:
        verbose_name = "公共法律服务平台月度统计"
        verbose_name_plural = "公共法律服务平台月度统计"
        ordering = ["-month"]

    def __str__(self):
        return f"{self.month:%Y年%m月}"


# --- 6.11 penalties on grassroots legal-service workers and offices --------------------------------
#
# What the district may do itself (司法部令第138号《基层法律服务工作者管理办法》§46, 第137号《基层
# 法律服务所管理办法》§30, as seed 000 6.11 quotes them): 警告. Confiscating illegal gains, fines
# (at most three times the gains, 30 000 yuan), 停业整顿 and 吊销执业证 are the 设区的市's: the
# district reports them upward with a 处罚建议. So a case here ends in one of: a warning decided
# and served by the bureau, no penalty (轻微 / not established), a recommendation to the city
# bureau, or a transfer to the judicial organs (行政处罚法 §57).


class PenaltySubject(models.TextChoices):
    WORKER = "worker", "基层法律服务工作者"
    OFFICE = "office", "基层法律服务所"


class PenaltySource(models.TextChoices):
    COMPLAINT = "complaint", "投诉举报"
    INSPECTION = "inspection", "监督检查发现"
    REFERRAL = "referral", "上级交办/有关部门移送"
    OTHER = "other", "其他"


class PenaltyOutcome(models.TextChoices):
    WARNING = "warning", "给予警告（本局决定）"
    MINOR = "minor", "违法行为轻微，不予行政处罚"
    UNFOUNDED = "unfounded", "违法事实不能成立，不予行政处罚"
    RECOMMEND = "recommend", "应予罚款、停业整顿或吊销执业证：报请淄博市司法局处理"
    TRANSFER = "transfer", "涉嫌犯罪：移送司法机关"


# The outcomes that are an administrative penalty of this bureau: only they need the 告知书 and
# the hearing of the party before the decision (行政处罚法 §44–45, §62).
PENALISING = {PenaltyOutcome.WARNING}


class PenaltyStage(models.TextChoices):
    INVESTIGATING = "investigating", "已立案，调查中"
    NOTIFIED = "notified", "已送达告知书，听取陈述申辩"
    HEARING = "hearing", "当事人要求听证"
    HEARD = "heard", "已听取意见，待拟定决定"
    APPROVING = "approving", "呈负责人审批"
    APPROVED = "approved", "已批准，待制作决定书"
    ISSUED = "issued", "已作出决定，待送达"
    SERVED = "served", "已送达，待执行结案"
    CLOSED = "closed", "已结案"


PENALTY_MOVES = {
    "note": {PenaltyStage.INVESTIGATING, PenaltyStage.NOTIFIED, PenaltyStage.HEARING, PenaltyStage.HEARD},
    "notify": {PenaltyStage.INVESTIGATING},
    "statement": {PenaltyStage.NOTIFIED},
    "hearing_request": {PenaltyStage.NOTIFIED},
    "hearing_notice": {PenaltyStage.HEARING},
    "hearing_record": {PenaltyStage.HEARING},
    "draft": {PenaltyStage.INVESTIGATING, PenaltyStage.HEARD, PenaltyStage.APPROVING},
    # the chain's approval activates the issue step; the stage is still "approving" then
    "issue": {PenaltyStage.APPROVING, PenaltyStage.APPROVED},
    "serve": {PenaltyStage.ISSUED},
    "close": {PenaltyStage.SERVED},
}


class PenaltyCase(models.Model):
    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="grassroots_penalty")
    subject = models.CharField("当事人类别", max_length=20, choices=PenaltySubject.choices)
    person = models.ForeignKey(
        ServicePerson,
        verbose_name="基层法律服务工作者",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="penalties",
    )
    office = models.ForeignKey(
        ServiceUnit, verbose_name="基层法律服务所", on_delete=models.PROTECT, related_name="penalties"
    )
    party_address = PersonalDataField(
        "当事人地址", kind="address", purpose="行政处罚告知书、决定书载明并送达", blank=True
    )
    source = models.CharField("案件来源", max_length=20, choices=PenaltySource.choices)
    source_ref = models.CharField("来源说明（投诉事项编号、检查记录等）", max_length=200, blank=True)
    facts_alleged = models.TextField("涉嫌违法事实")
    filed_on = models.DateField("立案日期")
    stage = models.CharField("阶段", max_length=20, choices=PenaltyStage.choices, default=PenaltyStage.INVESTIGATING)
    # the 拟处理意见 and its notice (告知书)
    proposed = models.CharField("拟处理意见", max_length=20, choices=PenaltyOutcome.choices, blank=True)
    facts_found = models.TextField("调查认定的事实", blank=True)
    evidence = models.TextField("证据", blank=True)
    legal_basis = models.CharField("处罚依据", max_length=300, blank=True)
    hearing_right = models.BooleanField("告知听证权利", default=False)
    notice_no = models.CharField("告知书编号", max_length=60, blank=True)
    notice_on = models.DateField("告知书送达日期", null=True, blank=True)
    statement = models.TextField("当事人陈述、申辩及复核意见", blank=True)
    statement_on = models.DateField("陈述申辩日期", null=True, blank=True)
    waived = models.BooleanField("当事人放弃陈述申辩", default=False)
    hearing_requested_on = models.DateField("要求听证日期", null=True, blank=True)
    hearing_notice_on = models.DateField("听证通知日期", null=True, blank=True)
    hearing_on = models.DateField("听证日期", null=True, blank=True)
    hearing_place = models.CharField("听证地点", max_length=100, blank=True)
    hearing_host = models.ForeignKey(
        "accounts.User", verbose_name="听证主持人", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    hearing_record = models.TextField("听证笔录摘要", blank=True)
    # the decision
    outcome = models.CharField("处理决定", max_length=20, choices=PenaltyOutcome.choices, blank=True)
    reasons = models.TextField("决定理由（含对陈述申辩的采纳情况）", blank=True)
    serious = models.BooleanField("情节复杂或重大违法", default=False)
    collective_on = models.DateField("集体讨论日期", null=True, blank=True)
    collective_note = models.TextField("集体讨论意见", blank=True)
    decision_no = models.CharField("决定书编号", max_length=60, blank=True)
    decided_on = models.DateField("决定日期", null=True, blank=True)
    served_on = models.DateField("送达日期", null=True, blank=True)
    service_method = models.CharField("送达方式", max_length=60, blank=True)
    reported_on = models.DateField("报送市司法局日期", null=True, blank=True)
    closing_report = models.TextField("结案报告", blank=True)
    closed_on = models.DateField("结案日期", null=True, blank=True)
    history = HistoricalRecords()

    objects = CaseRecordQuerySet.as_manager()

    class Meta:
        verbose_name = "基层法律服务违规执业处罚案件"
        verbose_name_plural = "基层法律服务违规执业处罚案件"

    def __str__(self):
        return self.case.title

    def get_absolute_url(self):
        return self.case.get_absolute_url()

    def may(self, move):
        return self.stage in PENALTY_MOVES[move]

    @property
    def party(self):
        return self.person.name if self.subject == PenaltySubject.WORKER and self.person_id else self.office.name

    @property
    def penalising(self):
        return self.proposed in PENALISING

    @property
    def hearing_request_due(self):
        """The last day to ask for a hearing (5 working days from the notice), if told of it."""
        from .penalties import hearing_request_due

        return hearing_request_due(self)

    @property
    def stage_label(self):
        if self.stage == PenaltyStage.APPROVING and self.case.current_step == "issue":
            return PenaltyStage.APPROVED.label
        return self.get_stage_display()

    def can_reveal(self, user):
        return Case.objects.handled_by(user).filter(pk=self.case_id).exists()


class PenaltyNote(models.Model):
    """One act of investigation (询问、检查、调取证据): two officers at least, who show their cards."""

    penalty = models.ForeignKey(PenaltyCase, on_delete=models.CASCADE, related_name="notes")
    on_date = models.DateField("日期")
    method = models.CharField(
        "方式",
        max_length=20,
        choices=[
            ("inquiry", "询问当事人"),
            ("inspection", "现场检查"),
            ("documents", "调取书证"),
            ("witness", "询问证人"),
            ("other", "其他"),
        ],
    )
    officers = models.CharField("执法人员（二名以上）", max_length=100)
    content = models.TextField("调查情况")
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "调查取证记录"
        verbose_name_plural = "调查取证记录"
        ordering = ["on_date", "pk"]
