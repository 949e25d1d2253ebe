"""社区矫正: the subject file and what happens to it, 调查评估, and the section's own registers.

Access is the narrowest in the portal (see `access`): a subject (and everything about them) is
seen only by the 社区矫正工作科 (section `correction`), the staff of the responsible 司法所
(a `Section` of kind `judicial_office`), the section's division leader and the director. No
workflow Case carries a subject: a case is seen by more people (grants, 传阅, keepers), so the
subject's clocks are dates on these rows, watched by this app's sweep pass (sweeps.py).
"""

from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from apps.org.models import ExternalUnit, Section
from apps.privacy.fields import BlindIndexField, PersonalDataField

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


class Travel(models.Model):
    """外出请假: ≤7 days approved by the 司法所, longer by the county agency, at most 30 days."""

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
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.REQUESTED)
    requested_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    decided_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    decided_on = models.DateField("审批日", null=True, blank=True)
    decision_note = models.CharField("审批意见", max_length=200, blank=True)
    returned_on = models.DateField("返回报告日", null=True, blank=True)

    class Meta:
        verbose_name = "外出审批"
        verbose_name_plural = "外出审批"
        ordering = ["-start_on", "-id"]

    @property
    def days(self):
        return (self.end_on - self.start_on).days + 1


class Monitoring(models.Model):
    """电子定位装置: the 县级司法行政部门负责人's approval, 3 months at a time, renewable (§29)."""

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
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.REQUESTED)
    requested_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    approved_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    approved_on = models.DateField("批准日", null=True, blank=True)
    ended_on = models.DateField("解除日", null=True, blank=True)

    class Meta:
        verbose_name = "电子定位"
        verbose_name_plural = "电子定位"
        ordering = ["-start_on", "-id"]


class Sanction(models.Model):
    """考核奖惩: 表扬, 训诫, 警告 (decided by the agency), 提请治安管理处罚 (§28)."""

    class Kind(models.TextChoices):
        PRAISE = "praise", "表扬"
        ADMONITION = "admonition", "训诫"
        WARNING = "warning", "警告"
        POLICE = "police", "提请治安管理处罚"

    subject = models.ForeignKey(Subject, on_delete=models.CASCADE, related_name="sanctions")
    kind = models.CharField("类别", max_length=12, choices=Kind.choices)
    decided_on = models.DateField("决定日")
    facts = models.TextField("事实和理由")
    number = models.CharField("文书编号", max_length=40, blank=True)
    decided_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "考核奖惩"
        verbose_name_plural = "考核奖惩"
        ordering = ["-decided_on", "-id"]


class Proposal(models.Model):
    """提请: 减刑 (§33), 撤销缓刑/假释 (§46, §48), 收监执行 (§49), 逮捕 (§47); the outside body's
    limit runs from its receipt and is watched here."""

    class Kind(models.TextChoices):
        COMMUTATION = "commutation", "减刑建议"
        REVOCATION = "revocation", "撤销缓刑、假释建议"
        PRISON = "prison", "收监执行建议"
        ARREST = "arrest", "提请逮捕"

    class Status(models.TextChoices):
        PENDING = "pending", "待对方决定"
        GRANTED = "granted", "已采纳（裁定/决定）"
        DENIED = "denied", "未采纳"

    subject = models.ForeignKey(Subject, on_delete=models.CASCADE, related_name="proposals")
    kind = models.CharField("类别", max_length=12, choices=Kind.choices)
    body = models.ForeignKey(ExternalUnit, verbose_name="提请机关", on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField("送达对方时间")
    due_at = models.DateTimeField("对方决定期限")
    reasons = models.TextField("理由和证据")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.PENDING)
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


class Assessment(models.Model):
    """调查评估 on a court's, procuratorate's, police's or prison's request (§18; 实施办法 §14)."""

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
    status = models.CharField("状态", max_length=14, choices=Status.choices, default=Status.INVESTIGATING)
    findings = models.TextField("调查情况", blank=True)
    opinion = models.CharField("评估意见", max_length=12, choices=Opinion.choices, blank=True)
    drafted_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    approved_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    approved_on = models.DateField("审核日", null=True, blank=True)
    returned_on = models.DateField("反馈日", null=True, blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    objects = AssessmentQuerySet.as_manager()

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
