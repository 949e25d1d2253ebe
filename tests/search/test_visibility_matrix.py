"""Every persona of the engine's visibility table searches for a word all the cases share:
the results and the count are exactly the cases that persona may open (tests/workflow); the
three administrators, who open none, are refused the page."""

import re

import pytest

from tests.workflow.test_permissions import ADMINS, TITLES, VISIBLE, clients, world  # noqa: F401 (fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def test_search_results_and_counts_are_exactly_the_visible_cases(world):  # noqa: F811
    wrong = []
    for name, client in clients(world).items():
        response = client.get("/search/", {"q": "请示"})
        if name in ADMINS:  # the 三员 open no matters: no search page at all
            if response.status_code != 403:
                wrong.append(f"{name}: {response.status_code}, expected 403")
            continue
        body = response.content.decode()
        listed = set(re.findall(r'<td><a href="/cases/\d+/">([^<]+)</a>', body))
        expected = {TITLES[key] for key in VISIBLE if name in VISIBLE[key]}
        if listed != expected:
            wrong.append(f"{name}: listed {sorted(listed)}, expected {sorted(expected)}")
        if f"共 {len(expected)} 件" not in body:
            wrong.append(f"{name}: count is not {len(expected)}")
    assert not wrong, "\n".join(wrong)
