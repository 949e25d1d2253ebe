"""Account policy: no default accounts or day-to-day superusers (system check), idle accounts
disabled, 三员 mutually exclusive, the admin and audit log reachable only from admin networks."""

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import Client
from django.utils import timezone

from apps.accounts.checks import check_accounts
from apps.accounts.models import AdminRole, User
from apps.accounts.tasks import disable_idle_accounts_task
from apps.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def ids(errors):
    return sorted(e.id for e in errors)


# --- B2: no default or shared accounts, no day-to-day superuser ---------------------------------


def test_the_check_passes_for_a_bureau_of_named_accounts(people, settings):
    settings.DEBUG = False
    assert check_accounts(None, databases=["default"]) == []


@pytest.mark.parametrize("name", ["admin", "Root", "test", "administrator", "GUEST"])
def test_the_check_fails_on_a_default_account_name(people, name):
    User.objects.create_user(username=name, password="x", full_name="默认")
    errors = check_accounts(None, databases=["default"])
    assert ids(errors) == ["accounts.E001"] and name in errors[0].msg
    with pytest.raises(SystemCheckError, match="默认/通用账号名"):
        call_command("check", "--database", "default")


def test_a_disabled_default_account_is_no_finding(people):
    User.objects.create_user(username="admin", password="x", full_name="旧系统账号", is_active=False)
    assert check_accounts(None, databases=["default"]) == []


def test_the_check_fails_on_a_superuser_in_production(people, settings):
    User.objects.filter(pk=people.sysadmin.pk).update(is_superuser=True)
    settings.DEBUG = True
    assert check_accounts(None, databases=["default"]) == []
    settings.DEBUG = False
    assert ids(check_accounts(None, databases=["default"])) == ["accounts.E002"]


def test_the_check_fails_on_demo_accounts_in_production(people, settings):
    User.objects.filter(pk=people.clerk.pk).update(is_demo=True)
    settings.DEBUG, settings.ALLOW_DEMO_USERS = False, False
    assert ids(check_accounts(None, databases=["default"])) == ["accounts.E003"]
    settings.ALLOW_DEMO_USERS = True
    assert check_accounts(None, databases=["default"]) == []


def test_the_check_reads_no_database_unless_asked(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert check_accounts(None) == []


# --- B3: idle accounts disabled -----------------------------------------------------------------


def test_accounts_idle_for_ninety_days_are_disabled_and_logged_out(people, clock):
    recent = Client()
    recent.force_login(people.chief)  # sets last_login to the clock's now
    idle_session = Client()
    idle_session.force_login(people.clerk)
    User.objects.filter(pk=people.clerk.pk).update(last_login=clock.now - timezone.timedelta(days=1))
    clock.advance(days=90, hours=1)
    people.chief.last_login = clock.now - timezone.timedelta(days=89)
    people.chief.save(update_fields=["last_login"])
    assert disable_idle_accounts_task() >= 1
    active = set(User.objects.filter(is_active=True).values_list("username", flat=True))
    assert "chief" in active and "clerk" not in active
    # the last security administrator is kept, or nobody could re-enable anybody
    assert "secadmin" in active and "sysadmin" not in active
    event = AuditEvent.objects.get(event="auth.disabled", object_id=str(people.clerk.pk))
    assert event.actor is None and "90" in event.detail["reason"]
    # the idle account's open session ends too
    clock.advance(minutes=1)
    assert idle_session.get("/inbox/")["Location"].startswith("/accounts/login/")


def test_the_command_runs_the_same_function(people, clock, capsys, settings):
    settings.ACCOUNT_IDLE_DISABLE_DAYS = 30
    clock.advance(days=31)
    call_command("disable_idle_accounts")
    assert "已停用连续 30 天未登录的账号" in capsys.readouterr().out
    assert not User.objects.get(pk=people.clerk.pk).is_active
    call_command("disable_idle_accounts")
    assert "没有连续 30 天未登录的账号" in capsys.readouterr().out


def test_zero_days_switches_it_off(people, clock, settings):
    settings.ACCOUNT_IDLE_DISABLE_DAYS = 0
    clock.advance(days=1000)
    assert disable_idle_accounts_task() == 0


# --- B4: 三员 are mutually exclusive ------------------------------------------------------------


def test_an_account_holds_at_most_one_administrator_role(people):
    people.sysadmin.admin_role = f"{AdminRole.SYSTEM},{AdminRole.SECURITY}"
    with pytest.raises(ValidationError):
        people.sysadmin.full_clean()
    assert User._meta.get_field("admin_role").max_length and not User._meta.get_field("admin_role").many_to_many


# --- D3: admin access by address range ---------------------------------------------------------


OUTSIDE = "203.0.113.9"


def test_the_admin_and_the_audit_log_answer_only_to_admin_networks(people):
    for name, path in (("secadmin", "/admin/"), ("sysadmin", "/admin/workflow/approvalrule/"), ("auditor", "/audit/")):
        outside = Client(REMOTE_ADDR=OUTSIDE)
        outside.force_login(getattr(people, name))
        response = outside.get(path)
        assert response.status_code == 403, (name, path)
        assert "只允许从指定的管理网络访问" in response.content.decode()
        inside = Client(REMOTE_ADDR="10.20.1.15")
        inside.force_login(getattr(people, name))
        assert inside.get(path).status_code == 200, (name, path)
    denied = AuditEvent.objects.filter(event="access.network_denied")
    assert denied.count() == 3 and {e.ip for e in denied} == {OUTSIDE}
    # the rest of the portal is not limited by address
    clerk = Client(REMOTE_ADDR=OUTSIDE)
    clerk.force_login(people.clerk)
    assert clerk.get("/inbox/").status_code == 200


def test_anonymous_visitors_from_outside_are_refused_too(db):
    response = Client(REMOTE_ADDR=OUTSIDE).get("/admin/")
    assert response.status_code == 403


def test_the_admin_networks_are_a_setting(people, settings):
    settings.ADMIN_ALLOWED_NETWORKS = ["10.1.0.0/16", "2001:db8::/32"]
    for address, status in (("10.1.3.4", 200), ("10.2.0.5", 403), ("127.0.0.1", 403), ("2001:db8::7", 200)):
        client = Client(REMOTE_ADDR=address)
        client.force_login(people.auditor)
        assert client.get("/audit/").status_code == status, address


def test_the_proxys_forwarded_address_is_the_one_checked(people):
    client = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=OUTSIDE)
    client.force_login(people.auditor)
    assert client.get("/audit/").status_code == 403
