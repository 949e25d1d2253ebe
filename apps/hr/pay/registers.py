"""月度工资变动表 (Excel): the approved changes that take effect in one month."""

from apps.printing.exports import Column, Register


class PayChangeRegister(Register):
    name = "pay_changes"
    title = "月度工资福利变动表"
    plain_filters = ("month",)

    def columns(self, params):
        return [
            Column("科室", 16),
            Column("姓名", 10),
            Column("变动类别", 18),
            Column("项目", 16),
            Column("变动前（元/月）", 14, "money"),
            Column("变动后（元/月）", 14, "money"),
            Column("增减（元/月）", 14, "money"),
            Column("执行日期", 12, "date"),
            Column("依据", 30),
            Column("审批事项", 10),
        ]

    def queryset(self, user, params):
        from .views import visible_changes

        return visible_changes(user, params)

    def row(self, c, params):
        return [
            c.person.section.name if c.person.section_id else "",
            c.person.full_name,
            c.get_kind_display(),
            c.item,
            c.old_amount,
            c.new_amount,
            c.difference,
            c.effective_from,
            c.basis,
            c.case_id,
        ]

    def describe(self, params):
        return [("月份", params["month"])] if params.get("month") else []
