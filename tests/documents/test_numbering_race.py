"""Numbering 发文字号 under concurrency, on PostgreSQL with real connections: twenty documents
numbered at the same moment get twenty consecutive numbers; one document pressed twice at the
same moment keeps one number (the second press shows it)."""

import itertools

import pytest

from apps.documents import services
from apps.documents.models import OutgoingDocument
from apps.numbering.models import IssuedNumber
from tests.documents.factories import draft, sign_all, today
from tests.numbering.test_race import run_concurrently

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_twenty_documents_numbered_at_once_get_consecutive_numbers(office, people):
    cases = [sign_all(draft(people.clerk, title=f"关于开展第{i}批普法活动的通知")) for i in range(20)]
    queue = itertools.count()

    def press():
        case = cases[next(queue)]
        doc, allocated = services.number(case.pk, office.receiver)
        return doc.number_seq, allocated

    outcomes = run_concurrently(len(cases), press)
    assert not [error for _, error in outcomes if error]
    assert sorted(seq for (seq, _), _ in outcomes) == list(range(1, 21))
    year = today().year
    assert sorted(OutgoingDocument.objects.values_list("number_seq", flat=True)) == list(range(1, 21))
    assert set(OutgoingDocument.objects.values_list("number_year", flat=True)) == {year}


def test_two_presses_on_one_document_keep_one_number(office, people):
    case = sign_all(draft(people.clerk))
    outcomes = run_concurrently(2, lambda: services.number(case.pk, office.receiver))
    errors = [error for _, error in outcomes if error]
    assert not errors, errors
    numbers = {doc.number for (doc, _), _ in outcomes}
    assert numbers == {f"临司发〔{today().year}〕1号"}
    assert sorted(allocated for (_, allocated), _ in outcomes) == [False, True]
    assert IssuedNumber.objects.count() == 1
