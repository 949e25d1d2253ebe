from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from simple_history.admin import SimpleHistoryAdmin

from apps.audit.log import record

from .admin_roles import RoleRestrictedAdmin
from .models import AdminRole, OfficeRoleGrant, User

admin.site.unregister(Group)

ROLE_FIELDS = ("rank", "admin_role", "clearance", "section", "post", "is_active")


class OfficeRoleInline(RoleRestrictedAdmin, admin.TabularInline):
    admin_roles = {AdminRole.SECURITY}
    model = OfficeRoleGrant
    extra = 0


@admin.register(User)
class UserAdmin(RoleRestrictedAdmin, SimpleHistoryAdmin, BaseUserAdmin):
    """Accounts and roles are the security administrator's (安全管理员) alone."""

    admin_roles = {AdminRole.SECURITY}
    list_display = ("username", "full_name", "section", "rank", "admin_role", "is_active", "last_login")
    list_filter = ("section", "rank", "admin_role", "is_active")
    search_fields = ("username", "full_name")
    ordering = ("section__order", "username")
    inlines = [OfficeRoleInline]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("基本信息", {"fields": ("full_name", "phone", "section", "post")}),
        ("角色与权限", {"fields": ("rank", "admin_role", "clearance", "is_active", "is_staff")}),
        ("密码策略", {"fields": ("must_change_password", "password_changed_at")}),
        ("时间", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"fields": ("username", "full_name", "section", "rank", "password1", "password2")}),
    )
    readonly_fields = ("last_login", "date_joined", "password_changed_at")

    def save_model(self, request, obj, form, change):
        obj.is_superuser = False  # no day-to-day superuser
        obj.full_clean(exclude=["password"])
        super().save_model(request, obj, form, change)
        changed = [f for f in form.changed_data if f in ROLE_FIELDS or f == "password"]
        record(
            "permission.user_change" if change else "permission.user_create",
            actor=request.user,
            obj=obj,
            detail={"fields": changed},
        )

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.has_changed():
            record(
                "permission.office_roles",
                actor=request.user,
                obj=form.instance,
                detail={"roles": sorted(form.instance.office_roles.values_list("role", flat=True))},
            )

    def delete_model(self, request, obj):
        record("permission.user_delete", actor=request.user, obj=obj)
        super().delete_model(request, obj)
