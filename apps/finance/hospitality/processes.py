"""公务接待 (official hospitality), seed 000 appendix 1.2: the 公务接待审批单 with the activity plan and
the budget, approved by rule rows, then the host's closing record of the actual cost.

Not to be confused with apps/reception (the visitor desk, 来访接待). The process keeps its
stored code "finance.reception": ApprovalRule rows (fixtures/finance_rules.json) and existing
cases name it.
"""

from apps.workflow.api import TransitionError
from apps.workflow.models import Task
from apps.workflow.processes import ChainStep, Process, Step, register

HOSPITALITY = "finance.reception"
CLOSE_STEP = "close"


def hospitality_problem(hospitality):
    """The meal budget may not exceed meals × diners × the standard for the guests' rank."""
    diners = hospitality.guests + hospitality.escorts
    level = hospitality.guest_level
    limit = level.amount * diners * hospitality.meals
    if hospitality.budget_meals > limit:
        return (
            f"用餐预算 {hospitality.budget_meals:,.2f} 元超过标准：{hospitality.meals} 餐 × {diners} 人 × "
            f"{level.amount} 元（{level.name}）= {limit:,.2f} 元。请按标准编制预算。"
        )
    if hospitality.budget_meals and not hospitality.meals:
        return "编列了用餐预算，请填写用餐次数。"
    return ""


def decision_first(case):
    """Seed 002 rule 4 三: 坚持先报告后支出，5000 元以上支出必须经局班子集体研究决定. The
    decision comes before the spending, so a request whose budget reaches the line is not
    submitted until its decision record is registered (not only checked when a claim is paid)."""
    from ..claims.services import missing_decision

    missing = missing_decision(case, case.hospitality.budget)
    return missing.replace("后再付款", "后再提交接待审批（先报告后支出）") if missing else ""


@register
class HospitalityProcess(Process):
    code = HOSPITALITY
    label = "公务接待"
    steps = [
        ChainStep("approval", "接待审批"),
        Step(CLOSE_STEP, "接待结束登记", kind=Task.Kind.HANDLE, role="initiator", finished_by_own_form=True),
    ]
    detail_template = "finance/includes/_hospitality.html"
    domain_attr = "hospitality"
    edit_url_name = "finance:hospitality_edit"

    def facts(self, case):
        return {"amount": case.hospitality.budget}

    def check_submittable(self, case):
        problem = hospitality_problem(case.hospitality) or decision_first(case)
        if problem:
            raise TransitionError(problem)

    def print_fields(self, case):
        h = case.hospitality
        return [
            ("来访单位", f"{h.visitor_unit}（{h.letter_ref}）"),
            ("人数", f"来访 {h.guests} 人，陪同 {h.escorts} 人"),
            ("日期", f"{h.arrive_on:%Y-%m-%d} 至 {h.leave_on:%Y-%m-%d}"),
            ("活动方案", h.plan),
            ("预算", f"{h.budget:,.2f} 元"),
        ]
