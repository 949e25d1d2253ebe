from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from apps.accounts.admin_roles import RoleRestrictedAdmin
from apps.audit.log import record

from .models import NumberScheme, NumberSeries


@admin.register(NumberScheme)
class NumberSchemeAdmin(RoleRestrictedAdmin, SimpleHistoryAdmin):
    """发文字号、收文编号的格式: the system administrator's configuration. A scheme that has
    handed out numbers is switched off, never deleted (its numbers stay in the registers)."""

    list_display = ("name", "code", "kind", "pattern", "owner", "active")
    list_filter = ("kind", "active")
    search_fields = ("name", "code", "pattern")

    def get_readonly_fields(self, request, obj=None):
        # The code is what the sections' programs name; numbers already issued keep their scheme.
        return ("code",) if obj is not None else ()

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.series.exists():
            return False
        return super().has_delete_permission(request, obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        record(
            "config.number_scheme",
            actor=request.user,
            obj=obj,
            detail={"fields": form.changed_data, "created": not change},
        )

    def delete_model(self, request, obj):
        record("config.number_scheme_delete", actor=request.user, obj=obj)
        super().delete_model(request, obj)


@admin.register(NumberSeries)
class NumberSeriesAdmin(RoleRestrictedAdmin, admin.ModelAdmin):
    """Where each series stands (read-only: a counter typed by hand would break the gapless rule)."""

    read_only = True
    list_display = ("scheme", "year", "last", "updated_at")
    list_filter = ("year", "scheme")
