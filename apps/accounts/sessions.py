"""Server-side session limits (等保 2.0: 登录连接超时自动退出) and the time of the last password entry.

Three timestamps live in the session, set at login:
- started: login time; the session ends SESSION_ABSOLUTE_HOURS later whatever happens;
- seen: last request; the session ends after SESSION_IDLE_MINUTES without one;
- auth: last time the password was typed (login or the re-authentication page), read by
  decorators.require_recent_auth.
A session without them (made before this existed, or forged) counts as expired.
"""

from django.conf import settings
from django.utils import timezone

STARTED = "_acct_started"
SEEN = "_acct_seen"
AUTH = "_acct_auth"
OTP_OPT_IN = "_acct_otp_opt_in"

# Rewriting the session on every request costs a database write; a minute of slack does not
# change what the idle limit means.
TOUCH_EVERY_SECONDS = 60

MESSAGES = {
    "idle": "长时间未操作，已自动退出，请重新登录。",
    "absolute": "本次登录已超过 {hours} 小时，已自动退出，请重新登录。",
}


def _now():
    return timezone.now().timestamp()


def stamp_login(session, otp_opt_in=False):
    now = _now()
    session[STARTED] = session[SEEN] = session[AUTH] = now
    session[OTP_OPT_IN] = bool(otp_opt_in)


def mark_reauthenticated(session):
    session[AUTH] = _now()


def seconds_since_auth(session):
    auth = session.get(AUTH)
    return None if auth is None else _now() - auth


def expired_reason(session):
    """'idle', 'absolute', or None while the session is within both limits."""
    started, seen = session.get(STARTED), session.get(SEEN)
    now = _now()
    if started is None or now - started > settings.SESSION_ABSOLUTE_HOURS * 3600:
        return "absolute"
    if seen is None or now - seen > settings.SESSION_IDLE_MINUTES * 60:
        return "idle"
    return None


def touch(session):
    now = _now()
    if now - session.get(SEEN, 0) >= TOUCH_EVERY_SECONDS:
        session[SEEN] = now


def message(reason):
    return MESSAGES[reason].format(hours=settings.SESSION_ABSOLUTE_HOURS)
