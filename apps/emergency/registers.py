"""突发事件登记簿 (Excel): the incidents the user may see, with the reports' punctuality."""

from django.utils import timezone

from apps.printing.exports import Column, Register
from apps.printing.registers import register


def _t(value):
    return f"{timezone.localtime(value):%Y-%m-%d %H:%M}" if value else ""


class Incidents(Register):
    name = "emergency_incidents"
    title = "突发事件登记簿"
    plain_filters = ("stage", "level", "start", "end")

    def columns(self, params):
        return [
            Column("启动响应", 17),
            Column("发生时间", 17),
            Column("级别", 8),
            Column("发生单位", 18),
            Column("地点", 18),
            Column("简要经过", 40),
            Column("启动预案", 24),
            Column("报告次数", 8, "integer"),
            Column("逾期报告", 8, "integer"),
            Column("阶段", 14),
            Column("终止应急", 17),
        ]

    def queryset(self, user, params):
        from .views import visible_incidents

        return visible_incidents(user, params)

    def row(self, i, params):
        return [
            _t(i.activated_at),
            _t(i.occurred_at),
            i.get_level_display(),
            i.unit,
            i.place,
            i.summary,
            i.plan.title,
            i.made,
            i.late,
            i.get_stage_display(),
            _t(i.terminated_at),
        ]


EMERGENCY_REGISTERS = [Incidents()]

register(*EMERGENCY_REGISTERS)
