"""record(): the one way to write the audit log."""

from django.db import connection, transaction

from .middleware import current_request_context
from .models import AuditEvent

# Any constant: serialises writers of the hash chain on PostgreSQL until their commit.
_CHAIN_LOCK_KEY = 72410001


def record(event, *, actor=None, obj=None, outcome=AuditEvent.Outcome.SUCCESS, detail=None, object_repr=None):
    """Append one audit row, chained to the previous one. Call inside the action's transaction.

    `detail` must not carry personal data values (ID numbers, phones): say what, not the data.
    """
    ctx = current_request_context()
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK_KEY])
        last = AuditEvent.objects.order_by("-id").values_list("hash", flat=True).first()
        row = AuditEvent(
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


def verify_chain():
    """Return the id of the first row whose hash or link does not match, or None if intact."""
    previous = ""
    for row in AuditEvent.objects.order_by("id").iterator(chunk_size=2000):
        if row.prev_hash != previous or row.compute_hash() != row.hash:
            return row.id
        previous = row.hash
    return None
