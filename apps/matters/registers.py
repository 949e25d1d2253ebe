"""The 事项审批 list's Excel export (discovered by the printing app, see apps/printing/registers.py)."""

from apps.printing.exports import Column, Register
from apps.printing.registers import common_filters, register


class GeneralRequests(Register):
    """事项审批 list (/matters/)."""

    name = "general_requests"
    title = "事项审批台账"
    plain_filters = ("section", "due_before", "sort")

    def columns(self, params):
        return [
            Column("标题", 44),
            Column("科室", 18),
            Column("发起人", 10),
            Column("金额（元）", 14, "money"),
            Column("状态", 10),
            Column("当前环节", 16),
            Column("当前办理人", 16),
            Column("期限", 12, "date"),
            Column("创建时间", 17, "datetime"),
        ]

    def queryset(self, user, params):
        from .views import visible_requests  # imported when used: start-up need not load the page stack

        return visible_requests(user, params)

    def row(self, r, params):
        case = r.case
        return [
            case.title,
            case.section.name,
            case.initiator.full_name,
            r.amount,
            case.get_status_display(),
            case.current_step_label,
            case.current_assignees,
            case.due_date,
            case.created_at,
        ]

    def describe(self, params):
        return common_filters(params)


register(GeneralRequests())
