"""信访登记簿: the register page's Excel export; personal data masked like on the page."""

from apps.printing.exports import Column, Register
from apps.printing.registers import register


class Petitions(Register):
    name = "petitions"
    title = "信访登记簿"
    plain_filters = ("channel", "stage", "group")

    def columns(self, params):
        return [
            Column("编号", 10),
            Column("收到日期", 12, "date"),
            Column("来源", 18),
            Column("信访人", 10),
            Column("身份证号码", 22),
            Column("联系电话", 16),
            Column("住址", 30),
            Column("人数", 8, "integer"),
            Column("诉求摘要", 40),
            Column("阶段", 14),
            Column("期限", 12, "date"),
            Column("承办科室", 14),
        ]

    def queryset(self, user, params):
        from .views import visible_petitions

        return visible_petitions(user, params)

    def row(self, p, params):
        masked = [v.masked if v else "" for v in (p.id_number, p.phone, p.address)]
        return [
            p.case.pk,
            p.received_on,
            p.get_channel_display(),
            p.petitioner,
            *masked,
            p.headcount,
            p.demands,
            p.get_stage_display(),
            p.case.due_date,
            p.case.section.name,
        ]

    def describe(self, params):
        return [("关键词", params["q"])] if params.get("q") else []


PETITION_REGISTERS = [Petitions()]

register(*PETITION_REGISTERS)
