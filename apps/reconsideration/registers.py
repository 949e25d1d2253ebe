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


class _Rows(list):
    """Computed rows (a statistics table) where the exporter expects a QuerySet."""

    def count(self):
        return len(self)

    def iterator(self, chunk_size=None):
        return iter(self)


class ReconStats(Register):
    """行政复议、行政应诉月度/年度统计 (4.5): one table, a block per dimension."""

    name = "recon_stats"
    title = "行政复议应诉统计"
    plain_filters = ("year", "month")

    def allowed(self, user):
        from .models import section_scope

        return section_scope(user)

    def title_for(self, params):
        month = params.get("month")
        period = f"{params.get('year')}年{month}月" if month else f"{params.get('year')}年度"
        return f"行政复议应诉统计（{period}）"

    def columns(self, params):
        return [
            Column("统计项目", 22),
            Column("分类", 34),
            Column("件数", 10, "integer"),
            Column("已审结（已回复）", 14, "integer"),
            Column("纠错（纠正、采纳）", 14, "integer"),
            Column("纠错率（采纳率）", 14),
        ]

    def queryset(self, user, params):
        from .stats import figures

        f = figures(user, int(params["year"]), params.get("month"))
        rows = [
            ("行政复议总体", "收到申请", f["received"], None, None, ""),
            ("行政复议总体", "受理（含视为受理）", f["accepted"], None, None, ""),
            ("行政复议总体", "不予受理", f["rejected"], None, None, ""),
            ("行政复议总体", "视为放弃申请", f["withdrawn"], None, None, ""),
            ("行政复议总体", "尚未办结", f["open"], None, None, ""),
            ("行政复议总体", "审结", f["decided"], f["decided"], f["corrected"], f["correction_rate"]),
        ]
        rows += [("审结结果", label, n, None, None, "") for label, n in f["by_result"]]
        for block, key in (("被申请人", "by_respondent"), ("行政行为类别", "by_act"), ("审理程序", "by_track")):
            rows += [(block, label, n, done, fixed, r) for label, n, done, fixed, r in f[key]]
        rows.append(("规范性文件附带审查", "办理", f["reviews"], None, None, ""))
        rows.append(("规范性文件附带审查", "转送有权机关", f["reviews_forwarded"], None, None, ""))
        rows.append(("规范性文件附带审查", "认定不合法并责令纠正", f["reviews_unlawful"], None, None, ""))
        rows += [("意见书、建议书", label, n, replied, adopted, r) for label, n, replied, adopted, r in f["letters"]]
        rows.append(("本局为被申请人", "答复行政复议", f["answers"], None, None, ""))
        rows.append(("行政应诉", "收到起诉状副本", f["suits"], None, None, ""))
        rows.append(("行政应诉", "胜诉", f["suits_won"], None, None, ""))
        rows.append(("行政应诉", "败诉", f["suits_lost"], f["suits_judged"], None, f["loss_rate"]))
        rows += [("应诉结果", label, n, None, None, "") for label, n in f["by_suit_result"]]
        return _Rows(rows)

    def row(self, r, params):
        return list(r)

    def describe(self, params):
        return [("年度", params.get("year")), ("月份", params.get("month") or "全年")]


RECON_REGISTERS = [ReconCases(), ReconAnswers(), Lawsuits(), ReconStats()]

register(*RECON_REGISTERS)
