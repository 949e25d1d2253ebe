"""调研课题 on the engine (seed 000 1.6 三): 调研方案 to the division leader (chain
plan_approval), 调研与起草 by the handler, the report to the division leader and the director
(chain report_approval), 定稿报送存档 by the handler. Both chains are ApprovalRule rows."""

from apps.workflow.models import Task
from apps.workflow.processes import ChainStep, Process, Step, register

PROCESS = "research.topic"
PLAN_CHAIN = "plan_approval"
REPORT_CHAIN = "report_approval"
DRAFT = "draft"
ISSUE = "issue"


@register
class TopicProcess(Process):
    code = PROCESS
    label = "调研课题"
    steps = [
        ChainStep(PLAN_CHAIN, "调研方案审定"),
        Step(DRAFT, "开展调研、起草报告", kind=Task.Kind.HANDLE, role="initiator", finished_by_own_form=True),
        ChainStep(REPORT_CHAIN, "调研报告审阅"),
        Step(ISSUE, "定稿、报送存档", kind=Task.Kind.HANDLE, role="initiator", finished_by_own_form=True),
    ]
    detail_template = "research/includes/_topic.html"
    domain_attr = "research_topic"

    def page_forms(self, case, user):
        from .forms import topic_forms

        return topic_forms(case, user)

    def print_fields(self, case):
        t = case.research_topic
        return [
            ("调研题目", t.title),
            ("任务来源", t.get_source_display()),
            ("调研目的和重点内容", t.purpose),
            ("调研对象", t.objects_text),
            ("调研形式", t.method),
            ("参加人员", t.participants),
            ("完成时限", f"{t.due_date:%Y-%m-%d}"),
        ]
