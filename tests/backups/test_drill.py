"""The backup and restore drill, for real, on PostgreSQL (SECURITY.md G1; issue 3 item 8):
backup -> restore_check passes; a damaged dump, a tampered audit row, a gap in a number series
or a changed file each make it fail, and every drill is recorded."""

import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.db.migrations.loader import MigrationLoader

from apps.audit.anchors import is_authentic, read_anchors
from apps.audit.log import chain_head, verify_chain
from apps.audit.models import AuditEvent
from apps.backups.models import BackupDrill
from apps.numbering.models import IssuedNumber
from apps.numbering.services import allocate
from apps.workflow.attachments import save_attachment
from tests.matters.factories import new_request

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def data(people, settings, tmp_path):
    """A bureau with a case, an attachment, numbers taken and audit rows."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.BACKUP_DIR = tmp_path / "backups"
    case = new_request(people.clerk, submit=True)
    attachment = save_attachment(
        case, SimpleUploadedFile("名单.txt", "名单内容".encode(), content_type="text/plain"), people.clerk
    )
    for _ in range(3):
        with transaction.atomic():
            allocate("outgoing-bureau", 2026, actor=people.clerk, target=f"workflow.case:{case.pk}")
    (settings.MEDIA_ROOT / "exports").mkdir(parents=True)
    (settings.MEDIA_ROOT / "exports" / "once.xlsx").write_bytes(b"one-time export")
    return {"case": case, "attachment": attachment, "media": settings.MEDIA_ROOT}


def backup(tmp_path):
    call_command("backup", "--dest", str(tmp_path / "out"))
    (path,) = (tmp_path / "out").iterdir()
    return path


def drill(path):
    try:
        call_command("restore_check", str(path))
    except CommandError:
        pass
    return BackupDrill.objects.latest("id")


def failed(row):
    return {c["check"] for c in row.checks if not c["ok"]}


def scratch_databases():
    with connection.cursor() as cursor:
        cursor.execute("SELECT datname FROM pg_database WHERE datname LIKE %s", ["%restore_check%"])
        return [name for (name,) in cursor.fetchall()]


def test_backup_then_restore_check_passes_and_is_recorded(data, tmp_path, capsys):
    head = chain_head()
    path = backup(tmp_path)
    manifest = json.loads((path / "manifest.json").read_text(encoding="utf-8"))
    assert {"database.dump", "media.tar"} <= set(manifest["parts"])
    assert all(len(part["sha256"]) == 64 and part["bytes"] > 0 for part in manifest["parts"].values())
    assert manifest["migrations"]["audit"] == MigrationLoader(None).graph.leaf_nodes("audit")[0][1]
    assert (manifest["audit"]["head_id"], manifest["audit"]["head_hash"]) == head
    # the head is also anchored, signed with the chain key, in the manifest and the anchor file
    assert is_authentic(manifest["audit"]["anchor"]) and manifest["audit"]["anchor"]["head_id"] == head[0]
    assert read_anchors()[0][-1] == manifest["audit"]["anchor"]
    assert manifest["continuity"]["numbering"]["outgoing-bureau/2026"] == {"last": 3, "issued": 3, "max_seq": 3}
    assert manifest["media"]["files"] == 1  # the attachment; the one-time export is left out
    assert "globals" in manifest and "note" in manifest["globals"]
    assert oct((path / "database.dump").stat().st_mode & 0o777) == "0o600"
    created = AuditEvent.objects.filter(event="backup.create").latest("id")
    assert (
        created.outcome == "success"
        and created.detail["parts"]["database.dump"] == manifest["parts"]["database.dump"]["sha256"]
    )

    call_command("restore_check", str(path))
    out = capsys.readouterr().out
    assert "恢复演练通过" in out
    row = BackupDrill.objects.get()
    assert row.outcome == BackupDrill.Outcome.PASSED, row.checks
    assert [c["check"] for c in row.checks] == [
        "manifest",
        "checksums",
        "restore",
        "migrations",
        "audit",
        "continuity",
        "files",
    ]
    assert "1 个文件都在，其中 1 个与登记的 SHA-256 一致" in {c["check"]: c["message"] for c in row.checks}["files"]
    audit = AuditEvent.objects.get(event="backup.restore_check")
    assert audit.outcome == "success" and audit.object_id == str(row.pk)
    assert verify_chain() is None
    assert scratch_databases() == []  # the scratch database is gone


def test_a_damaged_dump_fails_the_drill(data, tmp_path):
    path = backup(tmp_path)
    dump = path / "database.dump"
    content = bytearray(dump.read_bytes())
    content[len(content) // 2] ^= 0xFF
    dump.write_bytes(bytes(content))
    with pytest.raises(CommandError, match="恢复演练未通过"):
        call_command("restore_check", str(path))
    row = BackupDrill.objects.get()
    assert row.outcome == BackupDrill.Outcome.FAILED and failed(row) == {"checksums"}
    assert AuditEvent.objects.get(event="backup.restore_check").outcome == "failure"


def test_a_truncated_dump_with_a_rewritten_manifest_fails_the_restore(data, tmp_path):
    """Someone 'fixes' the manifest to match a damaged dump: pg_restore --exit-on-error still fails."""
    from apps.backups.archive import part_entry

    path = backup(tmp_path)
    dump = path / "database.dump"
    dump.write_bytes(dump.read_bytes()[: dump.stat().st_size * 2 // 3])
    manifest = json.loads((path / "manifest.json").read_text(encoding="utf-8"))
    manifest["parts"]["database.dump"] = part_entry(dump)
    (path / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    row = drill(path)
    assert failed(row) == {"restore"} and "pg_restore" in row.summary
    assert scratch_databases() == []


def test_a_tampered_audit_row_in_the_backup_fails_the_drill(data, tmp_path, people):
    victim = AuditEvent.objects.filter(event="numbering.allocate").order_by("id").first()
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")
        cursor.execute("UPDATE audit_auditevent SET actor_name = '他人' WHERE id = %s", [victim.pk])
        cursor.execute("SET session_replication_role = origin")
    row = drill(backup(tmp_path))
    assert failed(row) == {"audit"}
    assert f"第 {victim.pk} 条" in row.summary


def test_a_rewritten_audit_anchor_in_the_manifest_fails_the_drill(data, tmp_path):
    path = backup(tmp_path)
    manifest_file = path / "manifest.json"
    manifest = json.loads(manifest_file.read_text(encoding="utf-8"))
    # Someone makes the manifest fit a different chain: without the key the anchor's MAC breaks.
    manifest["audit"]["anchor"]["head_hash"] = "0" * 64
    manifest_file.write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    row = drill(path)
    assert failed(row) == {"audit"}
    assert "锚点校验码不符" in row.summary


def test_a_gap_in_a_number_series_fails_the_drill(data, tmp_path):
    IssuedNumber.objects.filter(scheme__code="outgoing-bureau", year=2026, seq=2).delete()
    row = drill(backup(tmp_path))
    assert failed(row) == {"continuity"}
    assert "outgoing-bureau/2026 不连续" in row.summary


def test_a_file_changed_after_upload_fails_the_drill(data, tmp_path):
    stored = Path(data["attachment"].file.path)
    stored.write_bytes(b"changed on disk")
    row = drill(backup(tmp_path))
    assert failed(row) == {"files"}
    assert "SHA-256 不符" in row.summary


def test_a_file_without_a_registered_hash_fails_the_drill_unless_exempted_with_a_reason(data, tmp_path, monkeypatch):
    from apps.workflow.models import Attachment

    Attachment.objects.filter(pk=data["attachment"].pk).update(sha256="")
    path = backup(tmp_path)
    row = drill(path)
    assert failed(row) == {"files"}
    assert "没有登记 SHA-256，也未列为豁免" in row.summary
    monkeypatch.setattr(
        Attachment, "UNHASHED_FILE_REASONS", {"file": "测试：迁移前上传、未登记哈希的文件"}, raising=False
    )
    row = drill(path)
    assert row.outcome == BackupDrill.Outcome.PASSED, row.checks
    assert "1 个按规定豁免校验" in {c["check"]: c["message"] for c in row.checks}["files"]


def test_a_missing_file_and_a_missing_manifest_fail_the_drill(data, tmp_path):
    Path(data["attachment"].file.path).unlink()
    path = backup(tmp_path)
    assert failed(drill(path)) == {"files"}
    (path / "manifest.json").unlink()
    assert failed(drill(path)) == {"manifest"}


def test_backup_refuses_a_database_other_than_postgresql(db, monkeypatch, tmp_path):
    monkeypatch.setattr(connection, "vendor", "sqlite")
    with pytest.raises(CommandError, match="只支持 PostgreSQL"):
        call_command("backup", "--dest", str(tmp_path))
    with pytest.raises(CommandError, match="只支持 PostgreSQL"):
        call_command("restore_check", str(tmp_path))
