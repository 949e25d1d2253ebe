"""The pages: who sees what (the section, its division leader and the director; every staff
member the public list of enforcement bodies), the case page's forms, prints, Excel registers and
constant query counts."""

from datetime import date

import pytest
from django.test import Client

from apps.enforcement import services
from apps.enforcement.models import BodyKind, Complaint, Finding
from tests.enforcement.factories import issued_certificate, new_complaint, to_followup, unit

pytestmark = pytest.mark.django_db


def client(user):
    c = Client()
    c.force_login(user)
    return c


def body(clerk, code="dept_market"):
    return services.save_body(
        clerk,
        {
            "unit": unit(code),
            "kind": BodyKind.STATUTORY,
            "functions": "行政处罚",
            "legal_basis": "《中华人民共和国行政处罚法》",
            "confirmed_on": date(2026, 9, 1),
        },
    )


def test_the_public_list_is_everyones_the_registers_are_the_sections(enf, people, today):
    today.set(date(2026, 10, 20))
    body(enf.clerk)
    to_followup(enf, Finding.OPINION)
    issued_certificate(enf.clerk, issued_on=date(2026, 10, 9), applied_on=date(2026, 9, 1))
    for user in (people.clerk, people.outsider, people.leader, enf.clerk, enf.leader, people.director):
        assert "区市场监督管理局" in client(user).get("/enforcement/bodies/").content.decode()
    for url in (
        "/enforcement/complaints/",
        "/enforcement/certificates/",
        "/enforcement/disputes/",
        "/enforcement/figures/",
        "/enforcement/certificates/?export=xlsx",
    ):
        for user in (people.clerk, people.outsider, people.leader, people.chief):
            assert client(user).get(url).status_code == 403, (url, user)
        for user in (enf.clerk, enf.chief, enf.leader, people.director):
            assert client(user).get(url).status_code == 200, (url, user)
    # a section leader and the director see but do not keep the registers
    assert client(enf.leader).get("/enforcement/certificates/new/").status_code == 403
    assert client(people.director).get("/enforcement/complaints/new/").status_code == 403
    assert client(enf.colleague).get("/enforcement/complaints/new/").status_code == 200


def test_personal_data_is_masked_except_for_the_sections_staff(enf, people, today):
    today.set(date(2026, 10, 20))
    cert = issued_certificate(enf.clerk, issued_on=date(2026, 10, 9), applied_on=date(2026, 9, 1))
    page = client(enf.colleague).get(f"/enforcement/certificates/{cert.pk}/").content.decode()
    assert "370305198301127530" not in page and "pii-reveal" in page
    page = client(people.director).get(f"/enforcement/certificates/{cert.pk}/").content.decode()
    assert "370305198301127530" not in page and "pii-reveal" not in page
    assert client(people.outsider).get(f"/enforcement/certificates/{cert.pk}/").status_code == 404


def test_the_case_page_offers_the_step_forms_and_posts_through_them(enf, today):
    today.set(date(2026, 9, 29))
    case = new_complaint(enf.clerk)
    c = client(enf.clerk)
    page = c.get(f"/cases/{case.pk}/").content.decode()
    assert "立案调查" in page and "不予立案" in page and "2026-10-08" in page
    # another member of the section sees the case but holds no step
    assert "立案调查</button>" not in client(enf.colleague).get(f"/cases/{case.pk}/").content.decode()
    response = c.post(f"/enforcement/complaints/{case.pk}/accept", {"on_date": "2026-09-29", "version": case.version})
    assert response.status_code == 302
    response = c.post(f"/enforcement/complaints/{case.pk}/accept", {"on_date": "2026-09-29", "version": case.version})
    assert response.status_code == 409  # the second click: stale page
    response = c.post(
        f"/enforcement/complaints/{case.pk}/propose",
        {"findings": "x", "finding": "decision", "decision_kind": "", "proposal": "y", "on_date": "2026-09-29"},
    )
    assert response.status_code == 409 and "处理决定的种类" in response.content.decode()


