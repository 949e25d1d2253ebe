"""`manage.py backup`: one consistent copy of everything the portal keeps (SECURITY.md G1).

A backup is a directory holding
* database.dump: `pg_dump -Fc` of the portal's database,
* globals.sql: `pg_dumpall --globals-only --no-role-passwords` (roles), when the account may;
  when it may not, the manifest says so and the backup still succeeds,
* media.tar: the uploaded files (MEDIA_ROOT, without the one-time Excel exports),
* manifest.json, written last: SHA-256 and size of every part, and what restore_check compares
  the restored copy with: the latest migration per app, the audit chain's head, the
  continuity summaries (number series) and the time.

The database facts in the manifest are read inside the very snapshot pg_dump dumps (an
exported REPEATABLE READ snapshot), so they describe exactly what the dump holds. Keys (the
SECRET_KEY, the personal-data encryption key) are never written here: they live in the
environment of the servers and are kept apart from the backups (README, "Backups").
"""

import getpass
import hashlib
import json
import os
import shutil
import socket
import tarfile
from pathlib import Path

from django.conf import settings
from django.db import connection, connections, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from apps.audit.anchors import write_anchor
from apps.audit.log import chain_head, record
from apps.audit.models import AuditEvent

from . import postgres
from .continuity import active_checks
from .postgres import BackupError

FORMAT = "bureau-backup/1"
MANIFEST = "manifest.json"
DUMP, GLOBALS, MEDIA = "database.dump", "globals.sql", "media.tar"
CHUNK = 1024 * 1024


def sha256_of(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(CHUNK), b""):
            digest.update(block)
    return digest.hexdigest()


def part_entry(path):
    return {"sha256": sha256_of(path), "bytes": path.stat().st_size}


def migration_state(using):
    """The latest applied migration of each app (in the order they were applied)."""
    latest = {}
    for app, name in MigrationRecorder(connections[using]).migration_qs.order_by("id").values_list("app", "name"):
        latest[app] = name
    return dict(sorted(latest.items()))


def database_state(using):
    """What restore_check will compare the restored copy with."""
    head_id, head_hash = chain_head(using)
    # The chain's head inside the dump's snapshot, signed with the chain key and also appended to
    # the anchor file: the drill checks the restored chain against it (apps/backups/drill.py).
    anchor = write_anchor("backup", using)
    return {
        "migrations": migration_state(using),
        "audit": {
            "rows": AuditEvent.objects.using(using).count(),
            "head_id": head_id,
            "head_hash": head_hash,
            "anchor": anchor,
        },
        "continuity": {check.name: check.summarise(using) for check in active_checks()},
    }


def excluded(relative):
    return any(relative.startswith(prefix) for prefix in settings.BACKUP_MEDIA_EXCLUDE)


def write_media_tar(target):
    """Tar every file under MEDIA_ROOT (paths relative to it), except the excluded folders."""
    root = Path(settings.MEDIA_ROOT)
    files = size = 0
    with tarfile.open(target, "w", format=tarfile.PAX_FORMAT) as tar:
        if root.is_dir():
            for path in sorted(p for p in root.rglob("*") if p.is_file()):
                relative = path.relative_to(root).as_posix()
                if excluded(relative):
                    continue
                tar.add(path, arcname=relative, recursive=False)
                files += 1
                size += path.stat().st_size
    return {"files": files, "bytes": size, "excluded": list(settings.BACKUP_MEDIA_EXCLUDE)}


def dump_globals(target, db):
    try:
        postgres.run(
            [postgres.tool("pg_dumpall"), "--globals-only", "--no-role-passwords", "--no-password", "-f", str(target)],
            postgres.libpq_env(db),
            "导出数据库角色（pg_dumpall --globals-only）",
        )
    except BackupError as exc:
        target.unlink(missing_ok=True)
        return {"included": False, "note": f"{exc}（角色须在恢复时按部署文档重建）"}
    return {"included": True, "note": "角色不含密码：数据库密码由部署的密钥管理提供。"}


def _private(path):
    os.chmod(path, 0o600 if path.is_file() else 0o700)


def new_backup_dir(dest):
    root = Path(dest or settings.BACKUP_DIR)
    root.mkdir(parents=True, exist_ok=True)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    for n in range(100):
        target = root / (f"bureau-{stamp}" + (f"-{n}" if n else ""))
        try:
            target.mkdir(mode=0o700)
            return target
        except FileExistsError:
            continue
    raise BackupError(f"无法在 {root} 下建立备份目录。")


def create_backup(dest=None):
    """Write one backup directory under `dest` (default BACKUP_DIR); return (path, manifest)."""
    postgres.require_postgresql()
    db = connection.settings_dict
    target = new_backup_dir(dest)
    try:
        manifest = {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(),
            "host": socket.gethostname(),
            "created_by": getpass.getuser(),
            "database": {"name": db["NAME"]},
        }
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                cursor.execute("SELECT pg_export_snapshot(), current_setting('server_version')")
                snapshot, server_version = cursor.fetchone()
            manifest.update(database_state(connection.alias))
            postgres.run(
                [
                    postgres.tool("pg_dump"),
                    "--format=custom",
                    f"--snapshot={snapshot}",
                    "--no-password",
                    "-f",
                    str(target / DUMP),
                ],
                postgres.libpq_env(db),
                "导出数据库（pg_dump）",
            )
            # inside the snapshot's lifetime: every file a dumped row names is already on disk
            manifest["media"] = write_media_tar(target / MEDIA)
        manifest["database"].update(server_version=server_version, pg_dump=postgres.client_version())
        manifest["globals"] = dump_globals(target / GLOBALS, db)
        manifest["keys"] = "不含密钥：SECRET_KEY 与个人信息加密密钥另行保管（见 README“备份”一节）。"
        manifest["parts"] = {
            name: part_entry(target / name) for name in (DUMP, GLOBALS, MEDIA) if (target / name).exists()
        }
        manifest["finished_at"] = timezone.now().isoformat()
        partial = target / (MANIFEST + ".part")
        partial.write_text(json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True), encoding="utf-8")
        partial.rename(target / MANIFEST)
        for path in target.iterdir():
            _private(path)
    except Exception as exc:
        shutil.rmtree(target, ignore_errors=True)
        record(
            "backup.create", outcome=AuditEvent.Outcome.FAILURE, detail={"path": str(target), "error": str(exc)[:500]}
        )
        raise
    record(
        "backup.create",
        detail={
            "path": str(target),
            "parts": {name: part["sha256"] for name, part in manifest["parts"].items()},
            "audit_head": manifest["audit"]["head_id"],
            "globals": manifest["globals"]["included"],
        },
    )
    return target, manifest
