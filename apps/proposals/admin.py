"""建议提案办理 in the admin: the 届次会议 the office registers items under. The items themselves
are case records (seen through Case.visible_to): the administrators (三员) see no cases, so they
are not registered here. The time limits are 期限规则 rows (流程 office.proposal); the reply's
approval chain is 审批规则 rows (流程 office.proposal, 审批链 reply)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from apps.accounts.admin_roles import RoleRestrictedAdmin
from apps.audit.log import record

from .models import Session


@admin.register(Session)
class SessionAdmin(RoleRestrictedAdmin, SimpleHistoryAdmin):
    list_display = ("name", "kind", "year", "active")
    list_filter = ("kind", "active")
    ordering = ("-year", "kind", "name")

    def has_delete_permission(self, request, obj=None):
        # A session with items on it is deactivated, not deleted.
        return super().has_delete_permission(request, obj) and not (obj is not None and obj.proposals.exists())

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        record("config.proposal_session", actor=request.user, obj=obj, detail={"fields": form.changed_data})
