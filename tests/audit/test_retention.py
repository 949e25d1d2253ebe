"""Retention of the audit log (SECURITY.md C3, C5): six months at least, purged only through
its one path, oldest first, and the hash chain still verifies afterwards and still finds edits."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from apps.audit import retention
from apps.audit.anchors import write_anchor
from apps.audit.checks import check_audit_retention
from apps.audit.log import PURGE_EVENT, record, verify_chain
from apps.audit.models import AuditEvent
from apps.audit.tasks import purge_audit_log


def aged(event, days, monkeypatch):
    """An audit row written `days` ago (time controlled, written through record())."""
    past = timezone.now() - timedelta(days=days)
    with monkeypatch.context() as m:
        m.setattr(timezone, "now", lambda: past)
        return record(event, detail={"age": days})


def tamper(sql, params):
    """Change the table underneath the application, as someone with database access would."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = replica")  # triggers off
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = origin")


@pytest.fixture
def history(db, monkeypatch):
    return {days: aged(f"test.age{days}", days, monkeypatch) for days in (400, 300, 182, 10)}


def test_retention_never_goes_below_the_floor(settings):
    settings.AUDIT_RETENTION_DAYS = 30
    assert retention.retention_days() == 183
    assert [e.id for e in check_audit_retention(None)] == ["audit.E001"]
    settings.AUDIT_RETENTION_DAYS = 365
    assert retention.retention_days() == 365
    assert check_audit_retention(None) == []


def test_the_purge_keeps_a_182_day_old_row_and_removes_a_400_day_old_one(history, settings):
    settings.AUDIT_RETENTION_DAYS = 30  # below the floor: the floor applies
    result = retention.purge()
    assert result.deleted == 2 and result.retention_days == 183
    left = set(AuditEvent.objects.values_list("event", flat=True))
    assert left == {"test.age182", "test.age10", PURGE_EVENT}
    purge_row = AuditEvent.objects.get(event=PURGE_EVENT)
    assert purge_row.detail["through_id"] == history[300].id and purge_row.detail["anchor"] == history[300].hash
    assert purge_row.detail["rows"] == 2
    # the chain verifies after the purge ...
    assert verify_chain() is None
    write_anchor("test")  # a log 400 days old without any anchor would fail verify_audit by itself
    call_command("verify_audit")
    # ... and still finds an edit
    tamper("UPDATE audit_auditevent SET event = %s WHERE id = %s", ["edited", history[182].id])
    assert verify_chain() == history[182].id


def test_with_a_longer_retention_the_purge_keeps_more(history, settings):
    settings.AUDIT_RETENTION_DAYS = 365
    assert retention.purge().deleted == 1
    assert not AuditEvent.objects.filter(pk=history[400].pk).exists()
    assert AuditEvent.objects.filter(pk=history[300].pk).exists()
    assert verify_chain() is None
    # nothing more to do: no second purge row
    assert retention.purge().deleted == 0
    assert AuditEvent.objects.filter(event=PURGE_EVENT).count() == 1


def test_purging_in_batches_and_again_later_keeps_the_chain(db, monkeypatch, settings):
    settings.AUDIT_RETENTION_DAYS = 183
    for days in (900, 800, 700, 600, 500):
        aged("test.old", days, monkeypatch)
    keep = record("test.recent")
    assert retention.purge(batch=2).deleted == 5
    assert AuditEvent.objects.filter(event=PURGE_EVENT).count() == 3  # 2 + 2 + 1
    assert verify_chain() is None
    # purge rows age too; a later purge removes them and anchors on its own row
    assert retention.purge(now=timezone.now() + timedelta(days=1)).deleted == 0
    assert AuditEvent.objects.filter(pk=keep.pk).exists()
    assert verify_chain() is None


def test_deleting_old_rows_outside_the_purge_is_detected(history):
    retention.purge()
    oldest = AuditEvent.objects.order_by("id").first()
    tamper("DELETE FROM audit_auditevent WHERE id = %s", [oldest.id])
    assert verify_chain() is not None


def test_removing_the_oldest_rows_without_a_purge_is_detected(history):
    tamper("DELETE FROM audit_auditevent WHERE id = %s", [history[400].id])
    assert verify_chain() == history[300].id


def test_the_command_and_the_daily_task(history, settings, capsys):
    settings.AUDIT_RETENTION_DAYS = 200
    call_command("purge_audit", "--dry-run")
    assert "2 条可清理" in capsys.readouterr().out
    assert AuditEvent.objects.filter(pk=history[400].pk).exists()
    call_command("purge_audit")
    assert "已清理 2 条" in capsys.readouterr().out
    aged_again = AuditEvent.objects.count()
    assert purge_audit_log() == 0 and AuditEvent.objects.count() == aged_again


# --- the database's own guard (PostgreSQL) --------------------------------------------------------


def delete(row_id, flag):
    with transaction.atomic(), connection.cursor() as cursor:
        if flag:
            cursor.execute("SELECT set_config('bureau.audit_purge', 'on', true)")
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [row_id])


@pytest.mark.postgres
def test_the_database_lets_only_the_purge_path_delete_and_only_old_rows(history):
    with pytest.raises(DatabaseError, match="append-only"):
        delete(history[400].id, flag=False)  # old, but not through the purge path
    with pytest.raises(DatabaseError, match="append-only"):
        delete(history[182].id, flag=True)  # through the purge path, but younger than the floor
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT set_config('bureau.audit_purge', 'on', true)")
        cursor.execute("UPDATE audit_auditevent SET event = 'x' WHERE id = %s", [history[400].id])
    delete(history[400].id, flag=True)
    assert not AuditEvent.objects.filter(pk=history[400].pk).exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_purge_flag_ends_with_its_transaction(monkeypatch):
    old = [aged("test.old", days, monkeypatch) for days in (500, 400)]
    delete(old[0].id, flag=True)
    with pytest.raises(DatabaseError, match="append-only"):
        delete(old[1].id, flag=False)
    # and the purge switches it off again inside its own transaction
    with transaction.atomic():
        assert retention.purge().deleted == 1
        late = aged("test.late", 600, monkeypatch)  # old enough, written after the purge
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            AuditEvent.objects.filter(pk=late.pk).delete()


@pytest.mark.postgres
def test_a_wrong_application_clock_cannot_purge_young_rows(history):
    """The database counts the floor by its own clock: an application that thinks it is a
    year later still cannot remove a row written 182 days ago, and the purge changes nothing."""
    before = AuditEvent.objects.count()
    with pytest.raises(DatabaseError, match="append-only"):
        retention.purge(now=timezone.now() + timedelta(days=365))
    assert AuditEvent.objects.count() == before
    assert verify_chain() is None
