"""Seals (印章, seed 000 appendix 1.1.9 and 3.4, seed 002 rule 8).

* Seal: the register (印章台账) of the bureau's seals, historied.
* CarvingRequest: a carving procedure (刻制) on the engine; registering the carved seal creates or
  replaces a Seal row, and SealHandover rows record who handed which seal to whom (印章交接单).
* SealUseRequest: a seal-use procedure (用印申请) on the engine; the keeper's Stamping rows record
  what was actually stamped, never more copies than were approved.

Who approves the use of a seal is configuration: each seal names an approval chain
(Seal.approval_chain), and the chain's links are ApprovalRule rows the administrator edits.
"""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from apps.accounts.models import OfficeRole, Rank
from apps.workflow.models import Case

User = settings.AUTH_USER_MODEL


class SealKind(models.TextChoices):
    OFFICIAL = "official", "公章（单位行政章）"
    PARTY = "party", "党组章"
    STEEL = "steel", "钢印"
    SECTION = "section", "科室章"
    SIGNATURE = "signature", "法定代表人名章/签名章"
    SPECIAL = "special", "业务专用章"


class SealChain(models.TextChoices):
    """Approval chains a seal can name; their links are ApprovalRule rows (process seals.use)."""

    STANDARD = "seal-standard", "常规用印（科室初审、分管领导签批）"
    DIRECTOR = "seal-director", "局长签批（科室初审、局长签批）"
    SECTION = "seal-section", "科室自管印章（科室负责人审批）"


# Endings of a seal's 印文 that already say its kind ("…行政复议专用章" is a 业务专用章).
NAME_SAYS_KIND = {SealKind.SPECIAL: ("专用章",), SealKind.SIGNATURE: ("名章",)}


def seal_kind_short(kind):
    """A kind's label without its parenthetical gloss: "公章（单位行政章）" -> "公章"."""
    return str(SealKind(kind).label).split("（", 1)[0] if kind in SealKind.values else ""


DEFAULT_CHAIN = {SealKind.SIGNATURE: SealChain.DIRECTOR, SealKind.SECTION: SealChain.SECTION}


def default_chain(kind):
    return DEFAULT_CHAIN.get(kind, SealChain.STANDARD)


def impression_path(instance, filename):
    # Random storage names, as for case attachments: the path says nothing about the seal (the
    # image type is kept so the file is served and printed as what it is).
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    suffix = ".jpg" if extension in ("jpg", "jpeg") else ".png"
    return f"seals/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


def is_office_chief(user):
    return user.rank == Rank.CHIEF and user.section_id is not None and user.section.code == "office"


def is_seal_keeper(user):
    return user.has_office_role(OfficeRole.SEAL_KEEPER)


def sees_every_seal(user):
    """The office (chief and seal keepers) and the bureau's leaders see the whole register."""
    if not getattr(user, "is_authenticated", False) or not user.is_active or user.admin_role:
        return False
    return user.rank in (Rank.DIRECTOR, Rank.DIVISION_LEADER) or is_office_chief(user) or is_seal_keeper(user)


class SealQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The register: the office and the leaders see every seal; a keeper the seals they keep;
        a section chief the seals of their section; nobody else any (administrators neither)."""
        if not getattr(user, "is_authenticated", False) or not user.is_active or user.admin_role:
            return self.none()
        if sees_every_seal(user):
            return self.all()
        scope = Q(keeper=user)
        if user.rank == Rank.CHIEF and user.section_id:
            scope |= Q(owner_unit_id=user.section_id)
        return self.filter(scope)

    def active(self):
        return self.filter(status=Seal.Status.ACTIVE)


class Seal(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", "在用"
        RETIRED = "retired", "停用（已交回）"
        DESTROYED = "destroyed", "已销毁"

    # The legal moves of a seal's status, as data (a form offers only these).
    MOVES = {
        Status.ACTIVE: (Status.RETIRED, Status.DESTROYED),
        Status.RETIRED: (Status.DESTROYED,),
        Status.DESTROYED: (),
    }

    name = models.CharField("印章名称（印文）", max_length=100)
    kind = models.CharField("印章类别", max_length=20, choices=SealKind.choices)
    owner_unit = models.ForeignKey(
        "org.Section", verbose_name="所属单位/科室", on_delete=models.PROTECT, related_name="seals"
    )
    keeper = models.ForeignKey(
        User, verbose_name="保管人", on_delete=models.PROTECT, null=True, blank=True, related_name="kept_seals"
    )
    approval_chain = models.CharField(
        "用印审批链",
        max_length=40,
        choices=SealChain.choices,
        default=SealChain.STANDARD,
        help_text="用印申请按此审批链的审批规则（后台“审批规则”，流程“用印申请”）流转。",
    )
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.ACTIVE)
    impression = models.FileField("印模", upload_to=impression_path, blank=True)
    impression_sha256 = models.CharField("印模 SHA-256", max_length=64, blank=True)
    carved_on = models.DateField("刻制日期", null=True, blank=True)
    enabled_on = models.DateField("启用日期", null=True, blank=True)
    retired_on = models.DateField("停用/销毁日期", null=True, blank=True)
    status_reason = models.CharField("状态变更原因", max_length=200, blank=True)
    note = models.CharField("备注", max_length=200, blank=True)
    created_at = models.DateTimeField("登记时间", default=timezone.now)
    history = HistoricalRecords(excluded_fields=["impression"])

    objects = SealQuerySet.as_manager()

    class Meta:
        verbose_name = "印章"
        verbose_name_plural = "印章台账"
        ordering = ["status", "owner_unit__order", "name", "id"]

    def __str__(self):
        return self.name

    @property
    def label(self):
        """The name with its kind, for lists and choices: "淄博市临淄区司法局（钢印）".

        The kind is appended once: not when the name already says it (a steel seal registered
        as "…（钢印）"), and in its short form ("公章", not "公章（单位行政章）") so that no
        brackets nest."""
        kind = seal_kind_short(self.kind)
        said = (*kind.split("/"), *NAME_SAYS_KIND.get(self.kind, ())) if kind else ()
        if not kind or any(self.name.endswith(word) or self.name.endswith(f"{word}）") for word in said):
            return self.name
        return f"{self.name}（{kind}）"

    @property
    def legal_moves(self):
        return self.MOVES[self.status]


class CarvingRequest(models.Model):
    """印章刻制: the domain record of a seals.carve case."""

    class Purpose(models.TextChoices):
        NEW = "new", "新刻印章"
        REPLACE = "replace", "更换旧章（磨损、损坏、名称变更等）"

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="seal_carving")
    seal_name = models.CharField("印章名称（印文）", max_length=100)
    kind = models.CharField("印章类别", max_length=20, choices=SealKind.choices)
    owner_unit = models.ForeignKey(
        "org.Section", verbose_name="使用单位/科室", on_delete=models.PROTECT, related_name="+"
    )
    purpose = models.CharField("刻制类型", max_length=20, choices=Purpose.choices, default=Purpose.NEW)
    old_seal = models.ForeignKey(
        Seal, verbose_name="被更换的旧章", on_delete=models.PROTECT, null=True, blank=True, related_name="replacements"
    )
    reason = models.TextField("刻制理由")
    # Filled when the office registers the carved seal (备案).
    seal = models.ForeignKey(
        Seal, verbose_name="备案的新章", on_delete=models.PROTECT, null=True, blank=True, related_name="carvings"
    )
    registered_at = models.DateTimeField("备案时间", null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "印章刻制申请"
        verbose_name_plural = "印章刻制申请"

    def __str__(self):
        return self.case.title


class SealHandover(models.Model):
    """印章交接单: one seal passing from one person to another before a witness."""

    class Kind(models.TextChoices):
        ENABLE = "enable", "新章启用交接"
        RETURN = "return", "旧章交回"
        TRANSFER = "transfer", "保管人变更"

    seal = models.ForeignKey(Seal, verbose_name="印章", on_delete=models.PROTECT, related_name="handovers")
    carving = models.ForeignKey(
        CarvingRequest,
        verbose_name="刻制申请",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="handovers",
    )
    kind = models.CharField("交接事由", max_length=20, choices=Kind.choices)
    handed_by = models.ForeignKey(User, verbose_name="交接人", on_delete=models.PROTECT, related_name="+")
    received_by = models.ForeignKey(User, verbose_name="接收人", on_delete=models.PROTECT, related_name="+")
    witness = models.ForeignKey(User, verbose_name="鉴证人", on_delete=models.PROTECT, related_name="+")
    handed_on = models.DateField("交接日期")
    note = models.CharField("备注", max_length=200, blank=True)
    recorded_by = models.ForeignKey(User, verbose_name="登记人", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("登记时间", default=timezone.now)

    class Meta:
        verbose_name = "印章交接记录"
        verbose_name_plural = "印章交接记录"
        ordering = ["handed_on", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(handed_by=F("received_by")), name="sealhandover_two_people"),
            models.CheckConstraint(
                condition=~Q(witness=F("handed_by")) & ~Q(witness=F("received_by")), name="sealhandover_witness_third"
            ),
        ]

    def __str__(self):
        return f"{self.seal} · {self.get_kind_display()} · {self.handed_on}"


class SealUseRequestQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(case__in=Case.objects.visible_to(user).values("pk"))


class SealUseRequest(models.Model):
    """用印申请: the domain record of a seals.use case."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="seal_use")
    seal = models.ForeignKey(Seal, verbose_name="印章", on_delete=models.PROTECT, related_name="use_requests")
    reason = models.TextField("用印事由")
    document_title = models.CharField("用印文件名称", max_length=200, blank=True)
    # The outgoing document (发文) to be stamped, when the request comes from it.
    document_case = models.ForeignKey(
        Case,
        verbose_name="关联公文",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="seal_use_requests",
    )
    copies = models.PositiveIntegerField("申请用印份数", validators=[MinValueValidator(1), MaxValueValidator(9999)])
    exception = models.BooleanField("特殊用印", default=False)
    exception_reason = models.TextField("特殊用印书面申请理由", blank=True)
    # Denormalised from the Stamping rows (lists and registers show them without a join).
    stamped_copies = models.PositiveIntegerField("已用印份数", default=0)
    last_stamped_on = models.DateField("最近用印日期", null=True, blank=True)
    history = HistoricalRecords()

    objects = SealUseRequestQuerySet.as_manager()

    class Meta:
        verbose_name = "用印申请"
        verbose_name_plural = "用印申请"
        constraints = [
            # The backstop under the service's check: never more stamped than approved.
            models.CheckConstraint(
                condition=Q(stamped_copies__lte=F("copies")), name="sealuse_stamped_within_approved"
            ),
        ]

    def __str__(self):
        return self.case.title

    @property
    def remaining_copies(self):
        return max(self.copies - self.stamped_copies, 0)


class Stamping(models.Model):
    """One stamping session recorded by the keeper (登记用印): never edited, never deleted."""

    request = models.ForeignKey(SealUseRequest, on_delete=models.PROTECT, related_name="stampings")
    stamped_on = models.DateField("用印日期")
    copies = models.PositiveIntegerField("实际用印份数", validators=[MinValueValidator(1)])
    keeper = models.ForeignKey(User, verbose_name="监印人", on_delete=models.PROTECT, related_name="+")
    note = models.CharField("说明", max_length=200, blank=True)
    created_at = models.DateTimeField("登记时间", default=timezone.now)

    class Meta:
        verbose_name = "用印记录"
        verbose_name_plural = "用印记录"
        ordering = ["stamped_on", "id"]
        indexes = [models.Index(fields=["stamped_on"])]

    def __str__(self):
        return f"{self.request} · {self.stamped_on} · {self.copies} 份"
