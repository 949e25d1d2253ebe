"""请假台账: the leave register's Excel export, through the one exporter (apps/printing)."""

from apps.printing.exports import Column, Register

from .balances import days_text


class LeaveRegister(Register):
    """请假台账 (/hr/leave/): one row per visible leave request, with the page's filters."""

    name = "leave"
    title = "请假台账"
    plain_filters = ("leave_type", "status", "section", "start", "end")

    def columns(self, params):
        return [
            Column("请假人", 10),
            Column("科室", 16),
            Column("假别", 8),
            Column("开始日期", 12, "date"),
            Column("开始", 6),
            Column("结束日期", 12, "date"),
            Column("结束", 6),
            Column("天数（工作日）", 10),
            Column("按事假计（天）", 10),
            Column("事由", 30),
            Column("去向", 16),
            Column("工作代理人", 10),
            Column("续假", 6),
            Column("状态", 10),
            Column("当前环节", 16),
            Column("批准时间", 17, "datetime"),
            Column("销假日期", 12, "date"),
            Column("实际天数", 10),
            Column("逾假（缺勤）天数", 10),
        ]

    def queryset(self, user, params):
        from .views import visible_leave

        return visible_leave(user, params)

    def row(self, r, params):
        case = r.case
        return [
            r.person.full_name,
            case.section.name,
            r.leave_type.name,
            r.start_date,
            r.get_start_part_display(),
            r.end_date,
            r.get_end_part_display(),
            days_text(r.days),
            days_text(r.personal_excess) if r.personal_excess else "",
            r.reason,
            r.destination,
            r.stand_in.full_name if r.stand_in_id else "",
            "是" if r.extends_id else "",
            case.get_status_display(),
            case.current_step_label,
            r.approved_at,
            r.returned_on,
            days_text(r.actual_days) if r.actual_days is not None else "",
            days_text(r.overstay_days) if r.overstay_days else "",
        ]

    def describe(self, params):
        from apps.org.models import Section

        from ..models import LeaveType
        from .filters import STATUS_CHOICES

        described = []
        if params.get("q"):
            described.append(("姓名", params["q"]))
        if params.get("leave_type"):
            described.append(
                ("假别", LeaveType.objects.filter(pk=params["leave_type"]).values_list("name", flat=True).first() or "")
            )
        if params.get("status"):
            described.append(("状态", dict(STATUS_CHOICES).get(params["status"], params["status"])))
        if params.get("section"):
            described.append(
                ("科室", Section.objects.filter(pk=params["section"]).values_list("name", flat=True).first() or "")
            )
        if params.get("start"):
            described.append(("期间起", params["start"]))
        if params.get("end"):
            described.append(("期间止", params["end"]))
        return described
