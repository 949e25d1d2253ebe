from celery import shared_task


@shared_task(name="apps.overview.tasks.take_month_end_snapshots")
def take_month_end_snapshots():
    """Daily: snapshot the month just ended for every viewer once (idempotent; a worker that
    was down at the turn of the month catches up on its next run; two months back, so one down
    across a whole month still fills it)."""
    from .snapshots import take_snapshots

    return take_snapshots(months=2)
