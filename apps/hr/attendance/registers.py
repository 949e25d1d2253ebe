"""考勤台账: a published month's Excel export, through the one exporter (apps/printing)."""

from apps.printing.exports import Column, Register

from ..leave.balances import days_text


class AttendanceRegister(Register):
    """考勤台账 (/hr/attendance/?month=): a published month, one row per person."""

    name = "attendance"
    title = "考勤台账"
    plain_filters = ("month", "section", "absent")

    def allowed(self, user):
        from .views import may_export_attendance

        return user.is_active and may_export_attendance(user)

    def title_for(self, params):
        return f"考勤台账-{params.get('month', '')}"

    def columns(self, params):
        return [
            Column("姓名", 10),
            Column("科室", 18),
            Column("应出勤", 8),
            Column("实出勤", 8),
            Column("请假", 8),
            Column("因公外出", 8),
            Column("迟到（次）", 8, "integer"),
            Column("早退（次）", 8, "integer"),
            Column("缺卡（次）", 8, "integer"),
            Column("迟到早退折合缺勤", 10, "integer"),
            Column("旷工/逾假（天）", 10),
            Column("缺勤合计", 8),
            Column("公布时间", 17, "datetime"),
        ]

    def queryset(self, user, params):
        from .views import month_from_text, published_rows

        if not self.allowed(user):
            from ..models import MonthlyAttendance

            return MonthlyAttendance.objects.none()
        return published_rows(month_from_text(params.get("month", "")), params)

    def row(self, r, params):
        return [
            r.person.full_name,
            r.section_name,
            days_text(r.working_days),
            days_text(r.present_days),
            days_text(r.leave_days),
            days_text(r.outing_days),
            r.late,
            r.early,
            r.missing,
            r.slip_absences,
            days_text(r.absent_days),
            days_text(r.absences),
            r.month.published_at,
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
