"""The case page's cost (issue 19, goal 3): a constant number of queries for the person who must
act, however many people the 转交/传阅 pickers list and however long the case's history; the
shortcuts it takes (one staff list for both pickers, the user's tasks picked in Python) give
what the queries they replace gave."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.accounts.models import Rank, User
from apps.workflow.forms import CirculateForm, StaffChoices, TransferForm
from apps.workflow.models import CaseEvent, Task
from tests.matters.factories import new_request

pytestmark = pytest.mark.django_db


def test_shared_staff_list_renders_the_pickers_as_before(people):
    """The 转交 and 传阅 pickers fed from one StaffChoices (one query, no model instances) give
    the same HTML as when each field iterates its own queryset, bound or unbound."""
    for data in (None, {"to_user": str(people.chief.pk), "readers": [str(people.leader.pk), str(people.clerk.pk)]}):
        shared = StaffChoices()
        for form_class, name in ((TransferForm, "to_user"), (CirculateForm, "readers")):
            want = str(form_class(data)[name])
            assert str(form_class(data, people=shared)[name]) == want
            assert people.chief.full_name in want and "（办公室）" in want
        assert form_class(data, people=shared).is_valid() == form_class(data).is_valid()


def test_is_actionable_agrees_with_actionable_by(people):
    """The case page picks the user's tasks from the case's tasks in Python (is_actionable):
    the same tasks Task.objects.actionable_by gives, for the holder, a delegate (not on a
    限定知悉范围 case, not a reading) and someone else."""
    from datetime import timedelta

    from apps.workflow.models import delegator_ids, is_actionable
    from apps.workflow.services import create_delegation

    today = timezone.localdate()
    create_delegation(people.chief, people.colleague, today, today + timedelta(days=3), "出差")
    plain = new_request(people.clerk, "普通事项", submit=True)
    secret = new_request(people.clerk, "限定知悉范围事项", submit=True)
    secret.is_confidential = True
    secret.save(update_fields=["is_confidential"])
    Task.objects.create(case=plain, step="circulate", step_label="传阅", kind=Task.Kind.READ, assignee=people.chief)
    for case in (plain, secret):
        for user in (people.chief, people.colleague, people.outsider):
            tasks = list(case.tasks.select_related("assignee").order_by("created_at", "id"))
            picked = [t.pk for t in tasks if is_actionable(t, user, delegator_ids(user))]
            assert picked == list(
                case.tasks.actionable_by(user).order_by("created_at", "id").values_list("pk", flat=True)
            )
    assert any(is_actionable(t, people.colleague, delegator_ids(people.colleague)) for t in plain.tasks.all())


def grow(case, chief, n, staff_from):
    """n more people in the pickers, n more finished steps in the record and n more readers."""
    User.objects.bulk_create(
        [
            User(username=f"staff{staff_from + i}", full_name=f"科员{staff_from + i}", rank=Rank.STAFF, password="!")
            for i in range(n)
        ]
    )
    now = timezone.now()
    Task.objects.bulk_create(
        [
            Task(
                case=case,
                step="circulate",
                step_label="传阅",
                kind=Task.Kind.READ,
                assignee=chief,
                status=Task.Status.DONE,
                acted_by=chief,
                acted_at=now,
                opinion=f"已阅{i}",
            )
            for i in range(n)
        ]
    )
    CaseEvent.objects.bulk_create(
        [
            CaseEvent(case=case, action=CaseEvent.Action.READ, actor=chief, step_label="传阅", created_at=now)
            for _ in range(n)
        ]
    )


def count(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries.captured_queries), response


def test_case_page_for_the_approver_costs_the_same_queries_with_more_history(people):
    """The chief at his 审核 step: action forms, pickers, route, record, 传阅 table, 期限 box."""
    case = new_request(people.clerk, "查询计数用的事项", countersign=("lawyers",), submit=True)
    assert case.tasks.filter(assignee=people.chief, status=Task.Status.PENDING).exists()
    client = Client()
    client.force_login(people.chief)
    url = f"/cases/{case.pk}/"
    grow(case, people.chief, 5, 0)
    small, response = count(client, url)
    html = response.content.decode()
    assert "转交他人办理" in html and "送传阅" in html and html.count("科员4") >= 2
    grow(case, people.chief, 200, 5)
    large, response = count(client, url)
    html = response.content.decode()
    assert html.count("科员204") >= 2 and html.count("已阅199") == 1  # the pickers and 传阅 table grew
    assert small == large, f"{small} queries with a short history, {large} with a long one"
