"""三员分立 in the Django admin: each ModelAdmin names which administrator role manages it.

Nobody is a superuser in daily work; business staff have no admin access at all.
"""

from apps.audit.admin_log import AuditedAdminMixin

from .models import AdminRole


class RoleRestrictedAdmin(AuditedAdminMixin):
    """Also audited: every add, change and delete goes to the audit log (apps/audit/admin_log.py)."""

    admin_roles = {AdminRole.SYSTEM}
    read_only = False

    def _allowed(self, request):
        user = request.user
        return user.is_active and user.is_authenticated and user.admin_role in self.admin_roles

    def has_module_permission(self, request):
        return self._allowed(request)

    def has_view_permission(self, request, obj=None):
        return self._allowed(request)

    def has_add_permission(self, request, *args):
        return self._allowed(request) and not self.read_only

    def has_change_permission(self, request, obj=None):
        return self._allowed(request) and not self.read_only

    def has_delete_permission(self, request, obj=None):
        return self._allowed(request) and not self.read_only
