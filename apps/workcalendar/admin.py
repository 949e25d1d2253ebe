from django.contrib import admin
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from simple_history.admin import SimpleHistoryAdmin

from apps.accounts.admin_roles import RoleRestrictedAdmin

from .alerts import calendar_warnings
from .models import WEEKDAYS, CalendarYear, Holiday


class CalendarAdmin(RoleRestrictedAdmin, SimpleHistoryAdmin):
    """Every change is written to the audit log in the admin's transaction as `config.holiday`
    (RoleRestrictedAdmin's audit mixin), with the day or year it touched; the cache of the
    working-day calendar is dropped by the models' save/delete signals."""

    audit_event = "config.holiday"

    def audit_detail(self, obj):
        if isinstance(obj, Holiday):
            return {"date": obj.date.isoformat(), "kind": obj.kind, "source": obj.source}
        return {"year": obj.year, "confirmed": obj.confirmed}


@admin.register(Holiday)
class HolidayAdmin(CalendarAdmin):
    list_display = ("date", "weekday", "kind", "name", "source", "updated_at")
    list_filter = ("kind", "source")
    search_fields = ("name",)
    date_hierarchy = "date"
    ordering = ("-date",)

    @admin.display(description="星期")
    def weekday(self, obj):
        return f"周{WEEKDAYS[obj.date.weekday()]}"


@admin.register(CalendarYear)
class CalendarYearAdmin(CalendarAdmin):
    list_display = ("year", "confirmed", "source", "note", "holidays", "workdays", "updated_at")
    list_filter = ("confirmed", "source")

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(holiday_count=_day_count(Holiday.Kind.HOLIDAY), workday_count=_day_count(Holiday.Kind.WORKDAY))
        )

    @admin.display(description="放假日（条）")
    def holidays(self, obj):
        return obj.holiday_count

    @admin.display(description="调休上班日（条）")
    def workdays(self, obj):
        return obj.workday_count


def _day_count(kind):
    rows = Holiday.objects.filter(date__year=OuterRef("year"), kind=kind).order_by().values("kind")
    return Coalesce(Subquery(rows.annotate(n=Count("id")).values("n")), 0)


# The admin home warns the system administrator while this year's, or from November next
# year's, official calendar is missing (templates/admin/index.html shows calendar_warnings).
_index = admin.site.index


def index(request, extra_context=None):
    context = dict(extra_context or {})
    if admin.site.get_model_admin(CalendarYear).has_change_permission(request):
        context["calendar_warnings"] = calendar_warnings()
    return _index(request, extra_context=context)


admin.site.index = index
