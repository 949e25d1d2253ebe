"""办公用品领用 (finance.supplies), seed 000 appendix 1.3: 申请 → 科室负责人 → 分管领导 (rule rows)
→ 登记 (the applicant) → 发放 (the keeper, through the issue form that moves the stock)."""

from apps.workflow.api import TransitionError
from apps.workflow.models import Task
from apps.workflow.processes import ChainStep, Process, Step, register

SUPPLIES = "finance.supplies"
REGISTER_STEP = "register"
ISSUE_STEP = "issue"


@register
class SuppliesProcess(Process):
    code = SUPPLIES
    label = "办公用品领用"
    steps = [
        ChainStep("approval", "领用审批"),
        Step(REGISTER_STEP, "登记", kind=Task.Kind.HANDLE, role="initiator"),
        Step(ISSUE_STEP, "发放", kind=Task.Kind.HANDLE, role="position:supplies_keeper", finished_by_own_form=True),
    ]
    detail_template = "finance/includes/_supply_request.html"
    domain_attr = "supply_request"
    edit_url_name = "finance:supply_edit"

    def check_submittable(self, case):
        if not case.supply_request.lines.exists():
            raise TransitionError("请至少填写一种办公用品及数量。")

    def print_fields(self, case):
        request = case.supply_request
        lines = "；".join(
            f"{line.item.name} {line.quantity}{line.item.unit}" for line in request.lines.select_related("item")
        )
        return [("用途", request.purpose), ("领用明细", lines)]
