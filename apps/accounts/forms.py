from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.forms import PasswordChangeForm as DjangoPasswordChangeForm

from apps.audit.middleware import client_ip

from . import lockout


def _password_ok(request, user, password):
    """The password through the backends, so a wrong one counts towards the lockout and is
    audited, and a locked account is refused whatever is typed."""
    authenticated = authenticate(request, username=user.get_username(), password=password)
    return authenticated is not None and authenticated.pk == user.pk


def _password_error(request, username, wrong_message):
    if lockout.is_locked(username, client_ip(request)):
        return forms.ValidationError(lockout.locked_message(), code="locked")
    return forms.ValidationError(wrong_message, code="password_incorrect")


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "用户名或密码不正确。",
        "inactive": "该账号已停用，请联系安全管理员。",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "用户名"
        self.fields["password"].label = "密码"
        self.fields["username"].widget.attrs.update({"autofocus": True, "autocomplete": "username"})

    def clean(self):
        try:
            return super().clean()
        except forms.ValidationError:
            # Same words whether or not the name is an account: unknown names lock too.
            username = self.cleaned_data.get("username")
            if username and lockout.is_locked(username, client_ip(self.request)):
                raise forms.ValidationError(lockout.locked_message(), code="locked") from None
            raise


class PasswordChangeForm(DjangoPasswordChangeForm):
    error_messages = {
        **DjangoPasswordChangeForm.error_messages,
        "password_incorrect": "原密码不正确。",
        "password_mismatch": "两次输入的新密码不一致。",
    }

    def __init__(self, request, *args, **kwargs):
        self.request = request
        super().__init__(request.user, *args, **kwargs)
        self.fields["old_password"].label = "原密码"
        self.fields["new_password1"].label = "新密码"
        self.fields["new_password2"].label = "再次输入新密码"

    def clean_old_password(self):
        old = self.cleaned_data["old_password"]
        if not _password_ok(self.request, self.user, old):
            raise _password_error(self.request, self.user.get_username(), self.error_messages["password_incorrect"])
        return old


class ReauthForm(forms.Form):
    password = forms.CharField(
        label="登录密码",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "autofocus": True}),
    )

    def __init__(self, request, *args, **kwargs):
        self.request = request
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        user = self.request.user
        if not _password_ok(self.request, user, password):
            raise _password_error(self.request, user.get_username(), "密码不正确。")
        return password


class TokenForm(forms.Form):
    token = forms.CharField(
        label="动态验证码",
        min_length=6,
        max_length=8,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "pattern": "[0-9]*", "autofocus": True}
        ),
        help_text="打开手机上的身份验证器应用（支持 TOTP 的均可，如 FreeOTP、Microsoft Authenticator），输入当前显示的 6 位数字。",
    )

    def __init__(self, device, request, *args, **kwargs):
        self.device = device
        self.request = request
        super().__init__(*args, **kwargs)

    def clean_token(self):
        from . import otp

        token = self.cleaned_data["token"].strip().replace(" ", "")
        if not token.isdigit():
            raise forms.ValidationError("验证码只包含数字。")
        allowed, _ = self.device.verify_is_allowed()
        if not allowed:
            raise forms.ValidationError("验证码错误次数过多，请稍等片刻再试。")
        if not otp.verify(self.request, self.device, token):
            raise forms.ValidationError("验证码不正确或已过期，请输入手机上当前显示的验证码。")
        return token
