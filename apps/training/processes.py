"""年度培训计划 (training.plan): drafted by the personnel section, approved through the chain its
ApprovalRule rows set (政工科负责人审核 → 分管人事的局领导 → 局长审定, ids 1921–1923)."""

from apps.workflow.api import TransitionError
from apps.workflow.processes import ChainStep, Process, register

PLAN = "training.plan"


@register
class TrainingPlanProcess(Process):
    code = PLAN
    label = "年度培训计划"
    steps = [ChainStep("approval", "审批")]
    detail_template = "training/includes/_plan.html"
    domain_attr = "training_plan"

    def check_submittable(self, case):
        if not case.training_plan.body.strip():
            raise TransitionError("请填写计划内容后再提交审批。")

    def print_fields(self, case):
        plan = case.training_plan
        hours = f"{plan.required_hours} 学时" if plan.required_hours is not None else "未规定"
        return [("年度", f"{plan.year}年"), ("计划内容", plan.body), ("每人年度学时要求", hours)]
