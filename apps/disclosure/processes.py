"""政府信息公开 on the engine.

- 依申请公开 (disclosure.request), as the office's 岗位规范 (seed 000 信息公开) sets it out:
  初审 by whoever registered the request (clarity, the one-time 补正, then the numbered
  《依申请信息公开处理单》 with the 拟办意见 and the responsible section); 批示 by the office chief
  and the division leader (ApprovalRule rows of the chain "instruct"); 拟稿 by the responsible
  section's staff (the draft reply); 审核 of the draft by the division leader (chain "review":
  approve, or return to the drafter with the reason); 答复送达 by the office handler. The
  clock moves (补正, consultation, extension, the reply) are the app's own stage-checked forms
  (services.py); the chains are rule rows the system administrator may change.
- 主动公开 (disclosure.proactive): 保密审查 by the section chief, approval by the division leader
  (the signed 审核表), then 发布 by the drafter through the app's publish form.
- 年度报告 (disclosure.report): one handling step, 编制与公布, closed by the publish form.

Every handling step is finished only through the app's own forms (services.py); the statutory
clocks move only through them too (own_clocks).
"""

from apps.workflow.api import TransitionError, is_delegate_of
from apps.workflow.models import Task
from apps.workflow.processes import ChainStep, Process, Step, register

from .models import CHECK_STEP, DRAFT_STEP, ISSUE_STEP

REQUEST_PROCESS = "disclosure.request"
PROACTIVE_PROCESS = "disclosure.proactive"
REPORT_PROCESS = "disclosure.report"
HANDLE_STEP = CHECK_STEP
PUBLISH_STEP = "publish"
INSTRUCT_CHAIN = "instruct"
REVIEW_CHAIN = "review"
# A registered item must be published (主动公开 §26, 年度报告 §49): not withdrawn, not sent back to
# its registrar, not ended with 不同意.
MUST_PUBLISH = "该事项须依法办理并答复，不能“不同意”终止；请写明意见后退回。"


def drafters(case):
    """The responsible section's staff named in the 处理单; once a draft has been written (and
    returned by the reviewer), its drafter alone."""
    from django.contrib.auth import get_user_model

    r = case.disclosure_request
    if r.responsible_section_id is None:
        return []
    staff = (
        get_user_model()
        .objects.filter(section_id=r.responsible_section_id, is_active=True, admin_role="")
        .order_by("-rank", "id")
    )
    if r.drafted_by_id and staff.filter(pk=r.drafted_by_id).exists():
        return [r.drafted_by]
    return list(staff)


def office_handler(case):
    """Who issued the 处理单 serves the reply (the office keeps the applicant's file)."""
    r = case.disclosure_request
    return [r.sheet_by] if r.sheet_by_id else [case.initiator]


@register
class RequestProcess(Process):
    code = REQUEST_PROCESS
    label = "政府信息公开申请"
    steps = [
        # 处理单 (issue_sheet) or 视为放弃 (abandon).
        Step(HANDLE_STEP, "登记初审（处理单）", kind=Task.Kind.HANDLE, role="initiator", finished_by_own_form=True),
        ChainStep(INSTRUCT_CHAIN, "处理单批示"),
        # 答复意见稿 (draft_reply).
        Step(DRAFT_STEP, "责任科室办理拟稿", kind=Task.Kind.HANDLE, role="process:drafters", finished_by_own_form=True),
        ChainStep(REVIEW_CHAIN, "答复意见稿审核"),
        # 答复送达 (reply).
        Step(ISSUE_STEP, "答复送达", kind=Task.Kind.HANDLE, role="process:office", finished_by_own_form=True),
    ]
    resolvers = {"drafters": drafters, "office": office_handler}
    detail_template = "disclosure/includes/_request.html"
    domain_attr = "disclosure_request"
    statutory = "政府信息公开申请必须依法答复，批示或审核不同意的，请写明意见后“退回”重新办理。"
    own_clocks = True

    def may_manage_clocks(self, case, user):
        """The office handler (who issued the 处理单) moves the request's clocks at every step; the
        app's own forms decide which move is allowed when (models.MOVES)."""
        sheet_by = case.disclosure_request.sheet_by_id
        return sheet_by is not None and (user.pk == sheet_by or is_delegate_of(user, sheet_by))

    def page_forms(self, case, user):
        from .forms import page_forms

        return page_forms(case, user)

    def print_fields(self, case):
        r = case.disclosure_request
        return [
            ("申请人", r.applicant),
            ("申请人类型", r.applicant_kind_text),
            ("申请方式", r.get_channel_display()),
            ("收到日期", f"{r.received_on:%Y-%m-%d}"),
            ("所需信息", r.content),
            ("获取方式", r.get_reply_form_display()),
            ("办理阶段", r.stage_text),
        ]


class PublishedProcess(Process):
    """An item closed by its publish form (发布 / 公布), which records where and when."""

    statutory = MUST_PUBLISH
    own_clocks = True
    not_published = ""  # the refusal of the generic 办结 while nothing is recorded

    def check_complete(self, case, task, actor):
        if self.domain(case).published_on is None:
            raise TransitionError(self.not_published)

    def page_forms(self, case, user):
        from .forms import PublishForm

        record = self.domain(case)
        if record.published_on is not None or not case.is_open:
            return {}
        return {"disclosure_publish": PublishForm(item=record)}


@register
class ProactiveProcess(PublishedProcess):
    code = PROACTIVE_PROCESS
    label = "主动公开信息"
    steps = [
        Step("secrecy", "保密审查：科室负责人", role="section_chief", time_limit_days=3),
        Step("approve", "审核：分管领导", role="division_leader", time_limit_days=3),
        Step(PUBLISH_STEP, "发布", kind=Task.Kind.HANDLE, role="initiator", finished_by_own_form=True),
    ]
    detail_template = "disclosure/includes/_proactive.html"
    domain_attr = "proactive_item"
    not_published = "主动公开信息须通过“登记发布”表单办结（填写公开日期和栏目）。"

    def print_fields(self, case):
        item = case.proactive_item
        return [
            ("信息名称", item.title),
            ("类别", item.category.name),
            ("形成或变更日期", f"{item.formed_on:%Y-%m-%d}"),
            ("内容概要", item.summary or "—"),
        ]


@register
class ReportProcess(PublishedProcess):
    code = REPORT_PROCESS
    label = "政府信息公开工作年度报告"
    steps = [Step(HANDLE_STEP, "编制与公布", kind=Task.Kind.HANDLE, role="initiator", finished_by_own_form=True)]
    detail_template = "disclosure/includes/_report.html"
    domain_attr = "disclosure_report"
    not_published = "年度报告须通过“登记公布”表单办结。"

    def print_fields(self, case):
        return [("报告年度", f"{case.disclosure_report.year}年")]
