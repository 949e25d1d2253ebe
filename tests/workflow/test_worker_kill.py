"""A Celery worker killed in the middle of the deadline sweep loses no notice and duplicates none
when it comes back (issue 20 item 5; ARCHITECTURE: "Sending a reminder twice, or missing one
because a worker died, are both bugs").

A real worker process (tests/workflow/kill_worker_main.py: the project's Celery app on the test
Redis broker, the test database) sweeps a few hundred overdue clocks in several transactions. It is
SIGKILLed while a chunk's notices are inserted but not committed, after earlier chunks committed;
it is started again and, as every worker does when it starts, sweeps at once. Afterwards every
notice exists once, every 催办 record once, and one more sweep finds nothing left to send.
"""

import os
import signal
import subprocess
import sys
import time
import uuid
from collections import Counter
from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from apps.workflow.models import CaseClock, CaseEvent, DeadlineRule, Notification, SweepRun
from apps.workflow.sweep import run_sweep
from tests.workflow.test_sweep_escalation import at_clerk

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

CLOCKS = 300
CHUNK = 60
PAUSE = 1.5


def broker_reachable():
    return settings.CELERY_BROKER_URL.startswith("redis://")


def worker_env():
    """The test process's environment, with DATABASE_URL naming the *test* database, so the
    worker reads and writes the rows this test committed."""
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    env = dict(os.environ)
    env["DATABASE_URL"] = f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    env["CELERY_BROKER_URL"] = settings.CELERY_BROKER_URL
    env["DJANGO_SETTINGS_MODULE"] = "bureau.settings"
    env["AUDIT_ANCHOR_FILE"] = getattr(settings, "AUDIT_ANCHOR_FILE", "")
    env.pop("PYTEST_XDIST_WORKER", None)
    return env


def start_worker(queue, log):
    return subprocess.Popen(
        [sys.executable, "-m", "tests.workflow.kill_worker_main", queue, str(PAUSE), str(CHUNK)],
        cwd=settings.BASE_DIR,
        env=worker_env(),
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def wait_for(condition, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def stop(process):
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


@pytest.fixture
def many_due_clocks(people):
    """CLOCKS running clocks, all overdue and past their escalations, on cases the clerk handles."""
    rules = list(DeadlineRule.objects.order_by("code"))
    today = timezone.localdate()
    clocks = []
    while len(clocks) < CLOCKS:
        case = at_clerk(people, title=f"期限巡检中断测试 {len(clocks)}")
        for rule in rules[: CLOCKS - len(clocks)]:
            clocks.append(
                CaseClock(
                    case=case,
                    rule=rule,
                    started_on=today - timedelta(days=90),
                    due_date=today - timedelta(days=45),
                )
            )
    CaseClock.objects.bulk_create(clocks)
    return clocks


@pytest.mark.skipif(not broker_reachable(), reason="需要 Redis 作为 Celery broker")
def test_a_worker_killed_mid_sweep_loses_and_duplicates_no_notice(many_due_clocks, tmp_path):
    queue = f"killtest-{uuid.uuid4().hex[:8]}"
    log = open(tmp_path / "worker.log", "w")  # noqa: SIM115  (kept open for both workers)
    first = second = None
    try:
        # 1. A worker starts and, as every worker does, sweeps at once (bureau/celery.py).
        first = start_worker(queue, log)
        committed = wait_for(
            lambda: Notification.objects.filter(clock__in=many_due_clocks).count(), 120, "the first chunk's commit"
        )
        # 2. Kill it while the next chunk's notices are inserted but not committed.
        time.sleep(PAUSE / 2)
        os.killpg(first.pid, signal.SIGKILL)
        first.wait(timeout=10)
        at_kill = Notification.objects.filter(clock__in=many_due_clocks).count()
        killed = SweepRun.objects.order_by("started_at").first()
        assert killed is not None and killed.finished_at is None, "the sweep was not in progress when killed"
        assert 0 < committed <= at_kill

        # 3. A worker starts again: its start-up sweep finishes the job.
        second = start_worker(queue, log)
        wait_for(
            lambda: SweepRun.objects.filter(started_at__gt=killed.started_at, finished_at__isnull=False).exists(),
            240,
            "the restarted worker's sweep",
        )
    finally:
        for process in (first, second):
            if process is not None:
                stop(process)
        log.close()

    notices = list(
        Notification.objects.filter(clock__in=many_due_clocks).values_list("key", "clock_id", "user_id", "kind")
    )
    total = len(notices)
    print(f"notices: {committed} committed before the kill, {at_kill} at the kill, {total} after the restart")
    assert total > at_kill, "the restarted sweep sent what the killed one had not committed"
    # no duplicate: one notice per clock, person and kind (the key also says so)
    assert not [k for k, n in Counter((c, u, kind) for _, c, u, kind in notices).items() if n > 1]
    # each 催办 record once: a stage's record is written with its notices, in the same transaction
    urges = Counter(
        CaseEvent.objects.filter(
            case_id__in={c.case_id for c in many_due_clocks}, action=CaseEvent.Action.URGE
        ).values_list("case_id", "step_label", "opinion", "target_label")
    )
    assert urges and max(urges.values()) == 1
    # none lost: a complete sweep now finds nothing left to send for these clocks
    run_sweep()
    assert Notification.objects.filter(clock__in=many_due_clocks).count() == total
    # and every clock was reminded (each has a handler, the clerk, and is overdue)
    assert set(Notification.objects.filter(clock__in=many_due_clocks).values_list("clock_id", flat=True)) == {
        c.pk for c in many_due_clocks
    }
