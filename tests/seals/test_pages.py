"""Seal pages per persona: default deny (404 for others' requests and seals), the keeper's desk,
registers whose Excel rows are exactly the rows the page lists, and constant query counts."""

from io import BytesIO

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from apps.accounts.models import Rank
from apps.audit.models import AuditEvent
from apps.seals import services
from apps.seals.models import Seal, SealKind, SealUseRequest
from tests.conftest import make_user
from tests.seals.factories import approve_until_stamping, new_use, png_upload

pytestmark = pytest.mark.django_db

PERSONAS = [
    "clerk",
    "colleague",
    "chief",
    "leader",
    "other_leader",
    "director",
    "outsider",
    "other_chief",
    "keeper",
    "sysadmin",
    "secadmin",
    "auditor",
]


def user_of(people, seals, name):
    return seals.keeper if name == "keeper" else getattr(people, name)


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def requests_world(people, seals):
    """The clerk's request at each stage, and one of the lawyers' section."""
    w = {}
    w["draft"] = new_use(people.clerk, seals.official, document_title="草稿：年度报告")
    w["at_chief"] = new_use(people.clerk, seals.official, document_title="待初审：培训通知", submit=True)
    w["waiting"] = approve_until_stamping(
        new_use(people.clerk, seals.official, copies=2, document_title="待用印：值班表", submit=True)
    )
    w["stamped"] = approve_until_stamping(
        new_use(people.clerk, seals.official, copies=1, document_title="已用印：证明", submit=True)
    )
    services.record_stamping(w["stamped"].pk, seals.keeper, copies=1)
    w["lawyers"] = new_use(people.outsider, seals.official, document_title="律师科：年检通知", submit=True)
    w["lawyers_waiting"] = approve_until_stamping(
        new_use(people.outsider, seals.official, document_title="律师科：待用印的函", submit=True)
    )
    for case in w.values():
        case.refresh_from_db()
    return w


# who may know each request exists (the engine's visibility plus the office chief's oversight grant)
# (the keeper is a member of the office: the office's requests are the office's)
OFFICE = {"clerk", "colleague", "leader", "director", "keeper"}
VISIBLE = {
    "draft": {"clerk"},
    "at_chief": OFFICE | {"chief"},
    "waiting": OFFICE | {"chief"},
    "stamped": OFFICE | {"chief"},
    # another section's request: its section, its approver, the director, and the office chief
    "lawyers": {"outsider", "other_chief", "other_leader", "director", "chief"},
    # ... and, once approved, the keeper who holds its stamping step
    "lawyers_waiting": {"outsider", "other_chief", "other_leader", "director", "chief", "keeper"},
}


def test_request_pages_and_forms_per_persona(people, seals, requests_world):
    wrong = []
    for name in PERSONAS:
        client = client_for(user_of(people, seals, name))
        listed = {row.case_id for row in client.get(reverse("seals:use_list")).context["page"].object_list}
        for key, case in requests_world.items():
            expected = name in VISIBLE[key]
            if (case.pk in listed) != expected:
                wrong.append(f"{name} list {key}: {'listed' if case.pk in listed else 'missing'}")
            for url in (f"/cases/{case.pk}/", reverse("seals:use_form", args=[case.pk])):
                response = client.get(url)
                if response.status_code != (200 if expected else 404):
                    wrong.append(f"{name} {url} ({key}): {response.status_code}")
                if not expected and case.title.encode() in response.content:
                    wrong.append(f"{name} {url}: the 404 shows the title")
    assert not wrong, "\n".join(wrong)


def test_edit_page_is_the_authors_draft_only(people, seals, requests_world):
    draft, submitted = requests_world["draft"], requests_world["at_chief"]
    assert client_for(people.clerk).get(reverse("seals:use_edit", args=[draft.pk])).status_code == 200
    for name in ("colleague", "chief", "outsider", "director"):
        assert client_for(getattr(people, name)).get(reverse("seals:use_edit", args=[draft.pk])).status_code == 404, (
            name
        )
    assert client_for(people.colleague).get(reverse("seals:use_edit", args=[submitted.pk])).status_code == 403
    response = client_for(people.clerk).get(reverse("seals:use_edit", args=[submitted.pk]))
    assert response.status_code == 302


