"""建议提案办理 (seed 000 appendix 1.10): 区人大代表建议 and 区政协委员提案 assigned to the bureau.

The item is a Case of process `office.proposal`, registered by the office (case.section). This
record holds what the engine does not: where it came from (届次会议, 编号, the representatives),
who handles it (主办 and 会办 sections), the co-handling sections' opinions, the lead section's
contacts with the representatives (面商), and one written reply per handling round with the
representative's satisfaction. The representative's phone is personal data (apps.privacy).

Where a proposal stands (`stage`) is read from the engine's current step plus the reply of the
current round, so it can never disagree with the inbox; services.py moves both together.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from apps.privacy.fields import PersonalDataField
from apps.workflow.models import Case


class Kind(models.TextChoices):
    SUGGESTION = "suggestion", "人大代表建议"
    PROPOSAL = "proposal", "政协委员提案"


KIND_SHORT = {Kind.SUGGESTION: "建议", Kind.PROPOSAL: "提案"}
# Who the written reply is reported to (seed 000 1.10: 分别上报区人大、区政协和区政府督查室).
REPORTED_TO = {Kind.SUGGESTION: "区人大常委会", Kind.PROPOSAL: "区政协"}
PROPOSER_TITLE = {Kind.SUGGESTION: "代表", Kind.PROPOSAL: "委员"}


class Category(models.TextChoices):
    """答复类别, as 人大/政协 offices customarily ask the handling body to mark the reply."""

    A = "A", "A类（所提问题已经解决或采纳）"
    B = "B", "B类（所提问题正在解决或列入计划逐步解决）"
    C = "C", "C类（因条件限制或其他原因需留作参考）"


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", "满意"
    BASIC = "basic", "基本满意"
    UNSATISFIED = "unsatisfied", "不满意"


class ContactForm(models.TextChoices):
    MEETING = "meeting", "面商"
    FORUM = "forum", "座谈"
    VISIT = "visit", "走访"
    PHONE = "phone", "电话"


class Stage(models.TextChoices):
    REVIEW = "review", "领导审阅"
    ASSIGN = "assign", "待明确分工"
    HANDLING = "handling", "办理中"
    APPROVING = "approving", "答复审签中"
    TO_SEND = "to_send", "待发送答复"
    FEEDBACK = "feedback", "待代表委员反馈"
    DONE = "done", "已办结"
    STOPPED = "stopped", "已终止或退回登记人"


# The moves services.py allows, as data (STYLE.md 4).
MOVES = {
    "assign": {Stage.ASSIGN},
    "co_opinion": {Stage.HANDLING},
    "contact": {Stage.HANDLING},
    "draft": {Stage.HANDLING},
    "send": {Stage.TO_SEND},
    "feedback": {Stage.FEEDBACK},
}

# The engine steps (processes.py) and the stage each means.
REVIEW_STEPS = ("chief", "leader")
ASSIGN_STEP, HANDLE_STEP, SEND_STEP = "assign", "handle", "send"
REPLY_CHAIN = "reply"
# Every other step of an active case is a link of the 答复审签 chain (REPLY_CHAIN rule rows).
FIXED_STEPS = (*REVIEW_STEPS, ASSIGN_STEP, HANDLE_STEP, SEND_STEP)
DONE_STATUSES = (Case.Status.CLOSED, Case.Status.ARCHIVED)


def stage_q(stage):
    """The same reading of `stage` as Proposal.stage, over a queryset (the register's filter)."""
    return {
        Stage.REVIEW: Q(case__current_step__in=REVIEW_STEPS, case__status=Case.Status.ACTIVE),
        Stage.ASSIGN: Q(case__current_step=ASSIGN_STEP, case__status=Case.Status.ACTIVE),
        Stage.HANDLING: Q(case__current_step=HANDLE_STEP, case__status=Case.Status.ACTIVE),
        Stage.APPROVING: Q(case__status=Case.Status.ACTIVE) & ~Q(case__current_step__in=FIXED_STEPS),
        Stage.TO_SEND: Q(case__current_step=SEND_STEP, case__status=Case.Status.ACTIVE, sent_on__isnull=True),
        Stage.FEEDBACK: Q(case__current_step=SEND_STEP, case__status=Case.Status.ACTIVE, sent_on__isnull=False),
        Stage.DONE: Q(case__status__in=DONE_STATUSES),
        Stage.STOPPED: Q(case__status__in=(Case.Status.REJECTED, Case.Status.DRAFT, Case.Status.RETURNED)),
    }[Stage(stage)]


class Session(models.Model):
    """届次会议 (e.g. 区第十九届人民代表大会第三次会议): kept by the system administrator, one row a
    session and body, so the register can be filtered and reported per session."""

    kind = models.CharField("类别", max_length=12, choices=Kind.choices)
    name = models.CharField("届次会议", max_length=60)
    year = models.PositiveSmallIntegerField("年度")
    active = models.BooleanField("可登记", default=True, help_text="停用后登记页不再列出（已登记的不受影响）")
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = "建议提案届次会议"
        ordering = ["-year", "kind", "name"]
        constraints = [models.UniqueConstraint(fields=["kind", "name"], name="proposal_session_unique")]

    def __str__(self):
        return self.name


class ProposalQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(case__in=Case.objects.visible_to(user).values("pk"))


class Proposal(models.Model):
    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="proposal")
    kind = models.CharField("类别", max_length=12, choices=Kind.choices)
    session = models.ForeignKey(Session, verbose_name="届次会议", on_delete=models.PROTECT, related_name="proposals")
    number = models.CharField("编号", max_length=20, help_text="如 第12号")
    title = models.CharField("标题", max_length=200)
    proposers = models.CharField("领衔代表/委员", max_length=200, help_text="多人以“、”分隔")
    delegation = models.CharField("代表团/界别", max_length=100, blank=True)
    contact_phone = PersonalDataField(
        "代表委员联系电话", kind="phone", purpose="与代表委员联系沟通、面商办理情况", blank=True
    )
    content = models.TextField("内容")
    received_on = models.DateField("接收日期")
    assigned_on = models.DateField("交办日期", help_text="区人大常委会/区政协交办之日，答复期限自此起算")
    lead_section = models.ForeignKey(
        "org.Section", verbose_name="主办科室", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    co_sections = models.ManyToManyField("org.Section", verbose_name="会办科室", blank=True, related_name="+")
    round = models.PositiveSmallIntegerField("办理轮次", default=1)
    # The current round's reply, copied from its Reply row for the register.
    sent_on = models.DateField("答复日期", null=True, blank=True)
    category = models.CharField("答复类别", max_length=1, choices=Category.choices, blank=True)
    satisfaction = models.CharField("满意度", max_length=12, choices=Satisfaction.choices, blank=True)
    history = HistoricalRecords(excluded_fields=["contact_phone"])

    objects = ProposalQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "建议提案"
        constraints = [models.UniqueConstraint(fields=["kind", "session", "number"], name="proposal_unique_number")]

    def __str__(self):
        return self.case.title

    def get_absolute_url(self):
        return self.case.get_absolute_url()

    @property
    def kind_short(self):
        return KIND_SHORT[self.kind]

    @property
    def proposer_title(self):
        return PROPOSER_TITLE[self.kind]

    @property
    def reported_to(self):
        return REPORTED_TO[self.kind]

    @property
    def stage(self):
        case = self.case
        if case.status in DONE_STATUSES:
            return Stage.DONE
        if case.status != Case.Status.ACTIVE:
            return Stage.STOPPED
        step = case.current_step
        if step in REVIEW_STEPS:
            return Stage.REVIEW
        if step == ASSIGN_STEP:
            return Stage.ASSIGN
        if step == HANDLE_STEP:
            return Stage.HANDLING
        if step == SEND_STEP:
            return Stage.FEEDBACK if self.sent_on else Stage.TO_SEND
        return Stage.APPROVING

    def get_stage_display(self):
        label = Stage(self.stage).label
        if self.round > 1 and self.stage == Stage.HANDLING:
            return f"重新办理中（第{self.round}轮）"
        return label

    def may(self, move):
        return self.stage in MOVES[move]

    def can_reveal(self, user):
        """The phone in full: the office clerk who registered it and whoever holds or held the
        lead section's handling step (they contact the representative); not the readers, the
        approvers, the co-handling sections or the leaders who oversee."""
        from apps.workflow.models import Task

        if not getattr(user, "is_authenticated", False) or not user.is_active or user.admin_role:
            return False
        if self.case.initiator_id == user.pk:
            return True
        handle = Task.objects.filter(case_id=self.case_id, step=HANDLE_STEP)
        if handle.filter(Q(assignee=user) | Q(acted_by=user)).exists():
            return True
        return handle.actionable_by(user).exists()


class CoOpinion(models.Model):
    """会办意见: one co-handling section's opinion, sent to the lead section."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="co_opinions")
    section = models.ForeignKey("org.Section", verbose_name="会办科室", on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="填写人", on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField("会办意见")
    sent_on = models.DateField("送主办科室日期")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "会办意见"
        ordering = ["sent_on", "id"]
        constraints = [models.UniqueConstraint(fields=["proposal", "section"], name="proposal_co_opinion_once")]


class Contact(models.Model):
    """面商: the lead section's contact with the representative before the written reply."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="contacts")
    round = models.PositiveSmallIntegerField("办理轮次", default=1)
    on_date = models.DateField("日期")
    form = models.CharField("方式", max_length=10, choices=ContactForm.choices)
    participants = models.CharField("参加人员", max_length=200)
    view = models.TextField("代表委员意见")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="记录人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "面商记录"
        ordering = ["round", "on_date", "id"]


class Reply(models.Model):
    """The written reply of one handling round, and what the representative said of it."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="replies")
    round = models.PositiveSmallIntegerField("办理轮次")
    text = models.TextField("答复内容")
    category = models.CharField("答复类别", max_length=1, choices=Category.choices)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="拟稿人", on_delete=models.PROTECT, related_name="+"
    )
    drafted_at = models.DateTimeField("拟稿时间")
    sent_on = models.DateField("答复日期", null=True, blank=True)
    satisfaction = models.CharField("满意度", max_length=12, choices=Satisfaction.choices, blank=True)
    feedback_on = models.DateField("反馈日期", null=True, blank=True)
    feedback = models.TextField("代表委员反馈意见", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "书面答复"
        ordering = ["round"]
        constraints = [models.UniqueConstraint(fields=["proposal", "round"], name="proposal_reply_per_round")]
