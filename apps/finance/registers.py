"""The finance registers (台账) that export to Excel, with the list pages' own filters and
visibility (apps/printing/exports.py writes them)."""

from django.utils import timezone

from apps.printing.exports import Column, Register
from apps.printing.registers import register

from .filters import (
    ADVANCE_FLAGS,
    ADVANCE_STATUSES,
    CASE_STATUSES,
    CLAIM_FLAGS,
    CLAIM_STATUSES,
)
from .models import Asset


def _describe(params, statuses, flags):
    described = []
    if params.get("q"):
        described.append(("关键词", params["q"]))
    if params.get("status"):
        described.append(("状态", dict(statuses).get(params["status"], params["status"])))
    if params.get("start"):
        described.append(("提交自", params["start"]))
    if params.get("end"):
        described.append(("提交至", params["end"]))
    if params.get("flag"):
        described.append(("标记", dict(flags).get(params["flag"], params["flag"])))
    return described


class Claims(Register):
    """报销台账 (/finance/claims/)."""

    name = "finance_claims"
    title = "报销台账"
    plain_filters = ("status", "start", "end", "flag")

    def columns(self, params):
        return [
            Column("报销事由", 40),
            Column("类别", 14),
            Column("报销人", 10),
            Column("科室", 16),
            Column("金额（元）", 14, "money"),
            Column("证明人", 10),
            Column("最早费用日期", 12, "date"),
            Column("提交日期", 12, "date"),
            Column("逾期报销", 10),
            Column("状态", 10),
            Column("当前环节", 14),
            Column("付款日期", 12, "date"),
            Column("付款方式", 12),
            Column("凭证号", 14),
        ]

    def queryset(self, user, params):
        from .claims.views import visible_claims

        return visible_claims(user, params)

    def row(self, c, params):
        case = c.case
        late = f"是（第 {c.days_after_expense} 天）" if c.filed_late else ""
        return [
            c.purpose,
            c.get_kind_display(),
            case.initiator.full_name,
            case.section.name,
            c.amount,
            c.witness.full_name,
            c.first_spent_on,
            c.filed_on,
            late,
            case.get_status_display(),
            case.current_step_label,
            c.paid_on,
            c.get_pay_method_display() if c.pay_method else "",
            c.voucher_no,
        ]

    def describe(self, params):
        return _describe(params, CLAIM_STATUSES, CLAIM_FLAGS)


class Advances(Register):
    """借款台账 (/finance/advances/), with the overdue charge as of the export."""

    name = "finance_advances"
    title = "借款台账"
    plain_filters = ("status", "start", "end", "flag")

    def columns(self, params):
        return [
            Column("借款事由", 40),
            Column("类别", 12),
            Column("借款人", 10),
            Column("科室", 16),
            Column("金额（元）", 14, "money"),
            Column("预计返回", 12, "date"),
            Column("付款日期", 12, "date"),
            Column("实际返回", 12, "date"),
            Column("报账期限", 12, "date"),
            Column("报账日期", 12, "date"),
            Column("逾期天数", 10, "integer"),
            Column("逾期利息（元）", 14, "money"),
            Column("状态", 10),
            Column("当前环节", 14),
        ]

    def queryset(self, user, params):
        from .advances.views import visible_advances

        # Each row carries the monthly rate (one query for the standard, none per row; registers
        # are shared objects, so nothing is kept on self).
        return visible_advances(user, params)

    def row(self, a, params):
        case = a.case
        charge = a.charge_on(timezone.localdate(), a.monthly_rate, a.partial_month)
        return [
            a.purpose,
            a.get_kind_display(),
            case.initiator.full_name,
            case.section.name,
            a.amount,
            a.expected_return_on,
            a.disbursed_on,
            a.returned_on,
            a.settle_by,
            a.settled_on,
            charge.days_late or None,
            a.charge if a.charge is not None else (charge.amount or None),
            case.get_status_display(),
            case.current_step_label,
        ]

    def describe(self, params):
        return _describe(params, ADVANCE_STATUSES, ADVANCE_FLAGS) + [
            ("逾期利息计算至", f"{timezone.localdate():%Y-%m-%d}")
        ]


FINANCE_REGISTERS = [Claims(), Advances()]


class Trips(Register):
    """用车台账 (/finance/vehicles/)."""

    name = "finance_trips"
    title = "用车台账"
    plain_filters = ("status", "start", "end", "flag")

    def columns(self, params):
        return [
            Column("用车申请", 36),
            Column("申请人", 10),
            Column("科室", 16),
            Column("目的地", 20),
            Column("行程范围", 14),
            Column("出车时间", 17, "datetime"),
            Column("预计返回", 17, "datetime"),
            Column("人数", 8, "integer"),
            Column("车辆", 12),
            Column("驾驶员", 10),
            Column("实际返回", 17, "datetime"),
            Column("里程（公里）", 10, "integer"),
            Column("所有车辆外出", 10),
            Column("状态", 10),
        ]

    def queryset(self, user, params):
        from .vehicles.views import visible_trips

        return visible_trips(user, params)

    def row(self, t, params):
        case = t.case
        return [
            case.title,
            case.initiator.full_name,
            case.section.name,
            t.destination,
            t.get_scope_display(),
            t.depart_at,
            t.return_at,
            t.passengers,
            t.vehicle.plate if t.vehicle_id else "",
            t.driver.full_name if t.driver_id else "",
            t.returned_at,
            t.mileage,
            "是" if t.all_cars_out else "",
            case.get_status_display(),
        ]

    def describe(self, params):
        return _describe(params, CASE_STATUSES, [("all_out", "所有车辆同时外出")])


class Assets(Register):
    """资产台账 (/finance/assets/): the cards the user may see."""

    name = "finance_assets"
    title = "固定资产台账"
    plain_filters = ("status",)

    def columns(self, params):
        return [
            Column("资产编号", 14),
            Column("资产名称", 24),
            Column("类别", 12),
            Column("规格型号", 18),
            Column("原值（元）", 14, "money"),
            Column("取得日期", 12, "date"),
            Column("使用部门", 16),
            Column("保管人", 10),
            Column("存放地点", 18),
            Column("状态", 10),
        ]

    def queryset(self, user, params):
        from .assets.views import visible_assets

        return visible_assets(user, params)

    def row(self, a, params):
        status = "处置审批中" if a.disposing else a.get_status_display()
        return [
            a.number,
            a.name,
            a.category,
            a.spec,
            a.value,
            a.acquired_on,
            a.section.name,
            a.keeper.full_name,
            a.location,
            status,
        ]

    def describe(self, params):
        return _describe(params, Asset.Status.choices, ())


FINANCE_REGISTERS += [Trips(), Assets()]

register(*FINANCE_REGISTERS)
