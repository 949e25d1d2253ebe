"""A page costs the same number of SQL queries with 10 rows as with 1,000.

Each page is measured with CaptureQueriesContext twice: after 10 rows of its kind exist and
after 1,000 (rows bulk-created: the point is the page, not the engine). The page must really
show the extra rows, so a page that stopped listing them cannot pass by accident. The measured
numbers go to the assertion messages and to the test's user_properties (--junitxml).
"""

import re
from collections import Counter
from datetime import timedelta
from decimal import Decimal
from io import BytesIO

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from apps.accounts.models import Rank, User
from apps.audit.models import AuditEvent
from apps.matters.models import GeneralRequest
from apps.matters.processes import PROCESS_CODE
from apps.org.models import Post
from apps.workflow import services
from apps.workflow.models import Attachment, Case, CaseEvent, Task
from tests.matters.factories import new_request

pytestmark = pytest.mark.django_db

SMALL, LARGE = 10, 1000


class Rows:
    """Creates rows of one kind in bulk, numbering them across calls."""

    def __init__(self, people, bureau):
        self.p = people
        self.office = bureau["office"]
        self.made = 0

    def cases(self, n, initiator=None, status=Case.Status.ACTIVE, general=True):
        now = timezone.now()
        start, self.made = self.made, self.made + n
        cases = Case.objects.bulk_create(
            [
                Case(
                    process=PROCESS_CODE,
                    title=f"批量事项{start + i:05d}",
                    section=self.office,
                    initiator=initiator or self.p.clerk,
                    status=status,
                    route=[{"code": "review-1", "label": "科室负责人审核", "kind": "approve", "role": "section_chief"}],
                    current_step="review-1",
                    current_step_label="科室负责人审核",
                    current_assignees=self.p.chief.full_name,
                    submitted_at=now,
                    due_date=timezone.localdate() + timedelta(days=(start + i) % 7),
                    created_at=now - timedelta(seconds=start + i),
                )
                for i in range(n)
            ]
        )
        if general:
            GeneralRequest.objects.bulk_create(
                [GeneralRequest(case=c, body="批量事项内容", amount=Decimal(100 + i)) for i, c in enumerate(cases)]
            )
        return cases

    def tasks(self, cases, assignees, kind=Task.Kind.APPROVE, status=Task.Status.PENDING, acted=False, due=None):
        now = timezone.now()
        return Task.objects.bulk_create(
            [
                Task(
                    case=case,
                    step="circulate" if kind == Task.Kind.READ else "review-1",
                    step_label="传阅" if kind == Task.Kind.READ else "科室负责人审核",
                    kind=kind,
                    assignee=assignees[i % len(assignees)],
                    status=status,
                    acted_by=assignees[i % len(assignees)] if acted else None,
                    acted_at=now if acted else None,
                    decision=Task.Decision.APPROVE if acted else "",
                    due_date=due,
                    created_at=now - timedelta(seconds=i),
                )
                for i, case in enumerate(cases)
            ]
        )


# --- what "a row" is on each page ----------------------------------------------------------


def grow_todo(rows, n):
    rows.tasks(rows.cases(n), [rows.p.chief])


def grow_overdue(rows, n):
    rows.tasks(rows.cases(n), [rows.p.chief], due=timezone.localdate() - timedelta(days=3))


def grow_toread(rows, n):
    rows.tasks(rows.cases(n, status=Case.Status.CLOSED), [rows.p.chief], kind=Task.Kind.READ)


def grow_done(rows, n):
    rows.tasks(rows.cases(n), [rows.p.chief], status=Task.Status.DONE, acted=True)


def grow_mine(rows, n):
    rows.cases(n, initiator=rows.p.chief)


def grow_queue(rows, n):
    # the office's pending work held by different people, initiated by different people
    p = rows.p
    rows.tasks(rows.cases(n, initiator=p.colleague), [p.clerk, p.colleague, p.archivist, p.leader])


