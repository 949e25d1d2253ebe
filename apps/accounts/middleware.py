"""Request gates: default deny for anonymous visitors (every URL needs a login unless exempt),
session limits, the two-factor and password-change steps, and admin access by address."""

import functools
import ipaddress
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, render, resolve_url
from django.urls import Resolver404, resolve, reverse

from apps.audit.log import record
from apps.audit.middleware import client_ip
from apps.audit.models import AuditEvent

from . import otp, sessions


class LoginRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.user.is_authenticated:
            return None
        if request.path.startswith(settings.STATIC_URL):
            return None
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return None
        if match.view_name in settings.LOGIN_EXEMPT_URL_NAMES:
            return None
        return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)


class SessionLimitsMiddleware:
    """Idle (SESSION_IDLE_MINUTES) and absolute (SESSION_ABSOLUTE_HOURS) session limits,
    enforced on the server from timestamps in the session (sessions.py)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            reason = sessions.expired_reason(request.session)
            if reason:
                request.logout_reason = reason
                logout(request)
                messages.info(request, sessions.message(reason))
                login_url = resolve_url(settings.LOGIN_URL)
                if request.path == login_url:
                    return redirect(login_url)
                return redirect_to_login(request.get_full_path(), login_url)
            sessions.touch(request.session)
        return self.get_response(request)


# Reachable before the second step is passed (and before a forced password change).
OTP_STEP_URL_NAMES = {
    "accounts:login",
    "accounts:logout",
    "accounts:otp_verify",
    "accounts:otp_setup",
    "accounts:reauth",
    "healthz",
}
PASSWORD_STEP_URL_NAMES = OTP_STEP_URL_NAMES | {"accounts:password_change"}


class AccountGateMiddleware:
    """A signed-in user reaches nothing but the two-factor step until it is passed (or, for an
    account that must use it and has no device yet, enrolled), and then nothing but the
    password page while the password must be changed (first login, or older than
    PASSWORD_MAX_AGE_DAYS). The Django admin sits behind the same gate."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.user.is_authenticated:
            return None
        name = request.resolver_match.view_name if request.resolver_match else ""
        if otp.step_required(request):
            if name in OTP_STEP_URL_NAMES:
                return None
            target = "accounts:otp_verify" if otp.has_device(request.user) else "accounts:otp_setup"
            return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
        if name not in PASSWORD_STEP_URL_NAMES and request.user.password_change_due():
            return redirect("accounts:password_change")
        return None


@functools.lru_cache(maxsize=8)
def _networks(cidrs):
    return tuple(ipaddress.ip_network(c, strict=False) for c in cidrs)


def address_allowed(ip, cidrs):
    try:
        address = ipaddress.ip_address(ip or "")
    except ValueError:
        return False
    return any(address in network for network in _networks(tuple(cidrs)))


class AdminNetworkMiddleware:
    """等保 2.0 (管理终端地址限制): the admin and the audit log answer only to the configured
    networks (ADMIN_ALLOWED_NETWORKS); elsewhere 403, audited."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(tuple(settings.ADMIN_NETWORK_PATHS)):
            ip = client_ip(request)
            if not address_allowed(ip, settings.ADMIN_ALLOWED_NETWORKS):
                user = request.user if request.user.is_authenticated else None
                record(
                    "access.network_denied",
                    actor=user,
                    outcome=AuditEvent.Outcome.DENIED,
                    detail={"path": request.path[:200]},
                )
                return render(request, "accounts/network_denied.html", {"ip": ip}, status=403)
        return self.get_response(request)


class AccountsMiddleware:
    """The four gates above as one middleware (issue 19: fewer layers on every request), in
    their order in settings.MIDDLEWARE before the merge:

    * on the way in: the admin network check (AdminNetworkMiddleware), then the session limits
      (SessionLimitsMiddleware); it sits after the audit context so a refusal is audited with
      the source address;
    * before the view: login required (LoginRequiredMiddleware), then the two-factor and
      password-change gate (AccountGateMiddleware).
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.login_required = LoginRequiredMiddleware(get_response)
        self.gate = AccountGateMiddleware(get_response)
        # the chain: network check -> session limits -> the rest of the stack
        self.inner = AdminNetworkMiddleware(SessionLimitsMiddleware(get_response))

    def __call__(self, request):
        return self.inner(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        return self.login_required.process_view(request, view_func, view_args, view_kwargs) or self.gate.process_view(
            request, view_func, view_args, view_kwargs
        )
