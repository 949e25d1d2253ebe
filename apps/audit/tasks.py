from celery import shared_task


@shared_task
def purge_audit_log():
    """Daily: remove audit rows past the retention period (idempotent; the floor is enforced)."""
    from .retention import purge

    return purge().deleted


@shared_task
def anchor_audit_chain():
    """Periodically: write the chain's head outside the database (apps/audit/anchors.py)."""
    from .anchors import write_anchor

    return write_anchor("periodic")["head_id"]
