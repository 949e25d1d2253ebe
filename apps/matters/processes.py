from apps.workflow.models import Task
from apps.workflow.processes import ChainStep, Process, Step, register

PROCESS_CODE = "matters.general"


@register
class GeneralRequestProcess(Process):
    code = PROCESS_CODE
    label = "事项审批"
    steps = [
        # The drafter's chief checks first (rule rows of chain "review"), then the sections the
        # drafter named countersign in parallel, then the leaders (rule rows of "approval").
        ChainStep("review", "科室审核"),
        Step("countersign", "科室会签", kind=Task.Kind.COUNTERSIGN, role="countersign_sections", time_limit_days=3),
        ChainStep("approval", "领导审批"),
        Step("execute", "落实办结", kind=Task.Kind.HANDLE, role="initiator"),
    ]
    detail_template = "matters/includes/_general_request.html"
    domain_attr = "general_request"
    edit_url_name = "matters:edit"

    def facts(self, case):
        return {"amount": case.general_request.amount}

    def countersign_sections(self, case):
        return case.general_request.countersign_sections.exclude(pk=case.section_id).order_by("order")

    def print_fields(self, case):
        request = case.general_request
        fields = [
            ("事项内容", request.body),
            ("涉及金额", f"{request.amount} 元" if request.amount is not None else "不涉及"),
        ]
        sections = "、".join(s.name for s in request.countersign_sections.all())
        if sections:
            fields.append(("会签科室", sections))
        return fields


GENERAL_REQUEST = GeneralRequestProcess
