"""Password rules: complexity, common and weak-pattern passwords, history, maximum age,
forced change at first login and after a reset, logout everywhere on change."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from apps.accounts.models import PasswordHistory, User
from apps.audit.models import AuditEvent
from tests.conftest import PASSWORD

from .conftest import logged_in, try_login

pytestmark = pytest.mark.django_db

CHANGE = reverse("accounts:password_change")
STRONG = [f"Kx7#river-stone-{n}" for n in "abcdefg"]


def messages_for(password, user=None):
    try:
        validate_password(password, user)
    except ValidationError as error:
        return " ".join(error.messages)
    return ""


@pytest.mark.parametrize(
    "weak",
    [
        "Admin@123456",
        "Qwer1234!@#$",
        "Woaini@1314",
        "P@ssw0rd2026",
        "1qaz@WSX3edc",
        "Zhangsan@2026",
        "Sifaju@2026",
        "Linzi#888888",
        "Administrator!",
    ],
)
def test_weak_patterns_are_refused_in_chinese(weak):
    assert "容易被猜中" in messages_for(weak)


@pytest.mark.parametrize("fine", ["Kx7#river-stone-a", "Demo#2026bureau", "MyCat$Eats7Fish", "Tr0ub4dor&3x"])
def test_ordinary_strong_passwords_pass(fine):
    assert messages_for(fine) == ""


def test_common_length_and_class_messages_are_chinese():
    assert "常见密码" in messages_for("iloveyou")
    assert "至少需要 10 个字符" in messages_for("Ab#1")
    assert "至少 3 类" in messages_for("onlylowercaseletters")


def test_the_rules_follow_the_settings(settings):
    settings.AUTH_PASSWORD_VALIDATORS = [
        {"NAME": "apps.accounts.validators.MinimumLengthValidator", "OPTIONS": {"min_length": 14}},
    ]
    assert "至少需要 14 个字符" in messages_for("Kx7#river-st")


def change(client, old, new):
    return client.post(CHANGE, {"old_password": old, "new_password1": new, "new_password2": new})


def test_the_last_five_passwords_cannot_be_reused(people):
    client = Client()
    client.force_login(people.clerk)
    old = PASSWORD
    for new in STRONG[:5]:
        assert change(client, old, new).status_code == 302
        old = new
    assert PasswordHistory.objects.filter(user=people.clerk).count() == 5
    for reused in STRONG[:5]:  # the current one and the four before it
        response = change(client, old, reused)
        assert "不能使用最近 5 次用过的密码" in response.content.decode(), reused
    # the one before those five is allowed again
    assert change(client, old, PASSWORD + "x").status_code == 302


def test_history_applies_to_a_reset_by_the_security_administrator(people):
    people.clerk.set_password(STRONG[0])
    people.clerk.save()
    assert "不能使用最近" in messages_for(STRONG[0], people.clerk)


def test_an_expired_password_must_be_changed_before_anything_else(people, clock):
    client = Client()
    client.force_login(people.clerk)
    clock.advance(days=89)
    client.force_login(people.clerk)
    assert client.get("/inbox/").status_code == 200
    clock.advance(days=2)
    client.force_login(people.clerk)  # a fresh login: the session limits are not what is tested
    response = client.get("/inbox/")
    assert response.status_code == 302 and response["Location"] == CHANGE
    page = client.get(CHANGE)
    assert "密码已超过 90 天未修改" in page.content.decode()
    assert change(client, PASSWORD, STRONG[0]).status_code == 302
    assert client.get("/inbox/").status_code == 200


def test_the_maximum_age_is_a_setting(people, clock, settings):
    settings.PASSWORD_MAX_AGE_DAYS = 0  # switched off
    clock.advance(days=400)
    client = Client()
    client.force_login(people.clerk)
    assert client.get("/inbox/").status_code == 200


def test_first_login_forces_a_new_password(people):
    people.clerk.must_change_password = True
    people.clerk.save()
    client = Client()
    assert logged_in(try_login(client, "clerk"))
    for url in ("/", "/inbox/", "/matters/", "/org/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == CHANGE, url
    assert "首次登录" in client.get(CHANGE).content.decode()
    assert change(client, PASSWORD, STRONG[0])["Location"] == "/"
    people.clerk.refresh_from_db()
    assert not people.clerk.must_change_password
    assert client.get("/inbox/").status_code == 200
    assert AuditEvent.objects.get(event="auth.password_change").detail == {"due": "first"}


def test_accounts_made_or_reset_by_the_security_administrator_change_at_first_login(people):
    secadmin = Client()
    secadmin.force_login(people.secadmin)
    response = secadmin.post(
        reverse("admin:accounts_user_add"),
        {
            "username": "newcomer",
            "full_name": "新同事",
            "password1": STRONG[0],
            "password2": STRONG[0],
            "usable_password": "true",
            "office_roles-TOTAL_FORMS": 0,
            "office_roles-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302
    assert User.objects.get(username="newcomer").must_change_password
    response = secadmin.post(
        reverse("admin:auth_user_password_change", args=[people.clerk.pk]),
        {"password1": STRONG[1], "password2": STRONG[1], "usable_password": "true"},
    )
    assert response.status_code == 302
    people.clerk.refresh_from_db()
    assert people.clerk.must_change_password and people.clerk.check_password(STRONG[1])
    assert AuditEvent.objects.filter(event="auth.password_reset", actor=people.secadmin).count() == 1


def test_a_password_change_logs_out_every_other_session(people):
    here, elsewhere = Client(), Client()
    here.force_login(people.clerk)
    elsewhere.force_login(people.clerk)
    assert change(here, PASSWORD, STRONG[0]).status_code == 302
    assert here.get("/inbox/").status_code == 200
    response = elsewhere.get("/inbox/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_guessing_the_old_password_on_the_change_page_counts_towards_the_lockout(people):
    """A session left open is not a way around the lockout."""
    client = Client()
    client.force_login(people.clerk)
    for _ in range(5):
        response = change(client, "guess-" + PASSWORD, STRONG[0])
    assert "登录失败次数过多" in response.content.decode()
    response = client.get("/inbox/")  # the account lock ended the session
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert AuditEvent.objects.filter(event="auth.login_failed", object_id=str(people.clerk.pk)).count() == 5


def test_a_hash_upgrade_at_login_is_not_a_password_change(people, settings):
    changed_at = people.clerk.password_changed_at
    history = PasswordHistory.objects.filter(user=people.clerk).count()
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        "django.contrib.auth.hashers.MD5PasswordHasher",
    ]
    assert logged_in(try_login(Client(), "clerk"))
    people.clerk.refresh_from_db()
    assert people.clerk.password.startswith("pbkdf2_")  # upgraded
    assert people.clerk.password_changed_at == changed_at
    assert PasswordHistory.objects.filter(user=people.clerk).count() == history
