"""保密承诺书登记簿 and 涉密载体台账 as Excel: the same rows as the pages."""

from apps.printing.exports import Column, Register
from apps.printing.registers import register

from .access import may_see


class Pledges(Register):
    name = "secrecy_pledges"
    title = "保密承诺书登记簿"
    plain_filters = ("kind", "start", "end")

    def allowed(self, user):
        return may_see(user)

    def columns(self, params):
        return [
            Column("姓名", 12),
            Column("科室", 16),
            Column("承诺类别", 14),
            Column("签订日期", 12),
            Column("脱密期（月）", 10, "integer"),
            Column("备注", 30),
            Column("登记人", 10),
        ]

    def queryset(self, user, params):
        from .views import visible_pledges

        return visible_pledges(user, params)

    def row(self, p, params):
        return [
            p.person.full_name,
            p.person.section.name if p.person.section_id else "",
            p.get_kind_display(),
            f"{p.signed_on:%Y-%m-%d}",
            p.period_months,
            p.note,
            p.recorded_by.full_name,
        ]


class Carriers(Register):
    name = "secrecy_carriers"
    title = "涉密载体台账"
    plain_filters = ("status", "kind", "level")

    def allowed(self, user):
        return may_see(user)

    def columns(self, params):
        return [
            Column("载体编号", 14),
            Column("类别", 12),
            Column("名称", 30),
            Column("密级", 8),
            Column("保管人", 10),
            Column("存放位置", 18),
            Column("登记日期", 12),
            Column("状态", 8),
            Column("最近检查", 12),
            Column("检查结果", 10),
            Column("销毁/清退", 24),
        ]

    def queryset(self, user, params):
        from .views import visible_carriers

        return visible_carriers(user, params)

    def row(self, c, params):
        last = c.last_line
        return [
            c.number,
            c.get_kind_display(),
            c.name,
            c.get_level_display(),
            c.keeper.full_name,
            c.location,
            f"{c.registered_on:%Y-%m-%d}",
            c.get_status_display(),
            f"{last.check_record.checked_on:%Y-%m-%d}" if last else "",
            last.get_result_display() if last else "",
            f"{c.closed_on:%Y-%m-%d} {c.closed_note}" if c.closed_on else "",
        ]


SECRECY_REGISTERS = [Pledges(), Carriers()]

register(*SECRECY_REGISTERS)
