"""Helpers for the account tests: a controllable clock, logins from a given address, TOTP codes."""

import time
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from apps.accounts import otp
from tests.conftest import PASSWORD


class Clock:
    def __init__(self):
        self.now = timezone.now()

    def advance(self, **delta):
        self.now += timedelta(**delta)


@pytest.fixture
def clock(monkeypatch):
    """timezone.now() under the test's control (the lockout, sessions and expiry read it)."""
    c = Clock()
    monkeypatch.setattr(timezone, "now", lambda: c.now)
    return c


def client_at(ip):
    return Client(REMOTE_ADDR=ip)


def try_login(client, username, password=PASSWORD):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def logged_in(response):
    return response.status_code == 302


def enrol(user):
    return TOTPDevice.objects.create(user=user, name=otp.DEVICE_NAME, confirmed=True)


def code(device, steps_ahead=0):
    """The code an authenticator app shows now (or `steps_ahead` periods later: a code is
    accepted once, so a second login in the same 30 s waits for the next one), computed from
    the device's key (RFC 6238)."""
    device.refresh_from_db()
    generator = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    generator.time = time.time() + steps_ahead * device.step
    return f"{generator.token():0{device.digits}d}"
