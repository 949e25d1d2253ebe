"""社区矫正: the subject file and what happens to it, 调查评估, and the section's own registers.

Access is the narrowest in the portal (see `access`): a subject (and everything about them) is
seen only by the 社区矫正工作科 (section `correction`), the staff of the responsible 司法所
(a `Section` of kind `judicial_office`), the section's division leader and the director.

Each procedure with a deadline or an approval is a workflow Case (processes.py): the subject's
execution (report-in, 入矫宣告, supervision to 解除), 调查评估, travel, electronic monitoring,
警告/提请治安处罚, the proposals to outside bodies and 变更执行地. Their clocks and approval chains
are the engine's; their cases are seen only by the audience above (Process.audience), never
through the engine's generic section/leader/grant/delegate rules. What a record's state is
while its case moves through an approval chain is read from the case (`status` properties).
"""

from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from apps.org.models import ExternalUnit, Section
from apps.privacy.fields import BlindIndexField, PersonalDataField
from apps.workflow.models import Case, Task

from . import access

USER = settings.AUTH_USER_MODEL


class SentenceType(models.TextChoices):
    CONTROL = "control", "管制"
    PROBATION = "probation", "缓刑"
    PAROLE = "parole", "假释"
    MEDICAL = "medical", "暂予监外执行"


class Category(models.TextChoices):
    LOOSE = "loose", "宽松管理"
    NORMAL = "normal", "普通管理"
    STRICT = "strict", "严格管理"


class SubjectQuerySet(models.QuerySet):
    def visible_to(self, user):
        if access.sees_all(user):
            return self.all()
        office = access.office_of(user)
        if office is not None:
            return self.filter(office_id=office)
        return self.none()


def masked_name(name):
    """The name as titles and notices show it (刘某平 → 刘**): a case title reaches inboxes,
    notices and e-mails, so it never carries the full name."""
    name = (name or "").strip()
    return name[:1] + "*" * max(len(name) - 1, 1) if name else "**"


class CaseState:
    """A record whose state while its case runs is the case's: the approval chain is the
    engine's, decided on the case page or on this app's pages alike."""

    CASE_STEP_STATES: dict = {}

    def case_state(self, requested, refused, done):
        case = self.case
        if case is None:
            return done
        if case.status == Case.Status.REJECTED:
            return refused
        if case.status in (Case.Status.CLOSED, Case.Status.ARCHIVED):
            return done
        return self.CASE_STEP_STATES.get(case.current_step, requested)

    def get_status_display(self):
        return dict(self.Status.choices).get(self.status, "")

    def decision(self):
        """The last approval of the case's chain (the task, with its approver), or None."""
        if self.case_id is None:
            return None
        done = [
            t
            for t in self.case.tasks.all()
            if t.kind == Task.Kind.APPROVE and t.status == Task.Status.DONE and t.acted_at is not None
        ]
        return max(done, key=lambda t: (t.acted_at, t.pk)) if done else None


