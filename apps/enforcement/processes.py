"""行政执法监督 on the engine.

- enforcement.complaint (5.2 对违法或不当的行政执法行为的调查处理): 立案审查 by the registrar
  (立案, or 不予立案 which ends the case); 调查 and the 处理意见 (投诉不成立 / 意见书 / 决定书);
  the 处理意见's approval (chain "approval": the section chief, the division leader, the
  director for a 决定书); 制发送达 (the document served on the enforcement body starts its 30 days,
  §28/§29); 跟踪 (the body's correction or its report closes the case).
- enforcement.list_review (5.7/5.8 权责清单、行政许可事项合法性审查): 合法性审查 (the opinion),
  its approval (chain "approval"), 反馈 to the 机构编制部门.

Every handling step is finished only through the app's own forms (services.py), and the clocks
move only through them (own_clocks).
"""

from apps.workflow.models import Task
from apps.workflow.processes import ChainStep, Process, Step, register

COMPLAINT_PROCESS = "enforcement.complaint"
LIST_REVIEW_PROCESS = "enforcement.list_review"
ACCEPT_STEP, INVESTIGATE_STEP, ISSUE_STEP, FOLLOWUP_STEP = "accept", "investigate", "issue", "followup"
REVIEW_STEP, FEEDBACK_STEP = "review", "feedback"
APPROVAL_CHAIN = "approval"


@register
class ComplaintProcess(Process):
    code = COMPLAINT_PROCESS
    label = "行政执法投诉举报调查处理"
    steps = [
        Step(ACCEPT_STEP, "立案审查", kind=Task.Kind.HANDLE, role="initiator", finished_by_own_form=True),
        Step(
            INVESTIGATE_STEP,
            "调查并提出处理意见",
            kind=Task.Kind.HANDLE,
            role="initiator",
            finished_by_own_form=True,
            done_label="提出处理意见",
        ),
        ChainStep(APPROVAL_CHAIN, "处理意见审批"),
        Step(ISSUE_STEP, "制发文书并送达", kind=Task.Kind.HANDLE, role="initiator", finished_by_own_form=True),
        Step(FOLLOWUP_STEP, "跟踪纠正/执行情况", kind=Task.Kind.HANDLE, role="initiator", finished_by_own_form=True),
    ]
    detail_template = "enforcement/includes/_complaint.html"
    domain_attr = "enforcement_complaint"
    statutory = "行政执法投诉举报立案后必须依法调查处理；审批不同意的，请写明意见后“退回”承办人重新提出处理意见。"
    own_clocks = True

    def facts(self, case):
        from .models import Finding

        complaint = getattr(case, "enforcement_complaint", None)
        return {"decision": 1 if complaint is not None and complaint.finding == Finding.DECISION else 0}

    def page_forms(self, case, user):
        from .forms import complaint_forms

        return complaint_forms(case, user)

    def print_fields(self, case):
        c = case.enforcement_complaint
        return [
            ("投诉人", c.complainant),
            ("被投诉机关", c.unit.name),
            ("执法行为类别", c.get_act_kind_display()),
            ("收到日期", f"{c.received_on:%Y-%m-%d}"),
            ("投诉事项", c.content),
            ("处理意见", c.get_finding_display() or "—"),
        ]


@register
class ListReviewProcess(Process):
    code = LIST_REVIEW_PROCESS
    label = "权责清单、行政许可事项合法性审查"
    steps = [
        Step(
            REVIEW_STEP,
            "合法性审查",
            kind=Task.Kind.HANDLE,
            role="initiator",
            finished_by_own_form=True,
            done_label="出具审查意见",
        ),
        ChainStep(APPROVAL_CHAIN, "审查意见审批"),
        Step(FEEDBACK_STEP, "审查意见反馈", kind=Task.Kind.HANDLE, role="initiator", finished_by_own_form=True),
    ]
    detail_template = "enforcement/includes/_list_review.html"
    domain_attr = "enforcement_list_review"
    statutory = "机构编制部门提报的调整事项须出具合法性审查意见；审批不同意的，请写明意见后“退回”重新审查。"
    own_clocks = True

    def page_forms(self, case, user):
        from .forms import list_review_forms

        return list_review_forms(case, user)

    def print_fields(self, case):
        r = case.enforcement_list_review
        return [
            ("审查类别", r.get_kind_display()),
            ("提报单位", r.submitter.name),
            ("涉及部门", r.departments),
            ("收到日期", f"{r.received_on:%Y-%m-%d}"),
            ("审查结论", r.get_conclusion_display() or "—"),
        ]
