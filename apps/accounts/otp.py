"""Two-factor login with TOTP (等保 2.0 level 3: 两种或两种以上组合的鉴别技术).

django-otp keeps the devices and marks a session verified (request.user.is_verified()).
Who must pass the second step: the three administrators (OTP_REQUIRED_FOR_ADMINS), and anyone
who switched it on for themself (账号安全 › 两步验证). The second factor stays pluggable: a
UKey device type would be one more django-otp device model.
"""

import hashlib
from base64 import b32encode

from django.conf import settings
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp import login as otp_login
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import sessions

DEVICE_NAME = "手机验证器"


def required_for_role(user):
    return bool(user.admin_role) and settings.OTP_REQUIRED_FOR_ADMINS


def confirmed_device(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def has_device(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def step_required(request):
    """The signed-in user must still pass (or enrol for) the second step in this session.

    Whether a business user opted in is read once at login (kept in the session), so ordinary
    requests cost no query; switching it on takes effect from the next login.
    """
    user = request.user
    if not user.is_authenticated or user.is_verified():
        return False
    return required_for_role(user) or bool(request.session.get(sessions.OTP_OPT_IN))


def verify(request, device, token):
    """Check a token against the user's device and mark the session verified."""
    if device.verify_token(token):
        otp_login(request, device)
        return True
    return False


def new_device(user):
    """An unconfirmed device for enrolment (confirmed once the user types a code from it)."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def secret_b32(device):
    """The key as typed into an app by hand: base32 in groups of four (apps ignore the spaces)."""
    key = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def qr_svg(device):
    """The otpauth:// URL as an inline SVG QR code (no script, no external request)."""
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    return image.to_string(encoding="unicode")


def current_token(device):
    """The code the authenticator app shows now (demo command and tests)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def demo_key(username):
    """A fixed key for a demo account, so the demo's administrators can be given codes."""
    return hashlib.sha1(f"bureau-demo-otp:{username}".encode()).hexdigest()


def ensure_demo_device(user):
    device, _ = TOTPDevice.objects.update_or_create(
        user=user, name=DEVICE_NAME, defaults={"key": demo_key(user.username), "confirmed": True}
    )
    return device


def mark_verified(session, device):
    """Mark a session as having passed the second step (used by tests' login helper)."""
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
