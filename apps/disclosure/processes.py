"""政府信息公开 on the engine.

- 依申请公开 (disclosure.request): one handling step, 审查与答复, held by whoever registered the
  request (the engine's transfer hands it on). Clarity check, 补正, consultation, extension and
  the reply are the app's own stage-checked forms (services.py), which move the statutory clocks.
- 主动公开 (disclosure.proactive): 保密审查 by the section chief, approval by the division leader
  (the signed 审核表), then 发布 by the drafter through the app's publish form.
- 年度报告 (disclosure.report): one handling step, 编制与公布, closed by the publish form.
"""

from apps.workflow.models import Task
from apps.workflow.processes import Process, Step, register

REQUEST_PROCESS = "disclosure.request"
PROACTIVE_PROCESS = "disclosure.proactive"
REPORT_PROCESS = "disclosure.report"
HANDLE_STEP = "handle"
PUBLISH_STEP = "publish"


def _request_fields(case):
    r = case.disclosure_request
    return [
        ("申请人", r.applicant), ("申请人类型", r.applicant_kind_text), ("申请方式", r.get_channel_display()),
        ("收到日期", f"{r.received_on:%Y-%m-%d}"), ("所需信息", r.content), ("获取方式", r.get_reply_form_display()),
        ("办理阶段", r.get_stage_display()),
    ]


def _proactive_fields(case):
    item = case.proactive_item
    return [("信息名称", item.title), ("类别", item.category.name), ("形成或变更日期", f"{item.formed_on:%Y-%m-%d}"),
            ("内容概要", item.summary or "—")]


def _report_fields(case):
    return [("报告年度", f"{case.disclosure_report.year}年")]


def _refuse_generic_close(attr, done_check, message):
    def before_complete(case, task, actor):
        from apps.workflow.services import TransitionError

        if not done_check(getattr(case, attr)):
            raise TransitionError(message)

    return before_complete


def _request_forms(case, user):
    from .forms import page_forms

    return page_forms(case)


def _publish_forms(attr):
    def forms(case, user):
        from .forms import PublishForm

        record = getattr(case, attr)
        if record.published_on is not None or not case.is_open:
            return {}
        return {"disclosure_publish": PublishForm(item=record)}

    return forms


REQUEST = register(
    Process(
        code=REQUEST_PROCESS,
        label="政府信息公开申请",
        steps=[Step(HANDLE_STEP, "审查与答复", kind=Task.Kind.HANDLE, role="initiator")],
        detail_template="disclosure/includes/_request.html",
        domain_attr="disclosure_request",
        print_fields=_request_fields,
        before_complete=_refuse_generic_close(
            "disclosure_request", lambda r: not r.is_open, "政府信息公开申请须通过“答复”或“视为放弃”表单办结。"
        ),
        own_steps=(HANDLE_STEP,),
        own_clocks=True,
        fixed_route=True,
        page_forms=_request_forms,
    )
)

PROACTIVE = register(
    Process(
        code=PROACTIVE_PROCESS,
        label="主动公开信息",
        steps=[
            Step("secrecy", "保密审查：科室负责人", role="section_chief", time_limit_days=3),
            Step("approve", "审核：分管领导", role="division_leader", time_limit_days=3),
            Step(PUBLISH_STEP, "发布", kind=Task.Kind.HANDLE, role="initiator"),
        ],
        detail_template="disclosure/includes/_proactive.html",
        domain_attr="proactive_item",
        print_fields=_proactive_fields,
        before_complete=_refuse_generic_close(
            "proactive_item", lambda i: i.published_on is not None, "主动公开信息须通过“登记发布”表单办结（填写公开日期和栏目）。"
        ),
        own_steps=(PUBLISH_STEP,),
        own_clocks=True,
        fixed_route=True,
        page_forms=_publish_forms("proactive_item"),
    )
)

REPORT = register(
    Process(
        code=REPORT_PROCESS,
        label="政府信息公开工作年度报告",
        steps=[Step(HANDLE_STEP, "编制与公布", kind=Task.Kind.HANDLE, role="initiator")],
        detail_template="disclosure/includes/_report.html",
        domain_attr="disclosure_report",
        print_fields=_report_fields,
        before_complete=_refuse_generic_close(
            "disclosure_report", lambda r: r.published_on is not None, "年度报告须通过“登记公布”表单办结。"
        ),
        own_steps=(HANDLE_STEP,),
        own_clocks=True,
        fixed_route=True,
        page_forms=_publish_forms("disclosure_report"),
    )
)
