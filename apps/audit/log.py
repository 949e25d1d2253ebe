"""record(): the one way to write the audit log; verify_chain(): the check of its hash chain."""

from django.db import DEFAULT_DB_ALIAS, connection, transaction
from django.utils import timezone

from .middleware import current_request_context
from .models import AuditEvent

# Any constant: serialises writers of the hash chain on PostgreSQL until their commit.
CHAIN_LOCK_KEY = 72410001
# The row a retention purge writes (apps/audit/retention.py); its detail carries the anchor.
PURGE_EVENT = "audit.purge"


def lock_chain(using=DEFAULT_DB_ALIAS):
    """Hold the chain's writer lock until the current transaction ends (PostgreSQL)."""
    from django.db import connections

    conn = connections[using]
    if conn.vendor == "postgresql":
        with conn.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK_KEY])


def record(event, *, actor=None, obj=None, outcome=AuditEvent.Outcome.SUCCESS, detail=None, object_repr=None):
    """Append one audit row, chained to the previous one. Call inside the action's transaction.

    `detail` must not carry personal data values (ID numbers, phones): say what, not the data.
    """
    ctx = current_request_context()
    with transaction.atomic():
        lock_chain(connection.alias)
        last = AuditEvent.objects.order_by("-id").values_list("hash", flat=True).first()
        row = AuditEvent(
            created_at=timezone.now(),
            actor=actor if getattr(actor, "pk", None) else None,
            actor_name=(getattr(actor, "full_name", "") or getattr(actor, "username", "")) if actor else "",
            event=event,
            outcome=outcome,
            object_type=obj._meta.label if obj is not None else "",
            object_id=str(obj.pk) if obj is not None else "",
            object_repr=(object_repr if object_repr is not None else (str(obj) if obj is not None else ""))[:200],
            ip=ctx.get("ip"),
            request_id=ctx.get("request_id", ""),
            detail=detail or {},
            prev_hash=last or "",
        )
        row.hash = row.compute_hash()
        row.save()
    return row


def purge_anchor(using=DEFAULT_DB_ALIAS):
    """The hash the oldest remaining row must link to after retention purges ("" if none ran).

    Each purge first appends a row naming the hash of the last row it deletes; the newest such
    row is part of the chain itself, so the anchor cannot be changed without breaking it."""
    detail = (
        AuditEvent.objects.using(using)
        .filter(event=PURGE_EVENT)
        .order_by("-id")
        .values_list("detail", flat=True)
        .first()
    )
    return (detail or {}).get("anchor", "")


def verify_chain(using=DEFAULT_DB_ALIAS):
    """Return the id of the first row whose hash or link does not match, or None if intact.

    `using` names the database (restore_check verifies a restored copy through a second alias)."""
    rows = AuditEvent.objects.using(using).order_by("id")
    first = rows.values_list("prev_hash", flat=True).first()
    previous = purge_anchor(using) if first else ""
    for row in rows.iterator(chunk_size=2000):
        if row.prev_hash != previous or row.compute_hash() != row.hash:
            return row.id
        previous = row.hash
    return None


def chain_head(using=DEFAULT_DB_ALIAS):
    """(id, hash) of the newest row, or (None, "") for an empty log: what a backup records."""
    head = AuditEvent.objects.using(using).order_by("-id").values_list("id", "hash").first()
    return head or (None, "")
