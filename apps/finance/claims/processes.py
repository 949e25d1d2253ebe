"""报销 (finance.claim), seed 002 rule 4 二(一): "原始凭证依次由经办人、证明人、各线分管班子成员审核签字后，
交联审小组会审签名，经分管财务的班子成员审批，主要领导联审会签盖章后，方可报账。"

The claimant is the handler (经办人): submitting is their signature. Every later link is an
ApprovalRule row of chain "approval" (fixtures/finance_rules.json): the witness (职能岗位
“证明人（报销人指定）”, filled per claim by the person the claimant names), the division leader,
the joint review group (联审小组), the finance leader, the main leader. Then the finance post
pays (财务付款), through the finance app's form only: it demands the collective-decision record
from the amounts in the admin's 财务标准 rows.
"""

from dataclasses import replace

from apps.workflow.api import TransitionError
from apps.workflow.models import Task
from apps.workflow.processes import ChainStep, Process, Step, register

CLAIM = "finance.claim"
WITNESS_POSITION = "claim_witness"
FINANCE_OFFICER = "position:finance_officer"
PAY_STEP = "pay"


def claim_problem(claim, case):
    """Why this claim cannot be submitted as it stands (a Chinese sentence), or ''."""
    items = list(claim.items.select_related("meal_standard"))
    if not items:
        return "请至少填写一条报销明细。"
    if not case.attachments.exists():
        return "请上传发票等原始凭证（报销须凭发票，公务用餐还须附订菜单）。"
    witness = claim.witness
    if witness.pk == case.initiator_id:
        return "证明人不能是报销人本人，请另行指定知情的同事作为证明人。"
    if not witness.is_active or witness.admin_role:
        return f"证明人“{witness.full_name}”的账号不可用，请重新指定证明人。"
    if claim.kind == claim.Kind.MEAL:
        for index, item in enumerate(items, start=1):
            problem = meal_problem(item, index)
            if problem:
                return problem
    if claim.advance_id:
        advance = claim.advance
        if advance.case.initiator_id != case.initiator_id or advance.disbursed_on is None or advance.is_settled:
            return "所选冲抵的借款不是您名下已付款、尚未报账的借款，请重新选择。"
    return ""


def meal_problem(item, index):
    """Official meals: each line names the meal, how many dined, and at which standard, and costs
    no more than persons × standard (seed 002 rule 4 (二): 严格控制超标准接待)."""
    if not (item.meal and item.persons and item.meal_standard_id):
        return f"第 {index} 行：公务接待用餐须填写餐次、就餐人数和接待对象级别（用餐标准）。"
    limit = item.meal_limit
    if item.amount > limit:
        standard = item.meal_standard
        # a scale by meal (其他区县: 早 20、中 40、晚 40) names the meal whose figure applied
        name = f"{standard.name}{item.get_meal_display()}" if standard.by_meal else standard.name
        return (
            f"第 {index} 行（{item.spent_on:%Y-%m-%d} {item.get_meal_display()}）超出标准："
            f"{item.persons} 人 × {standard.amount_for(item.meal)} 元（{name}）= {limit:,.2f} 元，"
            f"填报 {item.amount:,.2f} 元。超标准部分不予报销，由经手人自付，请按标准填写。"
        )
    return ""


@register
class ClaimProcess(Process):
    """The witness link is a rule row routed to a position that each claim fills."""

    code = CLAIM
    label = "报销"
    steps = [
        ChainStep("approval", "报销审批"),
        Step(PAY_STEP, "财务付款", kind=Task.Kind.HANDLE, role=FINANCE_OFFICER, finished_by_own_form=True),
    ]
    detail_template = "finance/includes/_claim.html"
    domain_attr = "finance_claim"
    edit_url_name = "finance:claim_edit"

    def facts(self, case):
        return {"amount": case.finance_claim.amount}

    def check_submittable(self, case):
        problem = claim_problem(case.finance_claim, case)
        if problem:
            raise TransitionError(problem)

    def route_step(self, case, step):
        if step.role == f"position:{WITNESS_POSITION}":
            return replace(step, role=f"user:{case.finance_claim.witness_id}")
        return step

    def on_submit(self, case, actor):
        from .services import record_filing

        record_filing(case)

    def print_fields(self, case):
        claim = case.finance_claim
        fields = [
            ("报销类别", claim.get_kind_display()),
            ("报销事由", claim.purpose),
            ("报销金额", f"{claim.amount:,.2f} 元"),
            ("证明人", claim.witness.full_name),
        ]
        if claim.filed_late:
            fields.append(("逾期报销", f"费用发生后第 {claim.days_after_expense} 天提交"))
        return fields
