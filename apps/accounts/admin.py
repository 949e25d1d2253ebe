import django_otp.plugins.otp_totp.admin  # noqa: F401  (registers TOTPDevice: import it first, then unregister)
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm
from django.contrib.auth.models import Group
from django.db.models import Exists, OuterRef
from django.db.models.functions import Lower, Now
from django.shortcuts import redirect
from django.utils.decorators import method_decorator
from django_otp.plugins.otp_totp.models import TOTPDevice
from simple_history.admin import SimpleHistoryAdmin

from apps.audit.log import record

from . import services
from .admin_roles import RoleRestrictedAdmin
from .decorators import require_recent_auth
from .models import AdminRole, LoginFailure, OfficeRoleGrant, User

admin.site.unregister(Group)
# Devices are reset through the user admin's action (audited), never edited: their keys are secrets.
if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)

reauth_required = method_decorator(require_recent_auth)


def _password_change(request, extra_context=None):
    # One password page for everybody: the portal's counts a wrong old password towards the
    # lockout; the admin's own would not.
    return redirect("accounts:password_change")


admin.site.password_change = _password_change


class ResetPasswordForm(AdminPasswordChangeForm):
    """A password set by the security administrator is known to two people: the account
    must replace it at its next login."""

    def save(self, commit=True):
        self.user.must_change_password = True
        return super().save(commit=commit)


ROLE_FIELDS = ("rank", "admin_role", "clearance", "section", "post", "is_active")


class OfficeRoleInline(RoleRestrictedAdmin, admin.TabularInline):
    admin_roles = {AdminRole.SECURITY}
    model = OfficeRoleGrant
    extra = 0


@admin.register(User)
class UserAdmin(RoleRestrictedAdmin, SimpleHistoryAdmin, BaseUserAdmin):
    """Accounts and roles are the security administrator's (安全管理员) alone."""

    admin_roles = {AdminRole.SECURITY}
    change_password_form = ResetPasswordForm
    list_display = ("username", "full_name", "section", "rank", "admin_role", "is_active", "login_locked", "last_login")
    list_filter = ("section", "rank", "admin_role", "is_active")
    actions = ["unlock_logins", "reset_two_factor", "disable_accounts"]
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
    add_fieldsets = ((None, {"fields": ("username", "full_name", "section", "rank", "password1", "password2")}),)
    readonly_fields = ("last_login", "date_joined", "password_changed_at")

    def get_queryset(self, request):
        locks = LoginFailure.objects.filter(username=Lower(OuterRef("username")), locked_until__gt=Now())
        return super().get_queryset(request).annotate(is_login_locked=Exists(locks))

    @admin.display(description="登录锁定", boolean=True, ordering="is_login_locked")
    def login_locked(self, obj):
        return obj.is_login_locked

    # Role and account changes want the password typed again recently (等保: 重要操作再次鉴别).
    @reauth_required
    def add_view(self, request, form_url="", extra_context=None):
        return super().add_view(request, form_url, extra_context)

    @reauth_required
    def change_view(self, request, object_id, form_url="", extra_context=None):
        return super().change_view(request, object_id, form_url, extra_context)

    @reauth_required
    def delete_view(self, request, object_id, extra_context=None):
        return super().delete_view(request, object_id, extra_context)

    @reauth_required
    def user_change_password(self, request, id, form_url=""):
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            record("auth.password_reset", actor=request.user, obj=self.get_object(request, id))
        return response

    def changelist_view(self, request, extra_context=None):
        if request.method == "POST":  # an action on the selected accounts
            return require_recent_auth(super().changelist_view)(request, extra_context)
        return super().changelist_view(request, extra_context)

    def save_model(self, request, obj, form, change):
        obj.is_superuser = False  # no day-to-day superuser
        if not change:
            obj.must_change_password = True  # the first login replaces the initial password
        obj.full_clean(exclude=["password"])
        super().save_model(request, obj, form, change)
        changed = [f for f in form.changed_data if f in ROLE_FIELDS or f == "password"]
        record(
            "permission.user_change" if change else "permission.user_create",
            actor=request.user,
            obj=obj,
            detail={"fields": changed},
        )
        if change and "is_active" in form.changed_data and not obj.is_active:
            services.end_sessions(obj)  # a disabled account is logged out everywhere

    @admin.action(description="解除所选账号的登录锁定")
    def unlock_logins(self, request, queryset):
        unlocked = [u.username for u in queryset if services.unlock_login(u.username, request.user)]
        self.message_user(request, f"已解除 {len(unlocked)} 个账号的登录锁定。", messages.SUCCESS)

    @admin.action(description="重置所选账号的两步验证（丢失手机时）")
    def reset_two_factor(self, request, queryset):
        for user in queryset:
            services.reset_two_factor(user, request.user)
        self.message_user(
            request, f"已重置 {queryset.count()} 个账号的两步验证，下次登录时须重新绑定。", messages.SUCCESS
        )

    @admin.action(description="停用所选账号（并使其在所有地方退出登录）")
    def disable_accounts(self, request, queryset):
        count = 0
        for user in queryset.filter(is_active=True).exclude(pk=request.user.pk):
            services.deactivate(user, request.user, "安全管理员停用")
            count += 1
        self.message_user(request, f"已停用 {count} 个账号。", messages.SUCCESS)

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


@admin.register(LoginFailure)
class LoginFailureAdmin(RoleRestrictedAdmin, admin.ModelAdmin):
    """登录失败与锁定: what the lockout counts now; the security administrator lifts locks."""

    admin_roles = {AdminRole.SECURITY}
    read_only = True
    list_display = ("username", "scope", "failures", "last_failure_at", "locked_until", "locked_now")
    search_fields = ("username",)
    actions = ["unlock"]
    readonly_fields = ("username", "ip", "failures", "window_start", "last_failure_at", "locked_until")

    @admin.display(description="范围")
    def scope(self, obj):
        return f"账号＋地址 {obj.ip}" if obj.ip else "账号"

    @admin.display(description="锁定中", boolean=True)
    def locked_now(self, obj):
        return obj.is_locked

    @admin.action(description="解除所选用户名的登录锁定")
    def unlock(self, request, queryset):
        names = sorted(set(queryset.values_list("username", flat=True)))
        for name in names:
            services.unlock_login(name, request.user)
        self.message_user(request, f"已解除 {len(names)} 个用户名的登录锁定。", messages.SUCCESS)

    def changelist_view(self, request, extra_context=None):
        if request.method == "POST":
            return require_recent_auth(super().changelist_view)(request, extra_context)
        return super().changelist_view(request, extra_context)
