"""律师工作科 procedures on the engine.

- lawyers.complaint (投诉): 分办 by the handling section's chief (律师工作科 for lawyers and firms,
  公共法律服务管理科 for notaries and grassroots workers), then 受理、调查与答复 by the handler
  named in the 分办. Acceptance, investigation records and the written reply are the app's own
  forms (services.py); the clocks move only through them.
- lawyers.recommendation (处罚建议, 律师法 §52): started from an accepted complaint by its
  handler; approved by the section chief and the division leader (ApprovalRule rows, chain
  "approve"), then 报送 to the city bureau and 登记上级处理结果 by its drafter. It replaces the
  old "lawyers.penalty" placeholder: the district does not penalise lawyers or firms.
- lawyers.extension (投诉办理延期): the handler's request to extend the complaint's reply limit,
  made before it ends and approved along the chain "approve" (ApprovalRule rows); the last
  approval extends the complaint's clock in the same transaction (on_close).
- lawyers.licence (执业许可材料): 接收、审查、转报 and tracking of the city's and the province's
  results (律师法 §6, §18), one handling step of the registrar closed by the province's result.
"""

from apps.workflow.models import Task
from apps.workflow.processes import ChainStep, Process, Step, register

COMPLAINT_PROCESS = "lawyers.complaint"
RECOMMENDATION_PROCESS = "lawyers.recommendation"
LICENCE_PROCESS = "lawyers.licence"
EXTENSION_PROCESS = "lawyers.extension"
ASSIGN_STEP, HANDLE_STEP = "assign", "handle"
APPROVE_CHAIN = "approve"
SEND_STEP, RESULT_STEP = "send", "result"


def complaint_handler(case):
    complaint = case.lawyer_complaint
    return [complaint.handler] if complaint.handler_id else []


@register
class ComplaintProcess(Process):
    code = COMPLAINT_PROCESS
    label = "律师及法律服务投诉"
    steps = [
        Step(
            ASSIGN_STEP,
            "分办：科室负责人",
            kind=Task.Kind.HANDLE,
            role="section_chief",
            time_limit_days=2,
            finished_by_own_form=True,
            done_label="分办",
        ),
        Step(HANDLE_STEP, "受理、调查与答复", kind=Task.Kind.HANDLE, role="process:handler", finished_by_own_form=True),
    ]
    resolvers = {"handler": complaint_handler}
    detail_template = "lawyers/includes/_complaint.html"
    domain_attr = "lawyer_complaint"
    statutory = "投诉须依法调查处理并答复投诉人，不能“不同意”终止；请写明意见后退回。"
    own_clocks = True

    def page_forms(self, case, user):
        from .forms import complaint_page_forms

        return complaint_page_forms(case, user)

    def print_fields(self, case):
        c = case.lawyer_complaint
        return [
            ("被投诉人", c.subject_text),
            ("投诉人", c.complainant),
            ("投诉方式", c.get_channel_display()),
            ("收到日期", f"{c.received_on:%Y-%m-%d}"),
            ("投诉事项", c.content),
            ("办理阶段", c.get_stage_display()),
        ]


@register
class RecommendationProcess(Process):
    code = RECOMMENDATION_PROCESS
    label = "处罚建议"
    steps = [
        ChainStep(APPROVE_CHAIN, "处罚建议审批"),
        Step(
            SEND_STEP,
            "报送上级司法行政机关",
            kind=Task.Kind.HANDLE,
            role="initiator",
            finished_by_own_form=True,
            done_label="报送",
        ),
        Step(RESULT_STEP, "登记上级处理结果", kind=Task.Kind.HANDLE, role="initiator", finished_by_own_form=True),
    ]
    detail_template = "lawyers/includes/_recommendation.html"
    domain_attr = "lawyer_recommendation"

    def page_forms(self, case, user):
        from .forms import recommendation_page_forms

        return recommendation_page_forms(case, user)

    def print_fields(self, case):
        r = case.lawyer_recommendation
        return [
            ("被投诉人", r.complaint.subject_text),
            ("违法事实", r.facts),
            ("法律依据", r.legal_basis),
            ("处罚建议", r.proposal),
            ("报送机关", r.recipient.name),
        ]


@register
class LicenceProcess(Process):
    code = LICENCE_PROCESS
    label = "律师执业许可材料转报"
    steps = [
        Step(HANDLE_STEP, "接收审查、转报与跟踪", kind=Task.Kind.HANDLE, role="initiator", finished_by_own_form=True)
    ]
    detail_template = "lawyers/includes/_licence.html"
    domain_attr = "lawyer_licence"
    statutory = "接收的执业许可申请材料须依法审查、告知补正或转报，不能撤回。"
    own_clocks = True

    def page_forms(self, case, user):
        from .forms import licence_page_forms

        return licence_page_forms(case, user)

    def print_fields(self, case):
        f = case.lawyer_licence
        return [
            ("申请事项", f.get_kind_display()),
            ("申请人", f.applicant),
            ("接收日期", f"{f.received_on:%Y-%m-%d}"),
            ("阶段", f.get_stage_display()),
        ]


@register
class ExtensionProcess(Process):
    code = EXTENSION_PROCESS
    label = "投诉办理期限延长"
    steps = [ChainStep(APPROVE_CHAIN, "延期审批")]
    detail_template = "lawyers/includes/_extension.html"
    domain_attr = "lawyer_extension"

    def on_close(self, case, actor):
        from .services import apply_extension

        apply_extension(case, actor)

    def print_fields(self, case):
        e = case.lawyer_extension
        return [
            ("投诉事项", e.complaint.case.title),
            ("申请时到期日", f"{e.due_before:%Y-%m-%d}"),
            ("申请延长", f"{e.days}日"),
            ("延期理由", e.reason),
        ]
