"""Logins, logouts and failed logins go to the audit log; a login starts the session's clock.

Auth events are infrastructure, not business rules: Django only exposes them as signals.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from apps.audit.log import record
from apps.audit.models import AuditEvent

from .otp import has_device
from .sessions import stamp_login


@receiver(user_logged_in)
def on_login(sender, request, user, **kwargs):
    # The session's clock starts here (idle/absolute limits, time of the last password entry);
    # whether the user switched two-factor login on is read once, for the whole session.
    if request is not None and hasattr(request, "session"):
        stamp_login(request.session, otp_opt_in=has_device(user))
    record("auth.login", actor=user, obj=user)


@receiver(user_logged_out)
def on_logout(sender, request, user, **kwargs):
    if user is not None:
        reason = getattr(request, "logout_reason", "")
        record("auth.logout", actor=user, obj=user, detail={"reason": reason} if reason else None)


@receiver(user_login_failed)
def on_login_failed(sender, credentials, request=None, **kwargs):
    username = (credentials or {}).get("username", "")[:80]
    user = get_user_model().objects.filter(username__iexact=username).first() if username else None
    # The typed username is kept only when it names a real account (a mistyped password in
    # the username box must not end up in the log).
    record(
        "auth.login_failed",
        actor=None,
        obj=user,
        outcome=AuditEvent.Outcome.FAILURE,
        detail={
            "username": username if user else "(未知账号)",
            # "locked": refused without looking at the password (apps/accounts/lockout.py)
            "reason": getattr(request, "login_failure_reason", "password"),
        },
    )
