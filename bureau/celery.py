import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bureau.settings")

app = Celery("bureau")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


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
