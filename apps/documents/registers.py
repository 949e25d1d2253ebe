"""收文登记簿 and 发文登记簿: the documents pages' Excel registers, through the one exporter.

Each starts from the page's own queryset (visible_to(user) and the page's filters), so the file
holds exactly the rows the page lists; a voided 发文字号 stays in the register, marked 作废.
"""

from apps.printing.exports import Column, Register
from apps.printing.registers import register

STATUS_LABELS = {"open": "办理中", "closed": "已办结", "archived": "已归档"}


def _describe(params):
    described = []
    if params.get("q"):
        described.append(("关键词", params["q"]))
    if params.get("status"):
        described.append(("状态", STATUS_LABELS.get(params["status"], params["status"])))
    if params.get("year"):
        described.append(("年度", params["year"]))
    return described


class IncomingRegister(Register):
    """收文登记簿 (/documents/incoming/)."""

    name = "incoming_documents"
    title = "收文登记簿"
    plain_filters = ("status", "year")

    def columns(self, params):
        return [
            Column("收文编号", 14),
            Column("签收时间", 17, "datetime"),
            Column("来文单位", 24),
            Column("来文字号", 20),
            Column("标题", 44),
            Column("文种", 8),
            Column("紧急程度", 8),
            Column("份数", 6, "integer"),
            Column("密级标识", 8),
            Column("办理类型", 8),
            Column("主办科室", 16),
            Column("办理时限", 12, "date"),
            Column("状态", 8),
            Column("当前环节", 14),
            Column("办结时间", 17, "datetime"),
            Column("签收人", 10),
        ]

    def queryset(self, user, params):
        from .views import incoming_rows

        return incoming_rows(user, params)

    def row(self, d, params):
        case = d.case
        return [
            d.receipt_number,
            d.received_at,
            d.source_org,
            d.source_number,
            case.title,
            d.get_doc_type_display(),
            d.get_urgency_display(),
            d.copies,
            case.get_sensitivity_display(),
            d.get_handling_display(),
            d.lead_section.name if d.lead_section_id else "",
            d.due_date,
            case.get_status_display(),
            case.current_step_label,
            case.closed_at,
            d.received_by.full_name,
        ]

    def describe(self, params):
        return _describe(params)


class OutgoingRegister(Register):
    """发文登记簿 (/documents/outgoing/)."""

    name = "outgoing_documents"
    title = "发文登记簿"
    plain_filters = ("status", "year")

    def columns(self, params):
        return [
            Column("发文字号", 20),
            Column("成文日期", 12, "date"),
            Column("标题", 44),
            Column("文种", 8),
            Column("拟稿科室", 16),
            Column("拟稿人", 10),
            Column("签发人", 10),
            Column("主送", 30),
            Column("抄送", 30),
            Column("印制份数", 8, "integer"),
            Column("印发日期", 12, "date"),
            Column("密级标识", 8),
            Column("状态", 8),
            Column("当前环节", 14),
            Column("作废", 20),
        ]

    def queryset(self, user, params):
        from .views import outgoing_rows

        return outgoing_rows(user, params)

    def row(self, d, params):
        case = d.case
        return [
            d.number,
            d.signed_on,
            case.title,
            d.get_doc_type_display(),
            case.section.name,
            case.initiator.full_name,
            d.signer.full_name if d.signer_id else "",
            d.main_recipients,
            d.copy_recipients,
            d.print_copies,
            d.printed_on,
            case.get_sensitivity_display(),
            case.get_status_display(),
            case.current_step_label,
            f"作废：{d.void_reason}" if d.voided_at else "",
        ]

    def describe(self, params):
        return _describe(params)


DOCUMENT_REGISTERS = (IncomingRegister(), OutgoingRegister())

register(*DOCUMENT_REGISTERS)
