"""The inbox's 期限 column and 超期 tab follow the statutory clocks as well as the step limits: a
petition's 受理与办理 step has no limit of its own, but its 60-day clock is what the handler
must see, and once that clock has run out the petition belongs in 超期 and in the red badge."""

from datetime import date

import pytest
from django.utils import timezone

from apps.petitions import services
from apps.workflow.inbox import counts_for
from tests.petitions.factories import new_petition, read_through

pytestmark = pytest.mark.django_db


@pytest.fixture
def today(monkeypatch):
    class Today:
        def set(self, day):
            monkeypatch.setattr(timezone, "localdate", lambda *a, **k: day)

    return Today()


def test_a_running_clock_is_the_due_date_of_a_step_without_its_own_limit(client, people, bureau, today):
    p = people
    today.set(date(2026, 9, 30))
    case = read_through(new_petition(p.clerk, received_on=date(2026, 9, 18)), p)
    services.decide(case.pk, p.clerk, True, date(2026, 9, 30))
    # accepted 9-30 + 60 days = Sunday 11-29 → Monday 11-30 (民法典 §203)
    client.force_login(p.clerk)
    page = client.get("/inbox/").content.decode()
    assert "11-30" in page and "剩61个自然日" in page
    assert case.title not in client.get("/inbox/?tab=overdue").content.decode()

    today.set(date(2026, 12, 2))  # two days past the 60 days
    assert counts_for(p.clerk)["overdue"] == 1
    overdue = client.get("/inbox/?tab=overdue").content.decode()
    assert case.title in overdue and "超期2个自然日" in overdue
    assert case.title in client.get("/inbox/?due_before=2026-11-30").content.decode()
    assert case.title not in client.get("/inbox/?due_before=2026-11-29").content.decode()
