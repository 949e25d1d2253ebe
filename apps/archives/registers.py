"""归档文件目录 as Excel in the columns of DA/T 22-2015 §5.5."""

from django.db.models import F, Window
from django.db.models.functions import RowNumber

from apps.printing.exports import Column, Register
from apps.printing.registers import register

from .models import Retention


class ArchiveCatalogue(Register):
    name = "archive_catalogue"
    title = "归档文件目录"
    plain_filters = ("year", "section", "retention")

    def title_for(self, params):
        parts = [
            f"{params['year']}年" if params.get("year") else "",
            Retention(params["retention"]).label if params.get("retention") in Retention.values else "",
        ]
        return "".join(parts) + self.title

    def columns(self, params):
        return [
            Column("序号", 6, "integer"),
            Column("档号", 26),
            Column("文号", 20),
            Column("责任者", 22),
            Column("题名", 48),
            Column("日期", 10),
            Column("密级", 10),
            Column("页数", 6, "integer"),
            Column("备注", 20),
        ]

    def queryset(self, user, params):
        from .views import catalogue_items

        qs = catalogue_items(user, params)
        # 序号: the running number of the 目录, in the 目录's own order (one window, no extra query)
        return qs.annotate(
            serial=Window(
                RowNumber(),
                order_by=[F(f.lstrip("-")).desc() if f.startswith("-") else F(f).asc() for f in qs.query.order_by],
            )
        )

    def row(self, item, params):
        return [
            item.serial,
            item.archive_no,
            item.doc_number,
            item.responsible,
            item.title,
            item.date_text,
            item.classification,
            item.pages,
            item.note,
        ]

    def describe(self, params):
        from apps.org.models import Section

        described = []
        if params.get("q"):
            described.append(("关键词", params["q"]))
        if params.get("year"):
            described.append(("年度", params["year"]))
        if params.get("section"):
            described.append(
                ("机构", Section.objects.filter(pk=params["section"]).values_list("name", flat=True).first() or "")
            )
        if params.get("retention") in Retention.values:
            described.append(("保管期限", Retention(params["retention"]).label))
        return described


ARCHIVE_REGISTERS = (ArchiveCatalogue(),)

register(*ARCHIVE_REGISTERS)
