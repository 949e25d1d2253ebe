"""The classified register is seen only by its keepers (the confidential clerk, the office
chief), the readers granted an entry and the people routed on it: in every page, list, search,
count, export and the inbox, for a user of every role. Guessed ids answer 404. Each view is
audited."""

from io import BytesIO

import pytest
from django.test import Client
from openpyxl import load_workbook

from apps.audit.models import AuditEvent
from apps.confidential.models import ClassifiedItem
from apps.workflow.inbox import counts_for
from apps.workflow.models import Case, Notification, Task

pytestmark = pytest.mark.django_db

PERSONAS = [
    "secret",
    "clerk",
    "colleague",
    "chief",
    "archivist",
    "leader",
    "other_leader",
    "director",
    "outsider",
    "other_chief",
    "sysadmin",
    "secadmin",
    "auditor",
]


def user_of(people, secret, name):
    return secret if name == "secret" else getattr(people, name)


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def expected(cworld, name):
    return {key for key, who in cworld.visible.items() if name in who}


def test_queryset_agrees_with_the_table(cworld, people, secret):
    wrong = []
    for name in PERSONAS:
        user = user_of(people, secret, name)
        seen = set(ClassifiedItem.objects.visible_to(user).values_list("pk", flat=True))
        cases = set(Case.objects.visible_to(user).values_list("pk", flat=True))
        for key, item in cworld.items.items():
            should = name in cworld.visible[key]
            if (item.pk in seen) != should or (item.case_id in cases) != should:
                wrong.append(f"{name} {'sees' if item.pk in seen else 'misses'} {key}")
    assert not wrong, wrong


def test_pages_and_case_pages_answer_404_outside_the_circle(cworld, people, secret):
    wrong = []
    for name in PERSONAS:
        client = client_for(user_of(people, secret, name))
        for key, item in cworld.items.items():
            title = cworld.titles[key]
            for url in (
                f"/confidential/{item.case_id}/",
                f"/cases/{item.case_id}/",
                f"/print/cases/{item.case_id}/approval-form.pdf",
            ):
                response = client.get(url)
                want = 200 if name in cworld.visible[key] else 404
                if response.status_code != want:
                    wrong.append(f"{name} {url} ({key}): {response.status_code}, expected {want}")
                if want == 404 and (title.encode() in response.content or item.number.encode() in response.content):
                    wrong.append(f"{name} {url}: the 404 names the entry")
            if (
                name in cworld.visible[key]
                and title not in client.get(f"/confidential/{item.case_id}/").content.decode()
            ):
                wrong.append(f"{name} does not see the title of {key}")
    assert not wrong, "\n".join(wrong)


def test_lists_and_searches_list_exactly_the_visible_entries(cworld, people, secret):
    wrong = []
    for name in PERSONAS:
        client = client_for(user_of(people, secret, name))
        want = {cworld.items[k].pk for k in expected(cworld, name)}
        for params in ({}, {"q": "密件标题"}, {"state": "kept"}, {"q": "区委办公室"}, {"kind": "telegram"}):
            response = client.get("/confidential/", params)
            assert response.status_code == 200
            listed = {item.pk for item in response.context["page"].object_list}
            if not listed <= want or (not params and listed != want):
                wrong.append(f"{name} {params}: {sorted(listed)} vs {sorted(want)}")
            body = response.content.decode()
            for key, title in cworld.titles.items():
                if name not in cworld.visible[key] and (title in body or cworld.items[key].number in body):
                    wrong.append(f"{name} {params}: list shows {key}")
            if response.context["page"].paginator.count != len(listed):
                wrong.append(f"{name} {params}: count {response.context['page'].paginator.count}")
    assert not wrong, "\n".join(wrong)


