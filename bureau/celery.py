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


@worker_ready.connect
def sweep_when_worker_starts(sender, **kwargs):
    # After a restart or an outage, catch up at once instead of waiting a whole interval.
    sender.app.send_task("apps.workflow.tasks.sweep_deadlines")
