from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from apps.audit.log import record
from apps.audit.models import AuditEvent

from . import otp, sessions
from .decorators import require_recent_auth
from .forms import LoginForm, PasswordChangeForm, ReauthForm, TokenForm


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


def _next_url(request, default="home"):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(default)


@login_required
def password_change(request):
    due = request.user.password_change_due()
    form = PasswordChangeForm(request, request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.user.must_change_password = False
        user = form.save()  # set_password() stamps password_changed_at
        update_session_auth_hash(request, user)  # this session stays; every other one ends
        sessions.mark_reauthenticated(request.session)
        record("auth.password_change", actor=user, obj=user, detail={"due": due} if due else None)
        messages.success(request, "密码已修改。")
        return redirect("home")
    context = {"form": form, "due": due, "gated": bool(due), "max_age_days": settings.PASSWORD_MAX_AGE_DAYS}
    return render(request, "accounts/password_change.html", context)


@login_required
def security(request):
    """账号安全: password and two-factor login of one's own account."""
    devices = TOTPDevice.objects.filter(user=request.user, confirmed=True).order_by("pk")
    context = {
        "devices": devices,
        "required": otp.required_for_role(request.user),
        "max_age_days": settings.PASSWORD_MAX_AGE_DAYS,
    }
    return render(request, "accounts/security.html", context)


@login_required
def otp_verify(request):
    """The second step of the login: a code from the account's authenticator app."""
    if not otp.step_required(request):
        return redirect(_next_url(request))
    device = otp.confirmed_device(request.user)
    if device is None:
        return redirect(f"{resolve_url('accounts:otp_setup')}?{request.GET.urlencode()}")
    form = TokenForm(device, request, request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            record("auth.otp_verified", actor=request.user, obj=request.user)
            return redirect(_next_url(request))
        record("auth.otp_failed", actor=request.user, obj=request.user, outcome=AuditEvent.Outcome.FAILURE)
    return render(
        request, "accounts/otp_verify.html", {"form": form, "next": request.GET.get("next", ""), "gated": True}
    )


@login_required
@require_recent_auth
def otp_setup(request):
    """Enrol an authenticator app: scan the code, type one code to confirm."""
    if otp.has_device(request.user):
        messages.info(request, "两步验证已经开启。")
        return redirect("accounts:security")
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first() or otp.new_device(request.user)
    form = TokenForm(device, request, request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            device.confirmed = True
            device.save(update_fields=["confirmed"])  # the form's check marked this session verified
            request.session[sessions.OTP_OPT_IN] = True
            record("auth.otp_enrolled", actor=request.user, obj=request.user)
            messages.success(request, "两步验证已开启：以后每次登录都要输入手机验证器上的动态验证码。")
            return redirect(_next_url(request, "accounts:security"))
        record(
            "auth.otp_failed",
            actor=request.user,
            obj=request.user,
            outcome=AuditEvent.Outcome.FAILURE,
            detail={"step": "enrol"},
        )
    context = {
        "form": form,
        "qr_svg": otp.qr_svg(device),
        "secret": otp.secret_b32(device),
        "required": otp.required_for_role(request.user),
        "next": request.GET.get("next", ""),
        "gated": otp.step_required(request),
    }
    return render(request, "accounts/otp_setup.html", context)


@require_POST
@login_required
@require_recent_auth
def otp_disable(request):
    if otp.required_for_role(request.user):
        messages.error(request, "管理员账号必须使用两步验证，不能关闭；更换手机请联系安全管理员重置。")
        return redirect("accounts:security")
    removed, _ = TOTPDevice.objects.filter(user=request.user).delete()
    request.session[sessions.OTP_OPT_IN] = False
    if removed:
        record("auth.otp_disabled", actor=request.user, obj=request.user)
        messages.success(request, "两步验证已关闭。")
    return redirect("accounts:security")


@login_required
def reauth(request):
    """Type the password again before a security-relevant action (decorators.require_recent_auth)."""
    form = ReauthForm(request, request.POST or None)
    if request.method == "POST" and form.is_valid():
        sessions.mark_reauthenticated(request.session)
        record("auth.reauth", actor=request.user, obj=request.user)
        return redirect(_next_url(request))
    return render(request, "accounts/reauth.html", {"form": form, "next": request.GET.get("next", "")})
