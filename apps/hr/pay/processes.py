"""工资福利变动 on the engine (seed 000 1.13): the office records a change; the bureau's leaders
sign it (ApprovalRule rows of hr.pay, fixtures/hr_rules.json); the office reports it to the
organisation and human-resources departments and records their answer; an approved change is
handed to the finance section to pay and filed."""

from apps.workflow.models import Task
from apps.workflow.processes import ChainStep, Process, Step, register

PAY_PROCESS = "hr.pay"
EXTERNAL, HANDOVER = "external", "handover"


@register
class PayProcess(Process):
    code = PAY_PROCESS
    label = "工资福利变动"
    steps = [
        ChainStep("approval", "单位领导签字同意"),
        Step(EXTERNAL, "报组织、人社部门审批", kind=Task.Kind.HANDLE, role="initiator", finished_by_own_form=True),
        Step(HANDOVER, "转交财务兑现、归档", kind=Task.Kind.HANDLE, role="initiator", finished_by_own_form=True),
    ]
    detail_template = "hr/includes/_pay_change.html"
    domain_attr = "pay_change"

    def page_forms(self, case, user):
        from .forms import ExternalForm, HandoverForm

        return {
            "pay_external": ExternalForm(auto_id="id_external_%s"),
            "pay_handover": HandoverForm(auto_id="id_handover_%s"),
        }

    def print_fields(self, case):
        change = case.pay_change
        return [
            ("人　　员", change.person.full_name),
            ("项　　目", f"{change.get_kind_display()}：{change.item}"),
            ("变动金额", f"{change.old_amount} → {change.new_amount}（元/月）"),
            ("执行日期", f"{change.effective_from:%Y-%m-%d}"),
            ("依　　据", change.basis),
        ]
