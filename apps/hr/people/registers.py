"""证件台账 and 工会慰问台账: Excel exports through the one exporter (apps/printing)."""

from apps.printing.exports import Column, Register


class PassportRegister(Register):
    """因私出国（境）证件登记管理台账 (/hr/passports/)."""

    name = "passports"
    title = "因私出国（境）证件台账"
    plain_filters = ("status",)

    def columns(self, params):
        return [
            Column("持证人", 10),
            Column("科室", 16),
            Column("证件类别", 14),
            Column("证照号末四位", 10),
            Column("有效期至", 12, "date"),
            Column("上交日期", 12, "date"),
            Column("状态", 14),
            Column("存放位置", 16),
            Column("备注", 24),
        ]

    def queryset(self, user, params):
        from .views import visible_passports

        return visible_passports(user, params)

    def row(self, p, params):
        section = p.holder.section.name if p.holder.section_id else ""
        return [
            p.holder.full_name,
            section,
            p.get_kind_display(),
            p.number_tail,
            p.expires_on,
            p.received_on,
            p.get_status_display(),
            p.location,
            p.note,
        ]

    def describe(self, params):
        from ..models import Passport

        described = [("姓名", params["q"])] if params.get("q") else []
        if params.get("status"):
            described.append(("状态", dict(Passport.Status.choices).get(params["status"], params["status"])))
        return described


class BenefitRegister(Register):
    """工会慰问台账 (/hr/benefits/)."""

    name = "benefits"
    title = "工会慰问台账"
    plain_filters = ("year",)

    def columns(self, params):
        return [
            Column("会员", 10),
            Column("科室", 16),
            Column("慰问事项", 20),
            Column("事由日期", 12, "date"),
            Column("金额（元）", 12, "money"),
            Column("说明", 30),
            Column("登记人", 10),
            Column("登记时间", 17, "datetime"),
        ]

    def queryset(self, user, params):
        from .views import visible_benefits

        return visible_benefits(user, params)

    def row(self, b, params):
        section = b.person.section.name if b.person.section_id else ""
        return [
            b.person.full_name,
            section,
            b.benefit_type.name,
            b.event_date,
            b.amount,
            b.note,
            b.registered_by.full_name,
            b.registered_at,
        ]

    def describe(self, params):
        described = [("姓名", params["q"])] if params.get("q") else []
        if params.get("year"):
            described.append(("年度", params["year"]))
        return described