def test_a_keeper_or_leader_cannot_act_on_invisible_requests(people, seals, requests_world):
    """Guessing the stamp endpoint of an invisible request: 404 and nothing recorded."""
    case = requests_world["waiting"]
    for name in ("outsider", "other_chief", "sysadmin"):
        response = client_for(getattr(people, name)).post(
            reverse("seals:use_stamp", args=[case.pk]), {"copies": 1, "stamped_on": timezone.localdate()}
        )
        assert response.status_code == 404, name
    assert case.seal_use.stampings.count() == 0


def test_the_keepers_desk(people, seals, requests_world):
    response = client_for(seals.keeper).get(reverse("seals:desk"))
    assert response.status_code == 200
    waiting = [t.case_id for t in response.context["waiting"]]
    assert waiting == [requests_world["waiting"].pk, requests_world["lawyers_waiting"].pk]
    assert [s.request.case_id for s in response.context["stamped_today"]] == [requests_world["stamped"].pk]
    body = response.content.decode()
    assert "待用印：值班表" in body and "已用印：证明" in body and "登记用印" in body
    # the office chief sees the desk without the stamping button; others have no desk
    response = client_for(people.chief).get(reverse("seals:desk"))
    assert response.status_code == 200 and [t.case_id for t in response.context["waiting"]] == waiting
    assert 'name="copies"' not in response.content.decode()
    for name in ("clerk", "leader", "director", "outsider", "sysadmin", "auditor"):
        assert client_for(getattr(people, name)).get(reverse("seals:desk")).status_code == 403, name


def test_the_seal_register_per_persona(people, seals, bureau):
    lawyers_seal = Seal.objects.create(name="律师工作科印章", kind=SealKind.SECTION, owner_unit=bureau["lawyers"])
    services.store_impression(seals.official, png_upload())
    everything = {seals.official.pk, seals.signature.pk, lawyers_seal.pk}
    expected = {
        "keeper": everything,
        "chief": everything,
        "leader": everything,
        "director": everything,
        "other_leader": everything,
        "other_chief": {lawyers_seal.pk},
        "clerk": set(),
        "outsider": set(),
        "sysadmin": set(),
        "auditor": set(),
    }
    wrong = []
    for name, ids in expected.items():
        client = client_for(user_of(people, seals, name))
        listed = {s.pk for s in client.get(reverse("seals:register")).context["page"].object_list}
        if listed != ids:
            wrong.append(f"{name}: {sorted(listed)} != {sorted(ids)}")
        sheet = load_workbook(BytesIO(client.get(reverse("seals:register"), {"export": "xlsx"}).content)).active
        exported = {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)}
        if exported != set(Seal.objects.filter(pk__in=ids).values_list("name", flat=True)):
            wrong.append(f"{name}: exported {exported}")
        for seal in (seals.official, lawyers_seal):
            status = client.get(reverse("seals:seal_detail", args=[seal.pk])).status_code
            if status != (200 if seal.pk in ids else 404):
                wrong.append(f"{name} seal page {seal.name}: {status}")
        status = client.get(reverse("seals:impression", args=[seals.official.pk])).status_code
        if status != (200 if seals.official.pk in ids else 404):
            wrong.append(f"{name} impression: {status}")
    assert not wrong, "\n".join(wrong)
    assert AuditEvent.objects.filter(event="seal.impression_view").count() == sum(
        1 for ids in expected.values() if seals.official.pk in ids
    )


