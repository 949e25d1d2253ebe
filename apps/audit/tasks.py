from celery import shared_task


@shared_task
def purge_audit_log():
    """Daily: remove audit rows past the retention period (idempotent; the floor is enforced)."""
    from .retention import purge

    return purge().deleted
