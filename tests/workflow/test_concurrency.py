"""Two people (or two browser tabs) acting on the same case at the same moment.

Every test here runs real threads, each with its own PostgreSQL connection, and forces the
dangerous interleaving instead of hoping for it: the first transaction is stopped at a chosen
point inside the service (still holding whatever it has locked, nothing committed yet), the
second is started, and the first is let go only once the second is seen *waiting for one of
the first one's locks* (pg_blocking_pids) or has already finished. Without the case row lock
the second transaction would run straight through while the first is stopped, and the
assertions below would fail every time, not once in a while.
"""

import threading
import time
from unittest import mock

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from apps.accounts.models import Rank
from apps.workflow import services
from apps.workflow.models import Case, CaseEvent, Task
from apps.workflow.services import TransitionError
from tests.conftest import make_user
from tests.matters.factories import new_request

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

TIMEOUT = 30  # seconds; only reached when something is already wrong


# --- the interleaving harness --------------------------------------------------------------------


def backend_pid():
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def is_waiting_for(waiter_pid, holder_pid):
    with connection.cursor() as cursor:
        cursor.execute("SELECT %s = ANY(pg_blocking_pids(%s))", [holder_pid, waiter_pid])
        return cursor.fetchone()[0]


def wait_until(condition, what):
    """Poll an observable condition (not a timing guess) until it holds."""
    deadline = time.monotonic() + TIMEOUT
    tick = threading.Event()
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting until {what}")
        tick.wait(0.002)


class Outcome:
    def __init__(self):
        self.value = None
        self.error = None

    @property
    def ok(self):
        return self.error is None


def interleave(first, second, *, pause_first_at, after=False):
    """Run `first` and `second` (callables) in two threads in the dangerous order.

    `first` is stopped when it reaches services.<pause_first_at> (just before the call, or
    just after it with after=True), inside its transaction. Then `second` starts. `first`
    resumes once `second` waits for a lock `first` holds, or once `second` has finished.
    Returns (Outcome of first, Outcome of second).
    """
    original = getattr(services, pause_first_at)
    reached, release = threading.Event(), threading.Event()
    pids = {}
    outcomes = {"first": Outcome(), "second": Outcome()}

    def stop_here():
        pids["first"] = backend_pid()
        reached.set()
        assert release.wait(TIMEOUT), "first transaction was never released"

    def patched(*args, **kwargs):
        if threading.current_thread().name != "first":
            return original(*args, **kwargs)
        if not after:
            stop_here()
        result = original(*args, **kwargs)
        if after:
            stop_here()
        return result

    def run(name, fn):
        try:
            if name == "second":
                pids["second"] = backend_pid()
            outcomes[name].value = fn()
        except Exception as exc:
            outcomes[name].error = exc
        finally:
            reached.set()  # never leave the main thread waiting if `first` failed early
            connection.close()

    threads = {
        "first": threading.Thread(target=run, args=("first", first), name="first"),
        "second": threading.Thread(target=run, args=("second", second), name="second"),
    }
    with mock.patch.object(services, pause_first_at, patched):
        try:
            threads["first"].start()
            assert reached.wait(TIMEOUT), "first transaction never reached the pause point"
            assert "first" in pids, f"first transaction failed early: {outcomes['first'].error!r}"
            threads["second"].start()
            wait_until(
                lambda: (
                    not threads["second"].is_alive()
                    or ("second" in pids and is_waiting_for(pids["second"], pids["first"]))
                ),
                "the second transaction waits for the first one's lock (or is done)",
            )
        finally:
            release.set()
            for thread in threads.values():
                thread.join(TIMEOUT)
    assert not any(t.is_alive() for t in threads.values()), "a thread is still running"
    return outcomes["first"], outcomes["second"]


def one_success(first, second):
    """Exactly one side succeeded; return the failure the other side got."""
    assert sorted([first.ok, second.ok]) == [False, True], (first.error, second.error)
    return first.error or second.error


# --- the service level -------------------------------------------------------------------------------


def test_simultaneous_approvals_of_same_task_succeed_once(people):
    case = new_request(people.clerk, amount="100", submit=True)
    task = case.tasks.get(assignee=people.chief, status=Task.Status.PENDING)
    version = case.version

    def approve():
        return services.approve(case.pk, task.pk, people.chief, "同意")

    first, second = interleave(approve, approve, pause_first_at="log_case_event")

    error = one_success(first, second)
    assert first.ok  # the one that locked the case first wins; the other waited for it
    assert isinstance(error, TransitionError)
    assert "已经处理过了" in str(error)
    assert CaseEvent.objects.filter(case=case, action=CaseEvent.Action.APPROVE).count() == 1
    case.refresh_from_db()
    assert case.version == version + 1  # advanced exactly one step
    assert case.current_step == "approval-1"
    assert list(case.tasks.filter(status=Task.Status.PENDING).values_list("assignee__username", flat=True)) == [
        "leader"
    ]