def test_prints(enf, today):
    today.set(date(2026, 10, 20))
    case = to_followup(enf, Finding.DECISION)
    c = client(enf.clerk)
    for form in ("approval", "document"):
        response = c.get(f"/enforcement/complaints/{case.pk}/print/{form}.pdf")
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    fresh = new_complaint(enf.clerk)
    assert c.get(f"/enforcement/complaints/{fresh.pk}/print/document.pdf").status_code == 302


def test_lists_and_exports_use_a_constant_number_of_queries(enf, today, django_assert_max_num_queries):
    today.set(date(2026, 10, 20))
    c = client(enf.clerk)
    body(enf.clerk)
    to_followup(enf, Finding.OPINION)
    issued_certificate(enf.clerk, issued_on=date(2026, 10, 9), applied_on=date(2026, 9, 1))
    services.register_dispute(enf.clerk, "争议零", unit("dept_water"), [unit("dept_market")], date(2026, 10, 9), "情况")
    urls = [
        "/enforcement/bodies/",
        "/enforcement/complaints/",
        "/enforcement/certificates/",
        "/enforcement/disputes/",
        "/enforcement/reviews/",
        "/enforcement/checks/",
        "/enforcement/complaints/?export=xlsx",
        "/enforcement/certificates/?export=xlsx",
        "/enforcement/bodies/?export=xlsx",
    ]
    counts = {}
    for url in urls:
        c.get(url)  # warm caches
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert c.get(url).status_code == 200
        counts[url] = len(ctx)
    for code in ("dept_urban", "dept_health", "dept_education"):
        body(enf.clerk, code)
    for n in range(2, 6):
        to_followup(enf, Finding.OPINION)
        issued_certificate(enf.clerk, number=f"SD-ZF-10{n}", issued_on=date(2026, 10, 9), applied_on=date(2026, 9, 1))
    services.register_dispute(enf.clerk, "争议", unit("dept_urban"), [unit("dept_market")], date(2026, 10, 9), "情况")
    services.register_dispute(
        enf.clerk, "争议二", unit("dept_health"), [unit("dept_market"), unit("dept_urban")], date(2026, 10, 9), "情况"
    )
    assert Complaint.objects.count() == 5
    for url in urls:
        with django_assert_max_num_queries(counts[url]):
            assert c.get(url).status_code == 200


def test_the_certificate_register_shows_dates_with_their_year(enf, today):
    """A certificate runs for years: a review due next October and an expiry in 2030 must not
    read as "10-09" and "10-08" in the register, on its page or in the Excel."""
    today.set(date(2026, 10, 20))
    cert = issued_certificate(enf.clerk, issued_on=date(2026, 10, 9), applied_on=date(2026, 9, 1))
    page = client(enf.clerk).get("/enforcement/certificates/").content.decode()
    assert "2027-10-09" in page and "2030-10-08" in page  # next annual review, expiry
    detail = client(enf.clerk).get(f"/enforcement/certificates/{cert.pk}/").content.decode()
    assert "2027-10-09" in detail and "2030-10-08" in detail
    from io import BytesIO

    from openpyxl import load_workbook

    response = client(enf.clerk).get("/enforcement/certificates/?export=xlsx")
    sheet = load_workbook(
        BytesIO(b"".join(response.streaming_content if response.streaming else [response.content]))
    ).active
    rows = list(sheet.iter_rows(values_only=True))
    header = next(r for r in rows if r and "有效期至" in r)
    data = rows[rows.index(header) + 1]
    expires = data[header.index("有效期至")]
    assert (expires.year, expires.month, expires.day) == (2030, 10, 8)
    assert sheet.cell(row=rows.index(header) + 2, column=header.index("有效期至") + 1).number_format == "yyyy-mm-dd"
