"""Failed-login lockout (等保 2.0 身份鉴别: 登录失败处理).

LOGIN_FAILURE_LIMIT failures of one username from one address, or LOGIN_FAILURE_LIMIT_ACCOUNT
failures of one username from anywhere, within LOGIN_FAILURE_WINDOW_MINUTES lock that username
(from that address, or everywhere) for LOGIN_LOCKOUT_MINUTES. Never per address alone: a whole
office reaches the portal through one address. A success resets the counters it concerns; the
security administrator can unlock at any time (services.unlock_login).

Checked by the authentication backend (backends.py), so the portal's login page, the admin's
login page and the re-authentication page all count and all refuse.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from apps.audit.log import record
from apps.audit.models import AuditEvent

from .models import LoginFailure

ACCOUNT = ""  # the `ip` of the per-account counter

LOCKED_MESSAGE = "登录失败次数过多，该账号已被暂时锁定，请 {minutes} 分钟后再试；如需立即解锁，请联系安全管理员。"


def normalize(username):
    return (username or "").strip().lower()[:150]


def locked_message():
    return LOCKED_MESSAGE.format(minutes=settings.LOGIN_LOCKOUT_MINUTES)


def is_locked(username, ip=None):
    """The username is locked everywhere, or from this address."""
    name = normalize(username)
    if not name:
        return False
    scopes = Q(ip=ACCOUNT) | Q(ip=ip) if ip else Q(ip=ACCOUNT)
    return LoginFailure.objects.filter(scopes, username=name, locked_until__gt=timezone.now()).exists()


def register_failure(username, ip=None):
    """Count one failed attempt; lock (and audit the lock) when a limit is reached.

    Returns the scopes that became locked by this attempt ("account", "address").
    """
    name = normalize(username)
    if not name:
        return []
    now = timezone.now()
    window = timedelta(minutes=settings.LOGIN_FAILURE_WINDOW_MINUTES)
    limits = [(ACCOUNT, settings.LOGIN_FAILURE_LIMIT_ACCOUNT)]
    if ip:
        limits.append((ip, settings.LOGIN_FAILURE_LIMIT))
    newly_locked = []
    with transaction.atomic():
        for scope_ip, limit in limits:
            # get_or_create re-reads when a concurrent failure inserted the row first
            counter = LoginFailure.objects.select_for_update().get_or_create(
                username=name, ip=scope_ip, defaults={"window_start": now, "last_failure_at": now}
            )[0]
            if counter.is_locked:
                continue  # attempts during a lock do not extend it
            if counter.locked_until is not None or now - counter.window_start > window:
                # the lock ran out, or the earlier failures are too old: a fresh count
                counter.failures, counter.window_start, counter.locked_until = 0, now, None
            counter.failures += 1
            counter.last_failure_at = now
            if counter.failures >= limit:
                counter.locked_until = now + timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
                newly_locked.append("account" if scope_ip == ACCOUNT else "address")
            counter.save()
        if newly_locked:
            _locked(name, newly_locked)
    return newly_locked


def _locked(name, scopes):
    from .services import end_sessions

    user = get_user_model().objects.filter(username__iexact=name).first()
    record(
        "auth.locked",
        obj=user,
        outcome=AuditEvent.Outcome.DENIED,
        # The typed name is kept only when it names a real account (see signals.on_login_failed).
        object_repr=None if user else "(未知账号)",
        detail={
            "username": user.username if user else "(未知账号)",
            "scopes": scopes,
            "minutes": settings.LOGIN_LOCKOUT_MINUTES,
        },
    )
    if user is not None and "account" in scopes:
        # Someone is guessing this account's password: end its open sessions too.
        end_sessions(user)


def register_success(username, ip=None):
    """A correct password resets the account's counter and the one for this address."""
    name = normalize(username)
    scopes = Q(ip=ACCOUNT) | Q(ip=ip) if ip else Q(ip=ACCOUNT)
    not_locked = Q(locked_until__isnull=True) | Q(locked_until__lte=timezone.now())
    LoginFailure.objects.filter(scopes, not_locked, username=name).delete()


def purge_expired(now=None):
    """Drop counters whose window and lock are over (names that match no account pile up)."""
    now = now or timezone.now()
    window = timedelta(minutes=settings.LOGIN_FAILURE_WINDOW_MINUTES)
    stale = Q(locked_until__isnull=True, last_failure_at__lt=now - window) | Q(locked_until__lte=now)
    return LoginFailure.objects.filter(stale).delete()[0]
