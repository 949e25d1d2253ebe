"""Security operations on accounts: end sessions, unlock, reset two-factor, disable idle accounts.

Each runs in one transaction with its audit row (apps.audit.log.record).
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from apps.audit.log import record

from . import lockout
from .models import AdminRole, LoginFailure, User


def end_sessions(user):
    """Log the account out everywhere: its session hash changes, so every session fails the
    check Django makes on each request (the same mechanism as a password change)."""
    User.objects.filter(pk=user.pk).update(session_generation=F("session_generation") + 1)
    user.session_generation = User.objects.filter(pk=user.pk).values_list("session_generation", flat=True).get()


@transaction.atomic
def unlock_login(username, actor):
    """The security administrator lifts every lock and failure count on a username."""
    name = lockout.normalize(username)
    counters = list(LoginFailure.objects.select_for_update().filter(username=name))
    if not counters:
        return False
    was_locked = any(c.is_locked for c in counters)
    LoginFailure.objects.filter(pk__in=[c.pk for c in counters]).delete()
    user = User.objects.filter(username__iexact=name).first()
    record(
        "auth.unlocked",
        actor=actor,
        obj=user,
        object_repr=None if user else name,
        detail={"username": user.username if user else name, "was_locked": was_locked},
    )
    return True


@transaction.atomic
def reset_two_factor(user, actor):
    """Remove the account's TOTP devices (a lost phone): it enrols again at its next login
    (administrators must), and its open sessions end."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    removed, _ = TOTPDevice.objects.filter(user=user).delete()
    end_sessions(user)
    record("auth.otp_reset", actor=actor, obj=user, detail={"devices": removed})
    return removed


def deactivate(user, actor, reason):
    """Disable an account and end its sessions (audited by the caller's event)."""
    user.is_active = False
    user.save(update_fields=["is_active"])  # a history row too
    end_sessions(user)
    record("auth.disabled", actor=actor, obj=user, detail={"reason": reason})


def idle_accounts(now=None):
    """Active accounts with no login (or, never logged in, no creation) for ACCOUNT_IDLE_DISABLE_DAYS."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.ACCOUNT_IDLE_DISABLE_DAYS)
    return (
        User.objects.filter(is_active=True)
        .annotate(seen=Coalesce("last_login", "date_joined"))
        .filter(seen__lt=cutoff)
        .order_by("pk")
    )


def disable_idle_accounts(now=None):
    """Disable idle accounts (等保 B3), each audited; returns the usernames disabled.

    The last active security administrator is kept: without one nobody could re-enable
    anybody from the portal.
    """
    if settings.ACCOUNT_IDLE_DISABLE_DAYS <= 0:
        return []
    disabled = []
    for user in idle_accounts(now):
        with transaction.atomic():
            user = User.objects.select_for_update().get(pk=user.pk)
            if not user.is_active:
                continue
            if (
                user.admin_role == AdminRole.SECURITY
                and not User.objects.filter(~Q(pk=user.pk), is_active=True, admin_role=AdminRole.SECURITY).exists()
            ):
                continue
            deactivate(user, None, f"连续 {settings.ACCOUNT_IDLE_DISABLE_DAYS} 天未登录")
        disabled.append(user.username)
    lockout.purge_expired(now)
    return disabled
