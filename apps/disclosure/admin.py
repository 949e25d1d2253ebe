"""The disclosure app's configuration in the admin: the proactive categories and their website
columns. The time limits are deadline rules (期限规则, process disclosure.*) in the workflow
admin. Requests, items and reports are cases: administrators (三员) see no cases, so they have
no admin pages."""

from django.contrib import admin
from django.db import models
from simple_history.admin import SimpleHistoryAdmin

from apps.accounts.admin_roles import RoleRestrictedAdmin

from .models import ProactiveCategory


@admin.register(ProactiveCategory)
class ProactiveCategoryAdmin(RoleRestrictedAdmin, SimpleHistoryAdmin):
    list_display = ("name", "column", "url", "order", "active")
    list_editable = ("order", "active")
    list_filter = ("active",)
    search_fields = ("name", "column")
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def has_delete_permission(self, request, obj=None):
        # A category that items were published under is switched off, never deleted.
        if obj is not None and obj.items.exists():
            return False
        return super().has_delete_permission(request, obj)
