from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from apps.accounts.admin_roles import RoleRestrictedAdmin

from .models import OutgoingRules


@admin.register(OutgoingRules)
class OutgoingRulesAdmin(RoleRestrictedAdmin, SimpleHistoryAdmin):
    """发文办理规则: one row for the bureau (where 用印 stands in the route). It is edited, never
    added twice or deleted: the route builder reads the first row."""

    list_display = ("__str__", "seal_order")
    fields = ("seal_order", "note")

    def has_add_permission(self, request, *args):
        return super().has_add_permission(request, *args) and not OutgoingRules.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False
