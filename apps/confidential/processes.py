"""The two procedures of the classified register on the engine.

confidential.item (密级文件、电报办理, appendix 1.1.2): 拟办 by the office chief, 呈阅 to each
leader the clerk named (division leaders before the director), 转办 to the handler if there is
one. The route is built from the register entry when the clerk submits it; the office chief who
disagrees with the routing returns the entry to the clerk, who changes it and submits again.

confidential.loan (借阅): one step, "收回", held by the clerk who lent the copies, due after the
loan period in working days. The deadline sweep reminds the clerk before the due date, tells
them when it has passed and escalates to the office chief (a keeper, who sees the loan): the
engine chases overdue loans like any late step, no second sweep.

Both processes: cases are 限定知悉范围 (is_confidential), keepers are the confidential clerk
and the office chief, every file is refused, every view is audited.
"""

from dataclasses import replace

from django.db.models import Q

from apps.accounts.models import OfficeRole, Rank
from apps.audit.log import record
from apps.workflow.models import Task
from apps.workflow.processes import Process, RouteStep, Step, register

ITEM_PROCESS = "confidential.item"
LOAN_PROCESS = "confidential.loan"
PROPOSE_DAYS = 1  # 拟办: the office chief's opinion within one working day
PRESENT_DAYS = 2  # 呈阅: each leader within two working days
PROPOSE_STEP, PRESENT_STEP, HANDLE_STEP = "propose", "present", "handle"
RETURN_STEP = "return"

FILES_REFUSED = (
    "根据《中华人民共和国保守国家秘密法》（2024年修订）第三十一条，不得在非涉密信息系统中存储、处理国家秘密。"
    "本平台只登记密级文件、电报的登记信息，不接收正文、扫描件、照片或任何附件。"
)


def keepers():
    """The keepers of the register: the confidential clerk(s) and the office chief."""
    return Q(office_roles__role=OfficeRole.CONFIDENTIAL_CLERK) | Q(rank=Rank.CHIEF, section__code="office")


def is_keeper(user):
    if not getattr(user, "is_authenticated", False) or not user.is_active or user.admin_role:
        return False
    office_chief = user.rank == Rank.CHIEF and user.section_id is not None and user.section.code == "office"
    return office_chief or user.has_office_role(OfficeRole.CONFIDENTIAL_CLERK)


def audit_view(case, user):
    """Every look at a register entry or loan is recorded (who, which entry; never the title)."""
    record("confidential.view", actor=user, obj=case, detail={"process": case.process})


def reader_order(users):
    """呈阅 order: division leaders, then the director; by name within a rank."""
    rank_order = {Rank.DIVISION_LEADER: 0, Rank.CHIEF: 1, Rank.DIRECTOR: 2}
    return sorted(users, key=lambda u: (rank_order.get(u.rank, 1), u.full_name, u.pk))


class RegisterProcess(Process):
    """What both procedures of the classified register share: only the keepers and those the
    route or a grant names see a case, no file is ever attached, every look is audited."""

    files_refused = FILES_REFUSED

    def keepers(self):
        return keepers()

    def on_view(self, case, user):
        audit_view(case, user)


@register
class ItemProcess(RegisterProcess):
    """密级文件、电报办理. The route is the register entry's: 拟办, one 呈阅 step per leader the clerk
    named (division leaders first), 转办 if the entry names a handler."""

    code = ITEM_PROCESS
    label = "密级文件、电报办理"
    steps = (
        Step(PROPOSE_STEP, "拟办（办公室主任）", role="office_chief", time_limit_days=PROPOSE_DAYS),
        Step(PRESENT_STEP, "呈阅", role="user:<leader>", time_limit_days=PRESENT_DAYS),
        Step(HANDLE_STEP, "转办", kind=Task.Kind.HANDLE, role="user:<handler>"),
    )
    detail_template = "confidential/includes/_item_case.html"
    domain_attr = "classified"
    edit_url_name = "confidential:edit"

    def route_for(self, case):
        # The number of 呈阅 steps is the number of leaders the entry names, so the route is
        # built here from the declared steps rather than adapted step by step. Pure: reads only.
        item = case.classified
        propose, present, handle = self.steps
        route = [self._route_step(propose)]
        for index, leader in enumerate(reader_order(item.readers.all()), start=1):
            route.append(
                self._route_step(
                    present,
                    code=f"{PRESENT_STEP}-{index}",
                    label=f"{present.label}（{leader.full_name}）"[:60],
                    role=f"user:{leader.pk}",
                )
            )
        if item.handler_id:
            route.append(
                self._route_step(
                    handle,
                    label=f"{handle.label}（{item.handler.full_name}）"[:60],
                    role=f"user:{item.handler_id}",
                    time_limit_days=item.handle_days,
                )
            )
        return [step.as_dict() for step in route]

    @staticmethod
    def _route_step(step, **changes):
        return replace(
            RouteStep(
                code=step.code, label=step.label, kind=step.kind, role=step.role, time_limit_days=step.time_limit_days
            ),
            **changes,
        )

    def print_fields(self, case):
        item = case.classified
        return [
            ("登记编号", item.number),
            ("来文单位", item.source),
            ("文号", item.source_number or "—"),
            ("标题（摘要）", item.title),
            ("密级", item.classification_mark),
            ("份数/份号", f"{item.copies}份 {item.copy_numbers}"),
        ]


@register
class LoanProcess(RegisterProcess):
    """密件借阅: one step, 收回, on the entry's card, where the copies are checked back."""

    code = LOAN_PROCESS
    label = "密件借阅"
    steps = (Step(RETURN_STEP, "收回（按期归还）", kind=Task.Kind.HANDLE, role="initiator", finished_by_own_form=True),)
    detail_template = "confidential/includes/_loan_case.html"
    domain_attr = "classified_loan"

    def route_step(self, case, step):
        return replace(step, time_limit_days=case.classified_loan.days)  # the loan period, in working days

    def print_fields(self, case):
        loan = case.classified_loan
        return [
            ("密件", loan.item.number),
            ("借阅人", loan.borrower.full_name),
            ("借出份号", loan.copy_numbers),
            ("借阅事由", loan.purpose),
            ("借阅期限", f"{loan.days}个工作日"),
        ]
