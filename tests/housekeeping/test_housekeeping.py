"""内务 (seed 002 rule 13): inspections with scores and rectification; the canteen ledger where
the purchaser and the 机关后勤专干 each sign; who sees; the registers' queries and Excel."""

from datetime import timedelta
from decimal import Decimal
from io import BytesIO

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from apps.housekeeping import services
from apps.housekeeping.models import Check, Purchase
from apps.org.models import Position
from apps.workflow.api import TransitionError

pytestmark = pytest.mark.django_db


def client(user):
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def officer(people):
    position = Position.objects.get(key="logistics_officer")
    position.holder = people.colleague
    position.save()
    return people.colleague


def check(people, section, score, **kw):
    data = {
        "checked_on": timezone.localdate(),
        "kind": "hygiene",
        "section": section,
        "inspectors": "甲、乙",
        "score": score,
        **kw,
    }
    return services.record_check(people.clerk, data)


def buy(user, amount="100.00", **kw):
    data = {
        "purchased_on": timezone.localdate(),
        "supplier": "蔬菜批发部",
        "items": "白菜 10 斤",
        "amount": Decimal(amount),
        **kw,
    }
    return services.record_purchase(user, data)


def test_a_score_below_80_needs_findings_and_a_date_and_79_is_below(people, bureau):
    with pytest.raises(TransitionError, match="写明发现的问题"):
        check(people, bureau["lawyers"], 79)
    with pytest.raises(TransitionError, match="整改期限"):
        check(people, bureau["lawyers"], 79, findings="桌面杂乱")
    c = check(people, bureau["lawyers"], 79, findings="桌面杂乱", rectify_by=timezone.localdate() + timedelta(days=3))
    assert c.status == Check.Status.RECTIFYING
    assert check(people, bureau["lawyers"], 80).status == Check.Status.PASSED
    services.record_rectified(people.clerk, c.pk, timezone.localdate(), "已清理")
    with pytest.raises(TransitionError, match="已整改"):
        services.record_rectified(people.clerk, c.pk, timezone.localdate(), "again")


def test_the_canteen_needs_two_different_signatures(people, bureau, officer):
    with pytest.raises(TransitionError, match="不能是同一人"):
        buy(officer)
    p = buy(people.clerk)
    assert p.acceptor == officer and p.status == Purchase.Status.PENDING
    with pytest.raises(TransitionError, match="验收"):
        services.accept_purchase(people.chief, p.pk, True, "")
    with pytest.raises(TransitionError, match="写明问题"):
        services.accept_purchase(officer, p.pk, False, "")
    services.accept_purchase(officer, p.pk, True, "")
    with pytest.raises(TransitionError, match="已验收"):
        services.accept_purchase(officer, p.pk, True, "")  # a second click


def test_without_a_logistics_officer_the_purchase_is_refused_in_chinese(people, bureau):
    with pytest.raises(TransitionError, match="机关后勤专干"):
        buy(people.clerk)


def test_a_section_sees_its_own_inspections_only(people, bureau, officer):
    check(people, bureau["lawyers"], 90)
    check(people, bureau["office"], 95)
    p = buy(people.clerk)
    assert Check.objects.visible_to(people.outsider).count() == 1
    assert Check.objects.visible_to(people.leader).count() == 2
    assert not Purchase.objects.visible_to(people.outsider).exists()
    assert Purchase.objects.visible_to(officer).get() == p
    assert client(people.outsider).get("/housekeeping/").status_code == 200
    assert client(people.outsider).get("/housekeeping/checks/new/").status_code == 403
    assert client(people.sysadmin).get("/housekeeping/").status_code == 403


def test_the_registers_cost_the_same_at_one_and_many_and_the_excel_has_both_signatures(people, bureau, officer):
    check(people, bureau["lawyers"], 90)
    services.accept_purchase(officer, buy(people.clerk).pk, True, "")

    def count(url):
        with CaptureQueriesContext(connection) as ctx:
            assert client(people.chief).get(url).status_code == 200
        return len(ctx.captured_queries)

    urls = [
        "/housekeeping/checks/",
        "/housekeeping/canteen/",
        "/housekeeping/checks/?export=xlsx",
        "/housekeeping/canteen/?export=xlsx",
    ]
    few = [count(u) for u in urls]
    for n in range(5):
        check(people, bureau["correction"], 85 + n)
        services.accept_purchase(officer, buy(people.clerk, amount=f"{n + 1}0.00").pk, True, "")
    assert [count(u) for u in urls] == few
    sheet = load_workbook(BytesIO(client(people.chief).get("/housekeeping/canteen/?export=xlsx").content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert any(r[5] == people.clerk.full_name and r[6] == officer.full_name for r in rows[1:])
