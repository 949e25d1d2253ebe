"""转交科室 on the engine: the note goes to the chosen section's chief as a 待办 (签收转交事项);
completing it with a few words is the acknowledgment. Its due date (接待设置, working days) is
swept like any other step: reminded, then escalated to the division leader."""

from dataclasses import replace

from django.utils import timezone

from apps.workflow.models import Task
from apps.workflow.processes import Process, Step, register

HANDOFF = "reception.handoff"


@register
class HandoffProcess(Process):
    code = HANDOFF
    label = "来访来电转交"
    steps = [Step("ack", "签收转交事项", kind=Task.Kind.HANDLE, role="section_chief")]
    detail_template = "reception/includes/_handoff.html"
    domain_attr = "reception_contact"

    def route_step(self, case, step):
        from .models import ReceptionPolicy

        return replace(step, time_limit_days=ReceptionPolicy.current().ack_days)

    def print_fields(self, case):
        c = case.reception_contact
        return [
            ("方式", c.get_kind_display()),
            ("时间", f"{timezone.localtime(c.occurred_at):%Y-%m-%d %H:%M}"),
            ("姓名", c.name),
            ("人数", str(c.headcount)),
            ("反映事项", c.summary),
            ("转交说明", c.note),
            ("首问责任人", c.first_responder.full_name),
        ]
