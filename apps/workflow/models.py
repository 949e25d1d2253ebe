"""The shared workflow engine: cases, the tasks that fill everyone's inbox, the business log.

A section app owns its domain record (OneToOne to Case) and declares the shape of its
procedure in code (apps/workflow/processes.py); who fills each role and the thresholds come
from ApprovalRule rows edited in the admin. State changes happen only in services.py.
"""

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from simple_history.models import HistoricalRecords

User = settings.AUTH_USER_MODEL


class Sensitivity(models.IntegerChoices):
    PUBLIC = 0, "公开"
    INTERNAL = 1, "内部"
    WORK_SECRET = 2, "工作秘密"


def active_delegators(user, day=None):
    """Users who have currently delegated their inbox to `user` (a subquery, not a list)."""
    day = day or timezone.localdate()
    return Delegation.objects.filter(
        delegate=user, start_date__lte=day, end_date__gte=day, cancelled_at__isnull=True
    ).values("principal")


class CaseQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Default deny: the only way any list, detail, count, search or export reaches cases.

        A case is visible to its participants (initiator, anyone who holds or held one of its
        tasks, the delegate of a current assignee unless the case is confidential), to anyone
        holding an explicit grant, to the keepers of its process's register (Process.keepers,
        e.g. the confidential clerk and the office chief for classified documents), and, unless
        it is confidential or above the viewer's clearance, to members of its section, the
        section's division leader and the director. Administrators (三员) see no cases. A
        process with its own audience (Process.audience, e.g. 社区矫正) replaces all of these
        for its cases.
        """
        if not getattr(user, "is_authenticated", False) or not user.is_active or user.admin_role:
            return self.none()
        from django.contrib.auth import get_user_model

        from .processes import kept_processes, restricted_audience

        task_match = Task.objects.filter(case=OuterRef("pk")).filter(Q(assignee=user) | Q(acted_by=user))
        # A 限定知悉范围 case names its readers: standing in for someone on leave does not add one.
        delegated = Task.objects.filter(
            case=OuterRef("pk"),
            assignee__in=active_delegators(user),
            status=Task.Status.PENDING,
            kind__in=Task.DELEGABLE_KINDS,
        )
        grant = CaseGrant.objects.filter(content_object=OuterRef("pk"), user=user, permission__codename="view_case")
        if user.rank == "director":
            scope = Q()
        elif user.rank == "division_leader":
            scope = Q(section__division_leader=user) | Q(section_id=user.section_id)
        elif user.section_id:
            scope = Q(section_id=user.section_id)
        else:
            scope = Q(pk__in=[])
        open_scope = scope & Q(is_confidential=False, sensitivity__lte=user.clearance) & ~Q(status=Case.Status.DRAFT)
        # open_scope first: PostgreSQL tests the arms of an OR in the order written and stops at
        # the first true one, so the plain column test spares the correlated subqueries on every
        # case it already admits (for the director, all but the confidential ones).
        visible = (
            open_scope
            | Q(initiator=user)
            | Exists(task_match)
            | (Q(is_confidential=False) & Exists(delegated))
            | Exists(grant)
        )
        me = get_user_model().objects.filter(pk=user.pk)
        for keepers, codes in kept_processes():
            # Uncorrelated: the database answers "is this user a keeper" once per query.
            visible |= Q(process__in=codes) & Exists(me.filter(keepers))
        # Processes with their own audience (Process.audience): only that audience sees them.
        restricted, allowed = restricted_audience(user)
        if restricted:
            visible = (~Q(process__in=restricted) & visible) | allowed
        return self.filter(visible)

    def handled_by(self, user):
        """Cases `user` handles: initiated, holds or held a work item of (reading excepted; one
        cancelled before they acted does not count), or
        acts on as the current delegate of an assignee. Always within visible_to(user).

        Seeing a case is not handling it: section members, leaders who oversee, register
        keepers, grantees and readers see personal data in it masked; handlers may unmask it
        (apps/privacy).
        """
        if not getattr(user, "is_authenticated", False) or not user.is_active or user.admin_role:
            return self.none()
        # A work item cancelled before its holder acted on it (a parallel drafter's, once another
        # submitted the draft; the pending steps of a withdrawn case) makes no one a handler.
        work = (
            Task.objects.filter(case=OuterRef("pk"))
            .exclude(kind=Task.Kind.READ)
            .filter((Q(assignee=user) & ~Q(status=Task.Status.CANCELLED)) | Q(acted_by=user))
        )
        delegated = Task.objects.filter(
            case=OuterRef("pk"),
            assignee__in=active_delegators(user),
            status=Task.Status.PENDING,
            kind__in=Task.DELEGABLE_KINDS,
        )
        return self.filter(Q(initiator=user) | Exists(work) | (Q(is_confidential=False) & Exists(delegated)))

    def open(self):
        return self.filter(status__in=Case.OPEN_STATUSES)


class Case(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        ACTIVE = "active", "办理中"
        RETURNED = "returned", "退回修改"
        CLOSED = "closed", "已办结"
        REJECTED = "rejected", "未获批准"
        ARCHIVED = "archived", "已归档"

    OPEN_STATUSES = (Status.DRAFT, Status.ACTIVE, Status.RETURNED)

    process = models.CharField("流程", max_length=60, db_index=True)
    number = models.CharField("编号", max_length=60, blank=True)
    title = models.CharField("标题", max_length=200)
    section = models.ForeignKey("org.Section", verbose_name="承办科室", on_delete=models.PROTECT, related_name="cases")
    initiator = models.ForeignKey(User, verbose_name="发起人", on_delete=models.PROTECT, related_name="initiated_cases")
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.DRAFT)
    # The route fixed at submission: [{code, label, kind, role...}]. Rule edits in the admin
    # apply to cases submitted afterwards, never to a case already on its way.
    route = models.JSONField("办理路线", default=list, blank=True)
    current_step = models.CharField("当前环节代码", max_length=60, blank=True)
    current_step_label = models.CharField("当前环节", max_length=60, blank=True)
    current_assignees = models.CharField("当前办理人", max_length=200, blank=True)
    sensitivity = models.PositiveSmallIntegerField(
        "密级标识", choices=Sensitivity.choices, default=Sensitivity.INTERNAL
    )
    is_confidential = models.BooleanField("限定知悉范围", default=False)
    due_date = models.DateField("办理期限", null=True, blank=True)
    # Denormalised with due_date (apps/workflow/deadlines.py refresh_case_due_date): the due date
    # rests on a year whose holiday arrangements are not confirmed yet, so lists can say "暂定"
    # without touching the clocks or the calendar.
    due_provisional = models.BooleanField("期限为暂定", default=False)
    result = models.TextField("办理结果", blank=True)
    version = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField("创建时间", default=timezone.now)
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    closed_at = models.DateTimeField("办结时间", null=True, blank=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = "案件/事项"
        verbose_name_plural = "案件/事项"
        ordering = ["-created_at"]
        permissions = [("view_confidential_case", "查看限定知悉范围的事项")]
        indexes = [
            models.Index(fields=["section", "status"]),
            models.Index(fields=["status", "due_date"]),
            # the overview's "closed this month" and its monthly trend read a closed_at range
            models.Index(fields=["closed_at"], name="workflow_case_closed_at"),
            # open matters by due date: the overview's ten most overdue (and the overdue list)
            # read the first rows in this order instead of sorting every overdue matter
            models.Index(
                fields=["due_date", "id"], condition=Q(status__in=["active", "returned"]), name="workflow_case_open_due"
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_open(self):
        return self.status in self.OPEN_STATUSES

    @property
    def process_def(self):
        from .processes import get_process

        return get_process(self.process)

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("workflow:case_detail", args=[self.pk])


class CaseGrant(UserObjectPermissionBase):
    """Explicit per-case grant (guardian, direct foreign key: fast on large tables)."""

    content_object = models.ForeignKey(Case, on_delete=models.CASCADE)

    class Meta(UserObjectPermissionBase.Meta):
        verbose_name = "事项授权"
        verbose_name_plural = "事项授权"


class CaseGroupGrant(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Case, on_delete=models.CASCADE)


def delegated_to(user, day=None):
    """Q over Task: pending work of people who named `user` their delegate, that a delegate may
    act on (approvals and handling, not reads, not 限定知悉范围 cases)."""
    return Q(assignee__in=active_delegators(user, day)) & ~Q(kind=Task.Kind.READ) & Q(case__is_confidential=False)


def delegator_ids(user, day=None):
    """Ids of the people who have currently delegated their inbox to `user` (a small indexed
    query; a list so that the task filters built from it stay indexable)."""
    return list(active_delegators(user, day).values_list("principal", flat=True))


def actionable_q(user, delegators):
    """Q over Task: `user`'s own work and, for each id in `delegators`, the work a delegate may
    act on (approvals and handling, not reads, not 限定知悉范围 cases).

    Shaped for the (assignee, status) index: with no delegators (the common case) it is
    `assignee = me`; with some, `assignee = ANY(me, d1, ...)` and the delegate's limits as a
    separate condition. An OR between `assignee IN (subquery)` and the case's confidentiality
    makes PostgreSQL read every pending task and every case instead (issue 19).
    """
    if not delegators:
        return Q(assignee=user)
    return Q(assignee__in=[user.pk, *delegators]) & (
        Q(assignee=user) | (Q(kind__in=Task.DELEGABLE_KINDS) & Q(case__is_confidential=False))
    )


def is_actionable(task, user, delegators):
    """actionable_q for one task already read (its case loaded): whether `user` may act on it,
    with `delegators` from delegator_ids. The case page filters the case's tasks with it
    instead of querying again; tests/workflow/test_case_page_cost.py keeps the two in step."""
    if task.status != Task.Status.PENDING:
        return False
    if task.assignee_id == user.pk:
        return True
    return task.assignee_id in delegators and task.kind in Task.DELEGABLE_KINDS and not task.case.is_confidential


class TaskQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=Task.Status.PENDING)

    def actionable_by(self, user, day=None, delegators=None):
        """Pending work items `user` may act on: their own and those of people on leave who
        named them as delegate.

        `delegators`: the ids from delegator_ids(user, day). The inbox passes them (read once per
        request) and gets filters PostgreSQL answers from the (assignee, status) index whatever
        the size of the table. Without them the delegators stay a subquery: one query, fine when
        something else narrows the rows (a case's tasks), not for a whole inbox.
        """
        # Reading (传阅) is personal: a delegate acts on approvals and handling, not on reads, and
        # never on a 限定知悉范围 case (its readers are named).
        if delegators is None:
            return self.pending().filter(Q(assignee=user) | delegated_to(user, day))
        return self.pending().filter(actionable_q(user, delegators))

    def overdue(self, day=None):
        day = day or timezone.localdate()
        return self.pending().filter(due_date__lt=day)


class Task(models.Model):
    """One work item in one person's inbox: a step of a case waiting for (or done by) them."""

    class Kind(models.TextChoices):
        REVISE = "revise", "修改后重新提交"
        APPROVE = "approve", "审批"
        COUNTERSIGN = "countersign", "会签"
        HANDLE = "handle", "办理"
        READ = "read", "阅知"

    class Status(models.TextChoices):
        PENDING = "pending", "待办"
        DONE = "done", "已办"
        CANCELLED = "cancelled", "已取消"

    class Decision(models.TextChoices):
        APPROVE = "approve", "同意"
        REJECT = "reject", "不同意"
        RETURN = "return", "退回"
        TRANSFER = "transfer", "转办"
        SUBMIT = "submit", "提交"
        DONE = "done", "办结"
        READ = "read", "已阅"

    DELEGABLE_KINDS = (Kind.REVISE, Kind.APPROVE, Kind.COUNTERSIGN, Kind.HANDLE)

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="tasks")
    step = models.CharField("环节代码", max_length=60)
    step_label = models.CharField("环节", max_length=60)
    step_index = models.IntegerField("环节序号", default=0)
    kind = models.CharField("类型", max_length=20, choices=Kind.choices)
    assignee = models.ForeignKey(User, verbose_name="办理人", on_delete=models.PROTECT, related_name="tasks")
    acted_by = models.ForeignKey(
        User, verbose_name="实际操作人", on_delete=models.PROTECT, null=True, blank=True, related_name="acted_tasks"
    )
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.PENDING)
    decision = models.CharField("意见类型", max_length=20, choices=Decision.choices, blank=True)
    opinion = models.TextField("意见", blank=True)
    note = models.CharField("说明", max_length=200, blank=True)
    created_at = models.DateTimeField("送达时间", default=timezone.now)
    acted_at = models.DateTimeField("办理时间", null=True, blank=True)
    due_date = models.DateField("期限", null=True, blank=True)

    objects = TaskQuerySet.as_manager()

    class Meta:
        verbose_name = "待办"
        verbose_name_plural = "待办"
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["assignee", "status"]),
            models.Index(fields=["acted_by", "status"]),
            models.Index(fields=["case", "status"]),
            models.Index(fields=["status", "due_date"]),
        ]

    def __str__(self):
        return f"{self.case} · {self.step_label} · {self.assignee}"

    @property
    def on_behalf(self):
        """True when a delegate acted for the assignee; the record shows both names."""
        return self.acted_by_id is not None and self.acted_by_id != self.assignee_id

    @property
    def decision_label(self):
        """The decision as the route shows it (批示, 拟办, 转交 where the stored label misleads)."""
        from .processes import decision_label

        return decision_label(self.case, self.step, self.decision, self.get_decision_display())