class Subject(models.Model):
    """One person under community correction in this district (社区矫正对象)."""

    class Status(models.TextChoices):
        AWAITING = "awaiting", "待报到"
        MISSING = "missing", "未按时报到（查找中）"
        REPORTED = "reported", "已报到待宣告"
        SUPERVISED = "supervised", "在矫"
        RELEASED = "released", "期满解除"
        TERMINATED = "terminated", "矫正终止"

    OPEN = (Status.AWAITING, Status.MISSING, Status.REPORTED, Status.SUPERVISED)

    name = models.CharField("姓名", max_length=50)
    gender = models.CharField("性别", max_length=2, choices=[("男", "男"), ("女", "女")], default="男")
    id_number = PersonalDataField("身份证号码", kind="id_number", purpose="社区矫正对象身份核实与执行", blank=True)
    id_number_index = BlindIndexField(source="id_number")
    phone = PersonalDataField("联系电话", kind="phone", purpose="社区矫正监督管理联络", blank=True)
    address = PersonalDataField("居住地", kind="address", purpose="社区矫正执行地与实地查访", blank=True)
    family_contact = models.CharField("家庭联系人", max_length=50, blank=True)
    family_phone = PersonalDataField("家庭联系人电话", kind="phone", purpose="社区矫正查找与紧急联络", blank=True)
    sentence_type = models.CharField("矫正类别（刑罚）", max_length=10, choices=SentenceType.choices)
    crime = models.CharField("罪名", max_length=100)
    deciding_body = models.ForeignKey(
        ExternalUnit, verbose_name="决定机关", on_delete=models.PROTECT, related_name="correction_subjects"
    )
    judgment_no = models.CharField("判决（裁定、决定）书文号", max_length=80)
    effective_on = models.DateField("判决、裁定、决定生效日")
    notified_on = models.DateField("收到执行通知日", null=True, blank=True)
    documents_on = models.DateField("收到法律文书日", null=True, blank=True)
    report_due = models.DateField("报到期限", null=True, blank=True)
    start_on = models.DateField("矫正起始日")
    end_on = models.DateField("矫正期满日")
    office = models.ForeignKey(
        Section,
        verbose_name="负责司法所",
        on_delete=models.PROTECT,
        related_name="correction_subjects",
        limit_choices_to={"kind": Section.Kind.JUDICIAL_OFFICE},
    )
    officer = models.ForeignKey(
        USER, verbose_name="负责矫正工作人员", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    category = models.CharField("管理类别", max_length=10, choices=Category.choices, default=Category.NORMAL)
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.AWAITING)
    reported_on = models.DateField("报到日", null=True, blank=True)
    announced_on = models.DateField("入矫宣告日", null=True, blank=True)
    group_members = models.TextField("矫正小组成员", blank=True)
    plan = models.TextField("矫正方案", blank=True)
    plan_on = models.DateField("方案确定日", null=True, blank=True)
    ended_on = models.DateField("解除/终止日", null=True, blank=True)
    end_reason = models.CharField("终止原因", max_length=100, blank=True)
    certificate_no = models.CharField("解除证明书编号", max_length=40, blank=True)
    release_announced_on = models.DateField("解除宣告日", null=True, blank=True)
    case = models.OneToOneField(
        Case, on_delete=models.PROTECT, null=True, blank=True, related_name="correction_subject"
    )
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    objects = SubjectQuerySet.as_manager()

    class Meta:
        verbose_name = "社区矫正对象"
        verbose_name_plural = "社区矫正对象"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "end_on"]), models.Index(fields=["status", "report_due"])]

    def __str__(self):
        return f"社区矫正对象 #{self.pk}"

    def get_absolute_url(self):
        return reverse("community_correction:subject", args=[self.pk])

    def can_reveal(self, user):
        """Handlers see the personal data in full: the section's staff and the office's staff."""
        return access.handles(user, self.office_id)

    @property
    def is_open(self):
        return self.status in self.OPEN

    def days_left(self, today=None):
        return (self.end_on - (today or timezone.localdate())).days


class SubjectEvent(models.Model):
    """One line of a subject's timeline (every act on the file)."""

    subject = models.ForeignKey(Subject, on_delete=models.CASCADE, related_name="events")
    on = models.DateField("日期")
    kind = models.CharField("事项", max_length=30)
    text = models.TextField("内容", blank=True)
    actor = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "矫正记录"
        verbose_name_plural = "矫正记录"
        ordering = ["-on", "-id"]


