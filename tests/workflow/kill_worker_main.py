"""A real Celery worker for tests/workflow/test_worker_kill.py, started as a subprocess:

    python -m tests.workflow.kill_worker_main <queue> <pause seconds> <chunk>

It is the project's worker (bureau.celery.app, same broker, same tasks, the test database named
by DATABASE_URL) with three test-only settings:
- its own queue, so the sweep it sends itself when it starts (worker_ready) and the tasks of this
  test never meet another worker or another test run on the shared Redis;
- smaller chunks, so a few hundred clocks make several transactions;
- a pause inside each chunk's transaction, after its notices are inserted and before they
  commit, so that the test can SIGKILL it in the middle of the sweep with notices in flight.
"""

import os
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bureau.settings")

import django  # noqa: E402

django.setup()

from bureau.celery import app  # noqa: E402


def main(queue, pause, chunk):
    from apps.workflow import sweep
    from apps.workflow.models import CaseEvent

    sweep.CHUNK = chunk
    manager = CaseEvent.objects  # the same manager instance sweep.write() uses
    bulk_create = manager.bulk_create

    def slow_bulk_create(objs, *args, **kwargs):
        time.sleep(pause)  # inside write()'s transaction.atomic(): notices inserted, not committed
        return bulk_create(objs, *args, **kwargs)

    manager.bulk_create = slow_bulk_create
    app.conf.task_default_queue = queue
    app.worker_main(
        [
            "worker",
            "--pool=solo",
            "--concurrency=1",
            "--loglevel=INFO",
            f"--queues={queue}",
            "--without-mingle",
            "--without-gossip",
            f"--hostname=killtest-{os.getpid()}@%h",
        ]
    )


if __name__ == "__main__":
    main(sys.argv[1], float(sys.argv[2]), int(sys.argv[3]))
