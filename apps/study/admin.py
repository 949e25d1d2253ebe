from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from apps.accounts.admin_roles import RoleRestrictedAdmin
from apps.audit.log import record

from .models import StudyPolicy


@admin.register(StudyPolicy)
class StudyPolicyAdmin(RoleRestrictedAdmin, SimpleHistoryAdmin):
    """学习考核设置: one row; what an unexcused absence and a missing note count in the appraisal."""

    list_display = ("__str__", "absence_deduction", "missing_note_deduction", "basis")

    def has_add_permission(self, request, *args):
        return super().has_add_permission(request) and not StudyPolicy.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        record("config.study_policy", actor=request.user, obj=obj, detail={"fields": form.changed_data})
