import os

from celery import Celery
from celery.signals import worker_ready

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bureau.settings")

app = Celery("bureau")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_configure.connect
def prepare_filesystem_broker(sender, **kwargs):
    # The embedded demo's broker is a folder; kombu expects it to exist.
    from django.conf import settings

    for folder in settings.CELERY_BROKER_TRANSPORT_OPTIONS.values():
        if isinstance(folder, str):
            os.makedirs(folder, exist_ok=True)


@app.on_after_finalize.connect
def schedule_periodic_tasks(sender, **kwargs):
    # One periodic sweep derives everything that is due from database state; no far-future
    # ETA tasks (with Redis they loop past the visibility timeout).
    from django.conf import settings

    sender.add_periodic_task(
        settings.DEADLINE_SWEEP_MINUTES * 60.0,
        sender.signature("apps.workflow.tasks.sweep_deadlines"),
        name="deadline sweep",
    )
    # Excel exports: delete files once downloaded or after EXPORT_KEEP_DAYS (apps/printing/exports.py).
    sender.add_periodic_task(3600.0, sender.signature("apps.printing.tasks.cleanup_exports"), name="export clean-up")
    # Audit rows past AUDIT_RETENTION_DAYS (never younger than 183 days) go, oldest first.
    sender.add_periodic_task(24 * 3600.0, sender.signature("apps.audit.tasks.purge_audit_log"), name="audit retention")
    # The audit chain's head written outside the database (apps/audit/anchors.py).
    sender.add_periodic_task(
        settings.AUDIT_ANCHOR_MINUTES * 60.0,
        sender.signature("apps.audit.tasks.anchor_audit_chain"),
        name="audit anchor",
    )
    # Every stored upload re-hashed against its recorded SHA-256 (apps/workflow/integrity.py).
    sender.add_periodic_task(
        settings.FILE_VERIFY_HOURS * 3600.0, sender.signature("apps.workflow.tasks.verify_files"), name="file re-hash"
    )
    # The leaders' overview: month-end snapshots of the trend, taken once per month and viewer.
    sender.add_periodic_task(
        24 * 3600.0, sender.signature("apps.overview.tasks.take_month_end_snapshots"), name="overview snapshots"
    )
    # Accounts idle for ACCOUNT_IDLE_DISABLE_DAYS are disabled (apps/accounts/services.py).
    sender.add_periodic_task(
        24 * 3600.0, sender.signature("apps.accounts.tasks.disable_idle_accounts"), name="idle accounts"
    )


@worker_ready.connect
def sweep_when_worker_starts(sender, **kwargs):
    # After a restart or an outage, catch up at once instead of waiting a whole interval.
    sender.app.send_task("apps.workflow.tasks.sweep_deadlines")
    sender.app.send_task("apps.audit.tasks.anchor_audit_chain")
