"""信息化项目 on the engine (seed 000 1.8 三): the approval chain from ApprovalRule rows
(办公室主任审核 → 分管领导批示 → 主要领导审批 when the budget reaches the row's threshold, seed 002
财务管理制度: 5,000 元以上支出经局班子集体研究), then 审查采购 and 建设与验收 by the handler."""

from apps.workflow.models import Task
from apps.workflow.processes import ChainStep, Process, Step, register

PROCESS = "it.project"
CHAIN = "approval"
PROCURE = "procure"
ACCEPT = "accept"


@register
class ProjectProcess(Process):
    code = PROCESS
    label = "信息化项目"
    steps = [
        ChainStep(CHAIN, "立项审批"),
        Step(PROCURE, "技术与经费审查、采购", kind=Task.Kind.HANDLE, role="initiator", finished_by_own_form=True),
        Step(ACCEPT, "项目建设与验收", kind=Task.Kind.HANDLE, role="initiator", finished_by_own_form=True),
    ]
    detail_template = "it_projects/includes/_project.html"
    domain_attr = "it_project"

    def facts(self, case):
        return {"amount": case.it_project.budget}

    def page_forms(self, case, user):
        from .forms import project_forms

        return project_forms(case, user)

    def print_fields(self, case):
        p = case.it_project
        return [
            ("项目名称", p.title),
            ("任务来源", p.get_source_display()),
            ("使用科室", p.user_section.name),
            ("建设需求", p.need),
            ("建设方案", p.plan),
            ("经费预算（元）", f"{p.budget:,.2f}"),
        ]
