"""信访 on the engine: 呈阅 to the office chief and the division leader, then the handling step
(转送 to the responsible section is the engine's transfer of that step). Acceptance, extension
and the answer are recorded through the petitions app's own forms (services.py), which stop and
start the statutory clocks; a 复查 case has the handling step only.
"""

from apps.workflow.models import Task
from apps.workflow.processes import Process, Step, register

PROCESS = "petitions.petition"
HANDLE_STEP = "handle"


class PetitionProcess(Process):
    def route_for(self, case):
        route = super().route_for(case)
        if case.petition.review_of_id:
            route = [step for step in route if step["code"] == HANDLE_STEP]
            route[0]["label"] = "复查办理"
        return route


def _fields(case):
    p = case.petition
    return [
        ("来源渠道", p.get_channel_display()), ("收到日期", f"{p.received_on:%Y-%m-%d}"), ("信访人", p.petitioner),
        ("人数", str(p.headcount)), ("诉求摘要", p.demands), ("办理阶段", p.get_stage_display()),
    ]


def _before_complete(case, task, actor):
    from apps.workflow.services import TransitionError

    from .models import Stage

    if case.petition.stage not in (Stage.NOT_ACCEPTED, Stage.OBJECTED, Stage.ANSWERED, Stage.REVIEWED):
        raise TransitionError("信访事项须通过“受理决定”“提出异议”“处理意见”或“复查意见”表单办结。")


def _page_forms(case, user):
    from . import forms

    return {
        "petition_decide": forms.DecideForm(), "petition_object": forms.ObjectionForm(), "petition_extend": forms.ExtendForm(),
        "petition_answer": forms.AnswerForm(), "petition_review_request": forms.ReviewRequestForm(),
        "petition_review_accept": forms.ReviewAcceptForm(), "petition_review_opinion": forms.ReviewOpinionForm(),
    }


PETITION = register(
    PetitionProcess(
        code=PROCESS,
        label="信访事项",
        steps=[
            Step("chief", "呈阅：办公室主任", role="office_chief", time_limit_days=2),
            Step("leader", "呈阅：分管领导", role="division_leader", time_limit_days=2),
            Step(HANDLE_STEP, "受理与办理", kind=Task.Kind.HANDLE, role="initiator"),
        ],
        detail_template="petitions/includes/_petition.html",
        domain_attr="petition",
        print_fields=_fields,
        before_complete=_before_complete,
        own_steps=(HANDLE_STEP,),
        # Extension needs the head's approval and a 延期告知书 with the reason: only through the
        # petition's own form, never the generic clock card.
        own_clocks=True,
        page_forms=_page_forms,
        # A registered petition is answered in writing (受理、不予受理 or 处理意见) through the
        # forms above; a reader of the 呈阅 cannot end it with 不同意, nor the registrar withdraw it.
        reject_refused="信访事项须依法作出受理决定并书面答复，呈阅不同意的，请写明意见后“退回”或转送承办科室。",
        fixed_route=True,
    )
)
