from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from apps.accounts.admin_roles import RoleRestrictedAdmin
from apps.audit.log import record

from .models import ClaimItem, MealStandard, Standard, SupplyItem, Vehicle


class AuditedConfigAdmin(RoleRestrictedAdmin, SimpleHistoryAdmin):
    audit_event = ""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        record(
            self.audit_event, actor=request.user, obj=obj, detail={"fields": form.changed_data, "created": not change}
        )

    def delete_model(self, request, obj):
        record(f"{self.audit_event}_delete", actor=request.user, obj=obj)
        super().delete_model(request, obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions


@admin.register(Standard)
class StandardAdmin(AuditedConfigAdmin):
    """The numbers of the finance rules. The code reads them by key, so rows are changed, never
    added or deleted here (the fixture seeds every key once)."""

    audit_event = "config.finance_standard"
    list_display = ("name", "value", "unit", "basis")
    readonly_fields = ("key",)
    fields = ("key", "name", "value", "unit", "basis")

    def has_add_permission(self, request, *args):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(MealStandard)
class MealStandardAdmin(AuditedConfigAdmin):
    """公务用餐标准 per guest rank; a level used by a claim is switched off, not deleted."""

    audit_event = "config.meal_standard"
    list_display = ("name", "amount", "order", "active", "basis")
    list_filter = ("active",)

    def has_delete_permission(self, request, obj=None):
        if obj is not None:
            if ClaimItem.objects.filter(meal_standard=obj).exists():
                return False
        return super().has_delete_permission(request, obj)


@admin.register(Vehicle)
class VehicleAdmin(AuditedConfigAdmin):
    """The bureau's cars and their assigned drivers (定车定人); a car is retired, not deleted."""

    audit_event = "config.vehicle"
    list_display = ("plate", "model", "seats", "driver", "status")
    list_filter = ("status",)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and (obj.trips.exists() or obj.repairs.exists()):
            return False
        return super().has_delete_permission(request, obj)


@admin.register(SupplyItem)
class SupplyItemAdmin(AuditedConfigAdmin):
    """The catalogue of office supplies. Stock changes only through 入库 and 发放 (StockMove rows)."""

    audit_event = "config.supply_item"
    list_display = ("name", "spec", "unit", "stock", "active")
    list_filter = ("active",)
    readonly_fields = ("stock",)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.moves.exists():
            return False
        return super().has_delete_permission(request, obj)
