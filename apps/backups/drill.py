"""`manage.py restore_check BACKUP_DIR`: the restore drill (恢复演练), recorded.

1. The manifest's SHA-256 of every part matches the files.
2. pg_restore --exit-on-error --single-transaction into a scratch database (created here,
   dropped afterwards) succeeds.
3. In the restored copy, read through a second database alias added at run time:
   the latest migration of each app is the one the manifest recorded; the audit log's hash
   chain verifies (apps.audit.log.verify_chain) and ends at the recorded head; every
   continuity check (number series without gaps, apps/backups/continuity.py) passes; every
   stored file a restored row names is in the media tar, and where the row records a SHA-256
   (attachments), the file's hash matches it.
4. A BackupDrill row and a `backup.restore_check` audit row record the outcome: the drill
   record an assessor asks for. The system administrator reads them in the admin.
"""

import getpass
import hashlib
import json
import socket
import tarfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from django.apps import apps as django_apps
from django.db import DatabaseError, connection, models, transaction
from django.utils import timezone

from apps.audit.anchors import check_against_anchor, is_authentic
from apps.audit.log import chain_head, record, verify_chain
from apps.audit.models import AuditEvent

from . import postgres
from .archive import DUMP, FORMAT, MANIFEST, MEDIA, excluded, migration_state, sha256_of
from .continuity import CHECKS
from .models import BackupDrill
from .postgres import BackupError


class CheckFailed(Exception):
    pass


@dataclass
class Drill:
    path: Path
    started_at: datetime = field(default_factory=timezone.now)
    manifest: dict = field(default_factory=dict)
    checks: list = field(default_factory=list)

    @property
    def passed(self):
        return bool(self.checks) and all(c["ok"] for c in self.checks)

    def step(self, name, label, fn, *args):
        """Run one check; its return value is the message of a pass, CheckFailed's of a failure."""
        try:
            message = fn(*args)
        except CheckFailed as exc:
            self.checks.append({"check": name, "label": label, "ok": False, "message": str(exc)})
            return False
        self.checks.append({"check": name, "label": label, "ok": True, "message": message or "通过"})
        return True


# --- the checks ------------------------------------------------------------------------------------


def load_manifest(drill):
    path = drill.path / MANIFEST
    if not path.is_file():
        raise CheckFailed(f"{path} 不存在：备份不完整或目录不对。")
    try:
        drill.manifest = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise CheckFailed(f"清单无法解析：{exc}") from None
    if drill.manifest.get("format") != FORMAT:
        raise CheckFailed(f"不认识的备份格式：{drill.manifest.get('format')}")
    for part in (DUMP, MEDIA):
        if part not in drill.manifest.get("parts", {}):
            raise CheckFailed(f"清单中缺少 {part}。")
    return f"备份时间 {drill.manifest.get('created_at')}，主机 {drill.manifest.get('host')}"


def verify_checksums(drill):
    problems = []
    for name, part in sorted(drill.manifest["parts"].items()):
        path = drill.path / name
        if not path.is_file():
            problems.append(f"{name} 缺失")
        elif path.stat().st_size != part["bytes"] or sha256_of(path) != part["sha256"]:
            problems.append(f"{name} 的 SHA-256 与清单不符（文件被改动或损坏）")
    if problems:
        raise CheckFailed("；".join(problems))
    return f"{len(drill.manifest['parts'])} 个部分的 SHA-256 与清单一致"


def restore(drill, scratch):
    try:
        postgres.run(
            [
                postgres.tool("pg_restore"),
                "--exit-on-error",
                "--single-transaction",
                "--no-owner",
                "--no-privileges",
                "--no-password",
                "-d",
                scratch,
                str(drill.path / DUMP),
            ],
            postgres.libpq_env(connection.settings_dict, dbname=scratch),
            "恢复数据库（pg_restore）",
        )
    except BackupError as exc:
        raise CheckFailed(str(exc)) from None
    return f"已恢复到临时数据库 {scratch}"


