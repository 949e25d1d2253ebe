"""The app's Excel registers (台账): the same rows as the list pages (views.*_rows)."""

from apps.printing.exports import Column, Register
from apps.printing.registers import register


class _Register(Register):
    plain_filters = ("year", "state")
    rows_fn = ""

    def queryset(self, user, params):
        from . import views

        return getattr(views, self.rows_fn)(user, params)

    def describe(self, params):
        return [("年度", f"{params['year']}年")] if params.get("year") else []


class Plans(_Register):
    name = "rule_of_law_plans"
    title = "普法规划台账"
    rows_fn = "plan_rows"

    def columns(self, params):
        return [
            Column("编号", 8),
            Column("类别", 14),
            Column("规划名称", 40),
            Column("规划期", 12),
            Column("阶段", 14),
            Column("文号", 22),
            Column("印发日期", 12, "date"),
            Column("任务数", 8, "integer"),
        ]

    def row(self, p, params):
        return [p.case_id, p.get_kind_display(), p.title, p.years, p.stage, p.doc_number, p.issued_on, p.n_tasks]


class PlanTasks(_Register):
    name = "rule_of_law_plan_tasks"
    title = "普法规划任务分解台账"
    rows_fn = "task_rows"

    def columns(self, params):
        return [
            Column("规划", 36),
            Column("责任单位", 22),
            Column("任务内容", 50),
            Column("跟踪责任人", 10),
            Column("单位联系人", 10),
            Column("完成期限", 12, "date"),
            Column("完成日期", 12, "date"),
            Column("完成情况", 40),
        ]

    def row(self, t, params):
        return [
            t.plan.title,
            t.unit.name,
            t.content,
            t.owner.full_name,
            t.contact,
            t.due_on,
            t.done_on,
            t.result or ("已超期" if t.overdue else ""),
        ]


class DutyReports(_Register):
    name = "rule_of_law_duty_reports"
    title = "“谁执法谁普法”年度报告评分台账"
    rows_fn = "duty_report_rows"

    def columns(self, params):
        return [
            Column("年度", 8, "integer"),
            Column("单位", 24),
            Column("报送日期", 12, "date"),
            Column("逾期报送", 8),
            Column("得分", 8),
            Column("等次", 8),
            Column("评分说明", 40),
        ]

    def row(self, r, params):
        return [r.assessment.year, r.unit.name, r.received_on, "是" if r.late else "", r.score, r.grade, r.remarks]


class Sessions(_Register):
    name = "rule_of_law_sessions"
    title = "领导干部学法登记簿"
    rows_fn = "session_rows"

    def columns(self, params):
        return [
            Column("日期", 12, "date"),
            Column("学习主题", 40),
            Column("形式", 24),
            Column("组织单位", 20),
            Column("主讲人", 12),
            Column("学时", 8),
            Column("出席", 8, "integer"),
            Column("请假", 8, "integer"),
            Column("缺席", 8, "integer"),
        ]

    def row(self, s, params):
        return [
            s.held_on,
            s.title,
            s.get_kind_display(),
            s.organiser.name if s.organiser_id else "",
            s.speaker,
            s.hours,
            s.n_present,
            s.n_leave,
            s.n_absent,
        ]


class Scores(_Register):
    name = "rule_of_law_exam_scores"
    title = "领导干部学法考试成绩登记簿"
    rows_fn = "score_rows"

    def columns(self, params):
        return [
            Column("考试日期", 12, "date"),
            Column("考试名称", 36),
            Column("姓名", 10),
            Column("单位职务", 30),
            Column("成绩", 8),
            Column("结果", 8),
        ]

    def row(self, s, params):
        c = s.cadre
        return [
            s.exam.held_on,
            s.exam.title,
            c.name,
            (c.unit.name if c.unit_id else "") + c.post,
            None if s.absent else s.score,
            s.result,
        ]


class LawReports(_Register):
    name = "rule_of_law_law_reports"
    title = "领导干部述法登记簿"
    rows_fn = "law_report_rows"

    def columns(self, params):
        return [
            Column("年度", 8, "integer"),
            Column("述法人", 10),
            Column("单位职务", 30),
            Column("述法日期", 12, "date"),
            Column("方式", 12),
            Column("述法要点", 50),
            Column("评议结果", 8),
            Column("评议意见", 30),
        ]

    def row(self, r, params):
        c = r.cadre
        return [
            r.year,
            c.name,
            (c.unit.name if c.unit_id else "") + c.post,
            r.reported_on,
            r.get_form_display(),
            r.summary,
            r.get_rating_display() if r.rating else "",
            r.comments,
        ]


class Applications(_Register):
    name = "rule_of_law_applications"
    title = "法治创建示范单位申报及命名台账"
    rows_fn = "application_rows"

    def columns(self, params):
        return [
            Column("年度", 8, "integer"),
            Column("创建活动", 30),
            Column("申报单位", 20),
            Column("创建对象", 20),
            Column("申报日期", 12, "date"),
            Column("考评得分", 8),
            Column("结果", 12),
            Column("命名文号", 20),
            Column("决定日期", 12, "date"),
            Column("撤销命名", 12, "date"),
        ]

    def row(self, a, params):
        return [
            a.campaign.year,
            a.campaign.title,
            a.unit.name,
            a.candidate,
            a.applied_on,
            a.check_score,
            a.stage,
            a.decision_number,
            a.decided_on,
            a.revoked_on,
        ]


RULE_OF_LAW_REGISTERS = [Plans(), PlanTasks(), DutyReports(), Sessions(), Scores(), LawReports(), Applications()]

register(*RULE_OF_LAW_REGISTERS)
