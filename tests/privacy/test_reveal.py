"""Masked everywhere; in full only to the record's handlers, with a reason, audited."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from apps.audit.models import AuditEvent
from apps.workflow.models import Delegation
from tests.privacy.conftest import FULL_ID
from tests.privacy.factories import PHONE, ZHANG, new_visit
from tests.privacy_app.models import Visitor

pytestmark = pytest.mark.django_db

REASON = "电话回访前核对来访人身份"


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def reveal_url(case, field="id_number"):
    return f"/privacy/reveal/privacy_app.visitor/{Visitor.objects.get(case=case).pk}/{field}/"


def test_a_handler_sees_the_full_value_after_stating_a_reason(people, visit):
    client = client_for(people.clerk)
    page = client.get(reveal_url(visit))
    assert page.status_code == 200
    assert ZHANG not in page.content.decode() and ZHANG[:4] + "*" * 10 in page.content.decode()
    refused = client.post(reveal_url(visit), {"reason": ""})
    assert refused.status_code == 200 and "请写明事由" in refused.content.decode()
    assert ZHANG not in refused.content.decode()
    assert not AuditEvent.objects.filter(event="pii.reveal").exists()

    shown = client.post(reveal_url(visit), {"reason": REASON})
    assert shown.status_code == 200
    assert ZHANG in shown.content.decode()
    assert "no-store" in shown["Cache-Control"]
    event = AuditEvent.objects.get(event="pii.reveal")
    assert event.actor == people.clerk and event.outcome == "success"
    assert event.detail == {"field": "id_number", "kind": "id_number", "reason": REASON}
    assert event.object_type == "privacy_app.Visitor" and event.object_id == str(Visitor.objects.get(case=visit).pk)
    assert "张三" not in event.object_repr and not FULL_ID.search(str(event.detail) + event.object_repr)


def test_the_chief_reviewing_the_case_is_a_handler_too(people, visit):
    response = client_for(people.chief).post(reveal_url(visit, "phone"), {"reason": REASON})
    assert PHONE in response.content.decode()


def test_those_who_only_see_the_case_get_403_and_the_attempt_is_audited(people, visit):
    for user in (people.colleague, people.leader, people.director, people.archivist):
        client = client_for(user)
        assert client.get(f"/cases/{visit.pk}/").status_code == 200  # they do see the case
        response = client.post(reveal_url(visit), {"reason": REASON})
        assert response.status_code == 403, user
        assert ZHANG not in response.content.decode()
        assert "不是该记录的承办人" in response.content.decode()
    denied = AuditEvent.objects.filter(event="pii.reveal", outcome="denied")
    assert denied.count() == 4 and not AuditEvent.objects.filter(event="pii.reveal", outcome="success").exists()


def test_a_record_the_user_cannot_see_is_404_and_changes_nothing(people, visit):
    before = AuditEvent.objects.count()
    for user in (people.outsider, people.other_chief, people.sysadmin, people.secadmin, people.auditor):
        client = client_for(user)
        after_login = AuditEvent.objects.count()
        for method in ("get", "post"):
            response = getattr(client, method)(reveal_url(visit), {"reason": REASON})
            assert response.status_code == 404, (user, method)
            assert ZHANG not in response.content.decode()
        assert AuditEvent.objects.count() == after_login
    assert AuditEvent.objects.filter(event="pii.reveal").count() == 0 and AuditEvent.objects.count() > before


def test_only_personal_data_fields_of_known_models(people, visit):
    client = client_for(people.clerk)
    pk = Visitor.objects.get(case=visit).pk
    for url in (
        f"/privacy/reveal/privacy_app.visitor/{pk}/name/",
        f"/privacy/reveal/privacy_app.visitor/{pk}/id_number_index/",
        f"/privacy/reveal/workflow.case/{visit.pk}/title/",
        f"/privacy/reveal/accounts.user/{people.clerk.pk}/phone/",
        "/privacy/reveal/nothing.here/1/id_number/",
        f"/privacy/reveal/privacy_app.visitor/{pk + 1000}/id_number/",
    ):
        assert client.post(url, {"reason": REASON}).status_code == 404, url


def test_a_delegate_handles_while_standing_in(people, visit):
    today = timezone.localdate()
    delegation = Delegation.objects.create(
        principal=people.chief,
        delegate=people.colleague,
        start_date=today,
        end_date=today + timedelta(days=3),
        reason="出差",
    )
    assert client_for(people.colleague).post(reveal_url(visit), {"reason": REASON}).status_code == 200
    delegation.cancelled_at = timezone.now()
    delegation.save()
    assert client_for(people.colleague).post(reveal_url(visit), {"reason": REASON}).status_code == 403


def test_no_page_shows_a_full_id_number_to_anyone(people, visit, settings):
    """Case page, inbox, notices and the visitors list, for every persona: masked only. The
    handlers get a 查看 link; nobody else does."""
    settings.ROOT_URLCONF = "tests.privacy_app.urls"
    other = new_visit(people.outsider, title="律师科来访", submit=True)
    pages = [
        "/inbox/",
        "/inbox/?tab=queue",
        "/inbox/?tab=mine",
        "/notifications/",
        "/test-visitors/",
        f"/cases/{visit.pk}/",
        f"/cases/{other.pk}/",
    ]
    handlers = {"clerk", "chief"}
    for name in ("clerk", "colleague", "chief", "leader", "director", "outsider", "archivist"):
        client = client_for(getattr(people, name))
        for url in pages:
            response = client.get(url)
            body = response.content.decode()
            assert not FULL_ID.search(body), (name, url)
            assert PHONE not in body, (name, url)
        searched = client.post("/test-visitors/", {"q": ZHANG}).content.decode()
        assert not FULL_ID.search(searched), name
        case_page = client.get(f"/cases/{visit.pk}/").content.decode()
        assert (reveal_url(visit) in case_page) == (name in handlers), name
        if name in handlers:
            assert ZHANG[:4] + "*" * 10 + ZHANG[-4:] in case_page


def test_search_by_full_id_number_on_the_list(people, visit, settings):
    settings.ROOT_URLCONF = "tests.privacy_app.urls"
    new_visit(people.clerk, title="另一位来访人", number="11010519491231002X", name="李四", submit=True)
    client = client_for(people.colleague)  # a reader may search; the list stays masked
    response = client.post("/test-visitors/", {"q": ZHANG.lower()})
    rows = list(response.context["rows"])
    assert [v.case_id for v in rows] == [visit.pk]
    assert len(client.get("/test-visitors/").context["rows"]) == 2
    assert not client_for(people.outsider).post("/test-visitors/", {"q": ZHANG}).context["rows"]


def test_the_list_issues_a_constant_number_of_queries(people, settings, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.ROOT_URLCONF = "tests.privacy_app.urls"
    client = client_for(people.clerk)
    new_visit(people.clerk, submit=True)
    with CaptureQueriesContext(connection) as one:
        client.get("/test-visitors/")
    for i in range(6):
        new_visit(people.clerk, title=f"来访{i}", submit=True)
    with CaptureQueriesContext(connection) as seven:
        response = client.get("/test-visitors/")
    assert len(response.context["rows"]) == 7
    assert len(seven) == len(one)