class Travel(CaseState, models.Model):
    """外出请假: ≤7 days approved by the 司法所, longer by the county agency, at most 30 days.
    The approval is the case's chain (by tier); the approved end date is the return clock."""

    class Tier(models.TextChoices):
        OFFICE = "office", "司法所批准（7日以内）"
        AGENCY = "agency", "区社区矫正机构批准（7日以上至30日）"

    class Status(models.TextChoices):
        REQUESTED = "requested", "待审批"
        APPROVED = "approved", "已批准（外出中）"
        REFUSED = "refused", "不予批准"
        RETURNED = "returned", "已返回销假"

    subject = models.ForeignKey(Subject, on_delete=models.CASCADE, related_name="travels")
    destination = models.CharField("外出目的地", max_length=100)
    reason = models.CharField("外出事由", max_length=200)
    start_on = models.DateField("外出起始日")
    end_on = models.DateField("返回日期（批准的截止日）")
    tier = models.CharField("审批层级", max_length=10, choices=Tier.choices)
    requested_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    returned_on = models.DateField("返回报告日", null=True, blank=True)
    case = models.OneToOneField(Case, on_delete=models.PROTECT, null=True, blank=True, related_name="correction_travel")

    CASE_STEP_STATES = {"return": Status.APPROVED}

    @property
    def status(self):
        return self.case_state(self.Status.REQUESTED, self.Status.REFUSED, self.Status.RETURNED)

    class Meta:
        verbose_name = "外出审批"
        verbose_name_plural = "外出审批"
        ordering = ["-start_on", "-id"]

    @property
    def days(self):
        return (self.end_on - self.start_on).days + 1


class Monitoring(CaseState, models.Model):
    """电子定位装置: the 县级司法行政部门负责人's approval, 3 months at a time, renewable (§29).
    A first use is a case (approval chain, then the 司法所's use step with the 3 months' clock);
    a renewal is a case of its own whose approval extends the first case's clock."""

    class Status(models.TextChoices):
        REQUESTED = "requested", "待负责人批准"
        ACTIVE = "active", "使用中"
        REFUSED = "refused", "不予批准"
        ENDED = "ended", "已解除"

    subject = models.ForeignKey(Subject, on_delete=models.CASCADE, related_name="monitorings")
    reason = models.CharField("使用情形", max_length=200)
    start_on = models.DateField("起始日")
    end_on = models.DateField("期限届满日", null=True, blank=True)
    renewal_of = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="renewals")
    requested_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    ended_on = models.DateField("解除日", null=True, blank=True)
    case = models.OneToOneField(
        Case, on_delete=models.PROTECT, null=True, blank=True, related_name="correction_monitoring"
    )

    CASE_STEP_STATES = {"use": Status.ACTIVE}

    @property
    def status(self):
        if self.renewal_of_id:  # an approved renewal extended the first use: it shares its state
            state = self.case_state(self.Status.REQUESTED, self.Status.REFUSED, None)
            return state if state is not None else self.renewal_of.status
        return self.case_state(self.Status.REQUESTED, self.Status.REFUSED, self.Status.ENDED)

    class Meta:
        verbose_name = "电子定位"
        verbose_name_plural = "电子定位"
        ordering = ["-start_on", "-id"]


class Sanction(CaseState, models.Model):
    """考核奖惩: 表扬, 训诫, 警告 (decided by the agency), 提请治安管理处罚 (§28). 警告 and the
    proposal to the police go through the case's approval chain; the others are recorded."""

    class Status(models.TextChoices):
        REQUESTED = "requested", "待审批"
        DECIDED = "decided", "已决定"
        REFUSED = "refused", "不予批准"

    NEEDS_APPROVAL = ("warning", "police")

    class Kind(models.TextChoices):
        PRAISE = "praise", "表扬"
        ADMONITION = "admonition", "训诫"
        WARNING = "warning", "警告"
        POLICE = "police", "提请治安管理处罚"

    subject = models.ForeignKey(Subject, on_delete=models.CASCADE, related_name="sanctions")
    kind = models.CharField("类别", max_length=12, choices=Kind.choices)
    decided_on = models.DateField("决定日", null=True, blank=True)
    facts = models.TextField("事实和理由")
    number = models.CharField("文书编号", max_length=40, blank=True)
    decided_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    case = models.OneToOneField(
        Case, on_delete=models.PROTECT, null=True, blank=True, related_name="correction_sanction"
    )

    @property
    def status(self):
        return self.case_state(self.Status.REQUESTED, self.Status.REFUSED, self.Status.DECIDED)

    class Meta:
        verbose_name = "考核奖惩"
        verbose_name_plural = "考核奖惩"
        ordering = ["-decided_on", "-id"]


