"""Default deny, checked from the outside: who gets which answer from every URL of the portal.

* Every URL pattern of the project (the admin's included) is walked: an anonymous visitor is
  sent to the login page everywhere except an explicit allow-list, and every pattern has a
  decided answer per persona in url_table(). A new URL without a decision fails the suite.
* A persona x case matrix with a real case in every state: the case page, its attachments, the
  action endpoints, the matters list and its Excel register, the inbox tabs and the badge
  counts all agree with one table of who may know the case exists (VISIBLE).
* Guessed ids answer 404 and the 404 says nothing about the case.
* 三员分立 in the Django admin and the append-only audit log.
"""

import importlib
from datetime import timedelta
from io import BytesIO
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import parse_qs, urlparse

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, transaction
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone
from openpyxl import load_workbook

from apps.accounts.models import AdminRole, Clearance, LoginFailure, User
from apps.audit.log import record
from apps.audit.models import AuditEvent
from apps.matters.models import GeneralRequest
from apps.matters.processes import PROCESS_CODE
from apps.org.models import Duty, Position, Post, Procedure, Section, WorkTask
from apps.printing.models import ExportJob
from apps.workflow import services
from apps.workflow.attachments import save_attachment
from apps.workflow.models import (
    ApprovalRule,
    Attachment,
    Case,
    CaseEvent,
    DeadlineRule,
    Delegation,
    Notification,
    Sensitivity,
    SweepRun,
    Task,
)
from tests.archives.walk import admin_archives, archive_urls
from tests.confidential.walk import confidential_urls
from tests.conftest import make_user
from tests.disclosure.walk import admin_disclosure, disclosure_urls
from tests.documents.walk import document_urls
from tests.duty.walk import admin_duty, duty_urls
from tests.finance.walk import admin_finance, finance_urls
from tests.hr.walk import admin_hr, hr_urls
from tests.matters.factories import new_request
from tests.meetings.walk import admin_meetings, meeting_urls
from tests.numbering.walk import admin_numbering
from tests.petitions.walk import petition_urls
from tests.privacy.walk import privacy_urls
from tests.proposals.walk import admin_proposals, proposal_urls
from tests.reception.walk import reception_urls
from tests.seals.walk import admin_seal, seal_urls
from tests.supervision.walk import admin_supervision, supervision_urls

pytestmark = pytest.mark.django_db

# --- personas -----------------------------------------------------------------------------

BUSINESS = ["clerk", "colleague", "chief", "archivist", "leader", "other_leader", "director", "outsider", "other_chief"]
ADMINS = ["sysadmin", "secadmin", "auditor"]
PERSONAS = BUSINESS + ADMINS
# The personas the URL walk asks (one of each kind of account, plus the anonymous visitor).
WALK_PERSONAS = ["anon", "clerk", "outsider", "chief", "leader", "director", "sysadmin", "secadmin", "auditor"]

OFFICE_READERS = {"clerk", "colleague", "chief", "archivist", "leader", "director"}

# --- the one table of who may know each case exists ----------------------------------------

VISIBLE = {
    # a draft is its author's alone
    "draft": {"clerk"},
    # submitted, at the chief's review: the office, its division leader, the director
    "active": OFFICE_READERS,
    # at the division leader, who has delegated his inbox to the other division leader
    "at_leader": OFFICE_READERS | {"other_leader"},
    # the lawyers' chief holds a countersign task on an office case; his staff do not see it
    "countersign": OFFICE_READERS | {"other_chief"},
    "returned": OFFICE_READERS,
    # closed and circulated to a lawyers' staff member for reading (a read task is a task)
    "closed": OFFICE_READERS | {"outsider"},
    "rejected": OFFICE_READERS,
    "archived": OFFICE_READERS,
    # 限定知悉范围: participants and the explicit grant (colleague) only; not the leaders
    "confidential": {"clerk", "chief", "colleague"},
    # 工作秘密: participants, and section readers whose clearance reaches it (archivist, the
    # section's division leader and the director; the colleague's 内部 clearance does not)
    "work_secret": {"clerk", "chief", "archivist", "leader", "director"},
    # another section's case
    "lawyers": {"outsider", "other_chief", "other_leader", "director"},
    # a confidential office case initiated by the division leader, at the director: the office
    # (chief included) must not see it, not even in the section queue
    "leader_confidential": {"leader", "director"},
}

TITLES = {
    "draft": "草稿甲：办公室科员尚未提交的请示",
    "active": "办理中乙：待科长审核的请示",
    "at_leader": "办理中丙：待分管领导审批的请示",
    "countersign": "会签中丁：律师工作科会签的请示",
    "returned": "退回戊：退回办公室同事修改的请示",
    "closed": "办结己：已办结并传阅的请示",
    "rejected": "否决庚：未获批准的请示",
    "archived": "归档辛：已归档的请示",
    "confidential": "限知壬：限定知悉范围的人事请示",
    "work_secret": "密件癸：工作秘密级别的请示",
    "lawyers": "律师科子：律师事务所年度检查的请示",
    "leader_confidential": "领导丑：分管领导限定知悉范围的请示",
}


# --- building the bureau's cases through the engine ------------------------------------------


def pending_task(case, user):
    return Task.objects.get(case=case, assignee=user, status=Task.Status.PENDING)


def approve(case, user, opinion="同意"):
    services.approve(case.pk, pending_task(case, user).pk, user, opinion)


def attach(case, user, name):
    upload = SimpleUploadedFile(name, f"{name} 的内容".encode(), content_type="text/plain")
    return save_attachment(case, upload, user)


def build_world(people, bureau):
    """Every kind of case, built through the engine (tests/conftest.py walk_world builds it once
    per test module; each test then runs in a savepoint inside it)."""
    p = people
    p.archivist.clearance = Clearance.WORK_SECRET
    p.archivist.save(update_fields=["clearance"])
    p.director.clearance = Clearance.WORK_SECRET
    p.director.save(update_fields=["clearance"])
    # The division leader is on leave: the other division leader acts for him.
    today = timezone.localdate()
    delegation = Delegation.objects.create(
        principal=p.leader,
        delegate=p.other_leader,
        start_date=today - timedelta(days=1),
        end_date=today + timedelta(days=5),
        reason="外出学习",
    )
    c = {}
    c["draft"] = new_request(p.clerk, TITLES["draft"])
    c["active"] = new_request(p.clerk, TITLES["active"], submit=True)
    c["at_leader"] = new_request(p.clerk, TITLES["at_leader"], submit=True)
    approve(c["at_leader"], p.chief)
    c["countersign"] = new_request(p.clerk, TITLES["countersign"], countersign=("lawyers",), submit=True)
    approve(c["countersign"], p.chief)
    c["returned"] = new_request(p.colleague, TITLES["returned"], submit=True)
    services.return_case(c["returned"].pk, pending_task(c["returned"], p.chief).pk, p.chief, -1, "请补充预算")
    for key in ("closed", "archived"):
        c[key] = new_request(p.clerk, TITLES[key], submit=True)
        approve(c[key], p.chief)
        approve(c[key], p.leader)
        services.complete(c[key].pk, pending_task(c[key], p.clerk).pk, p.clerk, "已落实")
    services.circulate(c["closed"].pk, p.clerk, [p.outsider], "请律师科知悉")
    services.archive(c["archived"].pk, p.archivist)
    c["rejected"] = new_request(p.clerk, TITLES["rejected"], submit=True)
    services.reject(c["rejected"].pk, pending_task(c["rejected"], p.chief).pk, p.chief, "预算不足")

    c["confidential"] = new_request(p.clerk, TITLES["confidential"])
    Case.objects.filter(pk=c["confidential"].pk).update(is_confidential=True)
    services.submit(c["confidential"].pk, p.clerk)
    services.grant_case_access(c["confidential"].pk, p.secadmin, p.colleague)

    c["work_secret"] = new_request(p.clerk, TITLES["work_secret"])
    Case.objects.filter(pk=c["work_secret"].pk).update(sensitivity=Sensitivity.WORK_SECRET)
    services.submit(c["work_secret"].pk, p.clerk)

    c["lawyers"] = new_request(p.outsider, TITLES["lawyers"], submit=True)

    with transaction.atomic():
        case = services.create_case(
            PROCESS_CODE,
            initiator=p.leader,
            section=bureau["office"],
            title=TITLES["leader_confidential"],
            is_confidential=True,
        )
        GeneralRequest.objects.create(case=case, body="涉及人员调整")
    services.submit(case.pk, p.leader)
    c["leader_confidential"] = case

    # One overdue item: the chief's review of the active case.
    Task.objects.filter(case=c["active"], assignee=p.chief).update(due_date=today - timedelta(days=2))
    Case.objects.filter(pk=c["active"].pk).update(due_date=today - timedelta(days=2))

    attachments = {
        key: attach(c[key], c[key].initiator, f"附件-{key}.txt")
        for key in ("draft", "active", "confidential", "work_secret", "lawyers")
    }
    for key in c:
        c[key].refresh_from_db()
    return SimpleNamespace(people=p, cases=c, attachments=attachments, delegation=delegation, bureau=bureau)


