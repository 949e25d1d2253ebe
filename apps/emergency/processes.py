"""突发事件 on the engine (seed 000 1.1.7 三 2–8): the office's handler holds the incident from
activation: 应急处置与信息报告 (the reports at the plan's interval; finished by the termination
form), then 善后处置与调查报告 (finished by the investigation report form). The clocks of the
reports are the app's Report rows (hours, not days), chased by the app's sweep pass."""

from django.utils import timezone

from apps.workflow.models import Task
from apps.workflow.processes import Process, Step, register

PROCESS = "emergency.incident"
RESPOND = "respond"
REVIEW = "review"


@register
class IncidentProcess(Process):
    code = PROCESS
    label = "突发事件应急处置"
    steps = [
        Step(RESPOND, "应急处置与信息报告", kind=Task.Kind.HANDLE, role="initiator", finished_by_own_form=True),
        Step(REVIEW, "善后处置与调查报告", kind=Task.Kind.HANDLE, role="initiator", finished_by_own_form=True),
    ]
    detail_template = "emergency/includes/_incident.html"
    domain_attr = "emergency_incident"
    own_clocks = True

    def page_forms(self, case, user):
        from .forms import incident_forms

        return incident_forms(case, user)

    def print_fields(self, case):
        i = case.emergency_incident
        return [
            ("事件级别", i.get_level_display()),
            ("发生时间", f"{timezone.localtime(i.occurred_at):%Y-%m-%d %H:%M}"),
            ("发生地点、单位", f"{i.place}，{i.unit}"),
            ("启动预案", i.plan.title),
            ("简要经过", i.summary),
            ("阶段", i.get_stage_display()),
        ]
