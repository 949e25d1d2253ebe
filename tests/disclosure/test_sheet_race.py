"""The 处理单 number under concurrent clicks, on PostgreSQL with real connections: three
requests, each one's 编号并呈批 pressed three times at the same moment. Each request gets one
number, the numbers are 1..3 with no gap, and the repeated clicks are refused (the case row is
locked and 初审 is done by the time they get it)."""

import queue

import pytest
from django.utils import timezone

from apps.disclosure import services
from apps.disclosure.models import DisclosureRequest
from apps.numbering.models import IssuedNumber
from apps.workflow.services import TransitionError
from tests.disclosure.factories import OPINION, new_request
from tests.numbering.test_race import run_concurrently

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_concurrent_clicks_take_one_gapless_number_per_request(bureau, people):
    today = timezone.localdate()
    cases = [new_request(people.clerk, received_on=today, applicant=f"申请人{i}") for i in range(3)]
    for case in cases:
        services.confirm_clear(case.pk, people.clerk, today)
    clicks = queue.SimpleQueue()
    for case in cases * 3:
        clicks.put(case.pk)

    def click():
        return services.issue_sheet(clicks.get(), people.clerk, bureau["lawyers"], OPINION, today).pk

    outcomes = run_concurrently(9, click)
    done = sorted(pk for pk, error in outcomes if error is None)
    refused = [error for _, error in outcomes if error is not None]
    assert done == sorted(case.pk for case in cases)
    assert len(refused) == 6 and all(isinstance(e, TransitionError) and "不在您的办理环节" in str(e) for e in refused)
    sheets = DisclosureRequest.objects.filter(case__in=cases)
    assert sorted(sheets.values_list("sheet_seq", flat=True)) == [1, 2, 3]
    assert IssuedNumber.objects.filter(scheme__code="disclosure-sheet").count() == 3
