"""依申请公开办理情况登记表: the register page's Excel export; personal data masked like on the page."""

from apps.printing.exports import Column, Register
from apps.printing.registers import register


class DisclosureRequests(Register):
    name = "disclosure_requests"
    title = "依申请公开办理情况登记表"
    plain_filters = ("stage", "outcome", "year", "overdue")

    def columns(self, params):
        return [
            Column("编号", 10),
            Column("处理单编号", 22),
            Column("收到日期", 12, "date"),
            Column("申请人", 16),
            Column("申请人类型", 22),
            Column("身份证号码", 22),
            Column("联系电话", 16),
            Column("通信地址", 30),
            Column("申请方式", 10),
            Column("所需信息", 40),
            Column("获取方式", 10),
            Column("阶段", 24),
            Column("责任科室", 16),
            Column("答复期限", 12, "date"),
            Column("办理结果", 30),
            Column("办结日期", 12, "date"),
        ]

    def queryset(self, user, params):
        from .views import visible_requests

        return visible_requests(user, params)

    def row(self, r, params):
        masked = [v.masked if v else "" for v in (r.id_number, r.phone, r.address)]
        clock = r.reply_clock
        return [
            r.case.pk,
            r.sheet_number,
            r.received_on,
            r.applicant,
            r.applicant_kind_text,
            *masked,
            r.get_channel_display(),
            r.content,
            r.get_reply_form_display(),
            r.stage_text,
            r.responsible_section.name if r.responsible_section_id else "",
            clock.due_date if clock else None,
            r.get_outcome_display(),
            r.concluded_on,
        ]

    def describe(self, params):
        from .models import Outcome, Stage

        described = [("关键词", params["q"])] if params.get("q") else []
        if params.get("stage"):
            described.append(("阶段", Stage(params["stage"]).label))
        if params.get("outcome"):
            described.append(("办理结果", Outcome(params["outcome"]).label))
        if params.get("year"):
            described.append(("收到年度", params["year"]))
        if params.get("overdue"):
            described.append(("仅超期", "是"))
        return described


DISCLOSURE_REGISTERS = [DisclosureRequests()]

register(*DISCLOSURE_REGISTERS)
