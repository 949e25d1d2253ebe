"""信访 on the engine: 呈阅 to the office chief and the division leader, then the handling step
(转送 to the responsible section is the engine's transfer of that step). Acceptance, extension
and the answer are recorded through the petitions app's own forms (services.py), which stop and
start the statutory clocks; a 复查 case has the handling step only.
"""

from dataclasses import replace

from apps.workflow.models import Task
from apps.workflow.processes import Process, Step, register

PROCESS = "petitions.petition"
HANDLE_STEP = "handle"


@register
class PetitionProcess(Process):
    code = PROCESS
    label = "信访事项"
    steps = [
        Step("chief", "呈阅：办公室主任", role="office_chief", time_limit_days=2),
        Step("leader", "呈阅：分管领导", role="division_leader", time_limit_days=2),
        # Closed only by the 受理决定 / 异议 / 处理意见 / 复查意见 forms (services.py).
        Step(HANDLE_STEP, "受理与办理", kind=Task.Kind.HANDLE, role="initiator", finished_by_own_form=True),
    ]
    detail_template = "petitions/includes/_petition.html"
    domain_attr = "petition"
    # A registered petition is answered in writing (受理、不予受理 or 处理意见) through the app's
    # forms; a reader of the 呈阅 cannot end it with 不同意, nor the registrar withdraw it.
    statutory = "信访事项须依法作出受理决定并书面答复，呈阅不同意的，请写明意见后“退回”或转送承办科室。"
    # Extension needs the head's approval and a 延期告知书 with the reason: only through the
    # petition's own form, never the generic clock card.
    own_clocks = True

    def route_step(self, case, step):
        if not case.petition.review_of_id:
            return step
        # A 复查 is handled directly, without a new 呈阅.
        return replace(step, label="复查办理") if step.code == HANDLE_STEP else None

    def print_fields(self, case):
        p = case.petition
        return [
            ("来源渠道", p.get_channel_display()),
            ("收到日期", f"{p.received_on:%Y-%m-%d}"),
            ("信访人", p.petitioner),
            ("人数", str(p.headcount)),
            ("诉求摘要", p.demands),
            ("办理阶段", p.get_stage_display()),
        ]

    def page_forms(self, case, user):
        from . import forms

        return {
            "petition_decide": forms.DecideForm(),
            "petition_object": forms.ObjectionForm(),
            "petition_extend": forms.ExtendForm(),
            "petition_answer": forms.AnswerForm(),
            "petition_review_request": forms.ReviewRequestForm(),
            "petition_review_accept": forms.ReviewAcceptForm(),
            "petition_review_opinion": forms.ReviewOpinionForm(),
            "petition_upper_refer": forms.UpperReferForm(),
            "petition_upper_result": forms.UpperResultForm(),
        }
