"""Password authentication with the failed-login lockout (apps/accounts/lockout.py)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied

from apps.audit.middleware import client_ip

from . import lockout


class LockoutModelBackend(ModelBackend):
    """ModelBackend that refuses a locked username before looking at the password, counts
    failures and resets the counters on success.

    A refusal raises PermissionDenied: authenticate() then stops (no other backend is asked)
    and sends user_login_failed, which the audit log records (signals.py). The form asks
    lockout.is_locked() afterwards to choose its message.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(get_user_model().USERNAME_FIELD)
        if username is None or password is None:
            return None
        ip = client_ip(request) if request is not None else None
        if lockout.is_locked(username, ip):
            if request is not None:
                request.login_failure_reason = "locked"
            raise PermissionDenied
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None:
            lockout.register_failure(username, ip)
        else:
            lockout.register_success(username, ip)
        return user

    def get_user(self, user_id):
        # Every page shows the user's section (base.html): load it with the user, not lazily.
        try:
            user = get_user_model()._default_manager.select_related("section").get(pk=user_id)
        except get_user_model().DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
