"""Failed-login lockout: per account, per account+address, never per address alone; cool-off,
reset on success, unlock by the security administrator; every failure and lock audited."""

import pytest
from django.contrib.admin import helpers
from django.test import Client
from django.urls import reverse

from apps.accounts.lockout import locked_message
from apps.accounts.models import LoginFailure
from apps.audit.models import AuditEvent

from .conftest import client_at, logged_in, try_login

pytestmark = pytest.mark.django_db

OFFICE = "10.20.1.15"  # the whole office sits behind this address
ELSEWHERE = "10.20.7.40"
LOCKED = "登录失败次数过多"


def fail(client, username, times):
    return [try_login(client, username, "wrong-password") for _ in range(times)][-1]


def test_five_failures_lock_the_account_from_every_address(people):
    office = client_at(OFFICE)
    for _ in range(4):
        assert "用户名或密码不正确" in try_login(office, "clerk", "wrong").content.decode()
    fifth = try_login(office, "clerk", "wrong")
    assert locked_message() in fifth.content.decode()
    # the right password does not help now, from here or from elsewhere
    assert LOCKED in try_login(office, "clerk").content.decode()
    assert not logged_in(try_login(client_at(ELSEWHERE), "clerk"))


def test_account_and_address_lock_leaves_other_addresses_open(people, settings):
    """With the per-account limit set higher than the per-address one, a guesser at one
    address locks the account there only; its owner at another address still logs in."""
    settings.LOGIN_FAILURE_LIMIT_ACCOUNT = 10
    office = client_at(OFFICE)
    assert LOCKED in fail(office, "clerk", 5).content.decode()
    assert not logged_in(try_login(office, "clerk"))
    assert logged_in(try_login(client_at(ELSEWHERE), "clerk"))
    # the owner's success does not lift the lock on the guesser's address
    assert LOCKED in try_login(client_at(OFFICE), "clerk").content.decode()


def test_colleagues_behind_the_same_address_are_not_locked(people):
    office = client_at(OFFICE)
    fail(office, "clerk", 5)
    assert not logged_in(try_login(office, "clerk"))
    assert logged_in(try_login(client_at(OFFICE), "colleague"))
    assert logged_in(try_login(client_at(OFFICE), "chief"))


def test_an_unknown_name_locks_with_the_same_words(people):
    """The lock message must not tell whether the account exists."""
    real = fail(client_at(OFFICE), "clerk", 5).content.decode()
    unknown = fail(client_at(OFFICE), "no.such.person", 5).content.decode()
    assert locked_message() in real and locked_message() in unknown
    lock = AuditEvent.objects.get(event="auth.locked", object_id="")
    assert lock.detail["username"] == "(未知账号)" and "no.such.person" not in str(lock.detail)
    assert lock.object_repr == "(未知账号)"


def test_the_lock_ends_after_the_cool_off(people, clock):
    office = client_at(OFFICE)
    fail(office, "clerk", 5)
    clock.advance(minutes=14)
    assert LOCKED in try_login(office, "clerk").content.decode()
    clock.advance(minutes=2)
    assert logged_in(try_login(client_at(OFFICE), "clerk"))


def test_failures_outside_the_window_do_not_add_up(people, clock):
    office = client_at(OFFICE)
    fail(office, "clerk", 4)
    clock.advance(minutes=16)
    fail(office, "clerk", 4)
    assert logged_in(try_login(office, "clerk"))


def test_a_success_resets_the_count(people):
    office = client_at(OFFICE)
    fail(office, "clerk", 4)
    assert logged_in(try_login(client_at(OFFICE), "clerk"))
    fail(client_at(OFFICE), "clerk", 4)
    assert logged_in(try_login(client_at(OFFICE), "clerk"))
    assert not LoginFailure.objects.filter(username="clerk").exists()


def test_every_failure_and_the_lock_are_audited(people):
    office = client_at(OFFICE)
    fail(office, "clerk", 5)
    try_login(office, "clerk")  # right password, while locked
    failures = AuditEvent.objects.filter(event="auth.login_failed", object_id=str(people.clerk.pk)).order_by("id")
    assert [e.detail["reason"] for e in failures] == ["password"] * 5 + ["locked"]
    assert all(e.ip == OFFICE and e.outcome == "failure" for e in failures)
    lock = AuditEvent.objects.get(event="auth.locked")
    assert lock.object_id == str(people.clerk.pk) and lock.ip == OFFICE
    assert sorted(lock.detail["scopes"]) == ["account", "address"] and lock.detail["minutes"] == 15


def test_the_admin_has_no_login_page_of_its_own(people):
    """Every login goes through the portal's page (lockout, two-factor): the admin's answers
    anonymous visitors with the portal login."""
    response = client_at(OFFICE).post("/admin/login/", {"username": "secadmin", "password": "Test#password2026"})
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert not AuditEvent.objects.filter(event="auth.login").exists()


def test_an_account_lock_ends_the_accounts_open_sessions(people):
    """Someone is guessing the password: the sessions open on the account end as well."""
    owner = Client()
    owner.force_login(people.clerk)
    assert owner.get("/inbox/").status_code == 200
    fail(client_at(ELSEWHERE), "clerk", 5)
    response = owner.get("/inbox/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def unlock_through_admin(client, user):
    return client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "unlock_logins", helpers.ACTION_CHECKBOX_NAME: [user.pk]},
    )


def test_the_security_administrator_unlocks(people):
    fail(client_at(OFFICE), "clerk", 5)
    secadmin = Client()
    secadmin.force_login(people.secadmin)
    listing = secadmin.get(reverse("admin:accounts_user_changelist"))
    assert "解除所选账号的登录锁定" in listing.content.decode()
    assert unlock_through_admin(secadmin, people.clerk).status_code == 302
    assert logged_in(try_login(client_at(OFFICE), "clerk"))
    unlock = AuditEvent.objects.get(event="auth.unlocked")
    assert unlock.actor == people.secadmin and unlock.object_id == str(people.clerk.pk)
    assert unlock.detail["was_locked"] is True


def test_unlock_from_the_lock_list_covers_unknown_names(people):
    fail(client_at(OFFICE), "no.such.person", 5)
    secadmin = Client()
    secadmin.force_login(people.secadmin)
    ids = list(LoginFailure.objects.values_list("pk", flat=True))
    response = secadmin.post(
        reverse("admin:accounts_loginfailure_changelist"), {"action": "unlock", helpers.ACTION_CHECKBOX_NAME: ids}
    )
    assert response.status_code == 302
    assert not LoginFailure.objects.exists()
    assert AuditEvent.objects.filter(event="auth.unlocked", actor=people.secadmin).count() == 1


def test_only_the_security_administrator_unlocks(people):
    fail(client_at(OFFICE), "clerk", 5)
    for name in ("sysadmin", "auditor", "chief"):
        client = Client()
        client.force_login(getattr(people, name))
        response = unlock_through_admin(client, people.clerk)
        assert response.status_code in (302, 403), name
        if response.status_code == 302:
            assert response["Location"].startswith("/admin/login/"), name
    assert not logged_in(try_login(client_at(OFFICE), "clerk"))
    assert not AuditEvent.objects.filter(event="auth.unlocked").exists()
