"""The audit chain against someone with database superuser rights but without the chain key
(issue 20 item 4): an edited row, a rewritten tail with recomputed hashes, deleted last rows, an
edited anchor and a missing anchor are each reported, with the first bad row."""

import hashlib
import importlib
import json
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.apps import apps as django_apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

from apps.audit import anchors
from apps.audit.chain import chain_key
from apps.audit.log import record, verify_chain
from apps.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def as_superuser(sql, params=()):
    """Run SQL underneath the application, past the append-only trigger, as a DBA could."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = replica")
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = origin")


def write_rows(n):
    return [record("test.event", detail={"n": i}) for i in range(n)]


def test_row_hashes_are_keyed_so_a_plain_hash_does_not_verify():
    row = write_rows(1)[0]
    assert row.hash != hashlib.sha256(row.payload()).hexdigest()
    assert len(row.hash) == 64 and verify_chain() is None


def test_a_rewritten_tail_with_recomputed_plain_hashes_is_found_at_its_first_row():
    rows = write_rows(6)
    anchors.write_anchor("test")
    # The attacker edits row 4 and recomputes it and every later hash, as the old chain allowed.
    previous = rows[2].hash
    for row in rows[3:]:
        row.refresh_from_db()
        if row.pk == rows[3].pk:
            row.object_repr = "改写"
        row.prev_hash = previous
        forged = hashlib.sha256(row.payload()).hexdigest()
        as_superuser(
            "UPDATE audit_auditevent SET object_repr = %s, prev_hash = %s, hash = %s WHERE id = %s",
            [row.object_repr, row.prev_hash, forged, row.pk],
        )
        previous = forged
    verdict = anchors.verify()
    assert not verdict.ok and verdict.first_bad_id == rows[3].pk
    with pytest.raises(CommandError, match=f"第 {rows[3].pk} 条"):
        call_command("verify_audit")


def test_a_tail_rechained_with_another_key_is_found(settings):
    rows = write_rows(4)
    settings.AUDIT_CHAIN_KEY = "bm90LXRoZS1yZWFsLWtleS1idXQtbG9uZy1lbm91Z2g="
    previous = rows[1].hash
    for row in rows[2:]:
        row.refresh_from_db()
        row.prev_hash = previous
        forged = row.compute_hash()
        as_superuser("UPDATE audit_auditevent SET hash = %s WHERE id = %s", [forged, row.pk])
        previous = forged
    settings.AUDIT_CHAIN_KEY = "3q0Xb3Zf1m0m7l8Hk2nJd9hQ1VwX4zYp6cR5tU8eA0s="
    assert verify_chain() == rows[2].pk


def test_an_edited_row_is_reported():
    rows = write_rows(5)
    as_superuser("UPDATE audit_auditevent SET event = %s WHERE id = %s", ["tampered", rows[2].pk])
    assert anchors.verify().first_bad_id == rows[2].pk


def test_deleted_last_rows_are_found_against_the_anchor():
    rows = write_rows(6)
    anchors.write_anchor("test")
    # A shorter chain is still a valid chain: only the anchor outside the database shows the loss.
    as_superuser("DELETE FROM audit_auditevent WHERE id >= %s", [rows[4].pk])
    assert verify_chain() is None
    verdict = anchors.verify()
    assert not verdict.ok
    assert verdict.first_bad_id == rows[4].pk
    assert "被删除" in verdict.message
    with pytest.raises(CommandError, match="被删除"):
        call_command("verify_audit")


def test_deleting_and_reappending_rows_does_not_match_the_anchor():
    rows = write_rows(4)
    anchors.write_anchor("test")
    as_superuser("DELETE FROM audit_auditevent WHERE id = %s", [rows[-1].pk])
    # New rows continue the chain validly, but the anchored id is gone or holds another hash.
    write_rows(2)
    assert verify_chain() is None
    assert not anchors.verify().ok


def test_a_missing_anchor_is_reported_once_the_log_is_older_than_the_anchor_interval():
    write_rows(3)
    assert anchors.verify().ok  # a new log has had no time to be anchored yet
    later = timezone.now() + anchors.anchor_max_age() + timedelta(minutes=1)
    verdict = anchors.verify(now=later)
    assert not verdict.ok and "没有外部锚点" in verdict.message
    anchors.write_anchor("test")
    assert anchors.verify(now=later).ok


def test_a_stale_anchor_is_a_warning_not_a_pass_in_silence():
    write_rows(2)
    anchors.write_anchor("test")
    later = timezone.now() + anchors.anchor_max_age() + timedelta(minutes=1)
    verdict = anchors.verify(now=later)
    assert verdict.ok and "定时任务" in verdict.warning


def test_an_edited_anchor_line_is_reported(settings):
    write_rows(3)
    anchors.write_anchor("test")
    path = anchors.anchor_file()
    line = json.loads(path.read_text())
    line["head_id"] -= 1  # an attacker with file access makes the anchor fit a truncated log
    path.write_text(json.dumps(line) + "\n")
    verdict = anchors.verify()
    assert not verdict.ok and "第 1 行" in verdict.message


def test_verify_audit_anchor_writes_an_anchor_and_the_log_line(caplog):
    write_rows(2)
    with caplog.at_level("INFO", logger="bureau.audit.anchor"):
        call_command("verify_audit", "--anchor")
    written, bad = anchors.read_anchors()
    assert not bad and written[-1]["head_id"] == AuditEvent.objects.order_by("-id").first().pk
    assert "审计日志锚点" in caplog.text and written[-1]["head_hash"] in caplog.text


def test_the_migration_rekeys_an_intact_plain_chain_and_refuses_a_broken_one():
    migration = importlib.import_module("apps.audit.migrations.0004_keyed_chain")
    as_superuser("DELETE FROM audit_auditevent")
    rows = write_rows(4)
    # Put the rows back into the old, unkeyed form (what a database from before has).
    previous = ""
    for row in rows:
        row.refresh_from_db()
        row.prev_hash = previous
        old = hashlib.sha256(migration.payload(row)).hexdigest()
        as_superuser("UPDATE audit_auditevent SET prev_hash = %s, hash = %s WHERE id = %s", [previous, old, row.pk])
        previous = old
    assert verify_chain() == rows[0].pk  # the keyed check does not accept plain hashes
    editor = SimpleNamespace(connection=connection)
    migration.rekey(django_apps, editor)
    assert verify_chain() is None
    # A database whose old chain was already broken is not laundered by re-keying.
    as_superuser("UPDATE audit_auditevent SET hash = %s WHERE id = %s", ["0" * 64, rows[1].pk])
    with pytest.raises(RuntimeError, match="不能改用带密钥的哈希链"):
        migration.rekey(django_apps, editor)


def test_production_without_a_chain_key_fails_the_system_check(settings):
    from apps.audit.checks import check_audit_chain_key

    settings.DEBUG = False
    settings.AUDIT_CHAIN_KEY = ""
    errors = check_audit_chain_key(None)
    assert [e.id for e in errors] == ["audit.E002"]
    settings.AUDIT_CHAIN_KEY = "c2hvcnQ="  # 5 bytes
    assert "16～64" in check_audit_chain_key(None)[0].msg
    settings.AUDIT_CHAIN_KEY = "3q0Xb3Zf1m0m7l8Hk2nJd9hQ1VwX4zYp6cR5tU8eA0s="
    assert check_audit_chain_key(None) == [] and len(chain_key()) == 32
