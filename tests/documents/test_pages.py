"""The documents pages per persona: default deny in every list, search, count, export and PDF;
lists and the front desk cost the same number of queries with 5 rows as with 60."""

from datetime import timedelta
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from apps.documents.models import IncomingDocument, OutgoingDocument, Urgency
from apps.documents.processes import HANDLE, INCOMING, NUMBER, OUTGOING
from apps.numbering.models import NumberScheme
from apps.workflow.models import Case
from tests.documents.factories import draft, register, sign_all, to_handling

pytestmark = pytest.mark.django_db

OFFICE_TITLE = "办公室收文：关于报送年度统计数据的通知"
LAWYERS_TITLE = "律师科发文：关于律师事务所年度检查的通知"
SECRET_TITLE = "工作秘密收文：关于人事调整的通知"


@pytest.fixture
def docs(office, people):
    incoming = register(office, title=OFFICE_TITLE, source_org="市统计局", source_number="淄统函〔2026〕3号")
    secret = register(office, title=SECRET_TITLE, sensitivity=2)
    outgoing = draft(people.other_chief, title=LAWYERS_TITLE)
    return {"incoming": incoming, "secret": secret, "lawyers": outgoing}


# who may know each document exists (the engine's visible_to; these pages add nothing to it)
VISIBLE = {
    "incoming": {"receiver", "clerk", "colleague", "chief", "archivist", "leader", "director"},
    # 工作秘密: the office members cleared for it (the chief holds its 拟办), leaders; not 内部-cleared staff
    "secret": {"receiver", "chief", "leader", "director"},
    # the lawyers' chief drafted it (no review step for a chief): at the lawyers' division leader
    "lawyers": {"other_chief", "outsider", "other_leader", "director"},
}
TITLES = {"incoming": OFFICE_TITLE, "secret": SECRET_TITLE, "lawyers": LAWYERS_TITLE}
PERSONAS = [
    "receiver",
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


def user(people, office, name):
    return getattr(office, name) if name in ("receiver", "keeper") else getattr(people, name)


def test_default_deny_in_every_list_search_export_and_pdf(client, docs, office, people):
    wrong = []
    for name in PERSONAS:
        client.force_login(user(people, office, name))
        pages = {
            "desk": client.get(reverse("documents:desk")),
            "incoming": client.get(reverse("documents:incoming_list")),
            "outgoing": client.get(reverse("documents:outgoing_list")),
            "search": client.get(reverse("documents:search"), {"q": "通知"}),
        }
        for page, response in pages.items():
            assert response.status_code == 200, (name, page)
            body = response.content.decode()
            for key, title in TITLES.items():
                if (title in body) and name not in VISIBLE[key] and not (page == "outgoing" and key != "lawyers"):
                    wrong.append(f"{name} sees {key} on {page}")
        search = pages["search"].context
        counted = search["incoming"].paginator.count + search["outgoing"].paginator.count
        if counted != sum(name in VISIBLE[k] for k in TITLES):
            wrong.append(f"{name}: search counts {counted}")
        exported = []
        for register_url in (reverse("documents:incoming_list"), reverse("documents:outgoing_list")):
            sheet = load_workbook(BytesIO(client.get(register_url, {"export": "xlsx"}).content)).active
            exported += [
                row[4] if register_url.endswith("incoming/") else row[2]
                for row in sheet.iter_rows(min_row=2, values_only=True)
            ]
        if sorted(exported) != sorted(TITLES[k] for k in TITLES if name in VISIBLE[k]):
            wrong.append(f"{name}: exported {exported}")
        for key, case in docs.items():
            urls = [f"/cases/{case.pk}/"]
            urls.append(
                reverse(
                    "documents:incoming_slip" if case.process == INCOMING else "documents:outgoing_pdf", args=[case.pk]
                )
            )
            for url in urls:
                status = client.get(url).status_code
                if status != (200 if name in VISIBLE[key] else 404):
                    wrong.append(f"{name} GET {url} ({key}): {status}")
    assert not wrong, "\n".join(wrong)


def test_posts_on_invisible_documents_are_404_and_change_nothing(client, docs, office, people):
    client.force_login(people.outsider)
    case = docs["incoming"]
    task = case.tasks.get(status="pending")
    for name in ("incoming_plan", "incoming_assign", "incoming_reading"):
        response = client.post(reverse(f"documents:{name}", args=[case.pk]), {"task": task.pk, "opinion": "x"})
        assert response.status_code == 404, name
    for name in (
        "outgoing_number",
        "outgoing_seal_request",
        "outgoing_seal",
        "outgoing_print",
        "outgoing_recipients",
        "outgoing_distribute",
    ):
        response = client.post(reverse(f"documents:{name}", args=[case.pk]), {"task": task.pk})
        assert response.status_code == 404, name
    case.refresh_from_db()
    assert case.current_step == "plan"


def test_the_plan_form_is_the_chiefs_alone(client, docs, office, people):
    case = docs["incoming"]
    client.force_login(people.chief)
    assert "提交拟办意见" in client.get(case.get_absolute_url()).content.decode()
    client.force_login(people.clerk)
    body = client.get(case.get_absolute_url()).content.decode()
    assert "提交拟办意见" not in body
    task = case.tasks.get(status="pending")
    response = client.post(
        reverse("documents:incoming_plan", args=[case.pk]),
        {"task": task.pk, "handling": "action", "leaders": [people.leader.pk], "opinion": "越权拟办"},
    )
    assert response.status_code == 409 and "不是该待办的办理人" in response.content.decode()
    # the chief forgets the leaders: the page comes back with the reason and the typed opinion
    client.force_login(people.chief)
    response = client.post(
        reverse("documents:incoming_plan", args=[case.pk]),
        {"task": task.pk, "handling": "action", "opinion": "建议秘书科办理"},
    )
    assert response.status_code == 409 and "建议秘书科办理" in response.content.decode()
    case.refresh_from_db()
    assert case.current_step == "plan"


def test_the_desk_shows_todays_mail_the_plan_queue_and_overdue_transfers(client, office, people):
    overdue = to_handling(office, people, people.outsider.section, title="超期件：关于报送调解数据的通知")
    past = timezone.localdate() - timedelta(days=2)
    Case.objects.filter(pk=overdue.pk).update(due_date=past)
    waiting = register(office, title="待拟办件：关于普法考核的通知", urgency=Urgency.URGENT)
    client.force_login(office.receiver)
    response = client.get(reverse("documents:desk"))
    context = response.context
    assert [d.case_id for d in context["to_plan"]] == [waiting.pk]
    assert [d.case_id for d in context["overdue"]] == [overdue.pk]
    assert {d.case_id for d in context["received_today"]} == {waiting.pk, overdue.pk}
    assert "签收登记来文" in response.content.decode()


# --- query counts ---------------------------------------------------------------------------------


def bulk_documents(n, office, people, start):
    """n incoming documents at 承办 and n outgoing ones at 复核编号, created in bulk."""
    now = timezone.now()
    scheme = NumberScheme.objects.get(code="outgoing-bureau")
    cases = Case.objects.bulk_create(
        [
            Case(
                process=INCOMING,
                title=f"批量收文{start + i:04d}",
                section=office.receiver.section,
                initiator=office.receiver,
                status=Case.Status.ACTIVE,
                current_step=HANDLE,
                current_step_label="承办",
                submitted_at=now,
                due_date=timezone.localdate() - timedelta(days=i % 3),
            )
            for i in range(n)
        ]
        + [
            Case(
                process=OUTGOING,
                title=f"批量发文{start + i:04d}",
                section=people.clerk.section,
                initiator=people.clerk,
                status=Case.Status.ACTIVE,
                current_step=NUMBER,
                current_step_label="复核编号",
                submitted_at=now,
            )
            for i in range(n)
        ]
    )
    IncomingDocument.objects.bulk_create(
        [
            IncomingDocument(
                case=case,
                receipt_year=2026,
                receipt_seq=start + i + 1,
                receipt_number=f"收〔2026〕{start + i + 1:03d}",
                received_by=office.receiver,
                source_org="市司法局",
                lead_section=people.outsider.section,
            )
            for i, case in enumerate(cases[:n])
        ]
    )
    OutgoingDocument.objects.bulk_create(
        [OutgoingDocument(case=case, body="正文", scheme=scheme, signer=people.director) for case in cases[n:]]
    )


@pytest.mark.parametrize(
    "url, params",
    [
        ("documents:desk", {}),
        ("documents:incoming_list", {}),
        ("documents:outgoing_list", {}),
        ("documents:search", {"q": "批量"}),
        ("documents:incoming_list", {"export": "xlsx"}),
        ("documents:outgoing_list", {"export": "xlsx"}),
    ],
)
def test_lists_cost_the_same_queries_whatever_the_rows(client, office, people, url, params):
    client.force_login(office.receiver)
    counts = []
    made = 0
    for n in (5, 55):
        bulk_documents(n, office, people, made)
        made += n
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse(url), params)
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], f"{url} {params}: {counts[0]} queries with 5 rows, {counts[1]} with 60"


def test_the_case_page_of_a_document_in_distribution(client, office, people):
    """The full route on one page: each step, its people and opinions, the distribution list."""
    case = sign_all(draft(people.clerk, title="全程页：关于开展法治宣传的通知"))
    client.force_login(office.receiver)
    body = client.get(case.get_absolute_url()).content.decode()
    for words in ("科室负责人核稿", "分管领导审核", "局长签发", "复核编号", "编号登记", "分管领导审核：同意。"):
        assert words in body, words
