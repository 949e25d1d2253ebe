"""The finance pages: forms, who sees what (default deny), the case-page actions, the printed
forms, the registers and their Excel export, and constant query counts."""

from datetime import timedelta
from decimal import Decimal
from io import BytesIO

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from apps.finance.advances.processes import ADVANCE
from apps.finance.claims.processes import CLAIM
from apps.finance.models import Advance, Claim, ClaimItem
from apps.workflow.models import Case, Task
from tests.finance.factories import add_record, approve_all, item, new_advance, new_claim, pdf_upload

pytestmark = pytest.mark.django_db


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def item_post(rows, initial=0):
    data = {
        "items-TOTAL_FORMS": str(len(rows)),
        "items-INITIAL_FORMS": str(initial),
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "50",
    }
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"items-{index}-{key}"] = value
    return data


def row(amount, days_ago=1, **extra):
    return {
        "spent_on": (timezone.localdate() - timedelta(days=days_ago)).isoformat(),
        "category": "office",
        "description": "打印纸",
        "invoices": "1",
        "amount": amount,
        **extra,
    }


def test_the_form_saves_a_draft_with_its_items_and_submits_it(people, posts):
    client = client_for(people.clerk)
    assert client.get("/finance/claims/new/").status_code == 200
    data = {
        "kind": "general",
        "purpose": "购买打印纸",
        "witness": people.colleague.pk,
        "attachments": pdf_upload(),
        **item_post([row("120.50"), row("79.50"), {"spent_on": "", "amount": "", "invoices": "1"}]),
        "submit": "1",
    }
    response = client.post("/finance/claims/new/", data)
    assert response.status_code == 302, response.context["items"].errors
    claim = Claim.objects.get(purpose="购买打印纸")
    assert response.status_code == 302 and response["Location"] == f"/cases/{claim.case_id}/"
    assert claim.amount == Decimal("200.00") and claim.items.count() == 2
    assert claim.case.status == Case.Status.ACTIVE and claim.case.is_confidential


def test_a_bad_row_keeps_what_was_typed(people, posts):
    client = client_for(people.clerk)
    data = {
        "kind": "general",
        "purpose": "购买硒鼓",
        "witness": people.colleague.pk,
        **item_post([row("abc"), row("30.00", days_ago=-3)]),
        "submit": "1",
    }
    response = client.post("/finance/claims/new/", data)
    html = response.content.decode()
    assert response.status_code == 200 and not Claim.objects.exists()
    assert "购买硒鼓" in html and 'value="abc"' in html and "费用发生日期不能晚于今天" in html


def test_a_refused_submission_keeps_the_draft_and_says_why(people, posts):
    client = client_for(people.clerk)
    data = {
        "kind": "general",
        "purpose": "购买硒鼓",
        "witness": people.colleague.pk,
        **item_post([row("30.00")]),
        "submit": "1",
    }
    response = client.post("/finance/claims/new/", data, follow=True)
    assert "请上传发票" in response.content.decode()


def test_claimants_see_their_own_and_the_route_what_it_handles(people, posts):
    case = new_claim(people.clerk, people.colleague, submit=True)
    answers = {}
    for name in ("clerk", "colleague", "archivist", "outsider", "leader", "director"):
        client = client_for(getattr(people, name))
        listed = [c.case_id for c in client.get("/finance/claims/").context["page"]]
        answers[name] = (case.pk in listed, client.get(f"/cases/{case.pk}/").status_code)
    assert answers == {
        "clerk": (True, 200),  # the claimant
        "colleague": (True, 200),  # the witness, who holds the first step
        "archivist": (False, 404),  # a colleague in the same section, not on the route
        "outsider": (False, 404),
        "leader": (False, 404),  # the division leader, not reached yet
        "director": (False, 404),
    }
    approve_all(case)
    assert client_for(people.leader).get(f"/cases/{case.pk}/").status_code == 200
    assert client_for(posts.cashier).get(f"/cases/{case.pk}/").status_code == 200


def test_the_cashier_pays_on_the_case_page_once_the_record_is_there(people, posts):
    case = new_claim(people.clerk, people.colleague, items=[item("6000.00")], submit=True)
    approve_all(case)
    cashier = client_for(posts.cashier)
    page = cashier.get(f"/cases/{case.pk}/").content.decode()
    assert "登记付款" in page and "尚未登记" in page
    assert f"/cases/{case.pk}/tasks/" not in page.split("财务付款")[-1].split("退回")[0]  # no generic 办结 form
    pay = {"paid_on": timezone.localdate().isoformat(), "pay_method": "transfer", "voucher_no": "记-1"}
    response = cashier.post(f"/finance/claims/{case.pk}/pay", pay, follow=True)
    assert "须经局领导班子集体研究决定" in response.content.decode()
    record = {
        "kind": "collective",
        "meeting": "局长办公会议",
        "held_on": timezone.localdate().isoformat(),
        "minutes_ref": "纪要3号",
        "minutes": pdf_upload("纪要.pdf"),
    }
    response = cashier.post(f"/finance/cases/{case.pk}/decisions", record, follow=True)
    assert "集体决策记录已登记" in response.content.decode()
    response = cashier.post(f"/finance/claims/{case.pk}/pay", pay, follow=True)
    assert "已登记付款" in response.content.decode()
    assert Case.objects.get(pk=case.pk).status == Case.Status.CLOSED


