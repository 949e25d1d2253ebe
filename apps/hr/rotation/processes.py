"""干部职工交流轮岗 on the engine (seed 002 rule 15 五): 局党组集体讨论决定 (ApprovalRule rows of
hr.rotation), 谈话, 报区委政法委同意 (middle managers only), 任职公示, 备案; each handling step is
finished through its own form on the case page, which records what happened."""

from apps.workflow.models import Task
from apps.workflow.processes import ChainStep, Process, Step, register

ROTATION_PROCESS = "hr.rotation"
TALK, COMMITTEE, NOTICE, FILING = "talk", "committee", "notice", "filing"


@register
class RotationProcess(Process):
    code = ROTATION_PROCESS
    label = "交流轮岗"
    steps = [
        ChainStep("approval", "局党组集体讨论决定"),
        Step(TALK, "与交流干部谈话", kind=Task.Kind.HANDLE, role="initiator", finished_by_own_form=True),
        Step(COMMITTEE, "报区委政法委同意", kind=Task.Kind.HANDLE, role="initiator", finished_by_own_form=True),
        Step(NOTICE, "任职公示", kind=Task.Kind.HANDLE, role="initiator", finished_by_own_form=True),
        Step(FILING, "到岗与备案", kind=Task.Kind.HANDLE, role="initiator", finished_by_own_form=True),
    ]
    detail_template = "hr/includes/_rotation.html"
    domain_attr = "rotation"

    def route_step(self, case, step):
        # 中层骨干拟轮岗交流情况应报区委政法委同意并行文: for the others the step does not exist.
        if step.code == COMMITTEE and not case.rotation.middle_manager:
            return None
        return step

    def on_close(self, case, actor):
        from .services import rotation_done

        rotation_done(case, actor)

    def page_forms(self, case, user):
        from .forms import STEP_FORMS

        return {f"rotation_{code}": form(auto_id=f"id_{code}_%s") for code, form in STEP_FORMS.items()}

    def print_fields(self, case):
        r = case.rotation
        return [
            ("交流对象", r.person.full_name),
            ("交流原因", r.get_reason_display()),
            ("岗　　位", f"{r.from_post} → {r.to_post}"),
        ]
