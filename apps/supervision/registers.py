"""督办事项登记簿 (/supervision/): the page's rows as Excel, through the one exporter."""

from apps.printing.exports import Column, Register
from apps.printing.registers import register

from .filters import STATES
from .models import Source


class SupervisedItems(Register):
    name = "supervision_items"
    title = "督办事项登记簿"
    plain_filters = ("source", "section", "state")

    def columns(self, params):
        return [
            Column("编号", 16),
            Column("登记日期", 12, "date"),
            Column("事项", 40),
            Column("来源", 16),
            Column("牵头科室", 16),
            Column("协办科室", 24),
            Column("办理期限", 12, "date"),
            Column("状态", 10),
            Column("当前环节", 14),
            Column("进展反馈", 8, "integer"),
            Column("办结日期", 12, "date"),
        ]

    def queryset(self, user, params):
        from .views import visible_items

        return visible_items(user, params)

    def row(self, item, params):
        case = item.case
        return [
            case.number,
            item.started_on,
            case.title,
            item.get_source_display(),
            item.lead_section.name,
            "、".join(s.name for s in item.co_sections.all()),
            case.due_date,
            case.get_status_display(),
            case.current_step_label,
            item.report_count,
            item.completed_on,
        ]

    def describe(self, params):
        described = []
        if params.get("source"):
            described.append(("来源", Source(params["source"]).label))
        if params.get("state"):
            described.append(("状态", dict(STATES).get(params["state"])))
        return described


SUPERVISION_REGISTERS = (SupervisedItems(),)

register(*SUPERVISION_REGISTERS)
