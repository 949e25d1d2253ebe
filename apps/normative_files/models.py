"""规范性文件合法性审核、备案与清理 (seed 000, 行政执法监督科 5.9–5.11) and the legality review of
重大行政决策 (5.9 duty 12 and 16: 重大行政决策、提交区政府常务会研究事项).

- LegalityReview: one review case (normative.review) — intake with the seed's checklist, the
  review points, pauses for research/hearing/expert consultation, the opinion, its approval,
  the printed 合法性审核意见书, and for a normative file the registration number with the
  《规范性文件登记通知书》 and the publication. A 重大行政决策 takes the same flow (kind=decision)
  with the 条例's checklist and points and the legal advisers' opinions (AdviserOpinion).
- NormativeFile: the catalogue of published files (现行有效目录), fed by publication and changed
  by the clean-up decisions.
- Filing: one filing case (normative.filing) per published file: to the city bureau and the
  district congress standing committee, and the outcome (registered, deferred, corrected).
- Cleanup / CleanupItem: a clean-up campaign (normative.cleanup) and each department's
  self-review of its files with the bureau's verification.
"""

from django.conf import settings
from django.db import models

from apps.workflow.models import Case


def visible_cases(user):
    return Case.objects.visible_to(user)


def sees_registers(user):
    """The 行政执法监督科 (owner of 5.9–5.11), its division leader and the director: who see the
    whole of these registers (the yearly figures are then complete)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active or user.admin_role:
        return False
    if user.rank == "director" or (user.section_id and user.section.code == "enforcement"):
        return True
    from apps.org.models import Section

    return user.rank == "division_leader" and Section.objects.filter(code="enforcement", division_leader=user).exists()


class VisibleQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(case__in=visible_cases(user))


class Kind(models.TextChoices):
    NORMATIVE = "normative", "规范性文件"
    DECISION = "decision", "重大行政决策"


# The seed's checklist of materials (5.9 三（一）): key, label, required.
NORMATIVE_MATERIALS = [
    ("notice", "合法性审查通知单", True),
    ("draft", "草案文本（一式二份，附电子文本）", True),
    ("explanation", "起草说明（一式二份，附电子文本）", True),
    ("basis", "制定依据（一式二份）", True),
    ("countersign", "部门会签意见（一式二份）", True),
    ("public_comment", "公开征求意见材料（含意见反馈、采纳情况材料）", True),
    ("prelim", "部门法制机构合法性初步审查报告（一式二份）", True),
    ("interpretation", "政策解读方案和解读材料（一式二份）", True),
    ("other", "区司法局要求报送的其他材料（要求时）", False),
]
# 重大行政决策程序暂行条例 §26: the draft, its legal basis and the account of the procedure.
DECISION_MATERIALS = [
    ("draft", "决策草案", True),
    ("basis", "有关法律、法规、规章等依据", True),
    ("procedure", "履行决策法定程序的说明（公众参与、专家论证、风险评估等）", True),
    ("other", "其他相关材料", False),
]
# The review points (5.9 三（二）; 条例 §27 for decisions).
NORMATIVE_POINTS = [
    ("subject", "制定主体是否合法"),
    ("competence", "是否超越制定机关法定权限"),
    ("content", "内容是否符合宪法、法律、法规、规章和上级政策规定"),
    ("powers", "是否违法设定行政处罚、许可、强制、征收、收费等事项，增设许可条件，要求循环、重复、无谓证明"),
    ("rights", "是否没有法律法规依据减损公民、法人和其他组织合法权益或增加其义务"),
    ("procedure", "是否违反制定程序（公开征求意见、专家论证、公平竞争审查等）"),
    ("other", "其他需要审核的内容"),
]
DECISION_POINTS = [
    ("competence", "决策事项是否符合法定权限"),
    ("procedure", "决策草案的形成是否履行相关法定程序（公众参与、专家论证、风险评估等）"),
    ("content", "决策草案内容是否符合有关法律、法规、规章和国家政策的规定"),
    ("other", "其他需要审查的内容"),
]


class Verdict(models.TextChoices):
    OK = "ok", "符合"
    ISSUE = "issue", "存在问题"
    NA = "na", "不适用"


class Stage(models.TextChoices):
    INTAKE = "intake", "收件，待审查材料"
    RETURNED = "returned", "材料不全，已退回补充"
    REVIEWING = "reviewing", "合法性审核中"
    PAUSED = "paused", "调研、听证或专家论证中（中止计时）"
    APPROVING = "approving", "审核意见报批"
    OPINION = "opinion", "已出具审核意见书"
    REGISTERED = "registered", "已登记编号，待印发公布"
    PUBLISHED = "published", "已公布"
    CLOSED = "closed", "已办结"


class PauseKind(models.TextChoices):
    RESEARCH = "research", "必要的调查研究"
    HEARING = "hearing", "座谈会、论证会、听证会或公开征求意见"
    EXPERT = "expert", "法律顾问、公职律师和专家咨询论证"


class Conclusion(models.TextChoices):
    LAWFUL = "lawful", "合法，同意按程序提请审议（印发）"
    AMEND = "amend", "按审核意见修改后可以提请审议（印发）"
    UNLAWFUL = "unlawful", "不合法，不得提请审议（印发）"


class LegalityReview(models.Model):
    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="legality_review")
    kind = models.CharField("审核类别", max_length=10, choices=Kind.choices, default=Kind.NORMATIVE)
    title = models.CharField("文件（决策）名称", max_length=200)
    drafter = models.ForeignKey(
        "org.ExternalUnit", verbose_name="起草（承办）单位", on_delete=models.PROTECT, related_name="+"
    )
    issuing_body = models.CharField("制定机关", max_length=60, default="临淄区人民政府")
    received_on = models.DateField("收件日期")
    planned_on = models.DateField("拟提请审议（印发）日期", null=True, blank=True)
    major = models.BooleanField("重大、疑难或涉及公民重大利益", default=False)
    stage = models.CharField("阶段", max_length=12, choices=Stage.choices, default=Stage.INTAKE)
    materials = models.JSONField("已收材料", default=list, blank=True)
    missing_items = models.TextField("退回补充的材料", blank=True)
    returned_on = models.DateField("退回日期", null=True, blank=True)
    return_count = models.PositiveSmallIntegerField("退回次数", default=0)
    complete_on = models.DateField("收到符合规定的送审材料日期", null=True, blank=True)
    points = models.JSONField("审核要点", default=dict, blank=True)
    points_on = models.DateField("初审日期", null=True, blank=True)
    pause_kind = models.CharField("中止事由", max_length=10, choices=PauseKind.choices, blank=True)
    paused_on = models.DateField("中止计时日期", null=True, blank=True)
    pause_count = models.PositiveSmallIntegerField("中止次数", default=0)
    conclusion = models.CharField("审核结论", max_length=10, choices=Conclusion.choices, blank=True)
    opinion = models.TextField("审核意见", blank=True)
    opinion_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="承办人", on_delete=models.PROTECT, null=True, related_name="+"
    )
    opinion_on = models.DateField("拟定意见日期", null=True, blank=True)
    issued_on = models.DateField("出具意见书日期", null=True, blank=True)
    signed_on = models.DateField("文件签署日期", null=True, blank=True)
    doc_number = models.CharField("发文字号", max_length=60, blank=True)
    reg_year = models.PositiveSmallIntegerField("登记年度", null=True, blank=True)
    reg_seq = models.PositiveIntegerField("登记序号", null=True, blank=True)
    reg_number = models.CharField("登记号", max_length=60, blank=True)
    registered_on = models.DateField("登记日期", null=True, blank=True)
    published_on = models.DateField("公布日期", null=True, blank=True)
    publish_channel = models.CharField("公布载体", max_length=100, blank=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "合法性审核"
        verbose_name_plural = "合法性审核"
        constraints = [
            models.UniqueConstraint(
                fields=["reg_year", "reg_seq"], name="normative_review_reg_unique", condition=models.Q(reg_seq__gt=0)
            )
        ]

    def __str__(self):
        return self.title

    @property
    def is_decision(self):
        return self.kind == Kind.DECISION

    @property
    def material_list(self):
        return DECISION_MATERIALS if self.is_decision else NORMATIVE_MATERIALS

    @property
    def point_list(self):
        return DECISION_POINTS if self.is_decision else NORMATIVE_POINTS

    def missing(self, received=None):
        """Labels of the required materials not received."""
        got = set(self.materials if received is None else received)
        return [label for key, label, required in self.material_list if required and key not in got]

    @property
    def material_rows(self):
        got = set(self.materials)
        return [(label, key in got, required) for key, label, required in self.material_list]

    @property
    def point_rows(self):
        rows = []
        for key, label in self.point_list:
            entry = self.points.get(key) or {}
            verdict = entry.get("verdict", "")
            rows.append((label, Verdict(verdict).label if verdict in Verdict.values else "", entry.get("note", "")))
        return rows

    @property
    def allowance_check(self):
        """(rule, working days the drafter left) against the minimum allowance, or None."""
        from .services import allowance

        return allowance(self)

    @property
    def issues(self):
        return [label for label, verdict, _note in self.point_rows if verdict == Verdict.ISSUE.label]


class AdviserOpinion(models.Model):
    """A legal adviser's, public lawyer's or expert's opinion on a review (条例 §28; 5.9 三（三）4)."""

    class Role(models.TextChoices):
        ADVISER = "adviser", "政府法律顾问"
        PUBLIC_LAWYER = "public_lawyer", "公职律师"
        EXPERT = "expert", "有关专家"

    review = models.ForeignKey(LegalityReview, on_delete=models.CASCADE, related_name="adviser_opinions")
    role = models.CharField("身份", max_length=20, choices=Role.choices)
    name = models.CharField("姓名（单位）", max_length=100)
    given_on = models.DateField("出具日期")
    opinion = models.TextField("法律意见")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "法律顾问意见"
        ordering = ["given_on", "id"]


