"""One deadline per place (issue 13, item 5): a petition's header box showed the internal 呈阅 limit
("12-08 剩3天") while its 期限 card showed the statutory date, and the register mixed both in one
column. The case's own (statutory) due date comes first, in full, with what is left counted in
the rule's kind of day and said in words (自然日 / 工作日); the step's limit is labelled 环节时限."""

import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.workflow.models import CaseClock, Task
from tests.petitions.factories import new_petition

pytestmark = pytest.mark.django_db

TODAY = date(2026, 9, 21)


@pytest.fixture
def petition(people, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)
    case = new_petition(people.clerk, received_on=date(2026, 9, 20))
    clock = case.clocks.select_related("rule").get(status=CaseClock.Status.RUNNING)
    step = Task.objects.pending().filter(case=case).order_by("due_date").first()
    assert step.due_date and step.due_date != clock.due_date  # the 呈阅 limit and the statutory one
    return case, clock, step


def words(html):
    return re.sub(r"<[^>]+>", " ", html)


def unit_word(clock):
    return "个工作日" if clock.rule.unit == "W" else "个自然日"


def test_the_case_page_shows_the_statutory_date_first_and_the_step_limit_labelled(client, people, petition):
    case, clock, step = petition
    client.force_login(people.clerk)
    html = client.get(case.get_absolute_url()).content.decode()
    box = words(re.search(r'<div class="due-box">.*', html).group(0))  # the header box: one line
    statutory = clock.due_date.strftime("%Y-%m-%d")
    assert box.index("办理期限") < box.index(statutory) < box.index("环节时限")
    assert re.search(rf"{statutory}\s*剩\d+{unit_word(clock)}", box), box
    assert clock.rule.name in box
    # the step's limit is counted in working days (the engine's unit for step limits) and says so
    assert re.search(rf"环节时限\s*{step.due_date:%m-%d}\s*(剩\d+个工作日|今天到期)", box), box
    assert "天" not in box.replace("今天", "")  # never a bare "剩3天"
    # the 期限 card says the unit in words as well
    card = words(re.search(r'<div class="card" id="clocks">.*?</p>', html, re.S).group(0))
    assert re.search(rf"{statutory}.*?剩\d+{unit_word(clock)}", card, re.S), card


def test_the_register_shows_the_statutory_date_in_its_column(client, people, petition):
    case, clock, step = petition
    other = new_petition(people.clerk, received_on=date(2026, 9, 19), petitioner="李四")
    client.force_login(people.clerk)
    with CaptureQueriesContext(connection) as two:
        html = client.get("/petitions/").content.decode()
    assert "<th>办理期限</th>" in html
    row = words(re.search(rf'<tr><td><a href="/cases/{case.pk}/">.*?</tr>', html, re.S).group(0))
    assert re.search(rf"{clock.due_date:%Y-%m-%d}\s*剩\d+{unit_word(clock)}", row), row
    assert "环节时限" not in row and step.due_date.strftime("%m-%d") not in row
    # a constant number of queries: one more petition costs none
    new_petition(people.clerk, received_on=date(2026, 9, 18), petitioner="王五")
    with CaptureQueriesContext(connection) as three:
        client.get("/petitions/")
    assert len(three) == len(two), other


def test_a_case_without_a_clock_shows_its_step_limit_labelled(people, petition):
    from django.template import Context, Template

    case, clock, step = petition
    CaseClock.objects.filter(pk=clock.pk).update(status=CaseClock.Status.CANCELLED)
    html = Template("{% load workflow_tags %}{% case_dues rows 'pk' as dues %}{% case_due_cell case dues %}").render(
        Context({"rows": [case], "case": case})
    )
    assert re.search(rf"环节时限\s*{step.due_date:%m-%d}\s*(剩\d+个工作日|今天到期)", words(html)), html


def test_a_register_without_statutory_clocks_labels_the_step_limit(client, people, monkeypatch):
    """事项审批 has no statutory deadline: its register's 期限 column is the current step's limit,
    labelled 环节时限 and counted in working days, not an unlabelled date."""
    from tests.matters.factories import new_request

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)
    case = new_request(people.clerk, submit=True)
    step = Task.objects.pending().filter(case=case, due_date__isnull=False).order_by("due_date").first()
    client.force_login(people.clerk)
    html = client.get("/matters/").content.decode()
    row = words(re.search(rf'<tr><td><a href="/cases/{case.pk}/">.*?</tr>', html, re.S).group(0))
    assert step is not None  # the chief's step has a limit of 2 working days (fixtures/approval_rules.json)
    assert not case.clocks.exists()
    assert re.search(rf"环节时限\s*{step.due_date:%m-%d}\s*(剩\d+个工作日|今天到期)", row), row
