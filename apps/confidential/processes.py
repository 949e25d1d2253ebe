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

from dataclasses import dataclass

from django.db.models import Q

from apps.accounts.models import OfficeRole, Rank
from apps.audit.log import record
from apps.workflow.models import Task
from apps.workflow.processes import Process, Step, register

ITEM_PROCESS = "confidential.item"
LOAN_PROCESS = "confidential.loan"
PROPOSE_DAYS = 1  # 拟办: the office chief's opinion within one working day
PRESENT_DAYS = 2  # 呈阅: each leader within two working days
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


def _item_route(case):
    item = case.classified
    route = [
        {"code": "propose", "label": "拟办（办公室主任）", "kind": Task.Kind.APPROVE, "role": "office_chief",
         "time_limit_days": PROPOSE_DAYS},
    ]
    for index, leader in enumerate(reader_order(item.readers.all()), start=1):
        route.append({
            "code": f"present-{index}", "label": f"呈阅（{leader.full_name}）"[:60], "kind": Task.Kind.APPROVE,
            "role": f"user:{leader.pk}", "time_limit_days": PRESENT_DAYS,
        })
    if item.handler_id:
        route.append({
            "code": "handle", "label": f"转办（{item.handler.full_name}）"[:60], "kind": Task.Kind.HANDLE,
            "role": f"user:{item.handler_id}", "time_limit_days": item.handle_days,
        })
    return route


def _loan_route(case):
    loan = case.classified_loan
    return [{
        "code": RETURN_STEP, "label": "收回（按期归还）", "kind": Task.Kind.HANDLE, "role": "initiator",
        "time_limit_days": loan.days,
    }]


@dataclass
class RegisterProcess(Process):
    """A process whose route is built from its register entry (who reads, who handles, how long)."""

    build_route: object = None  # case -> [route step dicts]

    def route_for(self, case):
        return self.build_route(case)


def _item_fields(case):
    item = case.classified
    return [
        ("登记编号", item.number), ("来文单位", item.source), ("文号", item.source_number or "—"),
        ("标题（摘要）", item.title), ("密级", item.classification_mark), ("份数/份号", f"{item.copies}份 {item.copy_numbers}"),
    ]


def _loan_fields(case):
    loan = case.classified_loan
    return [
        ("密件", loan.item.number), ("借阅人", loan.borrower.full_name), ("借出份号", loan.copy_numbers),
        ("借阅事由", loan.purpose), ("借阅期限", f"{loan.days}个工作日"),
    ]


ITEM = register(
    RegisterProcess(
        code=ITEM_PROCESS,
        label="密级文件、电报办理",
        steps=[
            Step("propose", "拟办", role="office_chief"),
            Step("present", "呈阅", role="user"),
            Step("handle", "转办", kind=Task.Kind.HANDLE, role="user"),
        ],
        detail_template="confidential/includes/_item_case.html",
        domain_attr="classified",
        edit_url_name="confidential:edit",
        print_fields=_item_fields,
        files_refused=FILES_REFUSED,
        keepers=keepers,
        on_view=audit_view,
        build_route=_item_route,
    )
)

LOAN = register(
    RegisterProcess(
        code=LOAN_PROCESS,
        label="密件借阅",
        steps=[Step(RETURN_STEP, "收回（按期归还）", kind=Task.Kind.HANDLE, role="initiator")],
        detail_template="confidential/includes/_loan_case.html",
        domain_attr="classified_loan",
        own_steps=(RETURN_STEP,),  # 收回 on the entry's card, where the copies are checked back
        print_fields=_loan_fields,
        files_refused=FILES_REFUSED,
        keepers=keepers,
        on_view=audit_view,
        build_route=_loan_route,
    )
)
