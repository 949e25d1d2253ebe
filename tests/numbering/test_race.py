"""Twenty clerks press 编号 at the same moment, on PostgreSQL with twenty real connections.

With the counter row locked (SELECT ... FOR UPDATE) they get 1..20, each once. The second test
runs the same service with the lock taken out and forces the interleaving the lock prevents
(every transaction reads the counter before any of them writes it, held at a barrier): the
numbers collide and the register's unique constraint refuses all but one. That is the failure
the lock exists for, shown rather than assumed.
"""

import threading
from unittest import mock

import pytest
from django.db import IntegrityError, connection, transaction

from apps.numbering import services
from apps.numbering.models import IssuedNumber, NumberSeries

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

CLERKS = 20
TIMEOUT = 30  # seconds; only reached when something is already wrong


def run_concurrently(count, work):
    """Start `count` threads together (a barrier), each running work() in its own transaction
    on its own connection; return [(result, error)] per thread."""
    start = threading.Barrier(count, timeout=TIMEOUT)
    outcomes = [None] * count

    def run(index):
        try:
            start.wait()
            with transaction.atomic():
                outcomes[index] = (work(), None)
        except Exception as exc:
            outcomes[index] = (None, exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(TIMEOUT)
        assert not thread.is_alive(), "a clerk's transaction never finished"
    return outcomes


def test_twenty_concurrent_allocations_get_twenty_consecutive_numbers(bureau):
    outcomes = run_concurrently(CLERKS, lambda: services.allocate("outgoing-bureau", 2026).seq)
    errors = [error for _, error in outcomes if error]
    assert not errors, errors
    assert sorted(seq for seq, _ in outcomes) == list(range(1, CLERKS + 1))
    assert NumberSeries.objects.get(scheme__code="outgoing-bureau", year=2026).last == CLERKS
    assert sorted(IssuedNumber.objects.values_list("formatted", flat=True)) == sorted(
        f"临司发〔2026〕{n}号" for n in range(1, CLERKS + 1)
    )


def test_the_series_row_is_created_once_when_the_first_numbers_race(bureau):
    # no series row exists yet for 2031: all twenty try to create it at once
    outcomes = run_concurrently(CLERKS, lambda: services.allocate("incoming", 2031).formatted)
    assert not [error for _, error in outcomes if error]
    assert sorted(value for value, _ in outcomes) == [f"收〔2031〕{n:03d}" for n in range(1, CLERKS + 1)]
    assert NumberSeries.objects.filter(scheme__code="incoming", year=2031).count() == 1


def test_without_the_lock_the_numbers_collide(bureau):
    read_all = threading.Barrier(CLERKS, timeout=TIMEOUT)

    def unlocked_series(scheme, year):
        series, _ = NumberSeries.objects.get_or_create(scheme=scheme, year=year)
        series = NumberSeries.objects.get(pk=series.pk)  # no FOR UPDATE
        read_all.wait()  # everyone has read `last` before anyone writes it
        return series

    with mock.patch.object(services, "_series", unlocked_series):
        # create the row first so that the barrier is reached by all twenty
        with transaction.atomic():
            NumberSeries.objects.get_or_create(
                scheme=services.NumberScheme.objects.get(code="outgoing-bureau"), year=2026
            )
        outcomes = run_concurrently(CLERKS, lambda: services.allocate("outgoing-bureau", 2026).seq)
    numbers = [seq for seq, error in outcomes if error is None]
    collisions = [error for _, error in outcomes if isinstance(error, IntegrityError)]
    assert numbers == [1], "without the lock everyone computed the same next number"
    assert len(collisions) == CLERKS - 1
    assert NumberSeries.objects.get(scheme__code="outgoing-bureau", year=2026).last == 1
