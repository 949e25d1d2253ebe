"""Retention of the audit log (网络安全法 art. 23: network logs kept at least six months).

AUDIT_RETENTION_DAYS says how long rows are kept; the application never goes below
FLOOR_DAYS, whatever the setting says (a system check also refuses a lower setting). purge()
is the only path that deletes rows, and on PostgreSQL the table's trigger lets a DELETE
through only inside it (a transaction-local flag) and only for rows older than the floor by
the database's own clock (migration 0003).

The hash chain survives a purge: before deleting, the purge appends an `audit.purge` row that
names the last row it deletes and that row's hash (the anchor). verify_chain() then starts
from the newest anchor, so a purge leaves the chain verifiable and an edit is still found.
Rows go oldest first and always as a prefix in id order, so no hole opens in the chain.
"""

from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from .log import PURGE_EVENT, lock_chain, record
from .models import AuditEvent

# Six months, counted generously (the longest six calendar months have 184 days; 183 is the
# figure the security checklist fixes). Changing it is a code change, reviewed as one.
FLOOR_DAYS = 183
BATCH = 5000


def retention_days():
    """The retention in force: the setting, but never below the legal floor."""
    return max(int(getattr(settings, "AUDIT_RETENTION_DAYS", FLOOR_DAYS)), FLOOR_DAYS)


@dataclass
class PurgeResult:
    deleted: int
    cutoff: object
    retention_days: int


def purgeable(now=None):
    """The ids a purge at `now` may delete: the oldest rows up to the first one that is still
    inside the retention period (a prefix in id order)."""
    cutoff = (now or timezone.now()) - timedelta(days=retention_days())
    first_kept = AuditEvent.objects.filter(created_at__gte=cutoff).order_by("id").values_list("id", flat=True).first()
    old = AuditEvent.objects.filter(created_at__lt=cutoff)
    if first_kept is not None:
        old = old.filter(id__lt=first_kept)
    return old.order_by("id"), cutoff


@contextmanager
def _purge_path():
    """Open the table's trigger for this DELETE only: the flag is transaction-local and is
    switched off again at once, in case the caller's transaction goes on."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('bureau.audit_purge', 'on', true)")
    yield  # (on an error the transaction rolls back, and the flag with it)
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('bureau.audit_purge', 'off', true)")


def purge(now=None, batch=BATCH):
    """Delete audit rows older than the retention, oldest first, in batches (each batch one
    transaction with its own purge row). Returns what was deleted."""
    deleted = 0
    cutoff = None
    while True:
        with transaction.atomic():
            lock_chain()
            rows, cutoff = purgeable(now)
            ids = list(rows.values_list("id", flat=True)[:batch])
            if not ids:
                break
            through = AuditEvent.objects.filter(id=ids[-1]).values("id", "hash", "created_at").get()
            record(
                PURGE_EVENT,
                detail={
                    "through_id": through["id"],
                    "anchor": through["hash"],
                    "rows": len(ids),
                    "through_created_at": through["created_at"].isoformat(),
                    "cutoff": cutoff.isoformat(),
                    "retention_days": retention_days(),
                },
            )
            # QuerySet.delete(), not the model's delete() (which refuses for everyone else)
            with _purge_path():
                count, _ = AuditEvent.objects.filter(id__lte=through["id"]).delete()
            deleted += count
            if len(ids) < batch:
                break
    return PurgeResult(deleted=deleted, cutoff=cutoff, retention_days=retention_days())
