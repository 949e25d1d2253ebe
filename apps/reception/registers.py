"""接待登记簿: the register page's Excel export; the phone masked as on the page."""

from apps.printing.exports import Column, Register
from apps.printing.registers import register


class Contacts(Register):
    name = "reception"
    title = "来访来电接待登记簿"
    plain_filters = ("start", "end", "kind", "outcome")

    def columns(self, params):
        return [
            Column("编号", 8),
            Column("时间", 17),
            Column("方式", 8),
            Column("姓名", 10),
            Column("联系电话", 16),
            Column("人数", 8, "integer"),
            Column("反映事项", 40),
            Column("处理方式", 16),
            Column("解答/转交", 30),
            Column("首问责任人", 12),
            Column("后续办理情况", 24),
        ]

    def queryset(self, user, params):
        from .views import visible_contacts

        return visible_contacts(user, params)

    def row(self, c, params):
        from django.utils import timezone

        outcome = (
            c.answer
            if c.outcome == "answered"
            else (c.section.name if c.section_id else (c.case.title if c.case_id else ""))
        )
        return [
            c.pk,
            f"{timezone.localtime(c.occurred_at):%Y-%m-%d %H:%M}",
            c.get_kind_display(),
            c.name,
            c.phone.masked if c.phone else "",
            c.headcount,
            c.summary,
            c.get_outcome_display(),
            outcome,
            c.first_responder.full_name,
            c.follow_up,
        ]

    def describe(self, params):
        return [(label, params[key]) for key, label in (("start", "起"), ("end", "止")) if params.get(key)]


RECEPTION_REGISTERS = [Contacts()]

register(*RECEPTION_REGISTERS)
