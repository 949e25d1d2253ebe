"""Excel registers of the classified register (《密级文件管理登记本》《电报管理登记本》, 借阅登记,
销毁清退移交登记): each re-applies the page's visibility rule and filters (views.visible_*)."""

from apps.printing.exports import Column, Register
from apps.printing.registers import register

from .models import Classification, Kind


class _Base(Register):
    plain_filters = ("kind", "classification", "year", "state")

    def describe(self, params):
        labels = {"q": "关键词", "year": "年度", "state": "状态", "kind": "登记簿", "classification": "密级"}
        values = {**params}
        if params.get("kind") in Kind.values:
            values["kind"] = Kind(params["kind"]).label
        if params.get("classification") in Classification.values:
            values["classification"] = Classification(params["classification"]).label
        return [(label, values[key]) for key, label in labels.items() if values.get(key)]


class ClassifiedItems(_Base):
    name = "classified_items"
    title = "密级文件、电报登记簿"

    def title_for(self, params):
        if params.get("kind") == Kind.DOCUMENT:
            return "密级文件管理登记本"
        if params.get("kind") == Kind.TELEGRAM:
            return "电报管理登记本"
        return self.title

    def columns(self, params):
        return [
            Column("登记编号", 16),
            Column("登记簿", 10),
            Column("领取日期", 12, "date"),
            Column("来源渠道", 12),
            Column("来文单位", 20),
            Column("文号/电报号", 18),
            Column("标题（摘要）", 40),
            Column("密级", 12),
            Column("紧急程度", 8),
            Column("份数", 6, "integer"),
            Column("份号", 22),
            Column("保管位置", 16),
            Column("办理状态", 14),
            Column("处置", 10),
            Column("登记人", 10),
        ]

    def queryset(self, user, params):
        from .views import visible_items

        return visible_items(user, params).select_related("registered_by")

    def row(self, item, params):
        case = item.case
        disposal = getattr(item, "disposal", None)  # RelatedObjectDoesNotExist is an AttributeError
        return [
            item.number,
            item.get_kind_display(),
            item.received_on,
            item.get_channel_display(),
            item.source,
            item.source_number,
            item.title,
            item.classification_mark,
            item.get_urgency_display() if item.urgency else "",
            item.copies,
            item.copy_numbers,
            item.cabinet,
            ("借出" if item.on_loan else case.current_step_label or case.get_status_display()),
            disposal.get_kind_display() if disposal else "",
            item.registered_by.full_name,
        ]


class ClassifiedLoans(Register):
    name = "classified_loans"
    title = "密件借阅登记"
    plain_filters = ("state",)

    def columns(self, params):
        return [
            Column("密件编号", 16),
            Column("借阅人", 10),
            Column("科室", 18),
            Column("借出份数", 8, "integer"),
            Column("借出份号", 22),
            Column("借阅事由", 30),
            Column("借出时间", 17, "datetime"),
            Column("应还日期", 12, "date"),
            Column("签收时间", 17, "datetime"),
            Column("归还时间", 17, "datetime"),
            Column("经手人", 10),
        ]

    def queryset(self, user, params):
        from .views import visible_loans

        return visible_loans(user, params)

    def row(self, loan, params):
        case = loan.case
        open_ = case.status == case.Status.ACTIVE
        return [
            loan.item.number,
            loan.borrower.full_name,
            loan.borrower.section.name if loan.borrower.section else "",
            loan.copies,
            loan.copy_numbers,
            loan.purpose,
            loan.lent_at,
            case.due_date if open_ else None,
            loan.signed_out_at,
            None if open_ else case.closed_at,
            loan.lent_by.full_name,
        ]

    def describe(self, params):
        return [(label, params[key]) for key, label in (("state", "状态"), ("q", "关键词")) if params.get(key)]


class ClassifiedDisposals(Register):
    name = "classified_disposals"
    title = "密件销毁、清退、移交登记"
    plain_filters = ("kind", "year")

    def columns(self, params):
        return [
            Column("密件编号", 16),
            Column("密级", 10),
            Column("份数", 6, "integer"),
            Column("处置方式", 10),
            Column("日期", 12, "date"),
            Column("批准人", 10),
            Column("监销人", 10),
            Column("接收人/单位", 18),
            Column("方式/地点", 24),
            Column("登记人", 10),
            Column("备注", 30),
        ]

    def queryset(self, user, params):
        from .views import visible_disposals

        return visible_disposals(user, params)

    def row(self, d, params):
        receiver = d.received_by.full_name if d.received_by else d.receiver_unit
        return [
            d.item.number,
            d.item.classification_mark,
            d.item.copies,
            d.get_kind_display(),
            d.on_date,
            d.approved_by.full_name if d.approved_by else "",
            d.witness.full_name if d.witness else "",
            receiver,
            d.method,
            d.recorded_by.full_name,
            d.note,
        ]

    def describe(self, params):
        return [(label, params[key]) for key, label in (("kind", "处置方式"), ("year", "年度")) if params.get(key)]


CLASSIFIED_REGISTERS = (ClassifiedItems(), ClassifiedLoans(), ClassifiedDisposals())

register(*CLASSIFIED_REGISTERS)
