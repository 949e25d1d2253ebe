"""行政复议与行政应诉 on the engine.

- reconsideration.case (复议机构): 承办审理 by the two handlers (seed 002 rule 20: at least two
  members handle each case; 行政复议法 §45), then the decision's approval (ApprovalRule rows of the
  chain "decision": the section chief's first review, the head's signature after the 案审会), then
  送达 by the handlers, then 公开、抄告与履行监督 (publication §79, 意见书/建议书 answers §76–77)
  until the file closes. The clocks move only through the app's stage-checked forms.
- reconsideration.answer (被申请人): 拟定答复 by the registrar, approval section chief → division
  leader → director (chain "approval"), 提交答复, then the body's decision recorded.
- reconsideration.litigation (行政应诉): 拟定答辩状, approval section chief → division leader →
  principal head (chain "defence"), 提交答辩状和证据, then 开庭与裁判 (appearance, judgment, appeal).
- reconsideration.committee: one 复议委员会 meeting, organised by its registrar.
"""

from apps.workflow.api import TransitionError
from apps.workflow.models import Task
from apps.workflow.processes import ChainStep, Process, Step, register

CASE_PROCESS = "reconsideration.case"
ANSWER_PROCESS = "reconsideration.answer"
LITIGATION_PROCESS = "reconsideration.litigation"
COMMITTEE_PROCESS = "reconsideration.committee"
ALL_PROCESSES = (CASE_PROCESS, ANSWER_PROCESS, LITIGATION_PROCESS, COMMITTEE_PROCESS)

HANDLE_STEP = "handle"
SERVE_STEP = "serve"
FOLLOW_STEP = "follow"
DRAFT_STEP = "draft"
FILE_STEP = "file"
RESULT_STEP = "result"
TRIAL_STEP = "trial"
DECISION_CHAIN = "decision"
APPROVAL_CHAIN = "approval"
DEFENCE_CHAIN = "defence"

MUST_DECIDE = "行政复议申请必须依法审查并作出决定；审批不同意的，请写明意见后“退回”承办人重新拟定。"
MUST_ANSWER = "被申请答复、应诉答辩是法定义务，不能“不同意”终止；请写明意见后“退回”承办人修改。"


def handlers(case):
    """The two handlers: the registrar and the second handler named at intake."""
    record = case.recon_case
    return [case.initiator, record.handler2]


class ReconProcess(Process):
    own_clocks = True

    def may_manage_clocks(self, case, user):
        """The registrar moves the clocks through the app's forms at every step."""
        return user.pk == case.initiator_id

    def page_forms(self, case, user):
        from .forms import page_forms

        return page_forms(case, user)


@register
class CaseProcess(ReconProcess):
    code = CASE_PROCESS
    label = "行政复议案件办理"
    steps = [
        Step(
            HANDLE_STEP,
            "承办审理",
            kind=Task.Kind.HANDLE,
            role="process:handlers",
            finished_by_own_form=True,
            done_label="拟定决定",
        ),
        ChainStep(DECISION_CHAIN, "行政复议决定审批"),
        Step(
            SERVE_STEP,
            "决定送达",
            kind=Task.Kind.HANDLE,
            role="process:handlers",
            finished_by_own_form=True,
            done_label="送达",
        ),
        # §76–79: publication, the copy to the respondent's superior, the 意见书/建议书 answers,
        # then the file closes (the case stays open so the sweep watches these clocks).
        Step(
            FOLLOW_STEP,
            "公开、抄告与履行监督",
            kind=Task.Kind.HANDLE,
            role="process:handlers",
            finished_by_own_form=True,
        ),
    ]
    resolvers = {"handlers": handlers}
    detail_template = "reconsideration/includes/_case.html"
    domain_attr = "recon_case"
    statutory = MUST_DECIDE

    def may_manage_clocks(self, case, user):
        return user.pk in (case.initiator_id, case.recon_case.handler2_id)

    def print_fields(self, case):
        r = case.recon_case
        return [
            ("本局角色", r.role_text),
            ("申请人", r.applicant),
            ("被申请人", r.respondent.name),
            ("行政行为", r.act),
            ("审理程序", r.get_track_display() or "—"),
            ("办理阶段", r.stage_text),
        ]


@register
class AnswerProcess(ReconProcess):
    code = ANSWER_PROCESS
    label = "行政复议答复（本局为被申请人）"
    steps = [
        Step(
            DRAFT_STEP,
            "拟定答复书",
            kind=Task.Kind.HANDLE,
            role="initiator",
            finished_by_own_form=True,
            done_label="拟稿",
        ),
        ChainStep(APPROVAL_CHAIN, "答复审批"),
        Step(
            FILE_STEP, "提交答复", kind=Task.Kind.HANDLE, role="initiator", finished_by_own_form=True, done_label="提交"
        ),
        Step(RESULT_STEP, "登记复议结果", kind=Task.Kind.HANDLE, role="initiator", finished_by_own_form=True),
    ]
    detail_template = "reconsideration/includes/_answer.html"
    domain_attr = "recon_answer"
    statutory = MUST_ANSWER

    def print_fields(self, case):
        r = case.recon_answer
        return [
            ("本局角色", r.role_text),
            ("申请人", r.applicant),
            ("行政行为", r.act),
            ("收到副本", f"{r.copy_received_on:%Y-%m-%d}"),
        ]


@register
class LitigationProcess(ReconProcess):
    code = LITIGATION_PROCESS
    label = "行政应诉"
    steps = [
        Step(
            DRAFT_STEP,
            "拟定答辩状",
            kind=Task.Kind.HANDLE,
            role="initiator",
            finished_by_own_form=True,
            done_label="拟稿",
        ),
        ChainStep(DEFENCE_CHAIN, "答辩审批"),
        Step(
            FILE_STEP,
            "提交答辩状和证据",
            kind=Task.Kind.HANDLE,
            role="initiator",
            finished_by_own_form=True,
            done_label="提交",
        ),
        Step(TRIAL_STEP, "开庭与裁判", kind=Task.Kind.HANDLE, role="initiator", finished_by_own_form=True),
    ]
    detail_template = "reconsideration/includes/_lawsuit.html"
    domain_attr = "recon_lawsuit"
    statutory = MUST_ANSWER

    def print_fields(self, case):
        r = case.recon_lawsuit
        return [
            ("本局角色", r.role_text),
            ("法院", r.court.name),
            ("案号", r.court_case_no),
            ("原告", r.plaintiff),
            ("被诉行为", r.act),
        ]


@register
class CommitteeProcess(ReconProcess):
    code = COMMITTEE_PROCESS
    label = "行政复议委员会会议"
    steps = [Step(HANDLE_STEP, "会议组织", kind=Task.Kind.HANDLE, role="initiator", finished_by_own_form=True)]
    detail_template = "reconsideration/includes/_meeting.html"
    domain_attr = "recon_meeting"

    def check_complete(self, case, task, actor):
        if not case.recon_meeting.minutes:
            raise TransitionError("请通过“登记会议纪要”办结。")
