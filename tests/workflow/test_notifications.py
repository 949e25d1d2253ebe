"""Notices in the portal: the bell's count, the notifications page, marking read, the e-mail
preference page. Notices are one's own: someone else's is 404 and never listed."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.audit.models import AuditEvent
from apps.workflow.models import Notification
from tests.matters.factories import new_request

pytestmark = pytest.mark.django_db


def notice(user, n=0, case=None, read=False, kind="remind"):
    return Notification.objects.create(
        user=user,
        case=case,
        kind=kind,
        key=f"test:{user.pk}:{n}",
        message=f"第{n}条提醒：期限将至",
        url=case.get_absolute_url() if case else "",
        read_at=timezone.now() if read else None,
    )


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def test_the_bell_counts_ones_own_unread_notices(people):
    case = new_request(people.clerk, title="有提醒的请示", submit=True)
    for n in range(3):
        notice(people.chief, n, case)
    notice(people.chief, 9, case, read=True)
    notice(people.clerk, 1, case)
    response = client_for(people.chief).get("/org/")
    assert response.context["unread_notices"] == 3
    body = response.content.decode()
    assert 'href="/notifications/"' in body and '<span class="badge red">3</span></a>' in body
    assert client_for(people.colleague).get("/org/").context["unread_notices"] == 0
    # administrators have no bell
    response = client_for(people.sysadmin).get("/org/")
    assert "unread_notices" not in response.context
    assert 'href="/notifications/"' not in response.content.decode()


def test_the_bell_costs_one_constant_query(people):
    client = client_for(people.chief)

    def count():
        client.get("/org/")
        with CaptureQueriesContext(connection) as captured:
            client.get("/org/")
        return len(captured), [q["sql"] for q in captured.captured_queries if "workflow_notification" in q["sql"]]

    notice(people.chief, 0)
    small, bell = count()
    Notification.objects.bulk_create(
        [Notification(user=people.chief, kind="remind", key=f"bulk:{n}", message="批量提醒") for n in range(500)]
    )
    large, _ = count()
    assert small == large and len(bell) == 1


def test_notifications_page_lists_links_and_marks_read(people):
    case = new_request(people.clerk, title="有提醒的请示", submit=True)
    first, second = notice(people.chief, 1, case), notice(people.chief, 2, case)
    notice(people.clerk, 3, case)
    client = client_for(people.chief)
    response = client.get("/notifications/")
    assert response.status_code == 200
    assert [n.pk for n in response.context["page"]] == [second.pk, first.pk]
    body = response.content.decode()
    assert f'<a href="/cases/{case.pk}/">第1条提醒：期限将至</a>' in body
    assert "第3条提醒" not in body

    response = client.post(f"/notifications/{first.pk}/read", {"next": "/notifications/?unread=1"})
    assert response.status_code == 302 and response["Location"] == "/notifications/?unread=1"
    first.refresh_from_db()
    assert first.read_at is not None
    assert [n.pk for n in client.get("/notifications/?unread=1").context["page"]] == [second.pk]
    # an outside `next` is ignored
    response = client.post("/inbox/notices/read", {"next": "https://example.com/"})
    assert response["Location"] == "/inbox/"
    assert not Notification.objects.filter(user=people.chief, read_at__isnull=True).exists()
    assert Notification.objects.filter(user=people.clerk, read_at__isnull=True).count() == 1


def test_someone_elses_notice_is_404(people):
    theirs = notice(people.clerk, 1)
    response = client_for(people.chief).post(f"/notifications/{theirs.pk}/read")
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_the_inbox_shows_the_same_unread_notices(people):
    case = new_request(people.clerk, title="有提醒的请示", submit=True)
    notice(people.chief, 1, case)
    notice(people.chief, 2, case, read=True)
    response = client_for(people.chief).get("/inbox/")
    assert [n.message for n in response.context["notices"]] == ["第1条提醒：期限将至"]
    assert 'href="/notifications/"' in response.content.decode()


def test_notifications_page_has_a_constant_number_of_queries(people):
    case = new_request(people.clerk, title="有提醒的请示", submit=True)
    client = client_for(people.chief)

    def count():
        client.get("/notifications/")
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/notifications/")
        return len(captured), response.context["page"].paginator.count

    Notification.objects.bulk_create(
        [
            Notification(user=people.chief, case=case, kind="remind", key=f"a:{n}", message="提醒", url="/x")
            for n in range(10)
        ]
    )
    small, rows = count()
    Notification.objects.bulk_create(
        [
            Notification(user=people.chief, case=case, kind="remind", key=f"b:{n}", message="提醒", url="/x")
            for n in range(990)
        ]
    )
    large, more = count()
    assert (rows, more) == (10, 1000)
    assert small == large


def test_email_preference_page(people):
    client = client_for(people.clerk)
    assert client.get("/notifications/settings/").status_code == 200
    response = client.post("/notifications/settings/", {"email": "", "notify_by_email": "on"})
    assert response.status_code == 200
    assert "要接收邮件提醒，请先填写电子邮箱。" in response.content.decode()
    response = client.post("/notifications/settings/", {"email": "not-an-address", "notify_by_email": "on"})
    assert "请输入有效的电子邮箱地址。" in response.content.decode()
    response = client.post("/notifications/settings/", {"email": "clerk@justice.local", "notify_by_email": "on"})
    assert response.status_code == 302
    people.clerk.refresh_from_db()
    assert (people.clerk.email, people.clerk.notify_by_email) == ("clerk@justice.local", True)
    event = AuditEvent.objects.get(event="account.notification_settings")
    assert event.actor == people.clerk and sorted(event.detail["fields"]) == ["email", "notify_by_email"]
    # only one's own account: nothing in the form names another user
    client.post("/notifications/settings/", {"email": "x@justice.local", "notify_by_email": "", "username": "chief"})
    people.chief.refresh_from_db()
    assert people.chief.email == "" and people.clerk.__class__.objects.get(pk=people.clerk.pk).username == "clerk"


def test_administrators_have_no_notifications_pages(people):
    for admin in (people.sysadmin, people.secadmin, people.auditor):
        client = client_for(admin)
        assert client.get("/notifications/").status_code == 404
        assert client.get("/notifications/settings/").status_code == 404
