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
            Column("请假人", 10), Column("科室", 16), Column("假别", 8), Column("开始日期", 12, "date"),
            Column("开始", 6), Column("结束日期", 12, "date"), Column("结束", 6), Column("天数（工作日）", 10),
            Column("按事假计（天）", 10), Column("事由", 30), Column("去向", 16), Column("工作代理人", 10),
            Column("续假", 6), Column("状态", 10), Column("当前环节", 16), Column("批准时间", 17, "datetime"),
            Column("销假日期", 12, "date"), Column("实际天数", 10), Column("逾假（缺勤）天数", 10),
        ]

    def queryset(self, user, params):
        from .views import visible_leave

        return visible_leave(user, params)

    def row(self, r, params):
        case = r.case
        return [
            r.person.full_name, case.section.name, r.leave_type.name, r.start_date, r.get_start_part_display(),
            r.end_date, r.get_end_part_display(), days_text(r.days), days_text(r.personal_excess) if r.personal_excess else "", r.reason,
            r.destination, r.stand_in.full_name if r.stand_in_id else "", "是" if r.extends_id else "",
            case.get_status_display(), case.current_step_label, r.approved_at, r.returned_on,
            days_text(r.actual_days) if r.actual_days is not None else "", days_text(r.overstay_days) if r.overstay_days else "",
        ]

    def describe(self, params):
        from apps.org.models import Section

        from .forms import STATUS_CHOICES
        from .models import LeaveType

        described = []
        if params.get("q"):
            described.append(("姓名", params["q"]))
        if params.get("leave_type"):
            described.append(("假别", LeaveType.objects.filter(pk=params["leave_type"]).values_list("name", flat=True).first() or ""))
        if params.get("status"):
            described.append(("状态", dict(STATUS_CHOICES).get(params["status"], params["status"])))
        if params.get("section"):
            described.append(("科室", Section.objects.filter(pk=params["section"]).values_list("name", flat=True).first() or ""))
        if params.get("start"):
            described.append(("期间起", params["start"]))
        if params.get("end"):
            described.append(("期间止", params["end"]))
        return described


class AttendanceRegister(Register):
    """考勤台账 (/hr/attendance/?month=): a published month, one row per person."""

    name = "attendance"
    title = "考勤台账"
    plain_filters = ("month", "section", "absent")

    def allowed(self, user):
        from .attendance_views import may_export_attendance

        return user.is_active and may_export_attendance(user)

    def title_for(self, params):
        return f"考勤台账-{params.get('month', '')}"

    def columns(self, params):
        return [
            Column("姓名", 10), Column("科室", 18), Column("应出勤", 8), Column("实出勤", 8), Column("请假", 8),
            Column("因公外出", 8), Column("迟到（次）", 8, "integer"), Column("早退（次）", 8, "integer"),
            Column("缺卡（次）", 8, "integer"), Column("迟到早退折合缺勤", 10, "integer"), Column("旷工/逾假（天）", 10),
            Column("缺勤合计", 8), Column("公布时间", 17, "datetime"),
        ]

    def queryset(self, user, params):
        from .attendance_views import _month_from_text, published_rows

        if not self.allowed(user):
            from .models import MonthlyAttendance

            return MonthlyAttendance.objects.none()
        return published_rows(_month_from_text(params.get("month", "")), params)

    def row(self, r, params):
        return [
            r.person.full_name, r.section_name, days_text(r.working_days), days_text(r.present_days),
            days_text(r.leave_days), days_text(r.outing_days), r.late, r.early, r.missing, r.slip_absences,
            days_text(r.absent_days), days_text(r.absences), r.month.published_at,
        ]

    def describe(self, params):
        described = [("月份", params.get("month", ""))]
        if params.get("q"):
            described.append(("姓名", params["q"]))
        if params.get("section"):
            described.append(("科室", params["section"]))
        if params.get("absent"):
            described.append(("仅列有缺勤的", "是"))
        return described


class PassportRegister(Register):
    """因私出国（境）证件登记管理台账 (/hr/passports/)."""

    name = "passports"
    title = "因私出国（境）证件台账"
    plain_filters = ("status",)

    def columns(self, params):
        return [
            Column("持证人", 10), Column("科室", 16), Column("证件类别", 14), Column("证照号末四位", 10),
            Column("有效期至", 12, "date"), Column("上交日期", 12, "date"), Column("状态", 14), Column("存放位置", 16),
            Column("备注", 24),
        ]

    def queryset(self, user, params):
        from .people_views import visible_passports

        return visible_passports(user, params)

    def row(self, p, params):
        section = p.holder.section.name if p.holder.section_id else ""
        return [p.holder.full_name, section, p.get_kind_display(), p.number_tail, p.expires_on, p.received_on,
                p.get_status_display(), p.location, p.note]

    def describe(self, params):
        from .models import Passport

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
            Column("会员", 10), Column("科室", 16), Column("慰问事项", 20), Column("事由日期", 12, "date"),
            Column("金额（元）", 12, "money"), Column("说明", 30), Column("登记人", 10), Column("登记时间", 17, "datetime"),
        ]

    def queryset(self, user, params):
        from .people_views import visible_benefits

        return visible_benefits(user, params)

    def row(self, b, params):
        section = b.person.section.name if b.person.section_id else ""
        return [b.person.full_name, section, b.benefit_type.name, b.event_date, b.amount, b.note,
                b.registered_by.full_name, b.registered_at]

    def describe(self, params):
        described = [("姓名", params["q"])] if params.get("q") else []
        if params.get("year"):
            described.append(("年度", params["year"]))
        return described


HR_REGISTERS = (LeaveRegister(), AttendanceRegister(), PassportRegister(), BenefitRegister())
