"""Procedure shapes, declared in code by each section app, and how their roles resolve.

A Process lists its steps in order. A step is either fixed (code, label, kind, role) or an
approval chain whose links come from ApprovalRule rows (ChainStep). At submission the engine
expands the steps into the case's route; people are resolved when a step is activated, so a
route survives staff changes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from django.contrib.auth import get_user_model
from django.db.models import Q

from apps.accounts.models import Rank

from .models import ApprovalRule, Task

if TYPE_CHECKING:
    from apps.accounts.models import User
    from apps.org.models import Section

    from .models import Case

_registry: dict[str, Process] = {}


@dataclass(frozen=True)
class Step:
    """A fixed step of a procedure.

    `role` names who does it: "initiator", "section_chief", "division_leader", "director",
    "office_chief", "position:<key>", "user:<id>", "office_role:<role>", "process:<key>" (the
    section app names the people, Process.resolve) or "countersign_sections" (the chiefs of the
    sections Process.countersign_sections names).

    `finished_by_own_form`: a handling step the section app finishes only through its own form on
    the case page (a payment with its voucher, a reply with its service record): the generic 办结
    form is not offered and services.complete refuses it; the app's form calls
    api.finish_own_step.

    `done_label`: what the record calls finishing this step ("拟办", "用印") where "办结" would
    mislead: a step on the way is not the matter's conclusion. "" keeps "办结".

    `instruction`: a leader's 批示 — the approver writes an instruction for the handling, not a
    vote: the case page offers 批示 (text required) and 退回, never 不同意 (services.reject refuses).
    """

    code: str
    label: str
    kind: str = Task.Kind.APPROVE
    role: str = "section_chief"
    time_limit_days: int | None = None
    finished_by_own_form: bool = False
    done_label: str = ""
    instruction: bool = False


@dataclass(frozen=True)
class ChainStep:
    """Placeholder expanded from the ApprovalRule rows of (process, chain), in `seq` order."""

    chain: str = "approval"
    label: str = "审批"
    # Every link of the chain is a 批示 (see Step.instruction).
    instruction: bool = False


@dataclass(frozen=True)
class RouteStep:
    """One step of a case's concrete route (Case.route holds them as dicts).

    `chain` is the approval chain the step came from ("" for a fixed step), so code asks
    `step.chain == REVIEW_CHAIN` instead of matching codes such as "review-2" as strings.
    """

    code: str
    label: str
    kind: str
    role: str
    time_limit_days: int | None = None
    chain: str = ""
    instruction: bool = False

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> RouteStep:
        chain = data.get("chain")
        if chain is None:
            # Routes saved before the chain was stored: chain steps were coded "{chain}-{seq}".
            head, _, tail = str(data["code"]).rpartition("-")
            chain = head if head and tail.isdigit() else ""
        return cls(
            code=data["code"],
            label=data["label"],
            kind=data["kind"],
            role=data["role"],
            time_limit_days=data.get("time_limit_days"),
            chain=chain,
            instruction=bool(data.get("instruction", False)),
        )


def route_steps(case: Case) -> list[RouteStep]:
    """The case's route as typed steps."""
    return [RouteStep.from_dict(step) for step in case.route or []]


def route_step_of(case: Case, code: str) -> RouteStep | None:
    """The step `code` of the case's route, or None (传阅, 退回修改 are not route steps)."""
    return next((RouteStep.from_dict(step) for step in case.route or [] if step["code"] == code), None)


def is_instruction(case: Case, code: str) -> bool:
    """Whether the step `code` of the case is a leader's 批示 (Step.instruction)."""
    step = route_step_of(case, code)
    return step is not None and step.instruction


# How the record names a move where the stored choice label would mislead. The stored values
# stay (the business log is never rewritten); only the words shown change.
TRANSFER_LABEL = "转交"
INSTRUCTION_LABEL = "批示"


def decision_label(case: Case, code: str, decision: str, default: str) -> str:
    """The word for `decision` (a Task.Decision / CaseEvent.Action value) at step `code`:
    批示 for an agreement at a 批示 step, the step's Step.done_label for a finished step on the
    way (拟办, 用印), 转交 for the engine's hand-over (the section apps' own 转办 is a step)."""
    if decision == Task.Decision.TRANSFER:
        return TRANSFER_LABEL
    if decision == Task.Decision.APPROVE and code and is_instruction(case, code):
        return INSTRUCTION_LABEL
    if decision == Task.Decision.DONE and code:
        process = _registry.get(case.process)
        declared = next((s for s in (process.steps if process else ()) if isinstance(s, Step) and s.code == code), None)
        if declared is not None and declared.done_label:
            return declared.done_label
    return default


