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

from apps.workflow.processes import ChainStep, Process, RoleUnfilled, Step, register, resolve_role

LEAVE_PROCESS = "hr.leave"


class LeaveProcess(Process):
    def route_for(self, case):
        from apps.workflow.services import TransitionError

        from .services import leave_problem

        leave = case.leave
        problem = leave_problem(leave)
        if problem:
            raise TransitionError(problem)
        route = super().route_for(case)
        if not route:
            if case.initiator.rank == "director":
                raise TransitionError("主要领导请假按干部管理权限报上级审批，本平台未设审批规则；请由政工科登记备案。")
            raise TransitionError("请假审批规则未配置，请联系系统管理员在后台“审批规则”中设置（流程 hr.leave）。")
        return merge_repeated_approvers(route, case)


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


def _facts(case):
    leave = case.leave
    return {"days": chain_days(leave)}


def chain_days(leave):
    """Days that decide the chain: the leave and, for a 续假, every leave it extends."""
    total = leave.days
    parent = leave.extends
    while parent is not None:
        total += parent.days
        parent = parent.extends
    return total


def _print_fields(case):
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


def _on_submit(case, actor):
    from .services import share_with_personnel_section

    share_with_personnel_section(case, actor)


def _on_close(case, actor):
    from .services import leave_approved

    leave_approved(case, actor)


LEAVE = register(
    LeaveProcess(
        code=LEAVE_PROCESS,
        label="请假",
        steps=[ChainStep("approval", "请假审批")],
        detail_template="hr/includes/_leave.html",
        domain_attr="leave",
        edit_url_name="hr:leave_edit",
        facts=_facts,
        print_fields=_print_fields,
        on_submit=_on_submit,
        on_close=_on_close,
    )
)


# --- 因私出国（境） (seed 000 2.4) ----------------------------------------------------------------

PASSPORT_PROCESS = "hr.passport"
KEEPER_ROLE = "position:passport_keeper"
HANDOUT, RETURN, COLLECT = "handout", "return", "collect"


def _passport_fields(case):
    trip = case.passport_trip
    return [
        ("证　　件", str(trip.passport)),
        ("前往国家（地区）", trip.destination),
        ("出行时间", f"{trip.depart_on:%Y-%m-%d} 至 {trip.return_on:%Y-%m-%d}"),
        ("事　　由", trip.purpose),
    ]


def _passport_before_complete(case, task, actor):
    """The handling steps are finished through the passport forms, which record what happened."""
    from apps.workflow.services import TransitionError

    trip = case.passport_trip
    done = {HANDOUT: trip.handed_out_on, RETURN: trip.returned_on, COLLECT: trip.received_by_id}
    if task.step in done and not done[task.step]:
        raise TransitionError("请在“事项信息”中填写证件发放、回国或收回情况后办理。")


def _passport_on_submit(case, actor):
    from .people_services import passport_submitted

    passport_submitted(case, actor)


def _passport_on_close(case, actor):
    from .people_services import passport_back_in_cabinet

    passport_back_in_cabinet(case, actor)


PASSPORT = register(
    Process(
        code=PASSPORT_PROCESS,
        label="因私出国（境）",
        steps=[
            ChainStep("approval", "出国（境）审批"),
            Step(HANDOUT, "发放证件", kind="handle", role=KEEPER_ROLE),
            Step(RETURN, "回国报告、交回证件", kind="handle", role="initiator"),
            Step(COLLECT, "收回证件", kind="handle", role=KEEPER_ROLE),
        ],
        detail_template="hr/includes/_passport_trip.html",
        domain_attr="passport_trip",
        print_fields=_passport_fields,
        on_submit=_passport_on_submit,
        before_complete=_passport_before_complete,
        own_steps=(HANDOUT, RETURN, COLLECT),
        on_close=_passport_on_close,
    )
)


# --- 年度考核公示 (seed 000 2.3) -----------------------------------------------------------------

APPRAISAL_PROCESS = "hr.appraisal"
NOTICE = "notice"


def _appraisal_before_complete(case, task, actor):
    from apps.workflow.services import TransitionError

    from .people_services import notice_problem

    problem = notice_problem(case)
    if task.step == NOTICE and problem:
        raise TransitionError(problem)


def _appraisal_on_close(case, actor):
    from .people_services import appraisal_final

    appraisal_final(case, actor)


APPRAISAL = register(
    Process(
        code=APPRAISAL_PROCESS,
        label="年度考核",
        steps=[
            ChainStep("approval", "研究确定等次"),
            Step(NOTICE, "结果公示", kind="handle", role="initiator"),
        ],
        detail_template="hr/includes/_appraisal_case.html",
        domain_attr="appraisal_round",
        before_complete=_appraisal_before_complete,
        own_steps=(NOTICE,),
        on_close=_appraisal_on_close,
    )
)
