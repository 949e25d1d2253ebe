from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from apps.accounts.admin_roles import RoleRestrictedAdmin
from apps.audit.log import record

from .models import PetitionPolicy


@admin.register(PetitionPolicy)
class PetitionPolicyAdmin(RoleRestrictedAdmin, SimpleHistoryAdmin):
    """信访设置: the headcount from which a petition is reported to the leaders at once. One row
    (created by the migration), changed, never added again or deleted. The time limits are
    期限规则 rows (流程“信访事项”); the petitions themselves are case records, which the
    administrators do not see."""

    list_display = ("__str__", "group_threshold", "basis")
    readonly_fields = ("code",)

    def has_add_permission(self, request, *args):
        return super().has_add_permission(request) and not PetitionPolicy.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        record("config.petition_policy", actor=request.user, obj=obj, detail={"fields": form.changed_data})
