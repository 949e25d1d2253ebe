"""The procedures of 职责手册 3.5, 3.6, 3.8 and the 法治政府建设 annual report on the engine.

Every handling step after the approval chain is finished only through the app's own forms
(services.py), which record what the step produced (the feedback, the 文号, the tasks ...). The
approval chains are ApprovalRule rows (fixtures/rule_of_law_rules.json) the administrator may
change: 3.5 初审 by the section chief and 审定 by the director (seed: 局长主持研究审定); 3.6 初审 by
the section chief, 审阅 by the division leader, 审定 by the director; 3.8 the section chief and the
division leader; the annual report the section chief, the division leader and the director.
"""

from apps.workflow.api import TransitionError
from apps.workflow.models import Task
from apps.workflow.processes import ChainStep, Process, Step, register

from .models import ASSESSMENT_PROCESS, MODEL_UNIT_PROCESS, PLAN_PROCESS, REPORT_PROCESS

H = Task.Kind.HANDLE


def own(code, label):
    return Step(code, label, kind=H, role="initiator", finished_by_own_form=True)


class OwnFormsProcess(Process):
    def page_forms(self, case, user):
        from .forms import page_forms

        return page_forms(case, user)


@register
class PlanProcess(OwnFormsProcess):
    code = PLAN_PROCESS
    label = "普法规划"
    steps = [
        ChainStep("approval", "初审、审定"),
        own("consult", "征求意见"),
        own("countersign", "会签审议"),
        own("issue", "印发"),
        own("implement", "组织实施"),
        own("review", "检查总结"),
    ]
    detail_template = "rule_of_law/includes/_plan.html"
    domain_attr = "rol_plan"
    edit_url_name = "rule_of_law:plan_edit"

    def check_submittable(self, case):
        plan = case.rol_plan
        if not plan.outline.strip():
            raise TransitionError("请先写明规划提纲及主要内容。")

    def print_fields(self, case):
        p = case.rol_plan
        return [("类别", p.get_kind_display()), ("规划期", p.years), ("主要内容", p.outline)]


@register
class AssessmentProcess(OwnFormsProcess):
    code = ASSESSMENT_PROCESS
    label = "“谁执法谁普法”普法责任制考核"
    steps = [
        own("collect", "收集责任清单和年度报告"),
        own("score", "评分排名"),
        ChainStep("approval", "考核结果审定"),
        own("publish", "印发考核结果通报"),
    ]
    detail_template = "rule_of_law/includes/_assessment.html"
    domain_attr = "rol_assessment"

    def print_fields(self, case):
        a = case.rol_assessment
        return [("考核年度", f"{a.year}年"), ("报送截止", f"{a.reports_due:%Y-%m-%d}")]


@register
class ModelUnitProcess(OwnFormsProcess):
    code = MODEL_UNIT_PROCESS
    label = "法治创建示范单位申报"
    steps = [own("check", "审核与实地核查"), ChainStep("approval", "审核意见审批"), own("decide", "命名决定")]
    detail_template = "rule_of_law/includes/_application.html"
    domain_attr = "rol_application"

    def print_fields(self, case):
        a = case.rol_application
        return [
            ("创建活动", a.campaign.title),
            ("申报单位", a.unit.name),
            ("创建对象", a.candidate),
            ("考评得分", str(a.check_score or "—")),
            ("审核意见", a.check_opinion),
        ]


@register
class AnnualReportProcess(OwnFormsProcess):
    code = REPORT_PROCESS
    label = "法治政府建设年度报告"
    steps = [
        Step("draft", "起草年度报告", kind=H, role="initiator", done_label="起草完成"),
        ChainStep("approval", "审核、审定"),
        own("report", "报送与公开"),
    ]
    detail_template = "rule_of_law/includes/_report.html"
    domain_attr = "rol_annual_report"

    def print_fields(self, case):
        return [("报告年度", f"{case.rol_annual_report.year}年")]
