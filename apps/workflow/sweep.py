"""The periodic deadline sweep: derive what is due from the database, notify once.

Idempotent by construction: each notice has a unique key, created with
get_or_create inside the transaction, so a second run (or two workers) adds nothing.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import Notification, SweepRun, Task


def run_sweep(today=None):
    today = today or timezone.localdate()
    run = SweepRun.objects.create()
    created = 0
    overdue = Task.objects.overdue(today).exclude(kind=Task.Kind.READ).select_related("case", "assignee")
    for task in overdue.iterator(chunk_size=500):
        key = f"overdue:{task.pk}"
        try:
            with transaction.atomic():
                _, was_created = Notification.objects.get_or_create(
                    key=key,
                    defaults={
                        "user": task.assignee,
                        "case": task.case,
                        "task": task,
                        "kind": "overdue",
                        "message": f"“{task.case.title}”的“{task.step_label}”已超过期限（{task.due_date:%Y-%m-%d}）。",
                    },
                )
        except IntegrityError:  # a concurrent sweep created it first
            was_created = False
        created += int(was_created)
    run.finished_at = timezone.now()
    run.notices_created = created
    run.save(update_fields=["finished_at", "notices_created"])
    return run
