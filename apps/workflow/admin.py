from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from apps.accounts.admin_roles import RoleRestrictedAdmin
from apps.accounts.models import AdminRole
from apps.audit.log import record

from .models import ApprovalRule, Delegation, SweepRun
from .processes import all_processes




@admin.register(ApprovalRule)
class ApprovalRuleAdmin(RoleRestrictedAdmin, SimpleHistoryAdmin):
    """Who approves what, from which amount: the system administrator's configuration."""

    list_display = ("process_label", "chain", "seq", "label", "role", "fact", "min_value", "max_value", "applicant_ranks", "active")
    list_filter = ("process", "chain", "active")
    ordering = ("process", "chain", "seq")

    @admin.display(description="流程")
    def process_label(self, obj):
        process = all_processes().get(obj.process)
        return process.label if process else obj.process

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "process":
            from django import forms

            return forms.ChoiceField(
                label="流程", choices=[(code, p.label) for code, p in sorted(all_processes().items())]
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        record("config.approval_rule", actor=request.user, obj=obj, detail={"fields": form.changed_data})

    def delete_model(self, request, obj):
        record("config.approval_rule_delete", actor=request.user, obj=obj)
        super().delete_model(request, obj)


@admin.register(Delegation)
class DelegationAdmin(RoleRestrictedAdmin, SimpleHistoryAdmin):
    list_display = ("principal", "delegate", "start_date", "end_date", "reason", "cancelled_at")
    list_filter = ("start_date",)
    autocomplete_fields = ()

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        record("config.delegation", actor=request.user, obj=obj, detail={"fields": form.changed_data})


@admin.register(SweepRun)
class SweepRunAdmin(RoleRestrictedAdmin, admin.ModelAdmin):
    admin_roles = {AdminRole.SYSTEM}
    read_only = True
    list_display = ("started_at", "finished_at", "notices_created")