class Process:
    """A procedure of a section app: its steps in order and the hooks the engine calls.

    Declare one by subclassing and registering an instance::

        @register
        class LeaveProcess(Process):
            code = "hr.leave"
            label = "请假"
            steps = [ChainStep("approval", "审批"), Step("back", "销假", kind=Task.Kind.HANDLE,
                                                         role="initiator", finished_by_own_form=True)]
            domain_attr = "leave_request"

            def facts(self, case):
                return {"days": case.leave_request.days}

    Every hook has a harmless default, so a process overrides only what it needs. Hooks run
    inside the engine's transaction with the case row locked; they raise
    services.TransitionError (a Chinese message for the user) to refuse a move.
    """

    code: ClassVar[str] = ""
    label: ClassVar[str] = ""
    steps: ClassVar[Sequence[Step | ChainStep]] = ()
    # Template included on the case page for the domain record (and the app's own forms).
    detail_template: ClassVar[str] = ""
    # Reverse OneToOne accessor from Case to the section app's domain record.
    domain_attr: ClassVar[str] = ""
    # URL name of the section's edit page for a draft (takes the case pk).
    edit_url_name: ClassVar[str] = ""
    # A legally required answer (政府信息公开申请, 信访事项, 建议提案): once registered it is not
    # withdrawn, not sent back to the registrar, and 不同意 is refused with this reason (the
    # approver writes the opinion and returns it instead). "" for ordinary procedures.
    statutory: ClassVar[str] = ""
    # The section app moves this process's clocks only through its own stage-checked forms (a
    # pause is a consultation, a restart the receipt of a 补正): the 期限 card shows no generic
    # pause/resume/restart/extend forms and clock_action refuses them. Separate from
    # `statutory`: a 建议提案 must be answered, yet its deadline is extended with the generic form.
    own_clocks: ClassVar[bool] = False
    # Registers of state secrets (保密法 art. 31: no text or scans in a non-classified system):
    # when set, every attempt to attach a file to a case of this process is refused with this
    # reason (apps/workflow/attachments.py), whatever page it comes from.
    files_refused: ClassVar[str] = ""
    # Role specs "process:<key>" -> function(case) -> users (see resolve()).
    resolvers: ClassVar[Mapping[str, Callable[[Case], Iterable[User]]]] = {}

    def __repr__(self) -> str:
        return f"<Process {self.code}>"

    # --- shape -----------------------------------------------------------------------------

    def chains(self) -> list[tuple[str, str]]:
        """(chain, label) of the approval chains this process expands from ApprovalRule rows."""
        return [(step.chain, step.label) for step in self.steps if isinstance(step, ChainStep)]

    def step_codes(self) -> list[str]:
        return [step.code for step in self.steps if isinstance(step, Step)]

    def own_form_steps(self) -> set[str]:
        """Codes of the steps finished only through the section app's own form."""
        return {step.code for step in self.steps if isinstance(step, Step) and step.finished_by_own_form}

    def domain(self, case: Case) -> Any:
        return getattr(case, self.domain_attr, None) if self.domain_attr else None

    def route_for(self, case: Case) -> list[dict[str, Any]]:
        """Expand the steps and matching rule rows into the concrete route of this case.

        Pure: reads the case and the rules, writes nothing. Subclasses adapt single steps with
        route_step() rather than overriding this."""
        facts = self.facts(case) or {}
        rank = case.initiator.rank
        route: list[dict[str, Any]] = []
        for step in self.steps:
            if isinstance(step, ChainStep):
                rules = ApprovalRule.objects.filter(process=self.code, chain=step.chain, active=True).order_by("seq")
                candidates = [
                    RouteStep(
                        code=f"{step.chain}-{rule.seq}",
                        label=rule.label,
                        kind=Task.Kind.APPROVE,
                        role=rule_role_spec(rule),
                        time_limit_days=rule.time_limit_days,
                        chain=step.chain,
                        instruction=step.instruction,
                    )
                    for rule in rules
                    if rule.matches(facts, rank)
                ]
            else:
                if step.role == "countersign_sections" and not list(self.countersign_sections(case) or []):
                    continue  # nobody to countersign with: the step is skipped, not left empty
                candidates = [
                    RouteStep(
                        code=step.code,
                        label=step.label,
                        kind=step.kind,
                        role=step.role,
                        time_limit_days=step.time_limit_days,
                        instruction=step.instruction,
                    )
                ]
            for candidate in candidates:
                adapted = self.route_step(case, candidate)
                if adapted is not None:
                    route.append(adapted.as_dict())
        return route

    def route_step(self, case: Case, step: RouteStep) -> RouteStep | None:
        """Adapt one step of the route to this case: return it (changed with
        dataclasses.replace, e.g. another role or time limit) or None to leave it out."""
        return step

    # --- hooks -----------------------------------------------------------------------------

    def facts(self, case: Case) -> dict[str, Any]:
        """Facts ApprovalRule conditions test, e.g. {"amount": Decimal("6000")}."""
        return {}

    def countersign_sections(self, case: Case) -> Iterable[Section]:
        """Sections whose chiefs countersign (role "countersign_sections")."""
        return []

    def resolve(self, key: str, case: Case) -> list[User]:
        """The people of role spec "process:<key>" for this case."""
        resolver = self.resolvers.get(key)
        if resolver is None:
            raise ValueError(f"unknown role spec process:{key!r} for {self.code}")
        return list(resolver(case))

    def check_submittable(self, case: Case) -> None:
        """Raise TransitionError when the case cannot be submitted as it stands (before the
        route is built)."""

    def on_submit(self, case: Case, actor: User) -> None:
        """Run inside the submission's transaction once the route is fixed."""

    def check_complete(self, case: Case, task: Task, actor: User) -> None:
        """Run inside services.complete once the handling task is locked; raise
        TransitionError to refuse (steps with finished_by_own_form are refused already)."""

    def on_close(self, case: Case, actor: User) -> None:
        """Run inside the move that closes the case as done, with the case locked."""

    def on_view(self, case: Case, user: User) -> None:
        """Run when someone opens the case page (e.g. audit every view of a classified item)."""

    def audience(self, user: User) -> Q | None:
        """Who may see this process's cases, as a Q over Case for `user`, when the process keeps
        them narrower than the engine's rules (社区矫正: the section, the responsible 司法所 and the
        leaders in charge). A Q here *replaces* every generic door for the process's cases —
        participants, delegates, grants, keepers, section and leader scope — so it must name
        everyone who works on them; Q(pk__in=[]) shows `user` none. None (the default): the
        generic rules apply."""
        return None

    def keepers(self) -> Q | None:
        """A Q over User naming the keepers of this process's register: they see every case
        of the process and may open one to a named reader. None: no keepers."""
        return None

    def may_manage_clocks(self, case: Case, user: User) -> bool:
        """Who else, besides the holders of a pending task and the section chief, may move
        the case's clocks (through the app's own forms when own_clocks)."""
        return False

    def extension_approvers(self, case: Case) -> Q:
        """A Q over User naming who may approve extending a deadline of this case: the people
        the 期限 card's 延期 form offers as 批准人 and deadlines.extend_clock accepts. By default
        the 负责人 of the case's own section (its chief, its division leader) and the director.
        A process whose cases are handled in other sections than their own (a transferred 收文)
        adds those sections' chiefs and leaders, as its deadline rule's extension_rule says."""
        return section_approvers([case.section_id]) | Q(rank=Rank.DIRECTOR)

    def page_forms(self, case: Case, user: User) -> dict[str, Any]:
        """{key: unbound form}: the section app's own step forms shown on the case page."""
        return {}

    def print_fields(self, case: Case) -> list[tuple[str, str]]:
        """(label, text) rows shown on the printed approval form."""
        return []