class Proposal(models.Model):
    """提请: 减刑 (§33), 撤销缓刑/假释 (§46, §48), 收监执行 (§49), 逮捕 (§47): the case's approval
    chain, then service on the outside body, whose limit is the case's clock from its receipt."""

    class Kind(models.TextChoices):
        COMMUTATION = "commutation", "减刑建议"
        REVOCATION = "revocation", "撤销缓刑、假释建议"
        PRISON = "prison", "收监执行建议"
        ARREST = "arrest", "提请逮捕"

    class Status(models.TextChoices):
        APPROVING = "approving", "待本机关审批"
        PENDING = "pending", "待对方决定"
        GRANTED = "granted", "已采纳（裁定/决定）"
        DENIED = "denied", "未采纳"
        REFUSED = "refused", "本机关不予提请"

    subject = models.ForeignKey(Subject, on_delete=models.CASCADE, related_name="proposals")
    kind = models.CharField("类别", max_length=12, choices=Kind.choices)
    body = models.ForeignKey(ExternalUnit, verbose_name="提请机关", on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField("送达对方时间", null=True, blank=True)
    due_at = models.DateTimeField("对方决定期限", null=True, blank=True)
    reasons = models.TextField("理由和证据")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.PENDING)
    case = models.OneToOneField(
        Case, on_delete=models.PROTECT, null=True, blank=True, related_name="correction_proposal"
    )

    @property
    def state(self):
        """The status as shown: a proposal the chain refused is 本机关不予提请."""
        if self.case_id and self.case.status == Case.Status.REJECTED:
            return self.Status.REFUSED
        return self.status

    def get_state_display(self):
        return dict(self.Status.choices)[self.state]

    result = models.CharField("结果", max_length=200, blank=True)
    result_on = models.DateField("结果日", null=True, blank=True)
    submitted_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "提请事项"
        verbose_name_plural = "提请事项"
        ordering = ["-submitted_at", "-id"]


class AssessmentQuerySet(models.QuerySet):
    def visible_to(self, user):
        if access.sees_all(user):
            return self.all()
        office = access.office_of(user)
        if office is not None:
            return self.filter(office_id=office)
        return self.none()


