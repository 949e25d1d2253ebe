"""Shared fixtures: the bureau's base data and personas (clerk, chief, leader, outsider...)."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from apps.accounts import otp
from apps.accounts.models import AdminRole, Clearance, OfficeRole, OfficeRoleGrant, Rank, User
from apps.org.models import Section

PASSWORD = "Test#password2026"


def pytest_collection_modifyitems(config, items):
    from django.conf import settings

    on_postgres = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
    skip = pytest.mark.skip(reason="需要 PostgreSQL（行锁/触发器在 SQLite 上不存在）")
    for item in items:
        if "postgres" in item.keywords and not on_postgres:
            item.add_marker(skip)


@pytest.fixture
def bureau(db):
    """Org catalogue, units and default approval rules (re-loaded after transactional tests)."""
    if not Section.objects.filter(code="office").exists():
        call_command("load_bureau", verbosity=0)
    return {s.code: s for s in Section.objects.all()}


def make_user(username, section=None, rank=Rank.STAFF, admin_role="", office_role=None, full_name=None):
    user = User.objects.create_user(
        username=username,
        password=PASSWORD,
        full_name=full_name or username,
        section=section,
        rank=rank if not admin_role else "",
        admin_role=admin_role,
        is_staff=bool(admin_role) and admin_role != AdminRole.AUDIT,
        # Chiefs and leaders are cleared for 工作秘密, staff for 内部 (the model default).
        clearance=Clearance.WORK_SECRET
        if rank in (Rank.CHIEF, Rank.DIVISION_LEADER, Rank.DIRECTOR)
        else Clearance.INTERNAL,
    )
    if office_role:
        OfficeRoleGrant.objects.create(user=user, role=office_role)
    return user


def pass_second_factor(client, user):
    """Give a logged-in test client's session the two-factor step, for an account that must
    pass it (the administrators): a confirmed TOTP device and the session marked verified."""
    if not otp.required_for_role(user):
        return
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
        user=user, name=otp.DEVICE_NAME, confirmed=True
    )
    session = client.session
    otp.mark_verified(session, device)
    session.save()


_force_login_password_only = Client.force_login


def force_login_password_only(client, user):
    """Log in with the password step alone: the two-factor gate still stands in front of
    everything (tests of the gate itself use this)."""
    _force_login_password_only(client, user)


def _force_login_both_factors(self, user, backend=None):
    _force_login_password_only(self, user, backend)
    pass_second_factor(self, user)


@pytest.fixture(autouse=True)
def force_login_passes_two_factor(monkeypatch):
    """In tests, client.force_login(user) means "fully logged in": both factors. So every test
    (the role x URL walk included) checks what an account may do once logged in; the two-factor
    gate has its own tests (tests/accounts/test_two_factor.py)."""
    monkeypatch.setattr(Client, "force_login", _force_login_both_factors)


class People:
    """Personas for one bureau: the office, the lawyers' section (outsiders) and leadership."""

    def __init__(self, sections):
        office, lawyers, leadership = sections["office"], sections["lawyers"], sections["leadership"]
        self.clerk = make_user("clerk", office, Rank.STAFF, full_name="办公室科员")
        self.colleague = make_user("colleague", office, Rank.STAFF, full_name="办公室同事")
        self.chief = make_user("chief", office, Rank.CHIEF, full_name="办公室主任")
        self.leader = make_user("leader", leadership, Rank.DIVISION_LEADER, full_name="分管副局长")
        self.other_leader = make_user("leader2", leadership, Rank.DIVISION_LEADER, full_name="另一副局长")
        self.director = make_user("director", leadership, Rank.DIRECTOR, full_name="局长")
        self.outsider = make_user("outsider", lawyers, Rank.STAFF, full_name="律师科科员")
        self.other_chief = make_user("otherchief", lawyers, Rank.CHIEF, full_name="律师科科长")
        self.archivist = make_user(
            "archivist", office, Rank.STAFF, office_role=OfficeRole.ARCHIVIST, full_name="档案员"
        )
        self.sysadmin = make_user("sysadmin", admin_role=AdminRole.SYSTEM, full_name="系统管理员")
        self.secadmin = make_user("secadmin", admin_role=AdminRole.SECURITY, full_name="安全管理员")
        self.auditor = make_user("auditor", admin_role=AdminRole.AUDIT, full_name="审计管理员")
        office.division_leader = self.leader
        office.save()
        lawyers.division_leader = self.other_leader
        lawyers.save()


@pytest.fixture
def people(bureau):
    return People(bureau)


@pytest.fixture
def on_postgres():
    return connection.vendor == "postgresql"


@pytest.fixture(autouse=True)
def own_audit_anchor_file(settings, tmp_path):
    # Each test its own anchor file: an anchor written by one test (a backup, a sweep) names rows
    # that the next test's rolled-back database no longer has (apps/audit/anchors.py).
    settings.AUDIT_ANCHOR_FILE = str(tmp_path / "audit-anchors.jsonl")


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # PBKDF2 at production strength costs ~0.3 s per user; tests create many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="module")
def walk_world(django_db_setup, django_db_blocker):
    """The URL walk's world (tests/workflow/test_permissions.py build_world: the personas and a
    case in every state), built once per test module instead of once per test (issue 19: it was
    the suite's costliest fixture). It is built inside a transaction that stays open for the
    module and is rolled back after it; pytest-django's `db` fixture runs each test in a
    savepoint inside that transaction, so whatever a test changes is undone before the next one,
    as with a fresh build. Tests take it through the function-scoped `world` fixture, which
    re-reads its objects."""
    from django.db import transaction
    from django.test.utils import override_settings

    from tests.workflow.test_permissions import build_world

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
    try:
        with (
            django_db_blocker.unblock(),
            override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]),
        ):
            if not Section.objects.filter(code="office").exists():
                call_command("load_bureau", verbosity=0)
            sections = {s.code: s for s in Section.objects.all()}
            built = build_world(People(sections), sections)
        yield built
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
