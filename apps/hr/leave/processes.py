"""请假 on the engine (seed 002 rule 2).

The chain is ApprovalRule rows of process hr.leave, chain "approval", matched on the applicant's
rank and on the fact `days` (working days away; for a 续假 the original leave and the extension
together). Seeded (fixtures/hr_rules.json):
  科员: 科室负责人 + 分管领导 (half a day); + 分管政工领导 from 1 day; + 主要领导 from 2 days.
  科长: 分管领导 (half a day); + 分管政工领导 from 1 day; + 主要领导 from 2 days.
  班子成员 (分管领导): 主要领导.
The administrator changes who and from how many days in the admin; the route is fixed at
submission. Someone who fills two consecutive links (a division leader who is also the
personnel leader) signs once.
"""

from apps.workflow.api import TransitionError
from apps.workflow.processes import ChainStep, Process, RoleUnfilled, register, resolve_role

LEAVE_PROCESS = "hr.leave"


@register
class LeaveProcess(Process):
    code = LEAVE_PROCESS
    label = "请假"
    steps = [ChainStep("approval", "请假审批")]
    detail_template = "hr/includes/_leave.html"
    domain_attr = "leave"
    edit_url_name = "hr:leave_edit"

    def facts(self, case):
        return {"days": chain_days(case.leave)}

    def check_submittable(self, case):
        from .services import leave_problem

        problem = leave_problem(case.leave)
        if problem:
            raise TransitionError(problem)

    def route_for(self, case):
        # Merging repeated approvers looks at neighbouring links, so it works on the whole route
        # (route_step sees one step at a time). Pure, like the engine's.
        route = super().route_for(case)
        if not route:
            if case.initiator.rank == "director":
                raise TransitionError("主要领导请假按干部管理权限报上级审批，本平台未设审批规则；请由政工科登记备案。")
            raise TransitionError("请假审批规则未配置，请联系系统管理员在后台“审批规则”中设置（流程 hr.leave）。")
        return merge_repeated_approvers(route, case)

    def on_submit(self, case, actor):
        from ..personnel import share_with_personnel_section

        share_with_personnel_section(case, actor)

    def on_close(self, case, actor):
        from .services import leave_approved

        leave_approved(case, actor)

    def print_fields(self, case):
        leave = case.leave
        fields = [
            ("请假人", f"{leave.person.full_name}（{case.section.name}）"),
            ("假　　别", leave.leave_type.name),
            ("请假时间", f"{leave.period_text()}，共 {leave.days} 个工作日"),
            ("请假事由", leave.reason),
        ]
        if leave.stand_in_id:
            fields.append(("工作代理人", leave.stand_in.full_name))
        return fields


def merge_repeated_approvers(route, case):
    """Drop a link whose approver also holds the link before it: one person signs once."""
    merged = []
    previous = None
    for step in route:
        try:
            users = frozenset(u.pk for u in resolve_role(step["role"], case))
        except RoleUnfilled:
            users = None  # left in: the engine says who is missing when the step comes up
        if users is not None and users == previous:
            merged[-1] = {**merged[-1], "label": f"{merged[-1]['label']}（兼{step['label'].removesuffix('审批')}）"}
            continue
        merged.append(step)
        previous = users
    return merged


def describe_chain():
    """The active leave rules as the form's sidebar shows them: [{label, ranks, condition}]."""
    from apps.accounts.models import Rank
    from apps.workflow.models import ApprovalRule

    from .balances import days_text

    ranks = dict(Rank.choices)
    rows = []
    for rule in ApprovalRule.objects.filter(process=LEAVE_PROCESS, active=True).order_by("chain", "seq"):
        applicants = "、".join(ranks.get(r.strip(), r) for r in rule.applicant_ranks.split(",") if r.strip()) or "全部"
        parts = []
        if rule.fact and rule.min_value is not None:
            parts.append(f"{days_text(rule.min_value)}天及以上")
        if rule.fact and rule.max_value is not None:
            parts.append(f"不足{days_text(rule.max_value)}天")
        rows.append({"label": rule.label, "ranks": applicants, "condition": "，".join(parts) or "均须"})
    return rows


def chain_days(leave):
    """Days that decide the chain: the leave and, for a 续假, every leave it extends."""
    total = leave.days
    parent = leave.extends
    while parent is not None:
        total += parent.days
        parent = parent.extends
    return total