def _rows(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return list(load_workbook(BytesIO(response.content)).worksheets[0].iter_rows(min_row=2, values_only=True))


def test_exports_hold_exactly_the_visible_rows(cworld, people, secret):
    wrong = []
    numbers = {item.number: key for key, item in cworld.items.items()}
    for name in PERSONAS:
        client = client_for(user_of(people, secret, name))
        rows = _rows(client.get("/confidential/", {"export": "xlsx"}))
        got = {numbers[row[0]] for row in rows}
        if got != expected(cworld, name) or len(rows) != len(got):
            wrong.append(f"{name} register: {sorted(got)}")
        loans = _rows(client.get("/confidential/loans/", {"export": "xlsx"}))
        want_loans = {"lent"} & expected(cworld, name)
        if {numbers[row[0]] for row in loans} != want_loans:
            wrong.append(f"{name} loans: {loans}")
        disposals = _rows(client.get("/confidential/disposals/", {"export": "xlsx"}))
        if {numbers[row[0]] for row in disposals} != {"destroyed"} & expected(cworld, name):
            wrong.append(f"{name} disposals: {disposals}")
    assert not wrong, "\n".join(wrong)


def test_loan_and_disposal_pages_list_only_visible_rows(cworld, people, secret):
    for name in PERSONAS:
        client = client_for(user_of(people, secret, name))
        loans = {loan.item.pk for loan in client.get("/confidential/loans/").context["page"].object_list}
        assert loans == ({cworld.items["lent"].pk} if "lent" in expected(cworld, name) else set()), name
        disposals = {d.item.pk for d in client.get("/confidential/disposals/").context["page"].object_list}
        assert disposals == ({cworld.items["destroyed"].pk} if "destroyed" in expected(cworld, name) else set()), name


def test_inbox_and_badges_of_a_delegate_leave_out_classified_work(cworld, people, secret):
    """The leader's 呈阅 task is his alone: his delegate sees no row, no badge, no page."""
    at_leader = cworld.items["at_leader"]
    task = Task.objects.get(case=at_leader.case, status=Task.Status.PENDING)
    assert task.assignee == people.leader
    other = client_for(people.other_leader)
    for tab in ("todo", "overdue", "queue", "mine", "done"):
        response = other.get("/inbox/", {"tab": tab})
        assert at_leader.number not in response.content.decode(), tab
        assert all(getattr(row, "case_id", row.pk) != at_leader.case_id for row in response.context["page"].object_list)
    assert other.post(f"/cases/{at_leader.case_id}/tasks/{task.pk}/approve", {"opinion": "代阅"}).status_code == 404
    task.refresh_from_db()
    assert task.status == Task.Status.PENDING
    assert (
        counts_for(people.other_leader)["todo"]
        == Task.objects.actionable_by(people.other_leader).exclude(kind="read").count()
    )
    assert not Task.objects.actionable_by(people.other_leader).filter(case=at_leader.case).exists()
    # the leader himself has it in his inbox and his badge
    leader = client_for(people.leader)
    rows = leader.get("/inbox/", {"tab": "todo"}).context["page"].object_list
    assert at_leader.case_id in {row.case_id for row in rows}
    assert counts_for(people.leader)["todo"] >= 1


def test_inbox_tabs_and_exports_never_show_an_invisible_entry(cworld, people, secret):
    wrong = []
    for name in PERSONAS:
        client = client_for(user_of(people, secret, name))
        for tab in ("todo", "overdue", "toread", "done", "read", "mine", "queue"):
            response = client.get("/inbox/", {"tab": tab})
            body = response.content.decode()
            export = client.get("/inbox/", {"tab": tab, "export": "xlsx"})
            cells = " ".join(str(c) for row in _rows(export) for c in row if c)
            for key, item in cworld.items.items():
                if name not in cworld.visible[key] and (item.number in body or item.number in cells):
                    wrong.append(f"{name}/{tab} shows {key}")
    assert not wrong, "\n".join(wrong)


def test_guessed_ids_are_404_everywhere(cworld, people, secret):
    outsider = client_for(people.clerk)  # an office clerk, not the confidential clerk
    ids = [item.case_id for item in cworld.items.values()]
    loan_case = cworld.loan.case_id
    for guess in range(min(ids) - 3, max(ids + [loan_case]) + 4):
        visible = Case.objects.visible_to(people.clerk).filter(pk=guess).exists()
        for url in (
            f"/confidential/{guess}/",
            f"/confidential/{guess}/edit/",
            f"/confidential/{guess}/lend/",
            f"/confidential/{guess}/dispose/",
        ):
            response = outsider.get(url)
            assert response.status_code in ((200, 403, 302) if visible else (404,)), (url, response.status_code)
        for url in (
            f"/confidential/{guess}/cabinet",
            f"/confidential/{guess}/grants",
            f"/confidential/loans/{guess}/sign-out",
            f"/confidential/loans/{guess}/return",
        ):
            assert outsider.post(url, {"cabinet": "x", "reader": people.clerk.pk}).status_code == 404, url
    assert not Case.objects.visible_to(people.clerk).filter(pk__in=ids).exists()


def test_every_view_of_an_entry_is_audited_without_its_title(cworld, people, secret):
    item = cworld.items["handled"]
    before = AuditEvent.objects.filter(event="confidential.view").count()
    client_for(people.director).get(f"/confidential/{item.case_id}/")
    client_for(people.director).get(f"/cases/{item.case_id}/")
    client_for(people.clerk).get(f"/confidential/{item.case_id}/")  # 404: not a view
    views = AuditEvent.objects.filter(event="confidential.view").order_by("id")[before:]
    assert [(v.actor_id, v.object_id) for v in views] == [(people.director.pk, str(item.case_id))] * 2
    for row in AuditEvent.objects.all():
        assert cworld.titles["handled"] not in row.object_repr
        assert cworld.titles["handled"] not in str(row.detail)


def test_notices_and_engine_titles_name_the_number_only(cworld):
    for key, item in cworld.items.items():
        assert cworld.titles[key] not in item.case.title
        assert item.number in item.case.title
    assert not Notification.objects.filter(message__contains="密件标题").exists()
