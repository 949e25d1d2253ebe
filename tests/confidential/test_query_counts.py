"""The register's lists and exports cost the same number of SQL queries with 4 rows as with 24."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.confidential import services
from apps.confidential.models import Disposal
from tests.confidential.factories import act_all, item_data

pytestmark = pytest.mark.django_db

SMALL, LARGE = 4, 24


def grow(secret, people, start, count):
    """`count` kept entries, each lent once (returned every other time), every third destroyed."""
    for n in range(start, start + count):
        item = services.register_item(secret, item_data(f"计数用密件{n}", first=100 * n + 1, copies=2), submit=True)
        act_all(item.case)
        if n % 3 == 0:
            services.dispose(
                item.case,
                secret,
                Disposal.Kind.DESTROY,
                {
                    "on_date": timezone.localdate(),
                    "approved_by": people.chief,
                    "witness": people.colleague,
                    "method": "碎",
                },
            )
            continue
        loan = services.lend(item.case, secret, people.other_chief, f"{100 * n + 1:06d}", "查阅", 3)
        if n % 2:
            services.record_return(loan, secret)
        services.grant(item.case, secret, people.colleague)


def count(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries.captured_queries), response


@pytest.mark.parametrize("viewer", ["secret", "colleague", "other_chief"])
def test_lists_and_exports_do_not_grow_with_rows(secret, people, viewer):
    user = secret if viewer == "secret" else getattr(people, viewer)
    client = Client()
    client.force_login(user)
    urls = [
        "/confidential/",
        "/confidential/?q=计数&state=kept",
        "/confidential/?export=xlsx",
        "/confidential/loans/",
        "/confidential/loans/?export=xlsx",
        "/confidential/disposals/",
        "/confidential/disposals/?export=xlsx",
    ]
    grow(secret, people, 1, SMALL)
    small = {url: count(client, url)[0] for url in urls}
    grow(secret, people, SMALL + 1, LARGE - SMALL)
    large = {}
    for url in urls:
        large[url], response = count(client, url)
        if viewer == "secret" and "export" not in url and "q=" not in url:
            assert response.context["page"].paginator.count > 0, url  # the keeper sees the rows grow
    assert small == large


def test_an_entry_card_does_not_grow_with_its_loans(secret, people):
    item = services.register_item(secret, item_data("借阅多次的密件", first=1, copies=30), submit=True)
    act_all(item.case)
    client = Client()
    client.force_login(secret)

    def lend(numbers):
        for n in numbers:
            loan = services.lend(item.case, secret, people.other_chief, f"{n:06d}", "查阅", 2)
            services.record_return(loan, secret)

    lend(range(1, 3))
    small, response = count(client, f"/confidential/{item.case_id}/")
    assert len(response.context["loans"]) == 2
    lend(range(3, 13))
    large, response = count(client, f"/confidential/{item.case_id}/")
    assert len(response.context["loans"]) == 12
    assert small == large
