"""Procedure shapes, declared in code by each section app, and how their roles resolve.

A Process lists its steps in order. A step is either fixed (code, label, kind, role) or an
approval chain whose links come from ApprovalRule rows (ChainStep). At submission the engine
expands the steps into the case's route; people are resolved when a step is activated, so a
route survives staff changes.
"""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model

from apps.accounts.models import Rank

from .models import ApprovalRule, Task

_registry = {}


@dataclass(frozen=True)
class Step:
    code: str
    label: str
    kind: str = Task.Kind.APPROVE
    # Role spec: "initiator", "section_chief", "division_leader", "director", "office_chief",
    # "position:<key>", "user:<id>", "office_role:<role>", or "countersign_sections" (the chiefs
    # of the sections the process's domain record names).
    role: str = "section_chief"
    time_limit_days: int | None = None


@dataclass(frozen=True)
class ChainStep:
    """Placeholder expanded from ApprovalRule rows for (process, chain)."""

    chain: str = "approval"
    label: str = "审批"


@dataclass
class Process:
    code: str
    label: str
    steps: list = field(default_factory=list)
    detail_template: str = ""
    # Reverse OneToOne accessor from Case to the section app's domain record.
    domain_attr: str = ""
    # URL name of the section's edit page for a draft (takes the case pk).
    edit_url_name: str = ""
    # Role specs "process:<key>": the section app names the people from its own record, e.g.
    # the handling sections an incoming document was transferred to ({key: case -> [users]}).
    resolvers: dict = field(default_factory=dict)
    # (case, user) -> {key: unbound form}: the section app's own step forms on the case page
    # (its detail_template shows them as forms.<key>; a bound one with errors replaces it).
    page_forms: object = None
    # Callables receiving the case; the section app supplies them.
    facts: object = None  # case -> dict of rule facts, e.g. {"amount": Decimal}
    countersign_sections: object = None  # case -> iterable of Section
    print_fields: object = None  # case -> [(label, text)] shown on the printed approval form
    # (case, actor) -> None, run inside the submission's transaction once the route is fixed
    # (e.g. the seals app lets the office chief oversee every seal-use request).
    on_submit: object = None
    # Registers of state secrets (保密法 art. 31: no text or scans in a non-classified system):
    # when set, every attempt to attach a file to a case of this process is refused with this
    # reason (apps/workflow/attachments.py save_attachment), whatever page it comes from.
    files_refused: str = ""
    # () -> Q over User naming the keepers of this process's register (e.g. the confidential
    # clerk and the office chief): they see every case of the process (CaseQuerySet.visible_to)
    # and may open one to a named reader (services.grant_case_access). None: no keepers.
    keepers: object = None
    # (case, user) -> None, run when someone opens the case page (e.g. audit every view).
    on_view: object = None
    # (case, task, actor) -> None, run inside services.complete once the handling task is
    # locked; raises TransitionError to refuse (e.g. the finance app's payment step may only be
    # finished through its own form, which checks the collective-decision record).
    before_complete: object = None
    # Handling steps finished through the section app's own form (in detail_template): the case
    # page does not offer the generic 办结 form for them.
    own_steps: tuple = ()
    # The section app moves this process's clocks only through its own stage-checked forms
    # (e.g. 政府信息公开: a pause is a consultation, a restart the receipt of a 补正): the 期限
    # card shows the clocks without the generic pause/resume/restart/extend forms, and
    # clock_action refuses them.
    own_clocks: bool = False
    # (case, user) -> bool: who else, besides the holders of a pending task and the section
    # chief, may move the case's clocks (through the section app's own forms when own_clocks),
    # e.g. the office handler of a 政府信息公开申请 while it is with the leaders or the drafters.
    clock_managers: object = None
    # A registered statutory application (政府信息公开申请 ...) must be answered: it cannot be
    # withdrawn by the one who registered it nor sent back to them; it only goes forward (转办
    # hands it to another handler).
    fixed_route: bool = False
    # When set, 不同意 (reject, which ends the case) is refused at this process's approval steps
    # with this reason, e.g. a statutory application that must still be answered: the approver
    # writes the opinion and returns it instead.
    reject_refused: str = ""
    # (case, actor) -> None, run inside the transaction of the move that closes the case as done
    # (its last approval or handling step), with the case locked (e.g. approved leave delegates
    # the applicant's inbox to the named stand-in for the days away).
    on_close: object = None

    def chains(self):
        return [(step.chain, step.label) for step in self.steps if isinstance(step, ChainStep)]

    def domain(self, case):
        return getattr(case, self.domain_attr, None) if self.domain_attr else None

    def route_for(self, case):
        """Expand steps and matching rule rows into the concrete route of this case."""
        facts = self.facts(case) if self.facts else {}
        rank = case.initiator.rank
        route = []
        for step in self.steps:
            if isinstance(step, ChainStep):
                rules = ApprovalRule.objects.filter(process=self.code, chain=step.chain, active=True).order_by("seq")
                for rule in rules:
                    if rule.matches(facts, rank):
                        route.append(
                            {
                                "code": f"{step.chain}-{rule.seq}",
                                "label": rule.label,
                                "kind": Task.Kind.APPROVE,
                                "role": rule_role_spec(rule),
                                "time_limit_days": rule.time_limit_days,
                            }
                        )
            else:
                if step.role == "countersign_sections" and not list(self.countersign_sections(case) or []):
                    continue  # nobody to countersign with: the step is skipped, not left empty
                route.append(
                    {
                        "code": step.code,
                        "label": step.label,
                        "kind": step.kind,
                        "role": step.role,
                        "time_limit_days": step.time_limit_days,
                    }
                )
        return route


def rule_role_spec(rule):
    if rule.role == ApprovalRule.Role.POSITION:
        return f"position:{rule.position.key}"
    if rule.role == ApprovalRule.Role.USER:
        return f"user:{rule.user_id}"
    return rule.role


def register(process):
    if process.code in _registry:
        raise ValueError(f"process {process.code} registered twice")
    _registry[process.code] = process
    return process


def get_process(code):
    return _registry[code]


def kept_processes():
    """{keepers() Q: [process codes]} for the processes whose registers have keepers."""
    groups = {}
    for code, process in sorted(_registry.items()):
        if process.keepers is not None:
            groups.setdefault(process.keepers, []).append(code)
    return groups


def all_processes():
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
        resolver = case.process_def.resolvers.get(key)
        if resolver is None:
            raise ValueError(f"unknown role spec {spec!r}")
        users = [u for u in resolver(case) if u.is_active]
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
