"""The numbers of the finance rules are admin rows: the system administrator changes them in the
admin (audited, historied) and the next claim follows; load_bureau keeps who holds each post."""

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.test import Client

from apps.audit.models import AuditEvent
from apps.finance.models import Standard
from apps.org.models import Position
from tests.finance.factories import approve_all, item, new_claim
from tests.finance.test_claims import pay

pytestmark = pytest.mark.django_db


def test_the_system_administrator_raises_the_collective_decision_amount_in_the_admin(people, posts):
    row = Standard.objects.get(key="collective_decision_amount")
    client = Client()
    client.force_login(people.sysadmin)
    response = client.post(
        f"/admin/finance/standard/{row.pk}/change/",
        {"name": row.name, "value": "8000", "unit": row.unit, "basis": row.basis},
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.value == Decimal("8000") and row.history.latest().value == Decimal("8000")
    assert AuditEvent.objects.filter(event="config.finance_standard").exists()

    case = new_claim(people.clerk, people.colleague, items=[item("6000.00")], submit=True)
    approve_all(case)
    pay(case, posts.cashier)  # 6,000 is below the new amount: no record needed


def test_nobody_else_changes_the_standards(people):
    row = Standard.objects.get(key="collective_decision_amount")
    for user in (people.director, people.secadmin):
        client = Client()
        client.force_login(user)
        client.post(
            f"/admin/finance/standard/{row.pk}/change/", {"name": row.name, "value": "1", "unit": "元", "basis": "x"}
        )
    row.refresh_from_db()
    assert row.value == Decimal("5000")


def test_reloading_the_bureau_keeps_the_post_holders(people, posts):
    call_command("load_bureau", verbosity=0)
    holders = dict(
        Position.objects.filter(key__in=["joint_review", "finance_officer", "finance_leader"]).values_list(
            "key", "holder__username"
        )
    )
    assert holders == {"joint_review": "chief", "finance_officer": "cashier", "finance_leader": "leader2"}
