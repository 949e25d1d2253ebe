"""因私出国（境） on the engine (seed 000 2.4): approval, then the passport keeper hands the document
out, the traveller reports back and hands it in within 10 days, the keeper puts it back."""

from apps.workflow.api import TransitionError
from apps.workflow.models import Task
from apps.workflow.processes import ChainStep, Process, Step, register

PASSPORT_PROCESS = "hr.passport"
KEEPER_ROLE = "position:passport_keeper"
HANDOUT, RETURN, COLLECT = "handout", "return", "collect"


@register
class PassportProcess(Process):
    code = PASSPORT_PROCESS
    label = "因私出国（境）"
    # The handling steps are finished through the passport forms, which record what happened.
    steps = [
        ChainStep("approval", "出国（境）审批"),
        Step(HANDOUT, "发放证件", kind=Task.Kind.HANDLE, role=KEEPER_ROLE, finished_by_own_form=True),
        Step(RETURN, "回国报告、交回证件", kind=Task.Kind.HANDLE, role="initiator", finished_by_own_form=True),
        Step(COLLECT, "收回证件", kind=Task.Kind.HANDLE, role=KEEPER_ROLE, finished_by_own_form=True),
    ]
    detail_template = "hr/includes/_passport_trip.html"
    domain_attr = "passport_trip"

    def check_complete(self, case, task, actor):
        from .services import step_done_problem

        problem = step_done_problem(case, task)
        if problem:
            raise TransitionError(problem)

    def on_submit(self, case, actor):
        from .services import passport_submitted

        passport_submitted(case, actor)

    def on_close(self, case, actor):
        from .services import passport_back_in_cabinet

        passport_back_in_cabinet(case, actor)

    def page_forms(self, case, user):
        from django.utils import timezone

        from ..forms import OnDateForm
        from .forms import ReturnReportForm

        return {
            "trip_handout": OnDateForm(label="发放日期", auto_id="id_handout_%s"),
            "trip_return": ReturnReportForm(auto_id="id_return_%s", initial={"returned_on": timezone.localdate()}),
            "trip_collect": OnDateForm(label="收回日期", auto_id="id_collect_%s"),
        }

    def print_fields(self, case):
        trip = case.passport_trip
        return [
            ("证　　件", str(trip.passport)),
            ("前往国家（地区）", trip.destination),
            ("出行时间", f"{trip.depart_on:%Y-%m-%d} 至 {trip.return_on:%Y-%m-%d}"),
            ("事　　由", trip.purpose),
        ]
