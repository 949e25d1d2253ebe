"""借款 (finance.advance), seed 002 rule 4 (四): division leader, finance leader, main leader (rule
rows), then 财务付款, the borrower's 返回报账 (the settlement clock runs from the return), and the
finance post's 财务核销 (the overdue charge is fixed there). Each handling step is finished by
its own form on the case page (services.py).
"""

from django.utils import timezone

from apps.workflow.api import TransitionError
from apps.workflow.models import Task
from apps.workflow.processes import ChainStep, Process, Step, register

from ..claims.processes import FINANCE_OFFICER

ADVANCE = "finance.advance"
DISBURSE_STEP = "disburse"
SETTLE_STEP = "settle"
VERIFY_STEP = "verify"


def advance_problem(advance):
    if advance.expected_return_on < timezone.localdate() and advance.kind == advance.Kind.TRAVEL:
        return "出差预支应在出差前申请：预计返回日期不能早于今天。已经返回的，请直接报销。"
    return ""


@register
class AdvanceProcess(Process):
    code = ADVANCE
    label = "借款"
    steps = [
        ChainStep("approval", "借款审批"),
        Step(DISBURSE_STEP, "财务付款", kind=Task.Kind.HANDLE, role=FINANCE_OFFICER, finished_by_own_form=True),
        Step(SETTLE_STEP, "返回报账", kind=Task.Kind.HANDLE, role="initiator", finished_by_own_form=True),
        Step(VERIFY_STEP, "财务核销", kind=Task.Kind.HANDLE, role=FINANCE_OFFICER, finished_by_own_form=True),
    ]
    detail_template = "finance/includes/_advance.html"
    domain_attr = "finance_advance"
    edit_url_name = "finance:advance_edit"

    def facts(self, case):
        return {"amount": case.finance_advance.amount}

    def check_submittable(self, case):
        problem = advance_problem(case.finance_advance)
        if problem:
            raise TransitionError(problem)

    def print_fields(self, case):
        advance = case.finance_advance
        return [
            ("预支类别", advance.get_kind_display()),
            ("借款事由", advance.purpose),
            ("借款金额", f"{advance.amount:,.2f} 元"),
            ("预计返回日期", f"{advance.expected_return_on:%Y-%m-%d}"),
        ]