class CaseEvent(models.Model):
    """The business record of who did what to a case, when, and with what words.

    Written only by services.py; never edited (the admin shows it read-only).
    """

    class Action(models.TextChoices):
        CREATE = "create", "创建"
        SUBMIT = "submit", "提交"
        APPROVE = "approve", "同意"
        REJECT = "reject", "不同意"
        RETURN = "return", "退回"
        TRANSFER = "transfer", "转办"
        COUNTERSIGN = "countersign", "会签同意"
        WITHDRAW = "withdraw", "撤回"
        CIRCULATE = "circulate", "传阅"
        READ = "read", "已阅"
        DONE = "done", "办结"
        ARCHIVE = "archive", "归档"
        GRANT = "grant", "授权查看"
        ATTACH = "attach", "上传附件"
        # a section app's own record on the case (api.log_event): a voucher, a hearing, a filing
        RECORD = "record", "登记"
        URGE = "urge", "催办"
        CLOCK = "clock", "期限变动"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    task = models.ForeignKey(Task, on_delete=models.SET_NULL, null=True, blank=True, related_name="events")
    action = models.CharField("操作", max_length=20, choices=Action.choices)
    actor = models.ForeignKey(User, verbose_name="操作人", on_delete=models.PROTECT, related_name="+")
    on_behalf_of = models.ForeignKey(
        User, verbose_name="代理对象", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    step_label = models.CharField("环节", max_length=60, blank=True)
    target_label = models.CharField("送往", max_length=200, blank=True)
    opinion = models.TextField("意见/理由", blank=True)
    created_at = models.DateTimeField("时间", default=timezone.now)

    class Meta:
        verbose_name = "办理记录"
        verbose_name_plural = "办理记录"
        ordering = ["created_at", "id"]

    @property
    def action_label(self):
        """The action as the record shows it (批示, 拟办, 转交 where the stored label misleads)."""
        from .processes import decision_label

        step = self.task.step if self.task_id else ""
        return decision_label(self.case, step, self.action, self.get_action_display())


class Delegation(models.Model):
    """While `principal` is away, `delegate` acts on their inbox; records show both names."""

    principal = models.ForeignKey(
        User, verbose_name="委托人", on_delete=models.CASCADE, related_name="delegations_given"
    )
    delegate = models.ForeignKey(
        User, verbose_name="代理人", on_delete=models.CASCADE, related_name="delegations_received"
    )
    start_date = models.DateField("开始日期")
    end_date = models.DateField("结束日期")
    reason = models.CharField("事由", max_length=200)
    created_at = models.DateTimeField(default=timezone.now)
    cancelled_at = models.DateTimeField("撤销时间", null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "代理（请假委托）"
        verbose_name_plural = "代理（请假委托）"
        ordering = ["-start_date"]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=models.F("start_date")), name="delegation_dates_ordered"),
            models.CheckConstraint(condition=~Q(principal=models.F("delegate")), name="delegation_not_self"),
        ]

    def __str__(self):
        return f"{self.principal} → {self.delegate}（{self.start_date}～{self.end_date}）"