def verify_migrations(drill, alias):
    restored, recorded = migration_state(alias), drill.manifest["migrations"]
    if restored != recorded:
        differing = sorted(app for app in set(restored) | set(recorded) if restored.get(app) != recorded.get(app))
        raise CheckFailed(
            "迁移状态与清单不符："
            + "、".join(f"{a}（清单 {recorded.get(a)}，恢复后 {restored.get(a)}）" for a in differing)
        )
    behind = sorted(app for app, name in migration_state(connection.alias).items() if recorded.get(app) != name)
    note = f"；当前程序另有迁移的应用：{'、'.join(behind)}（恢复上线前先运行 migrate）" if behind else ""
    return f"{len(restored)} 个应用的迁移状态与清单一致{note}"


def verify_audit(drill, alias):
    broken = verify_chain(using=alias)
    if broken is not None:
        raise CheckFailed(f"审计日志哈希链在第 {broken} 条处断开（被篡改或缺失）。")
    recorded = drill.manifest["audit"]
    head_id, head_hash = chain_head(alias)
    rows = AuditEvent.objects.using(alias).count()
    if (head_id, head_hash, rows) != (recorded["head_id"], recorded["head_hash"], recorded["rows"]):
        raise CheckFailed(
            f"审计日志与清单不符：清单 {recorded['rows']} 条、末条 {recorded['head_id']}，恢复后 {rows} 条、末条 {head_id}。"
        )
    anchor = recorded.get("anchor")
    if anchor is None:
        # Backups taken before the chain was keyed and anchored carry no anchor.
        return f"哈希链完整，共 {rows} 条，末条 {head_id}（清单中没有外部锚点：旧格式备份）"
    if not is_authentic(anchor):
        raise CheckFailed("清单中的审计锚点校验码不符：清单被改动过，或审计密钥不是备份时的密钥。")
    problem = check_against_anchor(anchor, alias)
    if problem or (anchor["head_id"], anchor["rows"]) != (head_id, rows):
        raise CheckFailed(problem.message if problem else "恢复后的审计日志与清单中的锚点不符。")
    return f"哈希链完整（带密钥），共 {rows} 条，末条 {head_id}，与清单中的锚点一致"


def verify_continuity(drill, alias):
    recorded = drill.manifest.get("continuity", {})
    problems, done = [], []
    for name, summary in sorted(recorded.items()):
        check = CHECKS.get(name)
        if check is None:
            problems.append(f"清单中有连续性检查“{name}”，当前程序中没有。")
            continue
        problems += check.verify(alias, summary)
        done.append(f"{check.label}（{len(summary)} 个序列）")
    if problems:
        raise CheckFailed("；".join(problems))
    return "无断号：" + "、".join(done) if done else "备份中没有需要连续性检查的序列"


def file_fields():
    """(model, [(file field, its SHA-256 column or None)]) for every model that stores files.

    A file field's registered hash is the column `<field>_sha256`, or `sha256` beside a model's
    only file field. A file field with neither must be exempted on its model, with the reason,
    in `UNHASHED_FILE_REASONS = {"field": "why its files carry no hash"}`."""
    for model in django_apps.get_models():
        if model.__name__.startswith("Historical"):
            continue
        columns = {f.name for f in model._meta.concrete_fields}
        names = [f.name for f in model._meta.concrete_fields if isinstance(f, models.FileField)]
        if not names:
            continue
        pairs = []
        for name in names:
            if f"{name}_sha256" in columns:
                pairs.append((name, f"{name}_sha256"))
            elif len(names) == 1 and "sha256" in columns:
                pairs.append((name, "sha256"))
            else:
                pairs.append((name, None))
        yield model, pairs


def media_hashes(tar_path):
    hashes = {}
    with tarfile.open(tar_path, "r:") as tar:
        for member in tar:
            if member.isfile():
                digest = hashlib.sha256()
                handle = tar.extractfile(member)
                for block in iter(lambda handle=handle: handle.read(1024 * 1024), b""):
                    digest.update(block)
                hashes[member.name] = digest.hexdigest()
    return hashes


