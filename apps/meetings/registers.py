"""会议登记簿 (/meetings/): the page's rows as Excel, through the one exporter."""

from apps.printing.exports import Column, Register
from apps.printing.registers import register

from .models import Kind


class Meetings(Register):
    name = "meetings"
    title = "会议登记簿"
    plain_filters = ("kind", "state", "year")

    def columns(self, params):
        return [
            Column("会议时间", 18, "datetime"),
            Column("会议类型", 16),
            Column("会议名称", 36),
            Column("地点", 16),
            Column("主持人", 10),
            Column("记录人", 10),
            Column("议题", 8, "integer"),
            Column("状态", 10),
            Column("当前环节", 14),
            Column("纪要期限", 12, "date"),
            Column("纪要印发", 18, "datetime"),
            Column("议定事项", 8, "integer"),
            Column("已转督办", 8, "integer"),
        ]

    def queryset(self, user, params):
        from .views import visible_meetings

        return visible_meetings(user, params)

    def row(self, m, params):
        case = m.case
        return [
            m.starts_at,
            m.get_kind_display(),
            case.title,
            m.place,
            m.chair.full_name,
            m.recorder.full_name,
            m.agenda_count,
            case.get_status_display(),
            case.current_step_label,
            case.due_date if m.held_at and not m.minutes_issued_at else None,
            m.minutes_issued_at,
            m.decision_count,
            m.supervised_count,
        ]

    def describe(self, params):
        from .filters import STATES

        described = []
        if params.get("kind"):
            described.append(("会议类型", Kind(params["kind"]).label))
        if params.get("state"):
            described.append(("状态", dict(STATES).get(params["state"], params["state"])))
        if params.get("year"):
            described.append(("年度", params["year"]))
        return described


MEETING_REGISTERS = (Meetings(),)

register(*MEETING_REGISTERS)