class ApprovalRule(models.Model):
    """One link of an approval chain, configured by administrators.

    A process's chain is the ordered set of active rows for (process, chain) whose condition
    matches the case's facts (e.g. amount ≥ 5,000, applicant rank). Rows are historied.
    """

    class Role(models.TextChoices):
        SECTION_CHIEF = "section_chief", "承办科室负责人"
        DIVISION_LEADER = "division_leader", "分管领导"
        DIRECTOR = "director", "局长（主要负责人）"
        OFFICE_CHIEF = "office_chief", "办公室主任"
        POSITION = "position", "指定职能岗位"
        USER = "user", "指定人员"

    class Fact(models.TextChoices):
        NONE = "", "无条件"
        AMOUNT = "amount", "金额（元）"
        DAYS = "days", "天数"

    process = models.CharField("流程", max_length=60)
    chain = models.CharField("审批链", max_length=40, default="approval")
    seq = models.PositiveSmallIntegerField("顺序")
    label = models.CharField("环节名称", max_length=60)
    role = models.CharField("审批人", max_length=30, choices=Role.choices)
    position = models.ForeignKey(
        "org.Position", verbose_name="职能岗位", on_delete=models.PROTECT, null=True, blank=True
    )
    user = models.ForeignKey(
        User, verbose_name="指定人员", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    fact = models.CharField("条件依据", max_length=20, choices=Fact.choices, blank=True)
    min_value = models.DecimalField("不低于", max_digits=14, decimal_places=2, null=True, blank=True)
    max_value = models.DecimalField("低于", max_digits=14, decimal_places=2, null=True, blank=True)
    applicant_ranks = models.CharField(
        "适用申请人层级", max_length=100, blank=True, help_text="逗号分隔，如 staff,chief；留空表示全部"
    )
    time_limit_days = models.PositiveSmallIntegerField("办理时限（工作日）", null=True, blank=True)
    active = models.BooleanField("启用", default=True)
    note = models.CharField("依据/说明", max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "审批规则"
        verbose_name_plural = "审批规则"
        ordering = ["process", "chain", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["process", "chain", "seq"], name="approvalrule_unique_seq"),
            models.CheckConstraint(
                condition=~Q(role="position") | Q(position__isnull=False), name="approvalrule_position_set"
            ),
            models.CheckConstraint(condition=~Q(role="user") | Q(user__isnull=False), name="approvalrule_user_set"),
        ]

    def __str__(self):
        from .processes import all_processes  # the registry imports this module

        process = all_processes().get(self.process)
        if process is None:
            return f"{self.process}·{self.chain} 第{self.seq}步 {self.label}"
        chain = dict(process.chains()).get(self.chain, self.chain)
        return f"{process.label} · {chain} 第{self.seq}步 {self.label}"

    def matches(self, facts, applicant_rank):
        if self.applicant_ranks:
            ranks = {r.strip() for r in self.applicant_ranks.split(",") if r.strip()}
            if applicant_rank not in ranks:
                return False
        if self.fact:
            value = facts.get(self.fact)
            if value is None:
                return False
            if self.min_value is not None and value < self.min_value:
                return False
            if self.max_value is not None and value >= self.max_value:
                return False
        return True


def attachment_path(instance, filename):
    # Random storage names: the original name is kept in the row, never in the path.
    import uuid

    return f"attachments/{timezone.now():%Y/%m}/{uuid.uuid4().hex}"


class Attachment(models.Model):
    """An uploaded file of a case: checked by content at upload, stored under a random name,
    its SHA-256 verified on every download and by the periodic re-hash (apps/workflow/attachments.py)."""

    class Integrity(models.TextChoices):
        UNCHECKED = "", "未复核"
        OK = "ok", "一致"
        MISMATCH = "mismatch", "与上传时不符"
        MISSING = "missing", "文件缺失"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path)
    original_name = models.CharField("文件名", max_length=200)
    size = models.PositiveBigIntegerField("大小（字节）")
    sha256 = models.CharField("SHA-256", max_length=64)
    content_type = models.CharField(max_length=100, blank=True)
    uploaded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)
    integrity = models.CharField("完整性", max_length=10, choices=Integrity.choices, blank=True, default="")
    integrity_checked_at = models.DateTimeField("最近复核时间", null=True, blank=True)

    class Meta:
        verbose_name = "附件"
        verbose_name_plural = "附件"
        ordering = ["uploaded_at", "id"]

    def __str__(self):
        return self.original_name