class Assessment(CaseState, models.Model):
    """调查评估 on a court's, procuratorate's, police's or prison's request (§18; 实施办法 §14):
    the 司法所 investigates, the chain reviews, the section returns the opinion; one clock."""

    class Status(models.TextChoices):
        INVESTIGATING = "investigating", "司法所调查中"
        SUBMITTED = "submitted", "待科室审核"
        APPROVED = "approved", "已审核待反馈"
        RETURNED = "returned", "已反馈委托机关"

    class Opinion(models.TextChoices):
        SUITABLE = "suitable", "适宜社区矫正"
        UNSUITABLE = "unsuitable", "不适宜社区矫正"

    requester = models.ForeignKey(ExternalUnit, verbose_name="委托机关", on_delete=models.PROTECT, related_name="+")
    letter_no = models.CharField("委托函文号", max_length=80)
    person = models.CharField("被调查评估人", max_length=50)
    id_number = PersonalDataField("身份证号码", kind="id_number", purpose="调查评估对象身份核实", blank=True)
    address = PersonalDataField("居住地", kind="address", purpose="调查评估实地走访", blank=True)
    crime = models.CharField("涉嫌罪名", max_length=100)
    proposed = models.CharField("拟适用", max_length=10, choices=SentenceType.choices, default=SentenceType.PROBATION)
    fast_track = models.BooleanField("适用速裁程序", default=False)
    received_on = models.DateField("收到委托函及材料日")
    due_on = models.DateField("完成期限")
    office = models.ForeignKey(
        Section,
        verbose_name="承担调查的司法所",
        on_delete=models.PROTECT,
        related_name="correction_assessments",
        limit_choices_to={"kind": Section.Kind.JUDICIAL_OFFICE},
    )
    findings = models.TextField("调查情况", blank=True)
    opinion = models.CharField("评估意见", max_length=12, choices=Opinion.choices, blank=True)
    drafted_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    returned_on = models.DateField("反馈日", null=True, blank=True)
    case = models.OneToOneField(
        Case, on_delete=models.PROTECT, null=True, blank=True, related_name="correction_assessment"
    )
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    objects = AssessmentQuerySet.as_manager()

    CASE_STEP_STATES = {"investigate": Status.INVESTIGATING, "reply": Status.APPROVED}

    @property
    def status(self):
        # The review chain's steps are "review-<seq>": anything else but the two named is review.
        return self.case_state(self.Status.SUBMITTED, self.Status.INVESTIGATING, self.Status.RETURNED)

    @property
    def approved_by(self):
        task = self.decision()
        return task.acted_by if task else None

    @property
    def approved_on(self):
        task = self.decision()
        return timezone.localdate(task.acted_at) if task else None

    class Meta:
        verbose_name = "调查评估"
        verbose_name_plural = "调查评估"
        ordering = ["-received_on", "-id"]

    def __str__(self):
        return f"调查评估 #{self.pk}"

    def get_absolute_url(self):
        return reverse("community_correction:assessment", args=[self.pk])

    def can_reveal(self, user):
        return access.handles(user, self.office_id)


