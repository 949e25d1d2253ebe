from celery import shared_task

from . import exports


@shared_task(name="apps.printing.tasks.build_export")
def build_export(job_id):
    """Build one large Excel register (exports.build_job); safe to run twice for one job."""
    return exports.build_job(job_id)


@shared_task(name="apps.printing.tasks.cleanup_exports")
def cleanup_exports():
    """Delete export files that were downloaded or have expired (exports.cleanup_jobs)."""
    return exports.cleanup_jobs()