def test_outsiders_cannot_act_on_a_claim(people, posts):
    case = new_claim(people.clerk, people.colleague, items=[item("6000.00")], submit=True)
    outsider = client_for(people.outsider)
    assert outsider.post(f"/finance/claims/{case.pk}/pay", {}).status_code == 404
    assert outsider.post(f"/finance/cases/{case.pk}/decisions", {}).status_code == 404
    assert not case.decision_records.exists()


def test_printed_forms(people, posts):
    claim_case = new_claim(people.clerk, people.colleague, items=[item("6000.00")], submit=True)
    approve_all(claim_case)
    add_record(claim_case, posts.cashier)
    advance_case = new_advance(people.clerk, submit=True)
    clerk = client_for(people.clerk)
    for url in (f"/finance/claims/{claim_case.pk}/form.pdf", f"/finance/advances/{advance_case.pk}/form.pdf"):
        response = clerk.get(url)
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")
        assert client_for(people.outsider).get(url).status_code == 404
    assert clerk.get(f"/finance/claims/{advance_case.pk}/form.pdf").status_code == 404


def test_claims_register_exports_the_filtered_rows(people, posts):
    late = new_claim(
        people.clerk, people.colleague, items=[item("88.00", days_ago=12)], submit=True, purpose="迟交的报销"
    )
    new_claim(people.clerk, people.colleague, items=[item("66.00")], submit=True, purpose="按时的报销")
    client = client_for(people.clerk)
    listing = client.get("/finance/claims/", {"flag": "late"})
    assert [c.case_id for c in listing.context["page"]] == [late.pk]
    assert "逾期报销" in listing.content.decode()
    sheet = load_workbook(BytesIO(client.get("/finance/claims/", {"flag": "late", "export": "xlsx"}).content)).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 1 and rows[0][0] == "迟交的报销" and rows[0][4] == 88
    assert rows[0][8].startswith("是（第 12 天）")


# --- query counts ------------------------------------------------------------------------------


def bulk_claims(people, n, start):
    office = people.clerk.section
    cases = Case.objects.bulk_create(
        [
            Case(
                process=CLAIM,
                title=f"报销{start + i}",
                section=office,
                initiator=people.clerk,
                status=Case.Status.ACTIVE,
                is_confidential=True,
                current_step="pay",
                current_step_label="财务付款",
                submitted_at=timezone.now(),
            )
            for i in range(n)
        ]
    )
    claims = Claim.objects.bulk_create(
        [
            Claim(
                case=c,
                purpose=c.title,
                witness=people.colleague,
                amount=Decimal("100.00"),
                first_spent_on=timezone.localdate(),
                filed_on=timezone.localdate(),
            )
            for c in cases
        ]
    )
    ClaimItem.objects.bulk_create(
        [
            ClaimItem(
                claim=c,
                seq=1,
                spent_on=timezone.localdate(),
                category="office",
                description="纸",
                amount=Decimal("100"),
            )
            for c in claims
        ]
    )
    return cases


def bulk_advances(people, n, start, cashier):
    office = people.clerk.section
    cases = Case.objects.bulk_create(
        [
            Case(
                process=ADVANCE,
                title=f"借款{start + i}",
                section=office,
                initiator=people.clerk,
                status=Case.Status.ACTIVE,
                is_confidential=True,
                current_step="settle",
                current_step_label="返回报账",
                submitted_at=timezone.now(),
            )
            for i in range(n)
        ]
    )
    today = timezone.localdate()
    Advance.objects.bulk_create(
        [
            Advance(
                case=c,
                purpose=c.title,
                amount=Decimal("1000.00"),
                expected_return_on=today - timedelta(days=30),
                disbursed_on=today - timedelta(days=35),
                settle_by=today - timedelta(days=20),
            )
            for c in cases
        ]
    )
    Task.objects.bulk_create(
        [
            Task(
                case=c,
                step="disburse",
                step_label="财务付款",
                kind=Task.Kind.HANDLE,
                assignee=cashier,
                status=Task.Status.DONE,
                acted_by=cashier,
            )
            for c in cases
        ]
    )
    return cases


def measure(client, url, params=None):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(queries), response


@pytest.mark.parametrize("who", ["clerk", "cashier"])
def test_lists_and_exports_cost_the_same_with_more_rows(people, posts, who):
    user = posts.cashier if who == "cashier" else people.clerk
    client = client_for(user)
    counts = {}
    for n, start in ((2, 0), (12, 100)):
        bulk_claims(people, n, start)
        bulk_advances(people, n, start, posts.cashier)
        for url, params in (
            ("/finance/claims/", {}),
            ("/finance/claims/", {"export": "xlsx"}),
            ("/finance/advances/", {}),
            ("/finance/advances/", {"flag": "overdue", "export": "xlsx"}),
        ):
            counts.setdefault((url, str(params)), []).append(measure(client, url, params)[0])
    for key, (small, large) in counts.items():
        assert small == large, f"{key}: {small} queries with fewer rows, {large} with more"
    if who == "clerk":
        listing = client.get("/finance/advances/")
        assert listing.context["page"].paginator.count == 14 and "逾期 20 日" in listing.content.decode()
