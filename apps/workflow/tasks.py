from celery import shared_task

from .sweep import run_sweep


@shared_task(name="apps.workflow.tasks.sweep_deadlines")
def sweep_deadlines():
    run = run_sweep()
    return run.notices_created