def test_simultaneous_submits_of_same_draft_activate_route_once(people):
    case = new_request(people.clerk, amount="100")

    def submit():
        return services.submit(case.pk, people.clerk)

    first, second = interleave(submit, submit, pause_first_at="log_case_event")

    error = one_success(first, second)
    assert isinstance(error, TransitionError)
    assert "不能重复提交" in str(error)
    assert case.tasks.count() == 1  # the chief's review task, created once
    assert case.tasks.get().assignee == people.chief
    assert CaseEvent.objects.filter(case=case, action=CaseEvent.Action.SUBMIT).count() == 1
    case.refresh_from_db()
    assert case.status == Case.Status.ACTIVE


def test_last_two_countersigners_at_once_activate_next_step_exactly_once(people, bureau):
    personnel_chief = make_user("perschief", bureau["personnel"], Rank.CHIEF, full_name="政工科科长")
    case = new_request(people.clerk, amount="100", countersign=("lawyers", "personnel"), submit=True)
    review = case.tasks.get(assignee=people.chief)
    services.approve(case.pk, review.pk, people.chief)
    lawyers_task = case.tasks.get(assignee=people.other_chief, status=Task.Status.PENDING)
    personnel_task = case.tasks.get(assignee=personnel_chief, status=Task.Status.PENDING)

    first, second = interleave(
        lambda: services.approve(case.pk, lawyers_task.pk, people.other_chief, "无意见"),
        lambda: services.approve(case.pk, personnel_task.pk, personnel_chief, "同意"),
        pause_first_at="log_case_event",
    )

    assert first.ok and second.ok, (first.error, second.error)
    leader_tasks = case.tasks.filter(step="approval-1")
    assert leader_tasks.count() == 1  # neither stuck at countersign nor activated twice
    assert leader_tasks.get().assignee == people.leader
    case.refresh_from_db()
    assert case.current_step == "approval-1"
    assert case.current_assignees == "分管副局长"
    assert CaseEvent.objects.filter(case=case, action=CaseEvent.Action.COUNTERSIGN).count() == 2


def test_drafting_a_countersign_request_does_not_deadlock_with_that_sections_approval(people):
    """A clerk drafts a request naming the lawyers' section for countersign while the lawyers'
    chief approves one of that section's cases. Both must go through: locking a case must not
    lock its section (or initiator) row as well, or the two transactions wait for each other
    (the draft holds the audit-chain lock and needs the section row; the approval holds the
    section row and needs the audit-chain lock) and PostgreSQL kills one of them."""
    lawyers_case = new_request(people.outsider, title="律师科事项", amount="100", submit=True)
    review = lawyers_case.tasks.get(assignee=people.other_chief)
    results = {}

    def draft():
        results["draft"] = new_request(people.clerk, title="会签律师科", amount="100", countersign=("lawyers",))

    first, second = interleave(
        draft,
        lambda: services.approve(lawyers_case.pk, review.pk, people.other_chief, "同意"),
        pause_first_at="create_case",
        after=True,  # the draft now holds the audit-chain lock, not yet the countersign rows
    )

    assert first.ok and second.ok, (first.error, second.error)
    assert list(results["draft"].general_request.countersign_sections.values_list("code", flat=True)) == ["lawyers"]
    lawyers_case.refresh_from_db()
    assert lawyers_case.current_step == "approval-1"


# --- the HTTP level: two tabs of the same user -------------------------------------------------------------


def test_two_tabs_approving_same_task_get_one_redirect_and_one_409(people):
    case = new_request(people.clerk, amount="100", submit=True)
    task = case.tasks.get(assignee=people.chief, status=Task.Status.PENDING)
    tab1 = Client()
    tab1.force_login(people.chief)
    tab2 = Client()
    tab2.cookies = tab1.cookies  # the same browser session in a second tab
    url = reverse("workflow:task_action", args=[case.pk, task.pk, "approve"])

    first, second = interleave(
        lambda: tab1.post(url, {"opinion": "同意（标签页一）"}),
        lambda: tab2.post(url, {"opinion": "同意（标签页二）"}),
        pause_first_at="log_case_event",
    )

    assert first.ok and second.ok, (first.error, second.error)
    assert first.value.status_code == 302
    assert first.value["Location"] == case.get_absolute_url()
    assert second.value.status_code == 409
    assert "该待办已经处理过了，请勿重复提交。" in second.value.content.decode()
    events = CaseEvent.objects.filter(case=case, action=CaseEvent.Action.APPROVE)
    assert events.count() == 1
    task.refresh_from_db()
    assert task.opinion == events.get().opinion