def verify_files(drill, alias):
    try:
        hashes = media_hashes(drill.path / MEDIA)
    except tarfile.TarError as exc:
        raise CheckFailed(f"media.tar 无法读取：{exc}") from None
    problems, checked, hashed, exempt, skipped = [], 0, 0, 0, []
    for model, pairs in file_fields():
        reasons = getattr(model, "UNHASHED_FILE_REASONS", {})
        columns = [column for pair in pairs for column in pair if column]
        try:
            rows = list(model.objects.using(alias).values("pk", *columns))
        except DatabaseError:
            skipped.append(model._meta.verbose_name)  # the backup predates this table
            continue
        for row in rows:
            for name, hash_column in pairs:
                stored = row[name]
                if not stored or excluded(stored):
                    continue
                checked += 1
                label = f"{model._meta.verbose_name} {row['pk']}"
                if stored not in hashes:
                    problems.append(f"{label} 的文件不在 media.tar 中")
                elif hash_column and row[hash_column]:
                    hashed += 1
                    if hashes[stored] != row[hash_column]:
                        problems.append(f"{label} 的文件与登记的 SHA-256 不符")
                elif name in reasons:
                    exempt += 1
                else:
                    # a file nobody can check is not a verified backup of it
                    problems.append(f"{label} 的文件没有登记 SHA-256，也未列为豁免")
    if problems:
        shown = problems[:20] + ([f"等共 {len(problems)} 处"] if len(problems) > 20 else [])
        raise CheckFailed("；".join(shown))
    note = f"；备份中没有的表：{'、'.join(map(str, skipped))}" if skipped else ""
    exempted = f"，{exempt} 个按规定豁免校验" if exempt else ""
    return f"{checked} 个文件都在，其中 {hashed} 个与登记的 SHA-256 一致{exempted}{note}"


# --- the drill ----------------------------------------------------------------------------------


def restore_check(path):
    """Run the drill on backup directory `path`; record and return the BackupDrill."""
    postgres.require_postgresql()
    drill = Drill(path=Path(path).resolve())
    if drill.step("manifest", "备份清单", load_manifest, drill) and drill.step(
        "checksums", "校验和", verify_checksums, drill
    ):
        try:
            with postgres.scratch_database() as scratch:
                if drill.step("restore", "恢复到临时数据库", restore, drill, scratch):
                    with postgres.database_alias(scratch) as alias:
                        drill.step("migrations", "迁移状态", verify_migrations, drill, alias)
                        drill.step("audit", "审计日志哈希链", verify_audit, drill, alias)
                        drill.step("continuity", "编号连续性", verify_continuity, drill, alias)
                        drill.step("files", "文件校验", verify_files, drill, alias)
        except (BackupError, DatabaseError) as exc:
            drill.checks.append({"check": "scratch", "label": "临时数据库", "ok": False, "message": str(exc)[:500]})
    return save(drill)


def save(drill):
    failed = [c for c in drill.checks if not c["ok"]]
    summary = (
        "全部检查通过" if drill.passed else "未通过：" + "；".join(f"{c['label']}：{c['message']}" for c in failed)
    )
    created = drill.manifest.get("created_at")
    with transaction.atomic():
        row = BackupDrill.objects.create(
            started_at=drill.started_at,
            finished_at=timezone.now(),
            backup_path=str(drill.path)[:500],
            backup_created_at=datetime.fromisoformat(created) if created else None,
            outcome=BackupDrill.Outcome.PASSED if drill.passed else BackupDrill.Outcome.FAILED,
            summary=summary[:300],
            checks=drill.checks,
            run_by=getpass.getuser()[:80],
            host=socket.gethostname()[:80],
        )
        record(
            "backup.restore_check",
            obj=row,
            outcome=AuditEvent.Outcome.SUCCESS if drill.passed else AuditEvent.Outcome.FAILURE,
            detail={
                "path": str(drill.path),
                "backup_created_at": created,
                "failed": [c["check"] for c in failed],
                "passed": [c["check"] for c in drill.checks if c["ok"]],
            },
        )
    return row
