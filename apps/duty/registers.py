"""值班日志 (/duty/log/): the page's rows as Excel, through the one exporter."""

from apps.printing.exports import Column, Register
from apps.printing.registers import register

from .models import LogEntry, Source


class DutyLog(Register):
    name = "duty_log"
    title = "值班日志"
    plain_filters = ("source", "status", "start", "end")

    def columns(self, params):
        return [
            Column("时间", 18, "datetime"),
            Column("来源", 10),
            Column("来电/来访单位", 18),
            Column("内容", 40),
            Column("处理情况", 36),
            Column("转交科室", 16),
            Column("记录人", 10),
            Column("状态", 8),
            Column("办结时间", 18, "datetime"),
        ]

    def queryset(self, user, params):
        from .views import visible_entries

        return visible_entries(user, params)

    def row(self, e, params):
        return [
            e.at,
            e.get_source_display(),
            e.counterpart,
            e.content,
            e.handling,
            e.forwarded_to.name if e.forwarded_to else "",
            e.recorded_by.full_name,
            e.get_status_display(),
            e.closed_at,
        ]

    def describe(self, params):
        described = []
        if params.get("source"):
            described.append(("来源", Source(params["source"]).label))
        if params.get("status"):
            described.append(("状态", LogEntry.Status(params["status"]).label))
        for key, label in (("start", "起始日期"), ("end", "结束日期")):
            if params.get(key):
                described.append((label, params[key]))
        return described


DUTY_REGISTERS = (DutyLog(),)

register(*DUTY_REGISTERS)