class FileStatus(models.TextChoices):
    IN_FORCE = "in_force", "现行有效"
    TO_AMEND = "to_amend", "现行有效（需修改）"
    REPEALED = "repealed", "已废止"
    VOID = "void", "已宣布失效"


IN_FORCE = (FileStatus.IN_FORCE, FileStatus.TO_AMEND)


class NormativeFileQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The catalogue is published (统一对外公布): every business account sees it; the
        administrators (三员) see no business records."""
        if not getattr(user, "is_authenticated", False) or not user.is_active or user.admin_role:
            return self.none()
        return self.all()


class NormativeFile(models.Model):
    """A published normative file in the catalogue (现行有效规范性文件目录)."""

    title = models.CharField("文件名称", max_length=200)
    doc_number = models.CharField("发文字号", max_length=60, blank=True)
    reg_number = models.CharField("登记号", max_length=60, blank=True)
    issuing_body = models.CharField("制定机关", max_length=60)
    drafter = models.ForeignKey(
        "org.ExternalUnit", verbose_name="起草（清理责任）单位", on_delete=models.PROTECT, related_name="+"
    )
    published_on = models.DateField("公布日期")
    status = models.CharField("效力状态", max_length=10, choices=FileStatus.choices, default=FileStatus.IN_FORCE)
    status_on = models.DateField("状态变更日期", null=True, blank=True)
    status_note = models.CharField("状态说明", max_length=200, blank=True)
    review = models.OneToOneField(
        LegalityReview, on_delete=models.PROTECT, null=True, blank=True, related_name="catalogue_entry"
    )

    objects = NormativeFileQuerySet.as_manager()

    class Meta:
        verbose_name = "规范性文件目录"
        ordering = ["-published_on", "-id"]

    def __str__(self):
        return self.title

    @property
    def in_force(self):
        return self.status in IN_FORCE


class FilingOutcome(models.TextChoices):
    PENDING = "pending", "待报送"
    SUBMITTED = "submitted", "已报送，待审查"
    REGISTERED = "registered", "予以备案登记"
    DEFERRED = "deferred", "暂缓登记，待补充或重新报送"
    CORRECTED = "corrected", "审查发现问题，已纠正"


class Filing(models.Model):
    """报送备案 of one published file (5.10): to the city bureau and the district congress standing committee."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="normative_filing")
    file = models.ForeignKey(NormativeFile, on_delete=models.PROTECT, related_name="filings")
    to_city_on = models.DateField("报市司法局日期", null=True, blank=True)
    to_congress_on = models.DateField("报区人大常委会日期", null=True, blank=True)
    outcome = models.CharField("备案结果", max_length=12, choices=FilingOutcome.choices, default=FilingOutcome.PENDING)
    deferred_on = models.DateField("收到暂缓登记通知日期", null=True, blank=True)
    deferred_reason = models.CharField("暂缓登记原因", max_length=200, blank=True)
    resubmitted_on = models.DateField("补充（重新）报送日期", null=True, blank=True)
    outcome_on = models.DateField("结果日期", null=True, blank=True)
    outcome_note = models.CharField("结果说明（纠正情况）", max_length=300, blank=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "规范性文件备案"


class CleanupStage(models.TextChoices):
    NOTICE = "notice", "清理通知报批"
    SELF_REVIEW = "self_review", "部门自行清理"
    VERIFYING = "verifying", "审核认定"
    PUBLISHED = "published", "清理结果已公布"


class CleanupAction(models.TextChoices):
    KEEP = "keep", "继续有效"
    AMEND = "amend", "修改"
    REPEAL = "repeal", "废止"
    VOID = "void", "宣布失效"


# What a verified clean-up decision does to the file in the catalogue.
ACTION_STATUS = {
    CleanupAction.KEEP: FileStatus.IN_FORCE,
    CleanupAction.AMEND: FileStatus.TO_AMEND,
    CleanupAction.REPEAL: FileStatus.REPEALED,
    CleanupAction.VOID: FileStatus.VOID,
}


class Cleanup(models.Model):
    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="normative_cleanup")
    title = models.CharField("清理名称", max_length=200)
    notice = models.TextField("清理通知要点")
    self_review_due = models.DateField("部门报送清理意见截止日期")
    stage = models.CharField("阶段", max_length=12, choices=CleanupStage.choices, default=CleanupStage.NOTICE)
    notice_sent_on = models.DateField("通知印发日期", null=True, blank=True)
    published_on = models.DateField("清理结果公布日期", null=True, blank=True)
    result_note = models.CharField("公布载体", max_length=200, blank=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "规范性文件清理"


class CleanupItem(models.Model):
    cleanup = models.ForeignKey(Cleanup, on_delete=models.CASCADE, related_name="items")
    file = models.ForeignKey(NormativeFile, on_delete=models.PROTECT, related_name="cleanup_items")
    department = models.ForeignKey("org.ExternalUnit", on_delete=models.PROTECT, related_name="+")
    proposal = models.CharField("部门清理意见", max_length=10, choices=CleanupAction.choices)
    reason = models.TextField("理由（需修改的附修改意见）")
    proposed_on = models.DateField("报送日期")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decision = models.CharField("审核认定意见", max_length=10, choices=CleanupAction.choices, blank=True)
    decision_note = models.CharField("认定说明", max_length=300, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    verified_on = models.DateField("认定日期", null=True, blank=True)

    class Meta:
        verbose_name = "清理意见"
        ordering = ["department__order", "id"]
        constraints = [models.UniqueConstraint(fields=["cleanup", "file"], name="normative_cleanup_item_unique")]


class YearlyListQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.all() if sees_registers(user) else self.none()


class YearlyList(models.Model):
    """The catalogue of the normative files made in a year, reported to the district congress
    standing committee for the record (备查) by 31 January of the next year (山东省各级人民代表大会
    常务委员会规范性文件备案审查规定 §7 ¶3; rule filing-yearly-list). Recorded once a year; the
    sweep reminds the section until it is."""

    year = models.PositiveSmallIntegerField("目录年度", unique=True)
    reported_on = models.DateField("报送日期")
    reported_to = models.CharField("报送对象", max_length=60, default="区人大常委会")
    file_count = models.PositiveIntegerField("目录所列文件数")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = YearlyListQuerySet.as_manager()

    class Meta:
        verbose_name = "规范性文件年度目录报送"
        verbose_name_plural = "规范性文件年度目录报送"
        ordering = ["-year"]

    def __str__(self):
        return f"{self.year}年度规范性文件目录"
