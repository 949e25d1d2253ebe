from apps.workflow.models import Task
from apps.workflow.processes import Process, Step, register

PROCESS_CODE = "tests.visitor"


@register
class VisitorProcess(Process):
    code = PROCESS_CODE
    label = "来访登记"
    steps = [
        Step("review", "科室审核", role="section_chief"),
        Step("handle", "办理答复", kind=Task.Kind.HANDLE, role="initiator"),
    ]
    detail_template = "privacy_app/_visitor.html"
    domain_attr = "visitor_record"

    def print_fields(self, case):
        visitor = case.visitor_record
        return [
            ("来访人", visitor.name),
            ("身份证号码", visitor.id_number),
            ("联系电话", visitor.phone),
            ("住址", visitor.address),
        ]


VISITOR = VisitorProcess
