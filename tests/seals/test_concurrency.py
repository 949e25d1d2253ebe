"""Two stamping submissions at the same moment (a double click, or two keepers' tabs) on
PostgreSQL: the copies stamped never exceed the approved number.

As in tests/workflow/test_concurrency.py, the dangerous interleaving is forced, not hoped for:
the first transaction is stopped after it has checked the count and written its stamping (still
uncommitted, holding its locks); the second starts and must wait for the first one's lock; only
when PostgreSQL reports it waiting is the first let go.
"""

import threading
from unittest import mock

import pytest
from django.db import connection

from apps.seals import services
from apps.seals.models import SealUseRequest, Stamping
from apps.workflow.models import Case
from apps.workflow.services import TransitionError
from tests.seals.factories import approve_until_stamping, make_seals, new_use
from tests.workflow.test_concurrency import TIMEOUT, Outcome, backend_pid, is_waiting_for, wait_until

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def stamp_twice(case_id, keeper, first_copies, second_copies):
    """Run two record_stamping calls; the first pauses at its audit write (after the check and
    the insert, before commit) until the second is seen waiting on a lock the first holds."""
    original = services.record
    reached, release = threading.Event(), threading.Event()
    pids, outcomes = {}, {"first": Outcome(), "second": Outcome()}

    def paused_record(*args, **kwargs):
        result = original(*args, **kwargs)
        if threading.current_thread().name == "first" and args and args[0] == "seal.stamp":
            pids["first"] = backend_pid()
            reached.set()
            assert release.wait(TIMEOUT), "first transaction was never released"
        return result

    def run(name, copies):
        try:
            if name == "second":
                pids["second"] = backend_pid()
            outcomes[name].value = services.record_stamping(case_id, keeper, copies=copies)
        except Exception as exc:
            outcomes[name].error = exc
        finally:
            reached.set()
            connection.close()

    threads = {
        name: threading.Thread(target=run, args=(name, copies), name=name)
        for name, copies in (("first", first_copies), ("second", second_copies))
    }
    with mock.patch.object(services, "record", paused_record):
        threads["first"].start()
        assert reached.wait(TIMEOUT) and "first" in pids, f"first failed early: {outcomes['first'].error!r}"
        threads["second"].start()
        wait_until(
            lambda: (
                not threads["second"].is_alive() or ("second" in pids and is_waiting_for(pids["second"], pids["first"]))
            ),
            "the second stamping waits for the first one's lock",
        )
        second_was_blocked = threads["second"].is_alive()
        release.set()
        for thread in threads.values():
            thread.join(TIMEOUT)
    return outcomes["first"], outcomes["second"], second_was_blocked


@pytest.fixture
def waiting_request(bureau, people):
    seals = make_seals(bureau)
    case = approve_until_stamping(new_use(people.clerk, seals.official, copies=10, submit=True))
    return case, seals.keeper


def test_two_stampings_at_once_never_exceed_the_approved_copies(waiting_request):
    case, keeper = waiting_request
    first, second, blocked = stamp_twice(case.pk, keeper, 6, 6)
    assert blocked, "the second stamping must wait for the first one's row lock"
    assert first.ok, first.error
    assert isinstance(second.error, TransitionError) and "超过核准份数" in str(second.error)
    request = SealUseRequest.objects.get(case=case)
    assert request.stamped_copies == 6
    assert list(Stamping.objects.filter(request=request).values_list("copies", flat=True)) == [6]


def test_a_double_submit_of_the_last_copies_stamps_them_once(waiting_request):
    """Both submit all 10 copies: the first closes the request, the second finds nothing to do."""
    case, keeper = waiting_request
    first, second, blocked = stamp_twice(case.pk, keeper, 10, 10)
    assert blocked and first.ok, first.error
    assert isinstance(second.error, TransitionError)
    request = SealUseRequest.objects.get(case=case)
    assert request.stamped_copies == 10 and Stamping.objects.filter(request=request).count() == 1
    assert Case.objects.get(pk=case.pk).status == Case.Status.CLOSED


def test_two_stampings_that_fit_both_go_through(waiting_request):
    case, keeper = waiting_request
    first, second, _ = stamp_twice(case.pk, keeper, 4, 6)
    assert first.ok and second.ok, (first.error, second.error)
    request = SealUseRequest.objects.get(case=case)
    assert request.stamped_copies == 10
    assert Case.objects.get(pk=case.pk).status == Case.Status.CLOSED
