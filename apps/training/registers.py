"""学时登记 (per person and year) as Excel."""

from django.utils import timezone

from apps.printing.exports import Column, Register
from apps.printing.registers import register


class TrainingHours(Register):
    name = "training_hours"
    title = "干部教育培训学时登记"
    plain_filters = ("year", "section")

    def title_for(self, params):
        return f"{params.get('year') or timezone.localdate().year}年度干部教育培训学时登记"

    def columns(self, params):
        return [
            Column("姓名", 12),
            Column("科室（单位）", 18),
            Column("集中培训学时", 14, "money"),
            Column("网络平台学时", 14, "money"),
            Column("合计学时", 12, "money"),
        ]

    def queryset(self, user, params):
        from .views import visible_hours

        return visible_hours(user, params)

    def row(self, p, params):
        section = p.section.name if p.section_id else ""
        return [p.full_name, section, p.course_hours, p.platform_hours, p.total_hours]

    def describe(self, params):
        return [("年度", params.get("year") or timezone.localdate().year)]


register(TrainingHours())
