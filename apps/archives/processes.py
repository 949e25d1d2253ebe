"""Lending archive items (档案借阅, appendix 1.1.4 第4项; seed 002 rule 9 第三项: 查阅档案须向办公室
报备，由办公室主任负责安排).

The borrower applies; the approval chain comes from ApprovalRule rows of process archives.loan
(the office chief, seeded from fixtures/archive_rules.json; a rule row adds the division leader
where the bureau wants one); the archivist hands the items out (借出登记) and takes them back
(收回) within the loan period: that step's due date is what the deadline sweep watches, so an
overdue loan reminds the archivist and is escalated to the office chief like any late step.
"""

from dataclasses import replace

from django.contrib.auth import get_user_model

from apps.accounts.models import OfficeRole
from apps.workflow.models import Task
from apps.workflow.processes import ChainStep, Process, Step, register

LOAN_PROCESS = "archives.loan"
LEND_STEP = "lend"
RETURN_STEP = "return"


def archivist_role():
    """The first active archivist (one person holds the step), or every archivist if none yet."""
    archivist = (
        get_user_model()
        .objects.filter(is_active=True, office_roles__role=OfficeRole.ARCHIVIST)
        .order_by("id")
        .values_list("pk", flat=True)
        .first()
    )
    return f"user:{archivist}" if archivist else f"office_role:{OfficeRole.ARCHIVIST}"


@register
class LoanProcess(Process):
    code = LOAN_PROCESS
    label = "档案借阅"
    steps = (
        ChainStep("approval", "审批"),
        # Held by one archivist (route_step); 收回 is due after the loan period.
        Step(LEND_STEP, "借出登记", kind=Task.Kind.HANDLE, role=f"office_role:{OfficeRole.ARCHIVIST}"),
        Step(RETURN_STEP, "收回（按期归还）", kind=Task.Kind.HANDLE, role=f"office_role:{OfficeRole.ARCHIVIST}"),
    )
    detail_template = "archives/includes/_loan_case.html"
    domain_attr = "archive_loan"
    edit_url_name = "archives:loan_edit"

    def route_step(self, case, step):
        if step.code == LEND_STEP:
            return replace(step, role=archivist_role())
        if step.code == RETURN_STEP:
            return replace(step, role=archivist_role(), time_limit_days=case.archive_loan.days)
        return step

    def print_fields(self, case):
        loan = case.archive_loan
        return [
            ("借阅档案", "；".join(f"{i.archive_no} {i.title}" for i in loan.items.all())),
            ("借阅方式", loan.get_mode_display()),
            ("借阅事由", loan.purpose),
            ("借阅期限", f"{loan.days}个工作日"),
        ]