def section_approvers(section_ids: Iterable[int]) -> Q:
    """A Q over User: the chiefs of the sections `section_ids` and their division leaders."""
    from apps.org.models import Section

    ids = [pk for pk in section_ids if pk is not None]
    leaders = Section.objects.filter(pk__in=ids, division_leader__isnull=False).values("division_leader_id")
    return Q(rank=Rank.CHIEF, section_id__in=ids) | Q(rank=Rank.DIVISION_LEADER, pk__in=leaders)


def rule_role_spec(rule):
    if rule.role == ApprovalRule.Role.POSITION:
        return f"position:{rule.position.key}"
    if rule.role == ApprovalRule.Role.USER:
        return f"user:{rule.user_id}"
    return rule.role


def register(process: Process | type[Process]) -> Process:
    """Register a process with the engine (an instance, or a subclass used as a decorator: the
    registered instance replaces the class under its name)."""
    if isinstance(process, type):
        process = process()
    if not process.code:
        raise ValueError(f"{process!r} has no code")
    if process.code in _registry:
        raise ValueError(f"process {process.code} registered twice")
    _registry[process.code] = process
    return process


def get_process(code: str) -> Process:
    return _registry[code]


def kept_processes() -> list[tuple[Q, list[str]]]:
    """[(keepers Q, [process codes])] for the processes whose registers have keepers; processes
    with the same keepers share one entry."""
    groups: dict[str, tuple[Any, list[str]]] = {}
    for code, process in sorted(_registry.items()):
        keepers = process.keepers()
        if keepers is not None:
            groups.setdefault(repr(keepers), (keepers, []))[1].append(code)
    return list(groups.values())