def test_use_register_rows_are_the_visible_rows(people, seals, requests_world):
    wrong = []
    for name in PERSONAS:
        client = client_for(user_of(people, seals, name))
        for params in ({}, {"status": "waiting"}, {"q": "通知"}):
            listed = sorted(
                r.case.title for r in client.get(reverse("seals:use_list"), params).context["page"].object_list
            )
            response = client.get(reverse("seals:use_list"), {**params, "export": "xlsx"})
            rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(min_row=2, values_only=True))
            exported = sorted(row[-1] for row in rows)
            if exported != listed:
                wrong.append(f"{name} {params}: exported {exported}, listed {listed}")
    assert not wrong, "\n".join(wrong)
    # the ledger shows the approvers and the copies stamped
    rows = load_workbook(BytesIO(client_for(seals.keeper).get("/seals/?export=xlsx").content)).active
    stamped = [
        row for row in rows.iter_rows(min_row=2, values_only=True) if row[-1] == requests_world["stamped"].title
    ][0]
    assert stamped[7:9] == (1, 1) and stamped[11] == "办公室主任、分管副局长"
    assert stamped[0] == requests_world["stamped"].number


def test_status_change_by_the_office_chief_or_keeper_only(people, seals):
    url = reverse("seals:seal_status", args=[seals.signature.pk])
    data = {"status": "retired", "on_date": timezone.localdate().isoformat(), "reason": "局长调任，签名章停用"}
    client_for(people.leader).post(url, data)
    seals.signature.refresh_from_db()
    assert seals.signature.status == Seal.Status.ACTIVE
    client_for(people.outsider).post(url, data)  # cannot see it: 404
    assert client_for(people.outsider).post(url, data).status_code == 404
    client_for(seals.keeper).post(url, data)
    seals.signature.refresh_from_db()
    assert seals.signature.status == Seal.Status.RETIRED and seals.signature.status_reason == "局长调任，签名章停用"
    assert seals.signature.history.count() == 2
    assert AuditEvent.objects.filter(event="seal.status", object_id=str(seals.signature.pk)).count() == 1
    # retired → active is not a legal move
    client_for(people.chief).post(url, {**data, "status": "active"})
    seals.signature.refresh_from_db()
    assert seals.signature.status == Seal.Status.RETIRED


# --- query counts -------------------------------------------------------------------------------------


def grow_requests(people, seals, n, start):
    for i in range(n):
        case = new_use(
            people.clerk if i % 2 else people.colleague,
            seals.official,
            copies=2,
            document_title=f"批量文件{start + i:04d}",
            submit=True,
        )
        approve_until_stamping(case)
        if i % 3 == 0:
            services.record_stamping(case.pk, seals.keeper, copies=1)


def grow_seals(people, seals, n, start, bureau):
    for i in range(n):
        Seal.objects.create(
            name=f"批量印章{start + i:04d}", kind=SealKind.SPECIAL, owner_unit=bureau["office"], keeper=seals.keeper
        )


def count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries), response


@pytest.mark.parametrize("viewer", ["keeper", "chief", "director"])
def test_list_pages_cost_the_same_with_more_rows(people, seals, bureau, viewer):
    client = client_for(user_of(people, seals, viewer))
    pages = [
        "/seals/",
        "/seals/?export=xlsx",
        "/seals/desk/",
        "/seals/register/",
        "/seals/register/?export=xlsx",
        "/seals/carving/",
    ]
    if viewer == "director":
        pages.remove("/seals/desk/")
    grow_requests(people, seals, 3, 0)
    grow_seals(people, seals, 3, 0, bureau)
    small = {url: count_queries(client, url)[0] for url in pages}
    grow_requests(people, seals, 12, 3)
    grow_seals(people, seals, 12, 3, bureau)
    large = {url: count_queries(client, url) for url in pages}
    assert SealUseRequest.objects.count() == 15
    for url in pages:
        assert large[url][0] == small[url], f"{url}: {small[url]} queries with few rows, {large[url][0]} with more"
    desk = large.get("/seals/desk/")
    if desk:
        assert len(desk[1].context["waiting"]) == 15  # the page really lists the extra rows
    assert large["/seals/"][1].context["page"].paginator.count == 15


def test_new_business_account_sees_nothing(people, seals, requests_world, bureau):
    newcomer = make_user("newcomer", bureau["jo_wenshao"], Rank.STAFF)
    client = client_for(newcomer)
    assert client.get(reverse("seals:use_list")).context["page"].paginator.count == 0
    assert client.get(reverse("seals:register")).context["page"].paginator.count == 0
    for case in requests_world.values():
        assert client.get(f"/cases/{case.pk}/").status_code == 404