@pytest.fixture
def world(walk_world, db):
    """The shared world, its objects re-read: what the previous test changed in the database was
    rolled back with its savepoint, and what it changed on these Python objects is dropped here."""
    fresh = SimpleNamespace(**vars(walk_world))
    users = User.objects.in_bulk([u.pk for u in vars(walk_world.people).values() if isinstance(u, User)])
    fresh.people = SimpleNamespace(**{name: users[u.pk] for name, u in vars(walk_world.people).items()})
    cases = Case.objects.in_bulk([c.pk for c in walk_world.cases.values()])
    fresh.cases = {key: cases[c.pk] for key, c in walk_world.cases.items()}
    files = Attachment.objects.in_bulk([a.pk for a in walk_world.attachments.values()])
    fresh.attachments = {key: files[a.pk] for key, a in walk_world.attachments.items()}
    fresh.delegation = Delegation.objects.get(pk=walk_world.delegation.pk)
    fresh.bureau = {s.code: s for s in Section.objects.all()}
    return fresh


def persona(world, name):
    return getattr(world.people, name)


def client_for(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def clients(world, names=PERSONAS):
    return {name: client_for(persona(world, name)) for name in names}


def snapshot():
    """Everything an action could change."""
    return (
        sorted(Case.objects.values_list("pk", "status", "version", "current_step")),
        sorted(Task.objects.values_list("pk", "status", "acted_by_id", "assignee_id")),
        CaseEvent.objects.count(),
        Attachment.objects.count(),
    )


def test_visibility_table_matches_the_queryset(world):
    """The table above is the rule: visible_to agrees with it for every persona and case."""
    wrong = []
    for name in PERSONAS:
        seen = set(Case.objects.visible_to(persona(world, name)).values_list("pk", flat=True))
        for key, case in world.cases.items():
            if (case.pk in seen) != (name in VISIBLE[key]):
                wrong.append(f"{name} {'sees' if case.pk in seen else 'does not see'} {key}")
    assert not wrong, wrong
    # the states the matrix claims to cover really are there
    states = {key: case.status for key, case in world.cases.items()}
    assert states["draft"] == Case.Status.DRAFT
    assert states["returned"] == Case.Status.RETURNED
    assert states["closed"] == Case.Status.CLOSED
    assert states["rejected"] == Case.Status.REJECTED
    assert states["archived"] == Case.Status.ARCHIVED
    assert world.cases["confidential"].is_confidential
    assert world.cases["work_secret"].sensitivity == Sensitivity.WORK_SECRET
    assert all(states[k] == Case.Status.ACTIVE for k in ("active", "at_leader", "countersign", "lawyers"))


# --- case pages, attachments -------------------------------------------------------------------


def test_case_page_persona_matrix(world):
    wrong = []
    for name, client in clients(world).items():
        for key, case in world.cases.items():
            response = client.get(f"/cases/{case.pk}/")
            expected = 200 if name in VISIBLE[key] else 404
            if response.status_code != expected:
                wrong.append(f"{name} → {key}: {response.status_code}, expected {expected}")
            body = response.content.decode()
            if expected == 200 and TITLES[key] not in body:
                wrong.append(f"{name} → {key}: page does not show the title")
            if expected == 404 and TITLES[key] in body:
                wrong.append(f"{name} → {key}: the 404 page shows the title")
    assert not wrong, "\n".join(wrong)


def test_printed_approval_form_persona_matrix(world):
    """The PDF 审批单 carries the case: 404 to everyone who may not see the case."""
    wrong = []
    for name, client in clients(world).items():
        for key, case in world.cases.items():
            if name in VISIBLE[key]:
                continue
            response = client.get(f"/print/cases/{case.pk}/approval-form.pdf")
            if response.status_code != 404 or TITLES[key].encode() in response.content:
                wrong.append(f"{name} → form of {key}: {response.status_code}")
    assert not wrong, "\n".join(wrong)
    # the readers who see a restricted case through a grant or a clearance get its form
    for name, key in (("colleague", "confidential"), ("archivist", "work_secret"), ("other_leader", "at_leader")):
        response = client_for(persona(world, name)).get(f"/print/cases/{world.cases[key].pk}/approval-form.pdf")
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf", (name, key)
    assert (
        not AuditEvent.objects.filter(event="print.approval_form")
        .exclude(actor__username__in=["colleague", "archivist", "leader2"])
        .exists()
    )


def test_attachment_download_persona_matrix(world):
    wrong = []
    for name, client in clients(world).items():
        for key, attachment in world.attachments.items():
            response = client.get(f"/attachments/{attachment.pk}/")
            expected = 200 if name in VISIBLE[key] else 404
            if response.status_code != expected:
                wrong.append(f"{name} → attachment of {key}: {response.status_code}, expected {expected}")
            elif expected == 200:
                assert b"".join(response.streaming_content) == f"附件-{key}.txt 的内容".encode()
            elif f"附件-{key}".encode() in response.content or TITLES[key].encode() in response.content:
                wrong.append(f"{name} → attachment of {key}: the 404 names the file or the case")
    assert not wrong, "\n".join(wrong)
    downloads = AuditEvent.objects.filter(event="file.download")
    assert downloads.count() == sum(len(VISIBLE[k]) for k in world.attachments), "each download is audited"


def test_delegate_sees_only_while_the_delegation_runs(world):
    other_leader = world.people.other_leader
    case = world.cases["at_leader"]
    client = client_for(other_leader)
    assert client.get(f"/cases/{case.pk}/").status_code == 200
    world.delegation.end_date = timezone.localdate() - timedelta(days=1)
    world.delegation.start_date = world.delegation.end_date - timedelta(days=3)
    world.delegation.save()
    response = client.get(f"/cases/{case.pk}/")
    assert response.status_code == 404
    assert TITLES["at_leader"] not in response.content.decode()
    assert client.get("/inbox/?tab=todo").context["page"].paginator.count == 0


def test_grant_is_per_person_and_per_case(world):
    """A grant opens one confidential case to one person; nothing else moves."""
    outsider = world.people.outsider
    case = world.cases["confidential"]
    client = client_for(outsider)
    assert client.get(f"/cases/{case.pk}/").status_code == 404
    services.grant_case_access(case.pk, world.people.secadmin, outsider)
    assert client.get(f"/cases/{case.pk}/").status_code == 200
    assert client.get(f"/attachments/{world.attachments['confidential'].pk}/").status_code == 200
    assert client.get(f"/cases/{world.cases['active'].pk}/").status_code == 404
    assert client_for(world.people.archivist).get(f"/cases/{case.pk}/").status_code == 404
    with pytest.raises(services.TransitionError):
        services.grant_case_access(case.pk, world.people.chief, world.people.archivist)


# --- action endpoints ----------------------------------------------------------------------------

TASK_ACTIONS = ["approve", "reject", "return", "transfer", "complete", "read"]
CASE_ACTIONS = ["submit", "withdraw", "archive", "circulate"]


def test_actions_on_invisible_cases_are_404_and_change_nothing(world):
    all_clients = clients(world)  # (logging in is audited: count after it)
    before = snapshot()
    audit_before = AuditEvent.objects.count()
    tasks = list(Task.objects.filter(status=Task.Status.PENDING).select_related("case"))
    key_of = {case.pk: key for key, case in world.cases.items()}
    wrong = []
    for name, client in all_clients.items():
        for task in tasks:
            key = key_of[task.case_id]
            if name in VISIBLE[key]:
                continue
            for action in TASK_ACTIONS:
                response = client.post(
                    f"/cases/{task.case_id}/tasks/{task.pk}/{action}",
                    {"opinion": "同意", "target": "-1", "to_user": str(persona(world, name).pk)},
                )
                if response.status_code != 404 or TITLES[key] in response.content.decode():
                    wrong.append(f"{name} {action} task {task.pk} of {key}: {response.status_code}")
        for key, case in world.cases.items():
            if name in VISIBLE[key]:
                continue
            for action in CASE_ACTIONS:
                response = client.post(
                    f"/cases/{case.pk}/{action}", {"version": case.version, "readers": [persona(world, name).pk]}
                )
                if response.status_code != 404:
                    wrong.append(f"{name} {action} {key}: {response.status_code}")
            response = client.post(f"/matters/{case.pk}/edit/", {"title": "改掉别人的标题", "body": "x"})
            if response.status_code != 404:
                wrong.append(f"{name} edit {key}: {response.status_code}")
    assert not wrong, "\n".join(wrong)
    assert snapshot() == before
    assert AuditEvent.objects.count() == audit_before


def test_outsider_guessing_case_and_task_ids_cannot_approve(world):
    """The lawyers' clerk guesses the office chief's pending task: nothing happens."""
    outsider = world.people.outsider
    client = client_for(outsider)
    target = pending_task(world.cases["active"], world.people.chief)
    before = snapshot()
    # the right pair of ids
    response = client.post(f"/cases/{target.case_id}/tasks/{target.pk}/approve", {"opinion": "同意"})
    assert response.status_code == 404
    # the office task through a case the outsider can see (his own): the task is not on it
    own = world.cases["lawyers"]
    response = client.post(f"/cases/{own.pk}/tasks/{target.pk}/approve", {"opinion": "同意"})
    assert response.status_code == 409
    assert TITLES["active"] not in response.content.decode()
    # guessed case ids around the office cases with the guessed task id
    case_ids = [c.pk for c in world.cases.values()]
    for guess in range(min(case_ids) - 3, max(case_ids) + 4):
        if guess == own.pk or Case.objects.visible_to(outsider).filter(pk=guess).exists():
            continue
        response = client.post(f"/cases/{guess}/tasks/{target.pk}/approve", {"opinion": "同意"})
        assert response.status_code == 404, guess
    assert snapshot() == before
    target.refresh_from_db()
    assert target.status == Task.Status.PENDING and target.acted_by_id is None


def test_seeing_a_case_is_not_acting_on_it(world):
    """A colleague who may read the case cannot sign the chief's task."""
    colleague = world.people.colleague
    target = pending_task(world.cases["active"], world.people.chief)
    before = snapshot()
    response = client_for(colleague).post(f"/cases/{target.case_id}/tasks/{target.pk}/approve", {"opinion": "同意"})
    assert response.status_code == 409
    assert snapshot() == before
    response = client_for(world.people.chief).post(
        f"/cases/{target.case_id}/tasks/{target.pk}/approve", {"opinion": "同意"}
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.status == Task.Status.DONE and target.acted_by == world.people.chief


def test_circulation_and_transfer_do_not_widen_who_may_know(world):
    """传阅/转办 are chosen by a participant; they cannot open a 限定知悉范围 case to someone the
    security administrator has not authorised, nor a 工作秘密 case to someone without clearance."""
    p = world.people
    confidential, secret = world.cases["confidential"], world.cases["work_secret"]
    chief, clerk = client_for(p.chief), client_for(p.clerk)
    before = snapshot()
    response = chief.post(f"/cases/{confidential.pk}/circulate", {"readers": [p.leader.pk, p.outsider.pk]})
    assert response.status_code == 409
    response = clerk.post(f"/cases/{secret.pk}/circulate", {"readers": [p.colleague.pk]})
    assert response.status_code == 409
    review = pending_task(confidential, p.chief)
    response = chief.post(
        f"/cases/{confidential.pk}/tasks/{review.pk}/transfer", {"to_user": p.archivist.pk, "opinion": "请档案员办理"}
    )
    assert response.status_code == 409
    review = pending_task(secret, p.chief)
    response = chief.post(
        f"/cases/{secret.pk}/tasks/{review.pk}/transfer", {"to_user": p.colleague.pk, "opinion": "请办理"}
    )
    assert response.status_code == 409
    assert snapshot() == before
    for name, case in (
        ("leader", confidential),
        ("outsider", confidential),
        ("archivist", confidential),
        ("colleague", secret),
    ):
        assert client_for(persona(world, name)).get(f"/cases/{case.pk}/").status_code == 404, name
    # within the circle it still works: the granted colleague, the cleared archivist
    assert chief.post(f"/cases/{confidential.pk}/circulate", {"readers": [p.colleague.pk]}).status_code == 302
    review = pending_task(secret, p.chief)
    response = chief.post(
        f"/cases/{secret.pk}/tasks/{review.pk}/transfer", {"to_user": p.archivist.pk, "opinion": "请办理"}
    )
    assert response.status_code == 302
    assert pending_task(secret, p.archivist)


# --- guessed ids -----------------------------------------------------------------------------------


def test_guessed_ids_around_another_sections_cases(world):
    """The office clerk walks ids around a run of the lawyers' cases: 404, and not a word leaks."""
    outsider = world.people.outsider
    secret_titles = [f"律师科案件{i}：某律师事务所投诉核查" for i in range(6)]
    lawyers_cases = [new_request(outsider, title, submit=i % 2 == 0) for i, title in enumerate(secret_titles)]
    lawyers_files = [attach(case, outsider, f"律师科材料{i}.txt") for i, case in enumerate(lawyers_cases)]
    clerk = world.people.clerk
    client = client_for(clerk)
    visible = set(Case.objects.visible_to(clerk).values_list("pk", flat=True))
    ids = [c.pk for c in lawyers_cases]
    invisible_titles = secret_titles + [TITLES[k] for k in VISIBLE if "clerk" not in VISIBLE[k]]
    checked = 0
    for guess in range(min(ids) - 15, max(ids) + 15):
        response = client.get(f"/cases/{guess}/")
        body = response.content.decode()
        if guess in visible:
            assert response.status_code == 200
            continue
        assert response.status_code == 404, guess
        leaked = [t for t in invisible_titles if t in body]
        assert not leaked, f"404 for case {guess} shows {leaked}"
        for action in ("approve", "read"):
            for task_id in Task.objects.filter(case_id=guess).values_list("pk", flat=True):
                assert client.post(f"/cases/{guess}/tasks/{task_id}/{action}").status_code == 404
        checked += 1
    assert checked >= len(ids)
    visible_files = set(Attachment.objects.filter(case__in=Case.objects.visible_to(clerk)).values_list("pk", flat=True))
    file_ids = [a.pk for a in lawyers_files]
    for guess in range(min(file_ids) - 10, max(file_ids) + 10):
        response = client.get(f"/attachments/{guess}/")
        if guess in visible_files:
            assert response.status_code == 200
        else:
            assert response.status_code == 404, guess
            assert "律师科材料" not in response.content.decode()


# --- lists, export, inbox, counts --------------------------------------------------------------


def listed_case_ids(response):
    return {row.case_id for row in response.context["page"].object_list}


def test_matters_list_lists_exactly_the_visible_cases(world):
    wrong = []
    for name, client in clients(world).items():
        response = client.get("/matters/")
        assert response.status_code == 200
        expected = {world.cases[k].pk for k in VISIBLE if name in VISIBLE[k]}
        if listed_case_ids(response) != expected:
            wrong.append(f"{name}: listed {sorted(listed_case_ids(response))}, expected {sorted(expected)}")
        body = response.content.decode()
        for key in VISIBLE:
            if name not in VISIBLE[key] and TITLES[key] in body:
                wrong.append(f"{name}: list page shows {key}")
        # a search or section filter does not widen the list
        response = client.get("/matters/", {"q": "请示", "section": str(world.bureau["lawyers"].pk)})
        if not listed_case_ids(response) <= expected:
            wrong.append(f"{name}: filtered list shows invisible cases")
    assert not wrong, "\n".join(wrong)


def test_matters_export_has_exactly_the_visible_rows(world):
    wrong = []
    for name, client in clients(world).items():
        response = client.get("/matters/", {"export": "xlsx"})
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
        sheet = load_workbook(BytesIO(response.content)).active
        rows = list(sheet.iter_rows(min_row=2, values_only=True))
        titles = sorted(row[0] for row in rows)
        expected = sorted(TITLES[k] for k in VISIBLE if name in VISIBLE[k])
        if titles != expected:
            wrong.append(f"{name}: exported {titles}, expected {expected}")
    assert not wrong, "\n".join(wrong)
    # the export is audited with its row count
    exports = AuditEvent.objects.filter(event="export.general_requests", actor=world.people.outsider)
    assert [e.detail["rows"] for e in exports] == [2]


# (persona, tab) -> the cases whose rows the tab lists
INBOX = {
    ("clerk", "todo"): set(),
    ("clerk", "mine"): {
        "draft",
        "active",
        "at_leader",
        "countersign",
        "closed",
        "rejected",
        "archived",
        "confidential",
        "work_secret",
    },
    ("clerk", "done"): {"closed", "archived"},
    ("colleague", "todo"): {"returned"},
    ("colleague", "mine"): {"returned"},
    ("chief", "todo"): {"active", "confidential", "work_secret"},
    ("chief", "overdue"): {"active"},
    ("chief", "done"): {"at_leader", "countersign", "returned", "closed", "rejected", "archived"},
    # the section queue: the office's pending work the chief may see, nothing of other sections,
    # and not the leader's confidential office case
    ("chief", "queue"): {"active", "at_leader", "countersign", "returned", "confidential", "work_secret"},
    ("leader", "todo"): {"at_leader"},
    ("leader", "queue"): {"active", "at_leader", "countersign", "returned", "leader_confidential", "work_secret"},
    ("other_leader", "todo"): {"at_leader"},  # as the leader's delegate
    ("other_leader", "queue"): {"lawyers"},
    ("other_chief", "todo"): {"countersign", "lawyers"},
    ("other_chief", "queue"): {"lawyers"},
    ("director", "todo"): {"leader_confidential"},
    ("director", "queue"): {
        "active",
        "at_leader",
        "countersign",
        "returned",
        "work_secret",
        "lawyers",
        "leader_confidential",
    },
    ("outsider", "todo"): set(),
    ("outsider", "toread"): {"closed"},
    ("archivist", "todo"): set(),
    ("sysadmin", "todo"): set(),
    ("secadmin", "mine"): set(),
    ("auditor", "done"): set(),
}


def test_inbox_tabs_list_only_ones_own_work(world):
    wrong = []
    ids = {case.pk: key for key, case in world.cases.items()}
    for (name, tab), expected in INBOX.items():
        response = client_for(persona(world, name)).get("/inbox/", {"tab": tab})
        assert response.status_code == 200
        assert response.context["tab"].key == tab, (name, tab)
        rows = response.context["page"].object_list
        listed = {ids[row.pk if tab == "mine" else row.case_id] for row in rows}
        if listed != expected:
            wrong.append(f"{name}/{tab}: {sorted(listed)}, expected {sorted(expected)}")
        for key in VISIBLE:
            if name not in VISIBLE[key] and TITLES[key] in response.content.decode():
                wrong.append(f"{name}/{tab}: page shows invisible {key}")
    assert not wrong, "\n".join(wrong)


def test_inbox_exports_hold_exactly_what_the_tabs_list(world):
    wrong = []
    ids = {TITLES[key]: key for key in TITLES}
    for (name, tab), expected in INBOX.items():
        response = client_for(persona(world, name)).get("/inbox/", {"tab": tab, "export": "xlsx"})
        assert response.status_code == 200, (name, tab)
        rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(min_row=2, values_only=True))
        exported = {ids[row[0]] for row in rows}
        if exported != expected or len(rows) != len(expected):
            wrong.append(f"{name}/{tab}: exported {sorted(exported)}, expected {sorted(expected)}")
    assert not wrong, "\n".join(wrong)


def test_background_exports_hold_exactly_the_visible_rows(
    world, settings, monkeypatch, django_capture_on_commit_callbacks
):
    """The same matrix through the Celery path: the worker re-applies visible_to(requester)."""
    from apps.printing.models import ExportJob
    from bureau.celery import app

    settings.EXPORT_ASYNC_ROWS = 1
    monkeypatch.setitem(app.conf, "task_always_eager", True)
    wrong = []
    for name in BUSINESS:
        client = client_for(persona(world, name))
        with django_capture_on_commit_callbacks(execute=True):
            response = client.get("/matters/", {"export": "xlsx"})
        assert response.status_code == 302, name
        job = ExportJob.objects.filter(requested_by=persona(world, name)).latest("id")
        assert job.status == ExportJob.Status.DONE, (name, job.status, job.error)
        with job.file.open("rb") as handle:
            sheet = load_workbook(BytesIO(handle.read())).active
        titles = sorted(row[0] for row in sheet.iter_rows(min_row=2, values_only=True))
        if titles != sorted(TITLES[k] for k in VISIBLE if name in VISIBLE[k]):
            wrong.append(f"{name}: {titles}")
        other = client_for(world.people.director if name != "director" else world.people.clerk)
        assert other.get(f"/print/exports/{job.pk}/download").status_code == 404
    assert not wrong, "\n".join(wrong)


def test_staff_have_no_section_queue(world):
    for name in ("clerk", "outsider", "archivist", "sysadmin"):
        response = client_for(persona(world, name)).get("/inbox/", {"tab": "queue"})
        assert response.context["tab"].key == "todo", name
        assert "queue" not in {t.key for t in response.context["tabs"]}, name


NAV_COUNTS = {
    "clerk": (0, 0, 0),
    "colleague": (1, 0, 0),
    "chief": (3, 0, 1),
    "archivist": (0, 0, 0),
    "leader": (1, 0, 0),
    "other_leader": (1, 0, 0),
    "director": (1, 0, 0),
    "outsider": (0, 1, 0),
    "other_chief": (2, 0, 0),
}


def test_navigation_counts(world):
    for name in PERSONAS:
        response = client_for(persona(world, name)).get("/org/")
        if name in ADMINS:
            assert "inbox_counts" not in response.context, name
            continue
        counts = response.context["inbox_counts"]
        assert (counts["todo"], counts["toread"], counts["overdue"]) == NAV_COUNTS[name], name


# --- the URL walk --------------------------------------------------------------------------------

LOGIN = "→/accounts/login/"
ADMIN_LOGIN = "→/admin/login/"
# anonymous visitors may reach these URL names and nothing else (static files are not URL
# patterns: the web server serves them)
ANON_ALLOWED = {"accounts:login": 200, "healthz": 200}


def walk_patterns(patterns=None, prefix="", namespace=""):
    """(key, route) for every pattern: key is namespace:name, or the route when unnamed."""
    if patterns is None:
        patterns = get_resolver().url_patterns
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            ns = ":".join(filter(None, [namespace, pattern.namespace]))
            yield from walk_patterns(pattern.url_patterns, route, ns)
        elif pattern.name:
            yield (f"{namespace}:{pattern.name}" if namespace else pattern.name), route
        else:
            yield route, route


def expect(anon=LOGIN, *, business=None, admins=None, staff=None, **named):
    """Expected outcome per walk persona: an HTTP status, or '→/path' for a redirect there."""
    result = {"anon": anon}
    for name in WALK_PERSONAS[1:]:
        if name in ("sysadmin", "secadmin"):
            value = staff if staff is not None else admins
        elif name == "auditor":
            value = admins
        else:
            value = business
        result[name] = value
    result.update(named)
    missing = [k for k, v in result.items() if v is None]
    assert not missing, missing
    return result


def everyone(value, anon=LOGIN):
    return expect(anon, business=value, admins=value)


CASE_READERS = dict(clerk=200, chief=200, leader=200, director=200)

# Which administrator owns each model registered in the admin (三员分立), and whether it is
# read-only there. A model registered in the admin without a line here fails the walk.
ADMIN_MODELS = {
    "accounts.user": (AdminRole.SECURITY, False),
    "accounts.loginfailure": (AdminRole.SECURITY, True),
    "org.section": (AdminRole.SYSTEM, False),
    "org.position": (AdminRole.SYSTEM, False),
    "org.procedure": (AdminRole.SYSTEM, False),
    "org.worktask": (AdminRole.SYSTEM, False),
    "org.post": (AdminRole.SYSTEM, False),
    "org.duty": (AdminRole.SYSTEM, False),
    "org.externalunit": (AdminRole.SYSTEM, False),
    "workflow.approvalrule": (AdminRole.SYSTEM, False),
    "workflow.delegation": (AdminRole.SECURITY, True),
    "workflow.sweeprun": (AdminRole.SYSTEM, True),
    "workflow.deadlinerule": (AdminRole.SYSTEM, False),
    "numbering.numberscheme": (AdminRole.SYSTEM, False),
    "numbering.numberseries": (AdminRole.SYSTEM, True),
    "workcalendar.holiday": (AdminRole.SYSTEM, False),
    "workcalendar.calendaryear": (AdminRole.SYSTEM, False),
    "seals.seal": (AdminRole.SYSTEM, False),
    "disclosure.proactivecategory": (AdminRole.SYSTEM, False),
    # restore drill records: written by `manage.py restore_check`, read by the system administrator
    "backups.backupdrill": (AdminRole.SYSTEM, True),
    # finance standards are changed, never added or deleted (the code reads them by key)
    "finance.standard": (AdminRole.SYSTEM, True),
    "finance.mealstandard": (AdminRole.SYSTEM, False),
    "finance.vehicle": (AdminRole.SYSTEM, False),
    "finance.supplyitem": (AdminRole.SYSTEM, False),
    "archives.fonds": (AdminRole.SYSTEM, False),
    "archives.orgcode": (AdminRole.SYSTEM, False),
    "archives.retentionrule": (AdminRole.SYSTEM, False),
    "hr.leavetype": (AdminRole.SYSTEM, False),
    # one policy row, changed (never added a second time or deleted)
    "hr.attendancepolicy": (AdminRole.SYSTEM, True),
    "hr.benefittype": (AdminRole.SYSTEM, False),
    "meetings.meetingroom": (AdminRole.SYSTEM, False),
    "duty.reportingbody": (AdminRole.SYSTEM, False),
    # one settings row (created by the migration), changed, never added again or deleted
    "petitions.petitionpolicy": (AdminRole.SYSTEM, True),
    "reception.receptionpolicy": (AdminRole.SYSTEM, True),
    "supervision.supervisionpolicy": (AdminRole.SYSTEM, True),
    "proposals.session": (AdminRole.SYSTEM, False),
}
ROLE_PERSONA = {AdminRole.SYSTEM: "sysadmin", AdminRole.SECURITY: "secadmin"}
HISTORIED = {
    "accounts.user",
    "org.section",
    "org.position",
    "workflow.approvalrule",
    "workflow.delegation",
    "workflow.deadlinerule",
    "workcalendar.holiday",
    "workcalendar.calendaryear",
    "seals.seal",
}
HISTORIED |= {"numbering.numberscheme", "org.externalunit"}
HISTORIED |= {"disclosure.proactivecategory"}
HISTORIED |= {"archives.fonds", "archives.orgcode", "archives.retentionrule"}
HISTORIED |= {"finance.standard", "finance.mealstandard", "finance.vehicle", "finance.supplyitem"}
HISTORIED |= {"hr.leavetype", "hr.attendancepolicy", "hr.benefittype"}
HISTORIED |= {"meetings.meetingroom", "duty.reportingbody"}
HISTORIED |= {"petitions.petitionpolicy", "reception.receptionpolicy"}
HISTORIED |= {"supervision.supervisionpolicy", "proposals.session"}

# Section apps added on the section-app kit bring their own lines: tests/<app>/walk.py defines
# `urls(world, expect, everyone)` and, for models it registers in the admin, `ADMIN_MODELS`
# ({label: (AdminRole, read_only)}), `HISTORIED` (labels) and `admin_object(world, label)`.
# Each section app's lines of the walk: a tests/<app>/walk.py with `urls(world, expect, everyone)`,
# found by itself (docs/section-apps.md). (The older apps' walk modules, imported above by name,
# name their functions after the app.)
SECTION_WALKS = [
    module
    for module in (
        importlib.import_module(f"tests.{path.parent.name}.walk")
        for path in sorted(Path(__file__).resolve().parent.parent.glob("*/walk.py"))
    )
    if callable(getattr(module, "urls", None))
]
for _walk in SECTION_WALKS:
    ADMIN_MODELS.update(getattr(_walk, "ADMIN_MODELS", {}))
    HISTORIED |= set(getattr(_walk, "HISTORIED", ()))


def admin_object(world, label):
    """A real row of each admin model (and, for historied models, one of its history rows)."""
    p = world.people
    if label == "accounts.user":
        return p.clerk
    if label == "accounts.loginfailure":
        return LoginFailure.objects.create(username="clerk", ip="10.0.0.9", failures=2)
    if label == "org.section":
        return world.bureau["office"]
    if label == "org.externalunit":
        from apps.org.models import ExternalUnit

        return ExternalUnit.objects.create(code="walk_unit", name="巡检单位", kind=ExternalUnit.Kind.DEPARTMENT)
    if label == "org.position":
        position = Position.objects.order_by("pk").first()
        position.save()  # a history row
        return position
    if label == "workflow.approvalrule":
        rule = ApprovalRule.objects.order_by("pk").first()
        rule.save()
        return rule
    if label == "workflow.delegation":
        return world.delegation
    if label == "workflow.deadlinerule":
        # one no clock uses: a rule in use may be deactivated but not deleted (the admin's delete page)
        rule = DeadlineRule.objects.filter(clocks__isnull=True).order_by("pk").first()
        rule.save()
        return rule
    if label == "workflow.sweeprun":
        return SweepRun.objects.create(finished_at=timezone.now())
    if label == "seals.seal":
        return admin_seal()
    if label == "backups.backupdrill":
        from apps.backups.models import BackupDrill

        return BackupDrill.objects.create(
            started_at=timezone.now(),
            finished_at=timezone.now(),
            backup_path="/backups/bureau-20260101-010000",
            outcome=BackupDrill.Outcome.PASSED,
            summary="全部检查通过",
            checks=[{"check": "audit", "label": "审计日志哈希链", "ok": True, "message": "哈希链完整"}],
        )
    if label.startswith("finance."):
        return admin_finance(label)
    if label.startswith("hr."):
        return admin_hr(label)
    if label.startswith("meetings."):
        return admin_meetings(label)
    if label.startswith("duty."):
        return admin_duty(label)
    if label.startswith("disclosure."):
        return admin_disclosure(label)
    if label in ("workcalendar.holiday", "workcalendar.calendaryear"):
        from apps.workcalendar.models import CalendarYear, Holiday

        row = (Holiday if label == "workcalendar.holiday" else CalendarYear).objects.order_by("pk").first()
        row.save()  # a history row (seeded rows have none)
        return row
    if label.startswith("archives."):
        return admin_archives(label)
    if label.startswith("numbering."):
        return admin_numbering(label)
    if label.startswith("supervision."):
        return admin_supervision(label)
    if label.startswith("proposals."):
        return admin_proposals(label)
    if label in ("petitions.petitionpolicy", "reception.receptionpolicy"):
        from apps.petitions.models import PetitionPolicy
        from apps.reception.models import ReceptionPolicy

        row = (PetitionPolicy if label.startswith("petitions") else ReceptionPolicy).objects.get(code="default")
        row.save()  # a history row (the migration's row has none)
        return row
    for walk in SECTION_WALKS:
        if label in getattr(walk, "ADMIN_MODELS", {}):
            return walk.admin_object(world, label)
    model = {"org.procedure": Procedure, "org.worktask": WorkTask, "org.post": Post, "org.duty": Duty}[label]
    return model.objects.order_by("pk").first()


def admin_table(world):
    table = {}
    for label, (role, read_only) in ADMIN_MODELS.items():
        app, model = label.split(".")
        obj = admin_object(world, label)
        owner = ROLE_PERSONA[role]
        other = "secadmin" if owner == "sysadmin" else "sysadmin"

        def owned(owner_status, _owner=owner, _other=other):
            return expect(business=ADMIN_LOGIN, admins=ADMIN_LOGIN, **{_owner: owner_status, _other: 403})

        name = f"admin:{app}_{model}"
        change_url = reverse(f"{name}_change", args=[obj.pk])
        table[f"{name}_changelist"] = [(reverse(f"{name}_changelist"), owned(200))]
        table[f"{name}_add"] = [(reverse(f"{name}_add"), owned(403 if read_only else 200))]
        table[f"{name}_change"] = [(change_url, owned(200))]
        table[f"{name}_history"] = [(reverse(f"{name}_history", args=[obj.pk]), owned(200))]
        table[f"{name}_delete"] = [(reverse(f"{name}_delete", args=[obj.pk]), owned(403 if read_only else 200))]
        table[f"admin/{app}/{model}/<path:object_id>/"] = [
            (
                f"/admin/{app}/{model}/{obj.pk}/",
                expect(business=ADMIN_LOGIN, admins=ADMIN_LOGIN, staff="→" + change_url),
            )
        ]
        if label in HISTORIED:
            history_id = obj.history.order_by("-history_id").values_list("history_id", flat=True).first()
            table[f"{name}_simple_history"] = [
                (reverse(f"{name}_simple_history", args=[obj.pk, history_id]), owned(200))
            ]
    user = world.people.clerk
    table["admin:auth_user_password_change"] = [
        (
            reverse("admin:auth_user_password_change", args=[user.pk]),
            expect(business=ADMIN_LOGIN, admins=ADMIN_LOGIN, secadmin=200, sysadmin=403),
        )
    ]
    return table


def export_job(world, name, status):
    """A background export of `name`'s, in `status` (with its file when it is done)."""
    from django.core.files.base import ContentFile

    job = ExportJob.objects.create(
        requested_by=persona(world, name), register="inbox", title="工作台-已办", params={"tab": "done"}, status=status
    )
    if status == ExportJob.Status.DONE:
        job.file.save("x.xlsx", ContentFile(b"PK\x03\x04 not really a workbook"))
    return job


def world_clock(world):
    """A running clock on the active case (its handler, the chief, started it)."""
    from apps.workflow import deadlines

    case = world.cases["active"]
    return case.clocks.first() or deadlines.start_clock(
        case, "supervision-district-handoff", timezone.localdate(), world.people.chief
    )


def world_notice(world):
    notice, _ = Notification.objects.get_or_create(
        key="walk:clerk", defaults={"user": world.people.clerk, "kind": "info", "message": "URL 巡检用的通知"}
    )
    return notice


def url_table(world):
    """Every URL pattern -> [(a concrete URL, {persona: expected outcome})]."""
    c = world.cases
    active = c["active"]
    task = pending_task(active, world.people.chief)
    staff_only = dict(business=ADMIN_LOGIN, admins=ADMIN_LOGIN)
    case_type = ContentType.objects.get_for_model(Case)
    table = {
        "home": [("/", expect(business="→/inbox/", sysadmin="→/admin/", secadmin="→/admin/", auditor="→/audit/"))],
        "healthz": [("/healthz", everyone(200, anon=200))],
        "accounts:login": [("/accounts/login/", everyone("→/", anon=200))],
        "accounts:logout": [("/accounts/logout/", everyone(405))],  # POST only
        "accounts:password_change": [("/accounts/password/", everyone(200))],
        # 账号安全: one's own password and two-factor login (tests/accounts/test_two_factor.py)
        "accounts:security": [("/accounts/security/", everyone(200))],
        # the second step of the login: passed already (administrators) or not switched on
        "accounts:otp_verify": [("/accounts/otp/", everyone("→/"))],
        "accounts:otp_setup": [("/accounts/otp/setup/", expect(business=200, admins="→/accounts/security/"))],
        "accounts:otp_disable": [("/accounts/otp/disable/", everyone(405))],  # POST only
        "accounts:reauth": [("/accounts/reauth/", everyone(200))],
        "org:index": [("/org/", everyone(200))],
        "org:handbook": [("/org/sections/office/", everyone(200)), ("/org/sections/no-such/", everyone(404))],
        "org:procedure": [(f"/org/procedures/{Procedure.objects.order_by('pk').first().code}/", everyone(200))],
        "audit:list": [
            ("/audit/", expect(business=403, staff=403, auditor=200)),
            ("/audit/?export=xlsx", expect(business=403, staff=403, auditor=200)),
        ],
        # administrators get an empty list: they see no cases
        "matters:list": [("/matters/", everyone(200)), ("/matters/?export=xlsx", everyone(200))],
        "matters:new": [("/matters/new/", expect(business=200, admins=403))],
        "matters:edit": [
            (f"/matters/{c['draft'].pk}/edit/", expect(business=404, admins=404, clerk=200)),
            # visible to the office but edited only by its author (and only as a draft)
            (f"/matters/{c['returned'].pk}/edit/", expect(business=403, admins=404, outsider=404)),
        ],
        "workflow:inbox": [
            ("/inbox/", everyone(200)),
            ("/inbox/?tab=queue", everyone(200)),
            ("/inbox/?tab=done&export=xlsx", everyone(200)),
        ],
        "workflow:notices_read": [("/inbox/notices/read", everyone(405))],  # POST only: one's own notices
        "workflow:case_detail": [
            (f"/cases/{active.pk}/", expect(business=404, admins=404, **CASE_READERS)),
            (f"/cases/{c['lawyers'].pk}/", expect(business=404, admins=404, outsider=200, director=200)),
            (f"/cases/{c['draft'].pk}/", expect(business=404, admins=404, clerk=200)),
        ],
        # action endpoints take POST only (their POST matrix is above)
        "workflow:task_action": [(f"/cases/{active.pk}/tasks/{task.pk}/approve", everyone(405))],
        "workflow:case_action": [(f"/cases/{active.pk}/withdraw", everyone(405))],
        # the printed approval form (审批单) of a case is the case
        "printing:approval_form": [
            (f"/print/cases/{active.pk}/approval-form.pdf", expect(business=404, admins=404, **CASE_READERS)),
            (
                f"/print/cases/{c['confidential'].pk}/approval-form.pdf",
                expect(business=404, admins=404, clerk=200, chief=200),
            ),
        ],
        # 我的导出: one's own background exports; the file goes to its requester once, 404 otherwise
        "printing:exports": [("/print/exports/", everyone(200))],
        "printing:export_download": [
            (
                f"/print/exports/{export_job(world, 'clerk', ExportJob.Status.DONE).pk}/download",
                expect(business=404, admins=404, clerk=200),
            ),
            (f"/print/exports/{export_job(world, 'clerk', ExportJob.Status.DOWNLOADED).pk}/download", everyone(404)),
            (f"/print/exports/{export_job(world, 'auditor', ExportJob.Status.QUEUED).pk}/download", everyone(404)),
        ],
        "workflow:attachment": [
            (f"/attachments/{world.attachments['active'].pk}/", expect(business=404, admins=404, **CASE_READERS))
        ],
        # the Django admin: only the system and security administrators are staff
        "admin:index": [("/admin/", expect(**staff_only, staff=200))],
        "admin:login": [("/admin/login/", expect(business=200, auditor=200, staff="→/admin/"))],
        "admin:logout": [("/admin/logout/", expect(business="→/admin/", auditor="→/admin/", staff=405))],
        # the portal's own password page (lockout on the old password) serves the admin too
        "admin:password_change": [("/admin/password_change/", expect(**staff_only, staff="→/accounts/password/"))],
        "admin:password_change_done": [("/admin/password_change/done/", expect(**staff_only, staff=200))],
        "admin:autocomplete": [("/admin/autocomplete/", expect(**staff_only, staff=403))],
        "admin:jsi18n": [("/admin/jsi18n/", expect(**staff_only, staff=200))],
        # the content-type shortcut only redirects to the case page (which answers 404 to them)
        "workflow:delegations": [("/delegations/", expect(business=200, admins=404))],
        # deadlines: the 期限 card's forms take POST only (their matrix: tests/workflow/test_deadlines.py);
        # notices are one's own (administrators get none)
        "workflow:clock_action": [(f"/cases/{active.pk}/clocks/{world_clock(world).pk}/pause", everyone(405))],
        "workflow:notifications": [("/notifications/", expect(business=200, admins=404))],
        "workflow:notification_read": [(f"/notifications/{world_notice(world).pk}/read", everyone(405))],
        "workflow:notification_settings": [("/notifications/settings/", expect(business=200, admins=404))],
        "workflow:delegation_cancel": [(f"/delegations/{world.delegation.pk}/cancel", everyone(405))],  # POST only
        "admin:app_list": [
            ("/admin/accounts/", expect(**staff_only, secadmin=200, sysadmin=404)),
            ("/admin/org/", expect(**staff_only, sysadmin=200, secadmin=404)),
            ("/admin/workflow/", expect(**staff_only, sysadmin=200, secadmin=200)),
        ],
        # no admin page for the audit log, nor for cases
        "admin/(?P<url>.*)$": [
            ("/admin/audit/auditevent/", expect(**staff_only, staff=404)),
            ("/admin/workflow/case/", expect(**staff_only, staff=404)),
            # the content-type shortcut is removed: it would tell administrators which ids exist
            (f"/admin/r/{case_type.pk}/{active.pk}/", expect(**staff_only, staff=404)),
        ],
    }
    table.update(seal_urls(world, expect, everyone))
    table.update(petition_urls(world, expect, everyone))
    table.update(disclosure_urls(world, expect, everyone))
    table.update(reception_urls(world, expect, everyone))
    table.update(supervision_urls(world, expect, everyone))
    table.update(proposal_urls(world, expect, everyone))
    table.update(meeting_urls(world, expect, everyone))
    table.update(duty_urls(world, expect, everyone))
    table.update(finance_urls(world, expect, everyone))
    table.update(document_urls(world, expect, everyone))
    table.update(confidential_urls(world, expect, everyone))
    table.update(archive_urls(world, expect, everyone))
    table.update(privacy_urls(world, expect, everyone))
    table.update(hr_urls(world, expect, everyone))
    for walk in SECTION_WALKS:
        table.update(walk.urls(world, expect, everyone))
    table.update(admin_table(world))
    return table


def outcome(response):
    if 300 <= response.status_code < 400:
        return "→" + urlparse(response["Location"]).path
    return response.status_code


def test_url_table_covers_every_pattern(world):
    walked = list(walk_patterns())
    keys = [key for key, _ in walked]
    duplicates = {k for k in keys if keys.count(k) > 1}
    assert not duplicates, f"two URL patterns share a name: {duplicates}"
    table = url_table(world)
    missing = sorted(set(keys) - set(table))
    stale = sorted(set(table) - set(keys))
    assert not missing, f"URL patterns without a decided answer per persona (add them to url_table): {missing}"
    assert not stale, f"url_table lists URLs that no longer exist: {stale}"
    # and every probe URL resolves to the pattern it is listed under
    from django.urls import resolve

    for key, probes in table.items():
        for url, _ in probes:
            match = resolve(urlparse(url).path)
            found = match.view_name if match.url_name else match.route
            assert found == key or (key.endswith("$") and match.url_name is None), (key, url, found)


def test_anonymous_visitors_are_sent_to_login_everywhere(world):
    from django.conf import settings

    assert set(settings.LOGIN_EXEMPT_URL_NAMES) == set(ANON_ALLOWED), "the anonymous allow-list changed"
    anonymous = Client()
    table = url_table(world)
    before = snapshot()
    wrong = []
    for key, probes in table.items():
        for url, _ in probes:
            for method in ("get", "post"):
                response = getattr(anonymous, method)(url)
                if key in ANON_ALLOWED and method == "get":
                    if response.status_code != ANON_ALLOWED[key]:
                        wrong.append(f"{method.upper()} {url}: {response.status_code}")
                    continue
                if key in ANON_ALLOWED:
                    continue
                location = urlparse(response.get("Location", ""))
                next_url = parse_qs(location.query).get("next", [""])[0]
                if response.status_code != 302 or location.path != "/accounts/login/" or next_url != url:
                    wrong.append(f"{method.upper()} {url}: {response.status_code} {response.get('Location')}")
    assert not wrong, "\n".join(wrong)
    # static files are not behind the login (served by the web server; not redirected here)
    response = anonymous.get(settings.STATIC_URL + "css/portal.css")
    assert response.status_code != 302
    # and the anonymous POSTs (approve, submit, archive, edit...) changed nothing
    assert snapshot() == before


def test_every_url_answers_each_persona_as_decided(world):
    table = url_table(world)
    users = {name: (None if name == "anon" else persona(world, name)) for name in WALK_PERSONAS}
    wrong = []
    for name in WALK_PERSONAS:
        client = client_for(users[name])
        for key, probes in table.items():
            for url, expected in probes:
                got = outcome(client.get(url))
                want = expected[name]
                if got != want:
                    wrong.append(f"{name:9} GET {url} [{key}]: got {got}, expected {want}")
    assert not wrong, f"{len(wrong)} answers differ from the table:\n" + "\n".join(wrong)


def test_administrators_reach_nothing_before_the_second_step(world):
    """The walk above logs the administrators in with both factors (tests/conftest.py). With the
    password alone, every URL but the login steps sends them to the two-factor step: to enrol
    when they have no device yet, to type a code when they have one. The admin included."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from apps.accounts.middleware import OTP_STEP_URL_NAMES
    from tests.conftest import force_login_password_only

    table = url_table(world)
    TOTPDevice.objects.create(user=world.people.secadmin, name="验证器", confirmed=True)
    TOTPDevice.objects.create(user=world.people.auditor, name="验证器", confirmed=True)
    step = {"sysadmin": "/accounts/otp/setup/", "secadmin": "/accounts/otp/", "auditor": "/accounts/otp/"}
    before = snapshot()
    wrong = []
    for name in ADMINS:
        client = Client()
        force_login_password_only(client, persona(world, name))
        for key, probes in table.items():
            if key in OTP_STEP_URL_NAMES:
                continue
            for url, _ in probes:
                for method in ("get", "post"):
                    response = getattr(client, method)(url)
                    location = urlparse(response.get("Location", ""))
                    if (
                        response.status_code != 302
                        or location.path != step[name]
                        or parse_qs(location.query)["next"] != [url]
                    ):
                        wrong.append(f"{name} {method.upper()} {url}: {outcome(response)}")
        assert client.get(step[name]).status_code == 200, name
    assert not wrong, f"{len(wrong)} URLs answered before the second step:\n" + "\n".join(wrong)
    assert snapshot() == before


# --- 三员分立 in the admin, the audit log ---------------------------------------------------------


def test_business_users_have_no_admin_access(world):
    rules = ApprovalRule.objects.count()
    for name in BUSINESS:
        client = client_for(persona(world, name))
        assert outcome(client.get("/admin/")) == ADMIN_LOGIN, name
        assert outcome(client.get("/admin/workflow/approvalrule/")) == ADMIN_LOGIN, name
        response = client.post(
            "/admin/workflow/approvalrule/add/",
            {
                "process": PROCESS_CODE,
                "chain": "approval",
                "seq": 9,
                "label": "自批",
                "role": "user",
                "user": persona(world, name).pk,
                "active": "on",
            },
        )
        assert outcome(response) == ADMIN_LOGIN, name
        response = client.post(f"/admin/accounts/user/{persona(world, name).pk}/change/", {"admin_role": "system"})
        assert outcome(response) == ADMIN_LOGIN, name
    assert ApprovalRule.objects.count() == rules
    assert not User.objects.filter(username__in=["clerk", "chief"], is_staff=True).exists()
    assert not User.objects.filter(is_superuser=True).exists()


def test_system_administrator_rules_and_sections_not_users(world):
    client = client_for(world.people.sysadmin)
    rule = ApprovalRule.objects.order_by("pk").first()
    office = world.bureau["office"]
    assert client.get("/admin/workflow/approvalrule/").status_code == 200
    assert client.get(f"/admin/workflow/approvalrule/{rule.pk}/change/").status_code == 200
    assert client.get("/admin/org/section/").status_code == 200
    assert client.get(f"/admin/org/section/{office.pk}/change/").status_code == 200
    assert client.get("/admin/accounts/user/").status_code == 403
    assert client.get(f"/admin/accounts/user/{world.people.clerk.pk}/change/").status_code == 403
    users = User.objects.count()
    response = client.post(
        "/admin/accounts/user/add/",
        {"username": "backdoor", "full_name": "后门", "password1": "Xy#12345678z", "password2": "Xy#12345678z"},
    )
    assert response.status_code == 403
    response = client.post(f"/admin/accounts/user/{world.people.clerk.pk}/change/", {"admin_role": "security"})
    assert response.status_code == 403
    assert User.objects.count() == users
    world.people.clerk.refresh_from_db()
    assert world.people.clerk.admin_role == ""


def test_security_administrator_users_not_rules(world):
    client = client_for(world.people.secadmin)
    rule = ApprovalRule.objects.order_by("pk").first()
    assert client.get("/admin/accounts/user/").status_code == 200
    assert client.get(f"/admin/accounts/user/{world.people.clerk.pk}/change/").status_code == 200
    assert client.get("/admin/workflow/approvalrule/").status_code == 403
    assert client.get(f"/admin/workflow/approvalrule/{rule.pk}/change/").status_code == 403
    assert client.get("/admin/org/section/").status_code == 403
    response = client.post(
        f"/admin/workflow/approvalrule/{rule.pk}/change/",
        {"process": rule.process, "chain": rule.chain, "seq": rule.seq, "label": "改过的", "role": rule.role},
    )
    assert response.status_code == 403
    rule.refresh_from_db()
    assert rule.label != "改过的"


def test_only_the_auditor_opens_the_audit_log(world):
    record("test.marker", actor=world.people.chief, detail={"note": "审计标记"})
    response = client_for(world.people.auditor).get("/audit/")
    assert response.status_code == 200
    assert "test.marker" in response.content.decode()
    for name in PERSONAS:
        if name == "auditor":
            continue
        response = client_for(persona(world, name)).get("/audit/")
        assert response.status_code == 403, name
        assert "test.marker" not in response.content.decode()
    # and the auditor has no Django admin (and no admin page lists the log)
    auditor = client_for(world.people.auditor)
    assert outcome(auditor.get("/admin/")) == ADMIN_LOGIN
    for name in ("sysadmin", "secadmin"):
        assert client_for(persona(world, name)).get("/admin/audit/auditevent/").status_code == 404


def test_audit_rows_cannot_be_changed_or_deleted_from_the_app(world):
    row = record("test.immutable", actor=world.people.clerk, detail={"n": 1})
    row.event = "test.rewritten"
    with pytest.raises(PermissionError):
        row.save()
    with pytest.raises(PermissionError):
        row.delete()
    fresh = AuditEvent.objects.get(pk=row.pk)
    assert fresh.event == "test.immutable"
    assert fresh.hash == fresh.compute_hash()


@pytest.mark.postgres
def test_audit_rows_cannot_be_changed_in_bulk_on_postgres(world):
    row = record("test.immutable", actor=world.people.clerk)
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=row.pk).update(event="test.rewritten")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=row.pk).delete()
    assert AuditEvent.objects.get(pk=row.pk).event == "test.immutable"


def test_a_new_business_account_sees_nothing_by_default(world):
    """Default deny for a fresh account of yet another section (judicial office staff)."""
    newcomer = make_user("newcomer", Section.objects.get(code="jo_wenshao"))
    client = client_for(newcomer)
    for key, case in world.cases.items():
        assert client.get(f"/cases/{case.pk}/").status_code == 404, key
    assert client.get("/matters/").context["page"].paginator.count == 0
    sheet = load_workbook(BytesIO(client.get("/matters/", {"export": "xlsx"}).content)).active
    assert sheet.max_row == 1


def test_the_delegates_inbox_names_whose_work_a_row_is(world):
    """The inbox's task rows are written by a template tag (issue 19): a delegator's task says
    代<委托人>办理, and the leader's own section queue names each row's assignee."""
    other_leader = world.people.other_leader
    html = client_for(other_leader).get("/inbox/?tab=todo").content.decode()
    assert TITLES["at_leader"] in html
    assert f"代{world.people.leader.full_name}办理" in html
    assert f'href="/cases/{world.cases["at_leader"].pk}/"' in html
    queue = client_for(world.people.leader).get("/inbox/?tab=queue").content.decode()
    assert f"· {world.people.leader.full_name}" in queue
