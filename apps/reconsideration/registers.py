"""行政复议案件登记簿, 被申请答复登记簿, 行政应诉案件登记簿: the list pages' Excel exports
(personal data masked as on the pages)."""

from apps.printing.exports import Column, Register
from apps.printing.registers import register


def _masked(value):
    return value.masked if value else ""


class ReconCases(Register):
    name = "recon_cases"
    title = "行政复议案件登记簿"
    plain_filters = ("stage", "track", "act_type", "year")

    def columns(self, params):
        return [
            Column("编号", 8),
            Column("收到日期", 12, "date"),
            Column("申请人", 16),
            Column("联系电话", 16),
            Column("申请方式", 14),
            Column("被申请人", 22),
            Column("行为类别", 14),
            Column("被申请复议的行政行为", 40),
            Column("程序", 10),
            Column("受理日期", 12, "date"),
            Column("阶段", 20),
            Column("决定期限", 12, "date"),
            Column("决定类型", 24),
            Column("决定日期", 12, "date"),
            Column("送达日期", 12, "date"),
            Column("承办人", 18),
        ]

    def queryset(self, user, params):
        from .views import visible_cases

        return visible_cases(user, params)

    def row(self, r, params):
        clock = r.decision_clock
        return [
            r.case_id,
            r.received_on,
            r.applicant,
            _masked(r.phone),
            r.get_channel_display(),
            r.respondent.name,
            r.get_act_type_display(),
            r.act,
            r.get_track_display(),
            r.accepted_on,
            r.get_stage_display(),
            clock.due_date if clock else None,
            r.get_decision_type_display(),
            r.decided_on,
            r.served_on,
            f"{r.case.initiator.full_name}、{r.handler2.full_name}",
        ]

    def describe(self, params):
        return [(k, v) for k, v in params.items() if v]


class ReconAnswers(Register):
    name = "recon_answers"
    title = "行政复议答复登记簿（本局为被申请人）"
    plain_filters = ("year",)

    def columns(self, params):
        return [
            Column("编号", 8),
            Column("收到副本", 12, "date"),
            Column("复议机关", 20),
            Column("申请人", 16),
            Column("行政行为", 40),
            Column("承办科室", 16),
            Column("答复期限", 12, "date"),
            Column("提交答复", 12, "date"),
            Column("复议结果", 24),
        ]

    def queryset(self, user, params):
        from .views import visible_answers

        return visible_answers(user, params)

    def row(self, r, params):
        clock = r.answer_clock
        return [
            r.case_id,
            r.copy_received_on,
            r.body.name,
            r.applicant,
            r.act,
            r.acting_section.name,
            clock.due_date if clock else None,
            r.filed_on,
            r.get_result_display(),
        ]

    def describe(self, params):
        return [(k, v) for k, v in params.items() if v]


class Lawsuits(Register):
    name = "recon_lawsuits"
    title = "行政应诉案件登记簿"
    plain_filters = ("stage", "year")

    def columns(self, params):
        return [
            Column("编号", 8),
            Column("法院", 18),
            Column("案号", 22),
            Column("原告", 16),
            Column("被告", 16),
            Column("被诉行为", 36),
            Column("收到起诉状副本", 14, "date"),
            Column("答辩期限", 12, "date"),
            Column("提交答辩", 12, "date"),
            Column("阶段", 16),
            Column("一审结果", 20),
            Column("上诉", 8),
            Column("最终结果", 20),
        ]

    def queryset(self, user, params):
        from .views import visible_lawsuits

        return visible_lawsuits(user, params)

    def row(self, r, params):
        clock = r.defence_clock
        appeal = "" if r.appeal is None else ("是" if r.appeal else "否")
        return [
            r.case_id,
            r.court.name,
            r.court_case_no,
            r.plaintiff,
            r.get_defendant_display(),
            r.act,
            r.served_on,
            clock.due_date if clock else None,
            r.filed_on,
            r.get_stage_display(),
            r.get_judgment_result_display(),
            appeal,
            r.get_final_result_display(),
        ]

    def describe(self, params):
        return [(k, v) for k, v in params.items() if v]


RECON_REGISTERS = [ReconCases(), ReconAnswers(), Lawsuits()]

register(*RECON_REGISTERS)
