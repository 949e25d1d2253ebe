from django.contrib import admin
from django.utils.html import format_html, format_html_join

from apps.accounts.admin_roles import RoleRestrictedAdmin

from .models import BackupDrill


@admin.register(BackupDrill)
class BackupDrillAdmin(RoleRestrictedAdmin, admin.ModelAdmin):
    """恢复演练记录, read-only for the system administrator: written by `manage.py restore_check`."""

    read_only = True
    list_display = ("started_at", "outcome", "summary", "backup_created_at", "backup_path", "run_by")
    list_filter = ("outcome",)
    date_hierarchy = "started_at"
    fields = (
        "started_at",
        "finished_at",
        "outcome",
        "summary",
        "backup_path",
        "backup_created_at",
        "run_by",
        "host",
        "check_list",
    )
    readonly_fields = fields

    @admin.display(description="各项检查")
    def check_list(self, obj):
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                "<li>{} {}：{}</li>",
                (
                    ("✔" if c.get("ok") else "✘", c.get("label", c.get("check")), c.get("message", ""))
                    for c in obj.checks
                ),
            ),
        )