class Notification(models.Model):
    """A notice to one person. `key` is unique: the sweep can never send the same notice twice.

    E-mail goes out after commit; `emailed_at` is set only once the mail was handed over, so a
    worker killed between the two is retried by the next sweep, not lost.
    """

    class Kind(models.TextChoices):
        REMIND = "remind", "到期提醒"
        OVERDUE = "overdue", "已超期"
        ESCALATE = "escalate", "超期督办"
        URGE = "urge", "催办"
        EXPORT = "export", "导出完成"
        INFO = "info", "通知"
        SECURITY = "security", "安全告警"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    task = models.ForeignKey(Task, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    clock = models.ForeignKey("CaseClock", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    key = models.CharField(max_length=120, unique=True)
    message = models.CharField("内容", max_length=300)
    url = models.CharField("链接", max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    email_wanted = models.BooleanField(default=False)
    emailed_at = models.DateTimeField(null=True, blank=True)
    # The sweep that wrote it: after one INSERT ... ON CONFLICT DO NOTHING per batch, the rows
    # carrying this run are exactly the ones this run created (a racing sweep's are not).
    sweep_run = models.ForeignKey("SweepRun", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = "通知"
        verbose_name_plural = "通知"
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["user", "read_at"]),
            models.Index(fields=["email_wanted", "emailed_at"]),
        ]


class SweepRun(models.Model):
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    notices_created = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "期限巡检记录"
        verbose_name_plural = "期限巡检记录"
        ordering = ["-started_at"]


class DeadlineRuleManager(models.Manager):
    def get_by_natural_key(self, code):
        return self.get(code=code)


class DeadlineRule(models.Model):
    """A legal or internal time limit, configured by administrators and seeded from STATUTES.md.

    Section apps start a CaseClock under a rule when its start event happens; the calendar turns
    the rule into a due date; the sweep reminds, marks overdue and escalates from these numbers.
    """

    class Scope(models.TextChoices):
        CASE = "case", "案件期限"
        STEP = "step", "环节期限"

    class Unit(models.TextChoices):
        CALENDAR = "C", "自然日"
        WORKING = "W", "工作日"
        MONTH = "M", "月"
        HOUR = "H", "小时"

    class Mode(models.TextChoices):
        LIMIT = "limit", "期限（起算后须在期限内办结）"
        BEFORE = "before", "倒计（须在起算日之前若干日完成，如听证通知）"
        MINIMUM = "minimum", "最短期间（期满后方可进行下一步，如公示期）"

    code = models.SlugField("代码", max_length=60, unique=True, help_text="如 petition-accept-notice")
    process = models.CharField("流程", max_length=60, db_index=True)
    scope = models.CharField("层级", max_length=10, choices=Scope.choices, default=Scope.CASE)
    step = models.CharField("环节代码", max_length=60, blank=True)
    name = models.CharField("期限名称", max_length=100)
    length = models.PositiveIntegerField("期限长度")
    unit = models.CharField("单位", max_length=1, choices=Unit.choices)
    mode = models.CharField("计算方式", max_length=10, choices=Mode.choices, default=Mode.LIMIT)
    start_event = models.CharField("起算事件", max_length=100)
    pause_rule = models.CharField("中止/重新计算", max_length=200, blank=True)
    extension_rule = models.CharField("延长", max_length=200, blank=True)
    extend_before_due_only = models.BooleanField(
        "须在期限届满前申请延长",
        default=False,
        help_text="勾选后，期限届满后不能再延长（如督查督办：确需延期的，应在期限届满前申请）。",
    )
    rolls_forward = models.BooleanField(
        "截止日遇休息日顺延",
        default=True,
        help_text="法定期间的最后一日是休息日的，以休息日结束的次日为最后一日（民法典 §203）。"
        "“每年1月31日前公布”这类固定日期取消勾选：截止日不顺延，办理人应提前办结。",
    )
    max_extension = models.PositiveIntegerField(
        "最长延长",
        null=True,
        blank=True,
        help_text="与期限同单位的累计上限。留空且“延长”为空：不得延长；留空但“延长”有说明：无固定上限（如“合理延长”）。",
    )
    remind_before = models.CharField(
        "提前提醒（天，逗号分隔）", max_length=40, default="3,1", blank=True, help_text="到期前若干天提醒办理人"
    )
    escalate_after = models.CharField(
        "逾期升级（天，逗号分隔）",
        max_length=40,
        default="0,2",
        blank=True,
        help_text="逾期后第几天依次提醒科室负责人、分管领导；0 表示到期当日",
    )
    on_expiry = models.CharField("期满后果", max_length=200, blank=True)
    basis = models.CharField("法律依据", max_length=200)
    verified = models.BooleanField("依据已核实", default=True, help_text="未核实的显示“待核实”")
    # The leaders' overview reports a *statutory* on-time rate: deadlines the bureau set itself
    # (本局制度: meeting minutes, follow-up visits, internal reports) are watched the same way but
    # not counted there.
    statutory = models.BooleanField(
        "法定期限",
        default=True,
        help_text="依据法律、法规、规章或上级规范性文件设定的期限；本局内部制度设定的期限取消勾选，不计入领导总览的法定期限按期率",
    )
    active = models.BooleanField("启用", default=True)
    history = HistoricalRecords()

    # fixtures/deadline_rules.json names rules by code (natural key), never by id.
    objects = DeadlineRuleManager()

    class Meta:
        verbose_name = "期限规则"
        verbose_name_plural = "期限规则"
        ordering = ["process", "code"]

    def __str__(self):
        return f"{self.name}（{self.length}{self.get_unit_display()}）"

    def natural_key(self):
        return (self.code,)

    def clean(self):
        super().clean()
        errors = {}
        for name in ("remind_before", "escalate_after"):
            try:
                _day_list(getattr(self, name))
            except ValueError:
                errors[name] = "请填写以逗号分隔的整数天数，如 3,1。"
        if errors:
            from django.core.exceptions import ValidationError

            raise ValidationError(errors)

    @property
    def remind_leads(self):
        """Working days before the due date at which handlers are reminded, farthest first."""
        return sorted({d for d in _day_list(self.remind_before, strict=False) if d >= 0}, reverse=True)

    @property
    def escalation_days(self):
        """Working days after the due date (negative: before) for escalation level 1, 2, ..."""
        return _day_list(self.escalate_after, strict=False)

    @property
    def pausable(self):
        return bool(self.pause_rule.strip())

    @property
    def extendable(self):
        return self.max_extension is not None or bool(self.extension_rule.strip())


def _day_list(text, strict=True):
    """ "3,1" -> [3, 1]. Strict (the admin form): ValueError on anything but comma-separated
    integers; lenient (the sweep): a malformed part is skipped rather than stopping every reminder."""
    days = []
    for part in (text or "").replace("，", ",").split(","):
        try:
            if part.strip():
                days.append(int(part))
        except ValueError:
            if strict:
                raise
    return days


class CaseClock(models.Model):
    """One running statutory or internal clock on a case, under one rule."""

    class Status(models.TextChoices):
        RUNNING = "running", "计时中"
        PAUSED = "paused", "已中止"
        MET = "met", "已按期办结"
        LATE = "late", "逾期办结"
        CANCELLED = "cancelled", "已撤销"

    OPEN_STATUSES = (Status.RUNNING, Status.PAUSED)

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="clocks")
    rule = models.ForeignKey(DeadlineRule, on_delete=models.PROTECT, related_name="clocks")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.RUNNING)
    started_on = models.DateField("起算日")
    due_date = models.DateField("到期日")
    provisional = models.BooleanField("到期日依据未确认的节假日安排", default=False)
    paused_since = models.DateField("中止起始日", null=True, blank=True)
    paused_days = models.PositiveIntegerField("已扣除天数", default=0)
    extended_days = models.PositiveIntegerField("已延长天数", default=0)
    stopped_at = models.DateTimeField("停止时间", null=True, blank=True)
    explanation = models.TextField("计算说明", blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "案件计时"
        verbose_name_plural = "案件计时"
        ordering = ["due_date", "id"]
        constraints = [models.UniqueConstraint(fields=["case", "rule"], name="caseclock_one_per_rule")]
        indexes = [models.Index(fields=["status", "due_date"])]

    def __str__(self):
        return f"{self.case} · {self.rule.name} → {self.due_date}"

    @property
    def is_open(self):
        return self.status in self.OPEN_STATUSES


class ClockEvent(models.Model):
    """Who started, paused, resumed, restarted or extended a clock, when, why, under which rule."""

    class Kind(models.TextChoices):
        START = "start", "起算"
        PAUSE = "pause", "中止计时"
        RESUME = "resume", "恢复计时"
        RESTART = "restart", "重新起算"
        EXTEND = "extend", "延长"
        STOP = "stop", "停止"

    clock = models.ForeignKey(CaseClock, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField("事件", max_length=10, choices=Kind.choices)
    on_date = models.DateField("日期")
    days = models.IntegerField("天数", null=True, blank=True)
    reason = models.CharField("事由", max_length=200)
    actor = models.ForeignKey(User, verbose_name="操作人", on_delete=models.PROTECT, related_name="+")
    approved_by = models.ForeignKey(
        User, verbose_name="批准人", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "计时事件"
        verbose_name_plural = "计时事件"
        ordering = ["created_at", "id"]
