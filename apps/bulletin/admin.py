from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from apps.accounts.admin_roles import RoleRestrictedAdmin
from apps.audit.log import record

from .models import BulletinPolicy


@admin.register(BulletinPolicy)
class BulletinPolicyAdmin(RoleRestrictedAdmin, SimpleHistoryAdmin):
    """信息工作标准: the writing team's yearly quota and the points per adoption level (rule 10
    leaves them to a separate standard; rule 18 四（四） gives the central and provincial ones).
    One row (from fixtures/bulletin_deadlines.json), changed, never added again or deleted. The
    team list is kept by the office on the 上稿统计 page."""

    list_display = ("__str__", "national_points", "province_points", "city_points", "district_points", "basis")
    readonly_fields = ("code",)

    def has_add_permission(self, request, *args):
        return super().has_add_permission(request) and not BulletinPolicy.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        record("config.bulletin_policy", actor=request.user, obj=obj, detail={"fields": form.changed_data})
