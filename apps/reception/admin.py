from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from apps.accounts.admin_roles import RoleRestrictedAdmin
from apps.audit.log import record

from .models import ReceptionPolicy


@admin.register(ReceptionPolicy)
class ReceptionPolicyAdmin(RoleRestrictedAdmin, SimpleHistoryAdmin):
    """接待设置: how many working days a section chief has to acknowledge a 转交 note. One row
    (created by the migration), changed, never added again or deleted. The contacts themselves
    carry personal data and are business records: the administrators do not see them."""

    list_display = ("__str__", "ack_days", "basis")
    readonly_fields = ("code",)

    def has_add_permission(self, request, *args):
        return super().has_add_permission(request) and not ReceptionPolicy.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        record("config.reception_policy", actor=request.user, obj=obj, detail={"fields": form.changed_data})
