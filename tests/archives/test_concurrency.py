"""Ten archivists archive ten cases of one class at the same moment, on PostgreSQL: ten distinct
consecutive 件号 (the numbering service's counter row, locked until each commit), and the class's
counter is created once although all of them ask for it first."""

import threading

import pytest
from django.db import connection
from django.utils import timezone

from apps.archives import services
from apps.archives.models import ArchiveItem, Retention
from apps.numbering.models import NumberScheme, NumberSeries
from tests.archives.factories import closed_request, fonds

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ARCHIVISTS = 10
TIMEOUT = 60


def test_concurrent_archiving_gives_consecutive_item_numbers(people, bureau, monkeypatch):
    fonds()
    cases = [closed_request(people.clerk, f"并发归档第{i}件", people.chief) for i in range(ARCHIVISTS)]
    # the copy is not what is raced here: a fixed one-page PDF keeps the threads on the numbering
    monkeypatch.setattr(services, "render_copy", lambda case, user: ("x.pdf", b"%PDF-1.7\n/Type /Page\n", 1, "PDF"))
    start = threading.Barrier(ARCHIVISTS, timeout=TIMEOUT)
    outcomes = [None] * ARCHIVISTS

    def run(index):
        try:
            start.wait()
            outcomes[index] = (services.archive_case(cases[index].pk, people.archivist, Retention.SHORT).item_no, None)
        except Exception as exc:
            outcomes[index] = (None, exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(ARCHIVISTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(TIMEOUT)
        assert not thread.is_alive()
    errors = [error for _, error in outcomes if error]
    assert not errors, errors
    assert sorted(no for no, _ in outcomes) == list(range(1, ARCHIVISTS + 1))
    assert sorted(ArchiveItem.objects.values_list("archive_no", flat=True)) == [
        f"J109-WS·{timezone.localtime(cases[0].closed_at).year}-D10-BGS-{n:04d}" for n in range(1, ARCHIVISTS + 1)
    ]
    assert NumberScheme.objects.filter(code="archive-d10-bgs").count() == 1
    assert NumberSeries.objects.get(scheme__code="archive-d10-bgs").last == ARCHIVISTS
