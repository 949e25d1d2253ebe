import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, transaction
from django.urls import reverse

from apps.accounts.models import AdminRole, User
from tests.conftest import PASSWORD

from .conftest import code, enrol


def test_an_administrator_cannot_also_hold_a_business_role(people, bureau):
    people.sysadmin.section = bureau["office"]
    with pytest.raises(ValidationError):
        people.sysadmin.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.filter(pk=people.sysadmin.pk).update(rank="chief", section=bureau["office"])


def test_usernames_are_unique_regardless_of_case(people):
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create_user(username="CLERK", password=PASSWORD, full_name="重名")


def test_login_is_case_insensitive_on_the_username(client, people):
    response = client.post(reverse("accounts:login"), {"username": "Clerk", "password": PASSWORD})
    assert response.status_code == 302


@pytest.mark.parametrize(
    "persona, landing",
    [("clerk", "/inbox/"), ("auditor", "/audit/"), ("sysadmin", "/admin/"), ("secadmin", "/admin/")],
)
def test_each_role_lands_on_its_own_work_page(client, people, persona, landing):
    user = getattr(people, persona)
    client.post(reverse("accounts:login"), {"username": user.username, "password": PASSWORD})
    if user.admin_role:  # the 三员 pass the two-factor step first
        device = enrol(user)
        client.post(reverse("accounts:otp_verify"), {"token": code(device)})
    response = client.get("/", follow=True)
    assert response.redirect_chain[-1][0] == landing
    assert response.status_code == 200


def test_wrong_password_gets_a_chinese_message(client, people):
    response = client.post(reverse("accounts:login"), {"username": "clerk", "password": "nope"})
    assert "用户名或密码不正确" in response.content.decode()


def test_password_change_enforces_length_and_records_the_time(client, people):
    client.force_login(people.clerk)
    url = reverse("accounts:password_change")
    short = client.post(url, {"old_password": PASSWORD, "new_password1": "Ab#1", "new_password2": "Ab#1"})
    assert "至少需要 10 个字符" in short.content.decode()
    simple = client.post(
        url, {"old_password": PASSWORD, "new_password1": "lowercaseonly", "new_password2": "lowercaseonly"}
    )
    assert "至少 3 类" in simple.content.decode()
    ok = client.post(
        url, {"old_password": PASSWORD, "new_password1": "Qz8#lawyer-river", "new_password2": "Qz8#lawyer-river"}
    )
    assert ok.status_code == 302
    people.clerk.refresh_from_db()
    assert people.clerk.password_changed_at is not None


def test_seed_demo_is_refused_in_production(settings, db):
    settings.DEBUG = False
    settings.ALLOW_DEMO_USERS = False
    with pytest.raises(CommandError, match="不允许创建演示账号"):
        call_command("seed_demo")
    # nothing but the sweep's own inactive account (migration workflow 0004)
    assert list(User.objects.values_list("username", "is_active")) == [("system", False)]


def test_seed_demo_gives_every_staff_member_a_non_empty_inbox(settings, db, client):
    from apps.workflow.inbox import counts_for

    settings.ALLOW_DEMO_USERS = True
    call_command("seed_demo")
    call_command("seed_demo")  # a second run changes nothing
    from apps.workflow.models import Case

    assert Case.objects.filter(process="matters.general").count() == 17  # 14 in every state, 3 with clocks
    # 10 seal-use requests, 2 carvings, and the seal-use request of the demo's archived outgoing document
    assert Case.objects.filter(process__startswith="seals.").count() == 13
    assert Case.objects.filter(process="documents.incoming").count() == 7  # every step from 拟办 to 归档
    assert Case.objects.filter(process="documents.outgoing").count() == 6  # draft to archived, one reply
    assert set(Case.objects.values_list("status", flat=True)) == {
        "draft",
        "active",
        "returned",
        "closed",
        "rejected",
        "archived",
    }
    # Every working account, the 司法所 staff included: 社区矫正's procedures are workflow cases.
    for user in User.objects.filter(admin_role="", is_active=True):
        counts = counts_for(user)
        assert counts["todo"] + counts["toread"] > 0, user.username
    assert User.objects.filter(admin_role=AdminRole.AUDIT).count() == 1
    assert client.login(username="director", password="Demo#2026bureau")
