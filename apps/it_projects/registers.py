"""信息化项目台账 (Excel)."""

from apps.printing.exports import Column, Register
from apps.printing.registers import register


def _d(day):
    return f"{day:%Y-%m-%d}" if day else ""


class Projects(Register):
    name = "it_projects"
    title = "信息化项目台账"
    plain_filters = ("source",)

    def columns(self, params):
        return [
            Column("项目名称", 30),
            Column("任务来源", 12),
            Column("使用科室", 14),
            Column("预算（元）", 14, "money"),
            Column("状态", 14),
            Column("采购方式", 14),
            Column("供应商", 20),
            Column("合同金额（元）", 14, "money"),
            Column("验收日期", 12),
            Column("验收人", 30),
            Column("资产卡片号", 14),
        ]

    def queryset(self, user, params):
        from .views import visible_projects

        return visible_projects(user, params)

    def row(self, p, params):
        signers = ""
        if p.accepted_on:
            signers = f"{p.vendor_signatory}、{p.user_signatory.full_name}、{p.it_signatory.full_name}"
        return [
            p.title,
            p.get_source_display(),
            p.user_section.name,
            p.budget,
            p.case.current_step_label or p.case.get_status_display(),
            p.get_procurement_display() if p.procurement else "",
            p.vendor,
            p.contract_amount,
            _d(p.accepted_on),
            signers,
            p.asset_card_no,
        ]


IT_REGISTERS = [Projects()]

register(*IT_REGISTERS)
