"""督查督办 in the admin: its one settings row. The supervised items and their progress reports
are case records (the office's register, seen through Case.visible_to): the administrators
(三员) see no cases, so those models are not registered here. The time limits are 期限规则 rows
(流程 office.supervision), edited under 流程引擎."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from apps.accounts.admin_roles import RoleRestrictedAdmin
from apps.audit.log import record

from .models import SupervisionPolicy


@admin.register(SupervisionPolicy)
class SupervisionPolicyAdmin(RoleRestrictedAdmin, SimpleHistoryAdmin):
    """One row (created by the migration), changed, never added again or deleted."""

    list_display = ("__str__", "notice_after_urges", "basis")
    readonly_fields = ("code",)

    def has_add_permission(self, request, *args):
        return super().has_add_permission(request) and not SupervisionPolicy.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        record("config.supervision_policy", actor=request.user, obj=obj, detail={"fields": form.changed_data})
