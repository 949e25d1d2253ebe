"""Anchors of the audit chain outside the database.

The keyed chain (apps/audit/chain.py) stops anyone without the key from forging rows, but a
superuser can still delete the newest rows: what is left is a valid, shorter chain. So the head
of the chain (last id, its hash, the row count) is written periodically where the database
cannot reach:
- an append-only file, AUDIT_ANCHOR_FILE (default <BUREAU_VAR_DIR>/audit-anchors.jsonl), one JSON
  line per anchor, each line MACed with the chain key so an edited line is detected;
- the application log (logger ``bureau.audit.anchor``), which the deployment ships off the host;
- each backup's manifest (apps/backups/archive.py), checked again by the restore drill.
The Celery beat writes one every AUDIT_ANCHOR_MINUTES (default 60), the worker one when it
starts, and `manage.py verify_audit --anchor` one on demand.

verify() checks the chain with the key and then against the newest anchor: the anchored row
must still be there with the same hash, so a rewritten or truncated tail is reported.
"""

import json
import logging
import os
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from .chain import mac
from .models import AuditEvent

logger = logging.getLogger("bureau.audit.anchor")

FIELDS = ("at", "head_id", "head_hash", "rows", "reason")


def anchor_file() -> Path:
    return Path(getattr(settings, "AUDIT_ANCHOR_FILE", "") or Path(settings.VAR_DIR) / "audit-anchors.jsonl")


def anchor_max_age() -> timedelta:
    """How old the newest anchor may be before verify() says anchoring has stopped: two
    intervals and an hour's grace."""
    return timedelta(minutes=2 * int(getattr(settings, "AUDIT_ANCHOR_MINUTES", 60)) + 60)


def _signed(anchor: dict) -> dict:
    body = {k: anchor[k] for k in FIELDS}
    return {**body, "mac": mac(json.dumps(body, sort_keys=True, ensure_ascii=False).encode())}


def is_authentic(anchor: dict) -> bool:
    try:
        return _signed(anchor)["mac"] == anchor.get("mac")
    except KeyError:
        return False


def current_head(using=DEFAULT_DB_ALIAS, reason="") -> dict:
    """The chain's head now, as a signed anchor (not yet written anywhere)."""
    head = AuditEvent.objects.using(using).order_by("-id").values_list("id", "hash").first() or (None, "")
    rows = AuditEvent.objects.using(using).count()
    return _signed(
        {"at": timezone.now().isoformat(), "head_id": head[0], "head_hash": head[1], "rows": rows, "reason": reason}
    )


def write_anchor(reason="periodic", using=DEFAULT_DB_ALIAS) -> dict:
    """Append the chain's head to the anchor file (fsynced) and the application log."""
    anchor = current_head(using, reason)
    path = anchor_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    line = json.dumps(anchor, ensure_ascii=False, sort_keys=True) + "\n"
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
    try:
        os.write(fd, line.encode())
        os.fsync(fd)
    finally:
        os.close(fd)
    logger.info(
        "审计日志锚点 head_id=%s head_hash=%s rows=%s reason=%s mac=%s",
        anchor["head_id"],
        anchor["head_hash"],
        anchor["rows"],
        reason,
        anchor["mac"],
    )
    return anchor


def read_anchors() -> tuple[list[dict], list[int]]:
    """(authentic anchors in file order, line numbers of lines that are not)."""
    path = anchor_file()
    if not path.exists():
        return [], []
    good, bad = [], []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            anchor = json.loads(line)
        except ValueError:
            anchor = None
        if isinstance(anchor, dict) and is_authentic(anchor):
            good.append(anchor)
        else:
            bad.append(number)
    return good, bad


@dataclass
class Verdict:
    ok: bool
    message: str
    first_bad_id: int | None = None
    warning: str = ""


def _purged_through(using) -> int:
    from .log import PURGE_EVENT

    detail = AuditEvent.objects.using(using).filter(event=PURGE_EVENT).order_by("-id").values_list("detail", flat=True)
    return int((detail.first() or {}).get("through_id") or 0)


def check_against_anchor(anchor: dict, using=DEFAULT_DB_ALIAS) -> Verdict | None:
    """None if the database still holds the anchored head unchanged; else what is wrong."""
    head_id, head_hash = anchor.get("head_id"), anchor.get("head_hash")
    if head_id is None:
        return None
    stored = AuditEvent.objects.using(using).filter(id=head_id).values_list("hash", flat=True).first()
    if stored is None and _purged_through(using) >= head_id:
        return None  # the retention purge removed it, and says so in the chain itself
    if stored is None:
        last = AuditEvent.objects.using(using).order_by("-id").values_list("id", flat=True).first()
        first_missing = (last or 0) + 1 if (last or 0) < head_id else head_id
        return Verdict(
            False,
            f"锚点（{anchor['at'][:16]}）记录末条为第 {head_id} 条，数据库中已没有这一条："
            f"第 {first_missing} 条起的记录被删除。",
            first_missing,
        )
    if stored != head_hash:
        return Verdict(
            False, f"第 {head_id} 条的哈希与锚点（{anchor['at'][:16]}）不符：该条或其之前的记录被改写。", head_id
        )
    return None


def verify(using=DEFAULT_DB_ALIAS, now=None) -> Verdict:
    """The whole check behind `manage.py verify_audit`."""
    from .log import verify_chain

    broken = verify_chain(using=using)
    if broken is not None:
        return Verdict(False, f"审计日志在第 {broken} 条处被篡改或缺失（哈希链不符）。", broken)
    anchors, bad_lines = read_anchors()
    if bad_lines:
        return Verdict(False, f"锚点文件 {anchor_file()} 第 {'、'.join(map(str, bad_lines))} 行被改动（校验码不符）。")
    rows = AuditEvent.objects.using(using).count()
    now = now or timezone.now()
    if not anchors:
        oldest = AuditEvent.objects.using(using).order_by("id").values_list("created_at", flat=True).first()
        if oldest is not None and now - oldest > anchor_max_age():
            return Verdict(
                False,
                f"没有外部锚点（{anchor_file()}）：无法确认末尾的记录未被删除。"
                "请检查定时任务是否运行，并用 verify_audit --anchor 立即写一个。",
            )
        return Verdict(True, f"审计日志完整：共 {rows} 条（尚无外部锚点）。")
    latest = anchors[-1]
    problem = check_against_anchor(latest, using)
    if problem:
        return problem
    warning = ""
    at = parse_datetime(latest["at"])
    if at is not None and now - at > anchor_max_age():
        warning = f"最近的外部锚点写于 {latest['at'][:16]}，已超过 {anchor_max_age()}：请检查定时任务。"
    return Verdict(
        True,
        f"审计日志完整：共 {rows} 条，与 {latest['at'][:16]} 的外部锚点（第 {latest['head_id']} 条）一致。",
        warning=warning,
    )
