"""年度考核公示 on the engine (seed 000 2.3): the party group decides the grades, then the result
is published for at least 5 working days (the clock appraisal-public-notice) before it is final."""

from apps.workflow.api import TransitionError
from apps.workflow.models import Task
from apps.workflow.processes import ChainStep, Process, Step, register

APPRAISAL_PROCESS = "hr.appraisal"
NOTICE = "notice"


@register
class AppraisalProcess(Process):
    code = APPRAISAL_PROCESS
    label = "年度考核"
    steps = [
        ChainStep("approval", "研究确定等次"),
        Step(NOTICE, "结果公示", kind=Task.Kind.HANDLE, role="initiator", finished_by_own_form=True),
    ]
    detail_template = "hr/includes/_appraisal_case.html"
    domain_attr = "appraisal_round"

    def check_complete(self, case, task, actor):
        from .services import notice_problem

        problem = notice_problem(case)
        if task.step == NOTICE and problem:
            raise TransitionError(problem)

    def on_close(self, case, actor):
        from .services import appraisal_final

        appraisal_final(case, actor)

    def page_forms(self, case, user):
        from ..forms import OnDateForm
        from .forms import NoticeResultForm

        return {
            "appraisal_notice_start": OnDateForm(label="公示开始日期", auto_id="id_notice_%s"),
            "appraisal_notice_finish": NoticeResultForm(),
        }
