"""Every persona of the engine's visibility table searches for a word all the cases share:
the results and the count are exactly the cases that persona may open (tests/workflow)."""

import re

import pytest

from tests.workflow.test_permissions import TITLES, VISIBLE, clients, world  # noqa: F401 (fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def test_search_results_and_counts_are_exactly_the_visible_cases(world):  # noqa: F811
    wrong = []
    for name, client in clients(world).items():
        body = client.get("/search/", {"q": "请示"}).content.decode()
        listed = set(re.findall(r'<td><a href="/cases/\d+/">([^<]+)</a>', body))
        expected = {TITLES[key] for key in VISIBLE if name in VISIBLE[key]}
        if listed != expected:
            wrong.append(f"{name}: listed {sorted(listed)}, expected {sorted(expected)}")
        if f"共 {len(expected)} 件" not in body:
            wrong.append(f"{name}: count is not {len(expected)}")
    assert not wrong, "\n".join(wrong)
