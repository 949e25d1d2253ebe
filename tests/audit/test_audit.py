import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.urls import reverse

from apps.audit.log import record, verify_chain
from apps.audit.models import AuditEvent
from tests.conftest import PASSWORD


def test_login_and_failed_login_are_audited_with_address(client, people):
    client.post(reverse("accounts:login"), {"username": "clerk", "password": "wrong-password"}, REMOTE_ADDR="10.1.2.3")
    client.post(reverse("accounts:login"), {"username": "clerk", "password": PASSWORD}, REMOTE_ADDR="10.1.2.3")
    failed = AuditEvent.objects.get(event="auth.login_failed")
    assert failed.outcome == AuditEvent.Outcome.FAILURE
    assert failed.object_id == str(people.clerk.pk)
    assert failed.ip == "10.1.2.3"
    ok = AuditEvent.objects.get(event="auth.login")
    assert ok.actor == people.clerk and ok.actor_name == "办公室科员"


def test_failed_login_for_an_unknown_name_does_not_store_what_was_typed(client, db):
    client.post(reverse("accounts:login"), {"username": "Secret#Pass123", "password": "x"})
    row = AuditEvent.objects.get(event="auth.login_failed")
    assert "Secret#Pass123" not in str(row.detail)


def test_the_chain_verifies_and_detects_an_edit(people, db):
    for i in range(5):
        record("test.event", actor=people.clerk, detail={"n": i})
    assert verify_chain() is None
    call_command("verify_audit")
    victim = AuditEvent.objects.order_by("id")[2]
    # Tamper underneath the application (as someone with database access would).
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = replica")
        cursor.execute("UPDATE audit_auditevent SET event = %s WHERE id = %s", ["tampered", victim.pk])
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = origin")
    assert verify_chain() == victim.pk
    with pytest.raises(CommandError):
        call_command("verify_audit")


def test_the_application_cannot_edit_or_delete_audit_rows(people):
    row = record("test.event", actor=people.clerk)
    row.event = "changed"
    with pytest.raises(PermissionError):
        row.save()
    with pytest.raises(PermissionError):
        row.delete()


@pytest.mark.postgres
def test_the_database_refuses_update_and_delete_of_audit_rows(people):
    row = record("test.event", actor=people.clerk)
    for sql in ("UPDATE audit_auditevent SET event = 'x' WHERE id = %s", "DELETE FROM audit_auditevent WHERE id = %s"):
        with pytest.raises(Exception, match="append-only"), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(sql, [row.pk])


def test_the_audit_page_is_for_the_audit_administrator_only(client, people):
    record("test.event", actor=people.clerk)
    for user in (people.clerk, people.director, people.sysadmin, people.secadmin):
        client.force_login(user)
        assert client.get(reverse("audit:list")).status_code == 403
    client.force_login(people.auditor)
    response = client.get(reverse("audit:list"), {"actor": people.clerk.pk})
    assert response.status_code == 200
    assert "test.event" in response.content.decode()


def test_the_audit_page_filters_by_person_record_and_time(client, people):
    record("a.one", actor=people.clerk, obj=people.clerk)
    record("a.two", actor=people.chief, obj=people.chief)
    client.force_login(people.auditor)
    body = client.get(reverse("audit:list"), {"actor": people.chief.pk}).content.decode()
    assert "a.two" in body and "a.one" not in body
    body = client.get(
        reverse("audit:list"), {"object_id": str(people.clerk.pk), "object_type": "accounts"}
    ).content.decode()
    assert "a.one" in body and "a.two" not in body
    body = client.get(reverse("audit:list"), {"start": "2000-01-01", "end": "2000-01-02"}).content.decode()
    assert "a.one" not in body
    assert client.get(reverse("audit:list"), {"start": "not-a-date"}).status_code == 200


def test_workflow_transitions_are_audited(people):
    from tests.matters.factories import new_request

    case = new_request(people.clerk, submit=True)
    events = set(
        AuditEvent.objects.filter(object_id=str(case.pk), object_type="workflow.Case").values_list("event", flat=True)
    )
    assert {"workflow.create", "workflow.submit"} <= events