def restricted_audience(user: User) -> tuple[list[str], Q]:
    """([codes], Q over Case) for the processes with their own audience (Process.audience): the
    codes whose cases the generic rules must not show, and who among them `user` may see.
    Processes whose audience Q is the same share one `process IN (...)` term (indexed)."""
    groups: dict[str, tuple[Q, list[str]]] = {}
    for code, process in sorted(_registry.items()):
        audience = process.audience(user)
        if audience is not None:
            groups.setdefault(repr(audience), (audience, []))[1].append(code)
    codes = [code for _, group in groups.values() for code in group]
    allowed = Q(pk__in=[])
    for audience, group in groups.values():
        allowed |= Q(process__in=group) & audience
    return codes, allowed


def all_processes() -> dict[str, Process]:
    return dict(_registry)


class RoleUnfilled(Exception):
    """A step's role has nobody to fill it (e.g. no chief configured): the case cannot move."""


def resolve_role(spec, case):
    """Return the list of users who fill `spec` for `case` (never empty: raises instead)."""
    from apps.org.models import Position, Section

    User = get_user_model()
    active = User.objects.filter(is_active=True)
    users = []
    label = spec
    if spec == "initiator":
        users = [case.initiator]
    elif spec == "section_chief":
        users = list(active.filter(section_id=case.section_id, rank=Rank.CHIEF).order_by("id")[:1])
        label = f"{case.section.name}负责人"
    elif spec == "office_chief":
        users = list(active.filter(section__code="office", rank=Rank.CHIEF).order_by("id")[:1])
        label = "办公室主任"
    elif spec == "division_leader":
        leader = Section.objects.select_related("division_leader").get(pk=case.section_id).division_leader
        users = [leader] if leader and leader.is_active else []
        label = f"{case.section.name}分管领导"
    elif spec == "director":
        users = list(active.filter(rank=Rank.DIRECTOR).order_by("id")[:1])
        label = "局长"
    elif spec.startswith("position:"):
        position = Position.objects.select_related("holder").filter(key=spec.split(":", 1)[1]).first()
        users = [position.holder] if position and position.holder and position.holder.is_active else []
        label = position.name if position else spec
    elif spec.startswith("user:"):
        users = list(active.filter(pk=int(spec.split(":", 1)[1])))
    elif spec.startswith("office_role:"):
        users = list(active.filter(office_roles__role=spec.split(":", 1)[1]).order_by("id"))
    elif spec.startswith("process:"):
        key = spec.split(":", 1)[1]
        users = [u for u in case.process_def.resolve(key, case) if u.is_active]
        label = case.process_def.label
    elif spec == "countersign_sections":
        sections = list(case.process_def.countersign_sections(case))
        users = []
        for section in sections:
            chief = active.filter(section=section, rank=Rank.CHIEF).order_by("id").first()
            if chief is None:
                raise RoleUnfilled(f"会签科室“{section.name}”未设置负责人")
            users.append(chief)
        label = "会签科室负责人"
    else:
        raise ValueError(f"unknown role spec {spec!r}")
    if not users:
        raise RoleUnfilled(f"“{label}”无人担任，请系统管理员在后台补充人员或规则")
    return users
