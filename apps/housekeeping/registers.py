"""内务检查登记簿 and 食堂采购验收台账 (Excel)."""

from django.utils import timezone

from apps.printing.exports import Column, Register
from apps.printing.registers import register


class Checks(Register):
    name = "housekeeping_checks"
    title = "内务检查登记簿"
    plain_filters = ("kind", "status", "section", "start", "end")

    def columns(self, params):
        return [
            Column("检查日期", 12),
            Column("类别", 10),
            Column("被检查股室/司法所", 18),
            Column("检查人", 16),
            Column("得分", 8, "integer"),
            Column("发现的问题", 40),
            Column("状态", 10),
            Column("整改期限", 12),
            Column("整改完成", 30),
        ]

    def queryset(self, user, params):
        from .views import visible_checks

        return visible_checks(user, params)

    def row(self, c, params):
        return [
            f"{c.checked_on:%Y-%m-%d}",
            c.get_kind_display(),
            c.section.name,
            c.inspectors,
            c.score,
            c.findings,
            c.get_status_display(),
            f"{c.rectify_by:%Y-%m-%d}" if c.rectify_by else "",
            f"{c.rectified_on:%Y-%m-%d} {c.rectified_note}" if c.rectified_on else "",
        ]


class Purchases(Register):
    name = "housekeeping_purchases"
    title = "食堂采购验收台账"
    plain_filters = ("status", "start", "end")

    def columns(self, params):
        return [
            Column("采购日期", 12),
            Column("供货单位", 18),
            Column("物品明细", 40),
            Column("金额（元）", 12, "money"),
            Column("发票/清单号", 14),
            Column("采购人签字", 10),
            Column("验收人签字", 10),
            Column("验收时间", 17),
            Column("状态", 10),
            Column("验收意见", 30),
        ]

    def queryset(self, user, params):
        from .views import visible_purchases

        return visible_purchases(user, params)

    def row(self, p, params):
        return [
            f"{p.purchased_on:%Y-%m-%d}",
            p.supplier,
            p.items,
            p.amount,
            p.invoice_no,
            p.purchaser.full_name,
            p.acceptor.full_name if p.accepted_at else "",
            f"{timezone.localtime(p.accepted_at):%Y-%m-%d %H:%M}" if p.accepted_at else "",
            p.get_status_display(),
            p.acceptance_note,
        ]


HOUSEKEEPING_REGISTERS = [Checks(), Purchases()]

register(*HOUSEKEEPING_REGISTERS)
