"""Two-factor login (TOTP): required for the 三员, switchable by anyone, reset by the security
administrator. Codes are computed from the device key exactly as an authenticator app does."""

import re
from base64 import b32decode

import pytest
from django.contrib.admin import helpers
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from apps.audit.models import AuditEvent
from tests.conftest import PASSWORD

from .conftest import code, enrol, logged_in, try_login

pytestmark = pytest.mark.django_db

VERIFY = reverse("accounts:otp_verify")
SETUP = reverse("accounts:otp_setup")
SECURITY = reverse("accounts:security")


def app_code(secret_b32):
    """What an authenticator app shows for a secret typed in from the enrolment page."""
    secret_b32 = secret_b32.replace(" ", "")
    key = b32decode(secret_b32 + "=" * (-len(secret_b32) % 8))
    return f"{totp(key):06d}"


def shown_secret(response):
    return re.search(r'class="otp-secret">([A-Z2-7 ]+)<', response.content.decode()).group(1)


def test_an_administrator_without_a_device_enrols_at_first_login(people, clock):
    client = Client()
    assert logged_in(try_login(client, "sysadmin"))
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"] == f"{SETUP}?next=%2Fadmin%2F"
    page = client.get(response["Location"])
    body = page.content.decode()
    assert "管理员账号必须使用两步验证" in body and "<svg" in body
    assert not re.search(r"<script(?![^>]*\bsrc=)", body)  # the QR code needs no inline script
    wrong = client.post(f"{SETUP}?next=/admin/", {"token": "000000", "next": "/admin/"})
    assert "验证码不正确" in wrong.content.decode()
    clock.advance(seconds=1)  # after a wrong code the device waits 1 s, then 2, 4, 8...
    done = client.post(f"{SETUP}?next=/admin/", {"token": app_code(shown_secret(page)), "next": "/admin/"})
    assert done.status_code == 302 and done["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    assert TOTPDevice.objects.get(user=people.sysadmin).confirmed
    assert AuditEvent.objects.filter(event="auth.otp_enrolled", actor=people.sysadmin).exists()
    assert AuditEvent.objects.filter(event="auth.otp_failed", actor=people.sysadmin).count() == 1


def test_an_administrator_with_a_device_must_type_a_code(people, clock):
    device = enrol(people.auditor)
    client = Client()
    assert logged_in(try_login(client, "auditor"))
    for url in ("/", "/audit/", "/inbox/", "/org/", SECURITY, "/accounts/password/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(VERIFY + "?next="), url
    page = client.get(f"{VERIFY}?next=/audit/")
    assert "动态验证码" in page.content.decode()
    wrong = client.post(f"{VERIFY}?next=/audit/", {"token": "123456", "next": "/audit/"})
    assert "验证码不正确" in wrong.content.decode()
    assert client.get("/audit/").status_code == 302
    clock.advance(seconds=1)
    right = client.post(f"{VERIFY}?next=/audit/", {"token": code(device), "next": "/audit/"})
    assert right.status_code == 302 and right["Location"] == "/audit/"
    assert client.get("/audit/").status_code == 200
    events = list(
        AuditEvent.objects.filter(actor=people.auditor, event__startswith="auth.otp").values_list("event", "outcome")
    )
    assert ("auth.otp_failed", "failure") in events and ("auth.otp_verified", "success") in events


def test_wrong_codes_slow_down_guessing(people, clock):
    device = enrol(people.auditor)
    client = Client()
    try_login(client, "auditor")
    client.post(VERIFY, {"token": "111111"})
    client.post(VERIFY, {"token": "222222"})  # within the second after the first: not even checked
    response = client.post(VERIFY, {"token": code(device)})
    assert "错误次数过多" in response.content.decode()
    clock.advance(seconds=2)
    assert client.post(VERIFY, {"token": code(device)})["Location"] == "/"


def test_a_code_is_accepted_once(people):
    device = enrol(people.secadmin)
    token = code(device)
    first = Client()
    try_login(first, "secadmin")
    assert first.post(VERIFY, {"token": token})["Location"] == "/"
    second = Client()
    try_login(second, "secadmin")
    response = second.post(VERIFY, {"token": token})
    assert response.status_code == 200 and "验证码不正确" in response.content.decode()


def test_the_next_address_stays_on_the_portal(people):
    device = enrol(people.auditor)
    client = Client()
    try_login(client, "auditor")
    response = client.post(
        f"{VERIFY}?next=https://evil.example/", {"token": code(device), "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_anyone_can_switch_it_on_and_then_needs_it(people):
    client = Client()
    try_login(client, "clerk")
    assert "开启两步验证" in client.get(SECURITY).content.decode()
    page = client.get(SETUP)
    assert "管理员账号必须" not in page.content.decode()
    assert client.post(SETUP, {"token": app_code(shown_secret(page))})["Location"] == SECURITY
    assert "已开启" in client.get(SECURITY).content.decode()
    # from the next login on, the code is asked for
    again = Client()
    try_login(again, "clerk")
    assert again.get("/inbox/")["Location"].startswith(VERIFY)
    device = TOTPDevice.objects.get(user=people.clerk)
    assert again.post(VERIFY, {"token": code(device, steps_ahead=1)})["Location"] == "/"
    assert again.get("/inbox/").status_code == 200
    # a business user without it is never asked
    other = Client()
    try_login(other, "colleague")
    assert other.get("/inbox/").status_code == 200


def test_switching_it_off_needs_the_password_again(people, clock):
    device = enrol(people.clerk)
    client = Client()
    try_login(client, "clerk")
    client.post(VERIFY, {"token": code(device)})
    clock.advance(minutes=16)
    client.get("/inbox/")  # still active: within the idle limit
    response = client.post(reverse("accounts:otp_disable"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:reauth"))
    assert TOTPDevice.objects.filter(user=people.clerk).exists()
    client.post(reverse("accounts:reauth"), {"password": PASSWORD})
    assert client.post(reverse("accounts:otp_disable"))["Location"] == SECURITY
    assert not TOTPDevice.objects.filter(user=people.clerk).exists()
    assert AuditEvent.objects.filter(event="auth.otp_disabled", actor=people.clerk).exists()


def test_administrators_cannot_switch_it_off(people):
    client = Client()
    client.force_login(people.secadmin)  # both factors (tests/conftest.py)
    response = client.post(reverse("accounts:otp_disable"), follow=True)
    assert "管理员账号必须使用两步验证，不能关闭" in response.content.decode()
    assert TOTPDevice.objects.filter(user=people.secadmin).exists()


def test_the_security_administrator_resets_a_lost_device(people):
    device = enrol(people.auditor)
    auditor = Client()
    try_login(auditor, "auditor")
    auditor.post(VERIFY, {"token": code(device)})
    assert auditor.get("/audit/").status_code == 200
    secadmin = Client()
    secadmin.force_login(people.secadmin)
    response = secadmin.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "reset_two_factor", helpers.ACTION_CHECKBOX_NAME: [people.auditor.pk]},
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=people.auditor).exists()
    reset = AuditEvent.objects.get(event="auth.otp_reset")
    assert reset.actor == people.secadmin and reset.object_id == str(people.auditor.pk)
    # the auditor's open session ended; the next login enrols a new device
    assert auditor.get("/audit/")["Location"].startswith("/accounts/login/")
    try_login(auditor, "auditor")
    assert auditor.get("/audit/")["Location"].startswith(SETUP)


def test_the_requirement_for_administrators_is_a_setting(people, settings):
    settings.OTP_REQUIRED_FOR_ADMINS = False
    client = Client()
    try_login(client, "sysadmin")
    assert client.get("/admin/").status_code == 200


def test_demo_otp_prints_the_code_of_a_demo_administrator_only(people, capsys):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    from apps.accounts import otp

    people.sysadmin.is_demo = True
    people.sysadmin.save(update_fields=["is_demo"])
    device = otp.ensure_demo_device(people.sysadmin)
    assert device.key == otp.demo_key("sysadmin") and device.confirmed
    call_command("demo_otp", "sysadmin")
    printed = capsys.readouterr().out.strip()
    assert printed in {code(device), code(device, steps_ahead=1)}  # the 30 s step may turn meanwhile
    client = Client()
    try_login(client, "sysadmin")
    assert client.post(VERIFY, {"token": printed})["Location"] == "/"
    enrol(people.secadmin)
    with pytest.raises(CommandError, match="不是演示账号"):
        call_command("demo_otp", "secadmin")
