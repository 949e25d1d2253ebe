from celery import shared_task

from .sweep import run_sweep


@shared_task(name="apps.workflow.tasks.sweep_deadlines")
def sweep_deadlines():
    run = run_sweep()
    return run.notices_created


@shared_task(name="apps.workflow.tasks.verify_files")
def verify_files():
    """Re-hash every stored attachment (integrity.verify_all); idempotent."""
    from .integrity import verify_all

    return verify_all()
