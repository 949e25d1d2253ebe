"""Sessions: idle and absolute limits enforced on the server, re-authentication before
security-relevant actions, logout everywhere on lock/disable, nothing left after logout."""

import pytest
from django.conf import settings as django_settings
from django.contrib.admin import helpers
from django.contrib.sessions.models import Session
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse

from apps.accounts import sessions
from apps.accounts.decorators import require_recent_auth
from apps.accounts.services import deactivate
from apps.audit.models import AuditEvent
from tests.conftest import PASSWORD

from .conftest import logged_in, try_login

pytestmark = pytest.mark.django_db

REAUTH = reverse("accounts:reauth")


def sent_to_login(response, next_url):
    return response.status_code == 302 and response["Location"] == f"/accounts/login/?next={next_url}"


def test_idle_sessions_end_after_thirty_minutes(people, clock):
    client = Client()
    assert logged_in(try_login(client, "clerk"))
    for _ in range(3):  # active every 29 minutes: still logged in after an hour and a half
        clock.advance(minutes=29)
        assert client.get("/inbox/").status_code == 200
    clock.advance(minutes=31)
    response = client.get("/inbox/")
    assert sent_to_login(response, "/inbox/")
    page = client.get(response["Location"])
    assert "长时间未操作，已自动退出" in page.content.decode()
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(event="auth.logout", actor=people.clerk).get().detail == {"reason": "idle"}


def test_sessions_end_twelve_hours_after_login_however_active(people, clock):
    client = Client()
    try_login(client, "clerk")
    for _ in range(12 * 3):  # a request every 20 minutes for 12 hours
        clock.advance(minutes=20)
        assert client.get("/inbox/").status_code == 200
    clock.advance(minutes=1)
    response = client.get("/inbox/")
    assert sent_to_login(response, "/inbox/")
    assert "本次登录已超过 12 小时" in client.get(response["Location"]).content.decode()


def test_the_limits_are_settings(people, clock, settings):
    settings.SESSION_IDLE_MINUTES = 5
    client = Client()
    try_login(client, "clerk")
    clock.advance(minutes=6)
    assert sent_to_login(client.get("/matters/"), "/matters/")


def test_the_cookie_never_outlives_the_absolute_limit():
    assert django_settings.SESSION_COOKIE_AGE <= django_settings.SESSION_ABSOLUTE_HOURS * 3600
    assert django_settings.SESSION_EXPIRE_AT_BROWSER_CLOSE


def test_a_session_without_its_timestamps_is_not_trusted(people):
    client = Client()
    client.force_login(people.clerk)
    session = client.session
    for key in (sessions.STARTED, sessions.SEEN):
        del session[key]
    session.save()
    assert sent_to_login(client.get("/inbox/"), "/inbox/")


def test_logout_flushes_the_session(people):
    client = Client()
    try_login(client, "clerk")
    key = client.session.session_key
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert not Session.objects.filter(session_key=key).exists()
    assert "_auth_user_id" not in client.session


# --- re-authentication -------------------------------------------------------------------------


def test_role_changes_need_the_password_typed_again(people, clock):
    secadmin = Client()
    secadmin.force_login(people.secadmin)
    change = reverse("admin:accounts_user_change", args=[people.clerk.pk])
    assert secadmin.get(change).status_code == 200  # just logged in
    clock.advance(minutes=10)
    secadmin.get("/admin/")
    clock.advance(minutes=10)
    response = secadmin.get(change)
    assert response.status_code == 302 and response["Location"] == f"{REAUTH}?next={change.replace('/', '%2F')}"
    # an action on the user list (unlock, reset, disable) too
    listing = reverse("admin:accounts_user_changelist")
    action = secadmin.post(listing, {"action": "disable_accounts", helpers.ACTION_CHECKBOX_NAME: [people.clerk.pk]})
    assert action["Location"].startswith(REAUTH)
    people.clerk.refresh_from_db()
    assert people.clerk.is_active
    wrong = secadmin.post(f"{REAUTH}?next={change}", {"password": "not-it", "next": change})
    assert "密码不正确" in wrong.content.decode()
    right = secadmin.post(f"{REAUTH}?next={change}", {"password": PASSWORD, "next": change})
    assert right["Location"] == change
    assert secadmin.get(change).status_code == 200
    assert AuditEvent.objects.filter(event="auth.reauth", actor=people.secadmin).count() == 1
    assert AuditEvent.objects.filter(event="auth.login_failed", object_id=str(people.secadmin.pk)).count() == 1


def test_require_recent_auth_takes_its_own_limit(people, clock):
    @require_recent_auth(minutes=5)
    def export_personal_data(request):
        return HttpResponse("导出")

    client = Client()
    try_login(client, "clerk")
    request = RequestFactory().get("/export/?purpose=1")
    request.user = people.clerk
    request.session = client.session
    assert export_personal_data(request).status_code == 200
    clock.advance(minutes=6)
    response = export_personal_data(request)
    assert response.status_code == 302 and response["Location"] == f"{REAUTH}?next=%2Fexport%2F%3Fpurpose%3D1"


def test_the_re_authentication_page_only_goes_back_to_the_portal(people):
    client = Client()
    try_login(client, "clerk")
    response = client.post(REAUTH, {"password": PASSWORD, "next": "https://evil.example/"})
    assert response["Location"] == "/"


# --- logout everywhere ---------------------------------------------------------------------------


def test_disabling_an_account_logs_it_out_everywhere_for_good(people):
    phone, desk = Client(), Client()
    phone.force_login(people.clerk)
    desk.force_login(people.clerk)
    secadmin = Client()
    secadmin.force_login(people.secadmin)
    secadmin.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "disable_accounts", helpers.ACTION_CHECKBOX_NAME: [people.clerk.pk]},
    )
    people.clerk.refresh_from_db()
    assert not people.clerk.is_active
    assert AuditEvent.objects.get(event="auth.disabled").actor == people.secadmin
    # re-enabling does not bring the old sessions back
    people.clerk.is_active = True
    people.clerk.save()
    for client in (phone, desk):
        assert client.get("/inbox/")["Location"].startswith("/accounts/login/")


def test_deactivate_ends_sessions(people):
    client = Client()
    client.force_login(people.chief)
    deactivate(people.chief, people.secadmin, "调离")
    assert client.get("/inbox/")["Location"].startswith("/accounts/login/")
    assert not logged_in(try_login(Client(), "chief"))
