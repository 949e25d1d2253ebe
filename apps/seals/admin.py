import hashlib

from django import forms
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from apps.accounts.admin_roles import RoleRestrictedAdmin
from apps.audit.log import record

from .models import Seal


class SealAdminForm(forms.ModelForm):
    class Meta:
        model = Seal
        exclude = ("impression_sha256",)

    def clean_impression(self):
        upload = self.cleaned_data.get("impression")
        if upload and "impression" in self.changed_data:
            from .services import check_impression

            check_impression(upload)
        return upload


@admin.register(Seal)
class SealAdmin(RoleRestrictedAdmin, SimpleHistoryAdmin):
    """印章台账 base data: the system administrator enters the seals the bureau already holds and
    names each one's keeper and approval chain (the chains' links: 审批规则, 流程“用印申请”).
    New seals normally arrive through a carving request's 备案."""

    form = SealAdminForm
    list_display = ("name", "kind", "owner_unit", "keeper", "approval_chain", "status", "enabled_on")
    list_filter = ("status", "kind", "approval_chain")
    search_fields = ("name",)
    readonly_fields = ("impression_sha256",)

    def has_delete_permission(self, request, obj=None):
        # A seal that was ever used, carved or handed over is retired, never deleted (and the
        # refusal page would list the requests' titles, which administrators must not see).
        if obj is not None and (
            obj.use_requests.exists() or obj.carvings.exists() or obj.handovers.exists() or obj.replacements.exists()
        ):
            return False
        return super().has_delete_permission(request, obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def save_model(self, request, obj, form, change):
        if "impression" in form.changed_data and obj.impression:
            digest = hashlib.sha256()
            for chunk in obj.impression.chunks():
                digest.update(chunk)
            obj.impression.seek(0)
            obj.impression_sha256 = digest.hexdigest()
        super().save_model(request, obj, form, change)
        record("config.seal", actor=request.user, obj=obj, detail={"fields": form.changed_data, "created": not change})

    def delete_model(self, request, obj):
        record("config.seal_delete", actor=request.user, obj=obj)
        super().delete_model(request, obj)