class Relocation(CaseState, models.Model):
    """变更执行地 (§27 ¶2; 实施办法 §30): the subject applies (一般提前一个月), the agency decides
    within 5 working days, the subject reports to the new place within 7 days of the decision's
    service. The decision is the case's approval chain; both limits are its clocks."""

    class Status(models.TextChoices):
        REQUESTED = "requested", "待决定"
        APPROVED = "approved", "已同意，待到新执行地报到"
        REFUSED = "refused", "不同意变更"
        DONE = "done", "已到新执行地报到"

    subject = models.ForeignKey(Subject, on_delete=models.CASCADE, related_name="relocations")
    new_place = models.CharField("新执行地", max_length=100)
    new_agency = models.ForeignKey(
        ExternalUnit,
        verbose_name="新执行地社区矫正机构",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reason = models.CharField("变更事由", max_length=200)
    applied_on = models.DateField("申请日")
    move_on = models.DateField("拟迁居日")
    served_on = models.DateField("决定送达对象日", null=True, blank=True)
    arrived_on = models.DateField("到新执行地报到日", null=True, blank=True)
    requested_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    case = models.OneToOneField(
        Case, on_delete=models.PROTECT, null=True, blank=True, related_name="correction_relocation"
    )

    CASE_STEP_STATES = {"report": Status.APPROVED}

    class Meta:
        verbose_name = "变更执行地"
        verbose_name_plural = "变更执行地"
        ordering = ["-applied_on", "-id"]

    @property
    def status(self):
        return self.case_state(self.Status.REQUESTED, self.Status.REFUSED, self.Status.DONE)


# --- the section's supervision of the 司法所 and its own work ---------------------------------


class OfficeQuerySet(models.QuerySet):
    """Records about one 司法所 (or the whole district when office is empty)."""

    def visible_to(self, user):
        if access.sees_all(user):
            return self.all()
        office = access.office_of(user)
        if office is not None:
            return self.filter(models.Q(office_id=office) | models.Q(office__isnull=True))
        return self.none()


class MajorEvent(models.Model):
    """重大活动、敏感节点期间: every 司法所 sends a daily report (零报告 when nothing happened)."""

    name = models.CharField("活动/节点名称", max_length=100)
    start_on = models.DateField("起始日")
    end_on = models.DateField("结束日")
    requirement = models.TextField("报告要求", blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "重大活动报告期"
        verbose_name_plural = "重大活动报告期"
        ordering = ["-start_on", "-id"]

    def days(self):
        day = self.start_on
        while day <= self.end_on:
            yield day
            day += timedelta(days=1)


class DailyReport(models.Model):
    event = models.ForeignKey(MajorEvent, on_delete=models.CASCADE, related_name="reports")
    office = models.ForeignKey(Section, on_delete=models.PROTECT, related_name="+")
    day = models.DateField("报告日")
    is_zero = models.BooleanField("零报告（无异常）", default=True)
    content = models.TextField("异常情况", blank=True)
    reported_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    reported_at = models.DateTimeField(default=timezone.now)

    objects = OfficeQuerySet.as_manager()

    class Meta:
        verbose_name = "每日报告"
        verbose_name_plural = "每日报告"
        constraints = [models.UniqueConstraint(fields=["event", "office", "day"], name="cc_one_report_a_day")]


class Hazard(models.Model):
    """隐患排查 register: a risk found at a 司法所 (or district-wide), its measures and due date."""

    class Level(models.TextChoices):
        LOW = "low", "一般"
        HIGH = "high", "较大"
        SEVERE = "severe", "重大"

    office = models.ForeignKey(Section, verbose_name="司法所", on_delete=models.PROTECT, null=True, blank=True)
    found_on = models.DateField("排查日")
    description = models.TextField("隐患情况")
    level = models.CharField("等级", max_length=8, choices=Level.choices, default=Level.LOW)
    measures = models.TextField("整改措施", blank=True)
    due_on = models.DateField("整改期限")
    resolved_on = models.DateField("整改完成日", null=True, blank=True)
    result = models.CharField("整改结果", max_length=200, blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    objects = OfficeQuerySet.as_manager()

    class Meta:
        verbose_name = "隐患排查"
        verbose_name_plural = "隐患排查"
        ordering = ["resolved_on", "due_on", "-id"]


class WorkRecord(models.Model):
    """The section's other records: training (8.4), social forces (8.3), committee members and
    meetings (8.5), yearly plan and rules (8.1), 分析研判会 of the 隐患排查."""

    class Kind(models.TextChoices):
        PLAN = "plan", "年度工作计划"
        RULE = "rule", "工作制度"
        TRAINING = "training", "业务培训"
        VOLUNTEER = "volunteer", "社会力量（志愿者、社会组织）"
        ACTIVITY = "activity", "社会力量参与活动"
        MEMBER = "member", "社区矫正委员会成员"
        MEETING = "meeting", "社区矫正委员会会议"
        ANALYSIS = "analysis", "隐患分析研判会"

    kind = models.CharField("类别", max_length=10, choices=Kind.choices)
    title = models.CharField("名称", max_length=150)
    on = models.DateField("日期")
    office = models.ForeignKey(Section, verbose_name="司法所", on_delete=models.PROTECT, null=True, blank=True)
    people = models.CharField("人员/单位", max_length=200, blank=True)
    headcount = models.PositiveIntegerField("人数", null=True, blank=True)
    content = models.TextField("内容", blank=True)
    follow_up = models.CharField("议定事项（督办）", max_length=200, blank=True)
    follow_up_due = models.DateField("督办期限", null=True, blank=True)
    follow_up_done = models.DateField("督办办结日", null=True, blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    objects = OfficeQuerySet.as_manager()

    class Meta:
        verbose_name = "工作记录"
        verbose_name_plural = "工作记录"
        ordering = ["-on", "-id"]


def month_bounds(year, month):
    start = date(year, month, 1)
    end = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
    return start, end
