"""The inbox costs a few indexed queries whatever the size of the task table (issue 19).

* At most 7 SQL queries for a whole inbox page (session, user with section, delegators, the
  badge counts that the pager reuses, unread notices, the page's rows...), at 10 and at 1,000
  rows, with and without a delegation.
* On PostgreSQL, with 10,000 pending tasks spread over many people and fresh statistics
  (ANALYZE), no query of the page reads the task table sequentially: the delegation OR on the
  case's confidentiality used to force a scan of every pending task and a hash of every case.
"""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.accounts.models import Rank, User
from apps.matters.processes import PROCESS_CODE
from apps.workflow.inbox import counts_for, tab_queryset
from apps.workflow.models import Case, Delegation, Task

pytestmark = pytest.mark.django_db

MAX_QUERIES = 7


def make_cases(section, initiator, n, start=0, confidential_every=0, overdue=False):
    now = timezone.now()
    return Case.objects.bulk_create(
        [
            Case(
                process=PROCESS_CODE,
                title=f"批量事项{start + i:05d}",
                section=section,
                initiator=initiator,
                status=Case.Status.ACTIVE,
                is_confidential=bool(confidential_every) and i % confidential_every == 0,
                current_step="review-1",
                current_step_label="科室负责人审核",
                submitted_at=now,
                due_date=timezone.localdate() + timedelta(days=-3 if overdue else (i % 15) - 5),
                created_at=now - timedelta(seconds=start + i),
            )
            for i in range(n)
        ]
    )


def make_tasks(cases, assignees, kind=Task.Kind.APPROVE):
    now = timezone.now()
    return Task.objects.bulk_create(
        [
            Task(
                case=case,
                step="review-1",
                step_label="科室负责人审核",
                kind=kind,
                assignee=assignees[i % len(assignees)],
                status=Task.Status.PENDING,
                created_at=now - timedelta(seconds=i),
            )
            for i, case in enumerate(cases)
        ]
    )


def delegate(principal, to):
    today = timezone.localdate()
    return Delegation.objects.create(
        principal=principal,
        delegate=to,
        start_date=today - timedelta(days=1),
        end_date=today + timedelta(days=3),
        reason="休假",
    )


def inbox_queries(client, url):
    client.get(url)  # per-process caches (content types, the section list) out of the count
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return response, [q["sql"] for q in ctx.captured_queries]


@pytest.mark.parametrize("tab", ["todo", "overdue", "toread"])
@pytest.mark.parametrize("delegated", [False, True], ids=["own", "with-delegation"])
def test_inbox_takes_at_most_seven_queries_at_10_and_1000_rows(people, bureau, tab, delegated):
    office = bureau["office"]
    kind = Task.Kind.READ if tab == "toread" else Task.Kind.APPROVE
    if delegated:
        delegate(people.leader, people.chief)
        # the leader's work reaches the chief's todo (not a read: reading is personal)
        make_tasks(make_cases(office, people.clerk, 3, start=50000), [people.leader])
    client = Client()
    client.force_login(people.chief)
    url = f"/inbox/?tab={tab}"
    baseline = client.get(url).context["page"].paginator.count
    counts = []
    made = 0
    for total in (10, 1000):
        fresh = make_cases(office, people.clerk, total - made, start=made, overdue=tab == "overdue")
        make_tasks(fresh, [people.chief], kind=kind)
        made = total
        response, sql = inbox_queries(client, url)
        page = response.context["page"]
        # the rows really are on the page, and the pager's total is the badge's
        assert page.paginator.count == baseline + total
        assert response.context["inbox_counts"][tab] == page.paginator.count
        assert len(sql) <= MAX_QUERIES, f"{len(sql)} queries at {total} rows:\n" + "\n".join(sql)
        counts.append(len(sql))
    assert counts[0] == counts[1]


def test_a_delegate_does_not_act_on_a_confidential_case_or_a_read(people, bureau):
    """The indexable form keeps the delegate's limits: the principal's confidential work and
    their reading stay out of the delegate's inbox and badges, the rest comes in."""
    office = bureau["office"]
    delegate(people.leader, people.chief)
    plain, secret, to_read = make_cases(office, people.clerk, 3, start=60000)
    Case.objects.filter(pk=secret.pk).update(is_confidential=True)
    make_tasks([plain, secret], [people.leader])
    make_tasks([to_read], [people.leader], kind=Task.Kind.READ)
    todo = set(tab_queryset(people.chief, "todo").values_list("case_id", flat=True))
    assert todo == {plain.pk}
    assert not tab_queryset(people.chief, "toread").exists()
    assert counts_for(people.chief)["todo"] == 1
    assert counts_for(people.chief)["toread"] == 0
    # the principal still has all three
    assert counts_for(people.leader)["todo"] == 2
    assert counts_for(people.leader)["toread"] == 1


def test_a_cancelled_or_past_delegation_brings_nothing(people, bureau):
    office = bureau["office"]
    grant = delegate(people.leader, people.chief)
    (case,) = make_cases(office, people.clerk, 1, start=70000)
    make_tasks([case], [people.leader])
    assert Task.objects.actionable_by(people.chief).filter(case=case).exists()
    grant.cancelled_at = timezone.now()
    grant.save()
    assert not Task.objects.actionable_by(people.chief).filter(case=case).exists()
    assert counts_for(people.chief)["todo"] == 0


def plan(sql):
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.postgres
@pytest.mark.parametrize("delegated", [False, True], ids=["own", "with-delegation"])
def test_inbox_sql_reads_the_task_table_by_index_at_10000_rows(people, bureau, delegated):
    """10,000 pending tasks for 60 people (the chief holds about 170): every query of the inbox
    that touches the task table uses an index, not a sequential scan.

    No planner switch is flipped: the table is ANALYZEd, as autovacuum does in production, and
    the plan is the one PostgreSQL chooses on its own."""
    sections = list(bureau.values())
    staff = User.objects.bulk_create(
        [
            User(username=f"bulk{i:03d}", full_name=f"科员{i}", section=sections[i % len(sections)], rank=Rank.STAFF)
            for i in range(59)
        ]
    )
    holders = [people.chief, *staff]
    cases = make_cases(bureau["office"], people.clerk, 10_000, confidential_every=33)
    make_tasks(cases, holders)
    if delegated:
        delegate(staff[0], people.chief)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE workflow_task")
        cursor.execute("ANALYZE workflow_case")
        cursor.execute("ANALYZE workflow_delegation")
    client = Client()
    client.force_login(people.chief)
    response, sql = inbox_queries(client, "/inbox/?tab=todo")
    expected = 10_000 // len(holders) + (1 if 10_000 % len(holders) else 0)
    if delegated:
        delegated_rows = Task.objects.filter(assignee=staff[0], case__is_confidential=False).count()
        expected += delegated_rows
    assert response.context["page"].paginator.count == expected
    task_queries = [q for q in sql if '"workflow_task"' in q]
    assert len(task_queries) >= 2  # the badge counts and the page's rows
    for query in task_queries:
        explained = plan(query)
        assert "Seq Scan on workflow_task" not in explained, f"{query}\n{explained}"
        # the (assignee, status) index or the assignee foreign key's own
        assert re.search(r"(using|Index Scan on) workflow_ta\w*assigne", explained), f"{query}\n{explained}"
