from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from apps.accounts.admin_roles import RoleRestrictedAdmin

from .models import Fonds, OrgCode, RetentionRule

# The system administrator's configuration; every change is audited (RoleRestrictedAdmin) and
# historied. Archive items themselves have no admin page: they are records, not settings.


@admin.register(Fonds)
class FondsAdmin(RoleRestrictedAdmin, SimpleHistoryAdmin):
    """全宗号: given by the district archives; items keep the code they were archived under."""

    list_display = ("code", "name", "active")


@admin.register(OrgCode)
class OrgCodeAdmin(RoleRestrictedAdmin, SimpleHistoryAdmin):
    """机构（问题）代码 in the 档号 (e.g. BGS = 办公室)."""

    list_display = ("section", "code")
    list_select_related = ("section",)


@admin.register(RetentionRule)
class RetentionRuleAdmin(RoleRestrictedAdmin, SimpleHistoryAdmin):
    """The bureau's 归档范围和保管期限表: suggests 永久/30年/10年 when an item is archived."""

    list_display = ("order", "process", "doc_type", "retention", "basis", "active")
    list_filter = ("retention", "active")
    search_fields = ("process", "doc_type", "basis")