def grow_matters(rows, n):
    p = rows.p
    cases = rows.cases(n // 2, initiator=p.clerk) + rows.cases(n - n // 2, initiator=p.colleague)
    rows.tasks(cases, [p.chief, p.leader])


def grow_case(rows, n):
    """Events, tasks and attachments on one case."""
    p = rows.p
    case = rows.detail_case
    actors = [p.chief, p.leader, p.colleague, p.archivist, p.director]
    now = timezone.now()
    CaseEvent.objects.bulk_create(
        [
            CaseEvent(
                case=case,
                action=CaseEvent.Action.READ,
                actor=actors[i % 5],
                on_behalf_of=actors[(i + 1) % 5],
                step_label="传阅",
                opinion=f"已阅{i}",
                created_at=now,
            )
            for i in range(n)
        ]
    )
    Task.objects.bulk_create(
        [
            Task(
                case=case,
                step="circulate",
                step_label="传阅",
                kind=Task.Kind.READ,
                assignee=actors[i % 5],
                status=Task.Status.DONE if i % 2 else Task.Status.PENDING,
                acted_by=actors[i % 5] if i % 2 else None,
            )
            for i in range(n)
        ]
    )
    Attachment.objects.bulk_create(
        [
            Attachment(
                case=case,
                file=f"attachments/x/{i}",
                original_name=f"材料{i}.pdf",
                size=1000 + i,
                sha256="0" * 64,
                uploaded_by=actors[i % 5],
            )
            for i in range(n)
        ]
    )


def grow_handbook(rows, n):
    office = rows.office
    posts = list(Post.objects.filter(section=office))
    start, rows.made = rows.made, rows.made + n
    User.objects.bulk_create(
        [
            User(
                username=f"office{start + i:05d}",
                full_name=f"科员{start + i}",
                section=office,
                rank=Rank.STAFF,
                post=posts[i % len(posts)] if posts else None,
                password="!",
            )
            for i in range(n)
        ]
    )


def grow_audit(rows, n):
    actors = [rows.p.clerk, rows.p.chief, rows.p.secadmin, None]
    AuditEvent.objects.bulk_create(
        [
            AuditEvent(
                actor=actors[i % 4],
                actor_name=getattr(actors[i % 4], "full_name", ""),
                event="workflow.approve",
                object_type="workflow.Case",
                object_id=str(i),
                object_repr=f"事项{i}",
                detail={"n": i},
            )
            for i in range(n)
        ]
    )


def paginated(response):
    return response.context["page"].paginator.count


def exported(response):
    return load_workbook(BytesIO(response.content)).active.max_row - 1


def exported_log(response):
    """Audit rows in the export, leaving out the export events the measuring itself writes."""
    rows = load_workbook(BytesIO(response.content)).active.iter_rows(min_row=2, values_only=True)
    return sum(1 for row in rows if not row[3].startswith("export."))


PAGES = {
    # name: (viewer, url, how to add rows, how many rows the page says it has)
    "inbox todo": ("chief", "/inbox/?tab=todo", grow_todo, paginated),
    "inbox overdue": ("chief", "/inbox/?tab=overdue", grow_overdue, paginated),
    "inbox toread": ("chief", "/inbox/?tab=toread", grow_toread, paginated),
    "inbox done": ("chief", "/inbox/?tab=done", grow_done, paginated),
    "inbox mine": ("chief", "/inbox/?tab=mine", grow_mine, paginated),
    "inbox queue": ("chief", "/inbox/?tab=queue", grow_queue, paginated),
    "matters list": ("chief", "/matters/", grow_matters, paginated),
    "matters export": ("chief", "/matters/?export=xlsx", grow_matters, exported),
    "inbox todo export": ("chief", "/inbox/?tab=todo&export=xlsx", grow_todo, exported),
    "inbox done export": ("chief", "/inbox/?tab=done&export=xlsx", grow_done, exported),
    "inbox mine export": ("chief", "/inbox/?tab=mine&export=xlsx", grow_mine, exported),
    "inbox queue export": ("chief", "/inbox/?tab=queue&export=xlsx", grow_queue, exported),
    "audit export": ("auditor", "/audit/?export=xlsx", grow_audit, exported_log),
    "case detail": ("clerk", "CASE", grow_case, lambda r: r.context["attachments"].count()),
    "org handbook": ("clerk", "/org/sections/office/", grow_handbook, lambda r: len(r.context["members"])),
    "audit log": ("auditor", "/audit/", grow_audit, paginated),
}


def repeated(statements):
    """The statement shape that ran most often (literals blanked), with its count."""
    shapes = Counter(re.sub(r"'[^']*'|\b\d+\b", "?", sql) for sql in statements)
    shape, count = shapes.most_common(1)[0]
    return f"{count}× {shape[:300]}"


def measure(client, url):
    client.get(url)  # warm per-process caches (content types, sessions) out of the measurement
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(queries.captured_queries), response, [q["sql"] for q in queries.captured_queries]


@pytest.mark.parametrize("page", list(PAGES))
def test_query_count_does_not_grow_with_rows(page, people, bureau, request):
    viewer, url, grow, shown = PAGES[page]
    rows = Rows(people, bureau)
    if url == "CASE":
        case = new_request(people.clerk, "查询计数用的事项", countersign=("lawyers",), submit=True)
        services.approve(case.pk, case.tasks.get(assignee=people.chief).pk, people.chief, "同意")
        rows.detail_case = case
        url = f"/cases/{case.pk}/"
    client = Client()
    client.force_login(getattr(people, viewer))
    baseline = shown(client.get(url))

    grow(rows, SMALL)
    small, response, _ = measure(client, url)
    assert shown(response) == baseline + SMALL, f"{page}: the page does not show the rows it should"

    grow(rows, LARGE - SMALL)
    large, response, large_sql = measure(client, url)
    assert shown(response) == baseline + LARGE, f"{page}: the page does not show the rows it should"

    request.node.user_properties += [("queries_at_10", small), ("queries_at_1000", large)]
    assert small == large, (
        f"{page}: {small} queries at {SMALL} rows, {large} at {LARGE} rows; "
        f"most repeated at {LARGE}: {repeated(large_sql)}"
    )
