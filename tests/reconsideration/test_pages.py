"""Pages: who sees what (the section, its division leader, the director; nobody else, not even
counts), masking with the audited reveal, the forms through the case page, prints, exports and
the lists' query counts."""

from datetime import date
from io import BytesIO

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from apps.audit.models import AuditEvent
from apps.reconsideration import services
from apps.reconsideration.models import ReconCase
from tests.reconsideration.factories import ID_NUMBER, PHONE, approve_decision, new_answer, new_case, new_lawsuit

pytestmark = pytest.mark.django_db
REASON = "电话通知申请人补正前核对号码"


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def reveal_url(case, field="phone"):
    return f"/privacy/reveal/reconsideration.reconcase/{ReconCase.objects.get(case=case).pk}/{field}/"


def test_the_section_its_leader_and_the_director_see_it_others_see_nothing(bureau, recon):
    case = new_case(recon, received_on=date(2026, 11, 30))
    new_lawsuit(recon, served_on=date(2026, 11, 30))
    for user in (recon.clerk, recon.chief, recon.leader, recon.director):
        assert "王某" in client_for(user).get("/reconsideration/").content.decode(), user
        assert client_for(user).get(f"/cases/{case.pk}/").status_code == 200, user
        assert "赵某" in client_for(user).get("/reconsideration/lawsuits/").content.decode(), user
    for user in (recon.office_clerk, recon.office_chief, recon.outsider):
        client = client_for(user)
        assert "王某" not in client.get("/reconsideration/").content.decode()
        assert "赵某" not in client.get("/reconsideration/lawsuits/").content.decode()
        assert client.get(f"/cases/{case.pk}/").status_code == 404
        assert client.get(f"/reconsideration/{case.pk}/print/receipt.pdf").status_code == 404
        assert client.get("/reconsideration/staff/").status_code == 403
        assert client.get("/reconsideration/committee/").status_code == 403
        assert client.get("/reconsideration/stats/?year=2026").status_code == 403
        assert client.get("/reconsideration/stats/?year=2026&export=xlsx").status_code == 403
    assert (
        "收到申请</dt><dd>1 件" in client_for(recon.director).get("/reconsideration/stats/?year=2026").content.decode()
    )


def test_personal_data_is_masked_and_only_the_handlers_reveal_it_audited(bureau, recon):
    case = new_case(recon, received_on=date(2026, 11, 30))
    for user in (recon.clerk, recon.colleague, recon.chief, recon.director):
        page = client_for(user).get(f"/cases/{case.pk}/").content.decode()
        assert PHONE not in page and ID_NUMBER not in page, user
        assert "本局角色：复议机构" in page
    assert "pii-reveal" in client_for(recon.colleague).get(f"/cases/{case.pk}/").content.decode()
    assert "pii-reveal" not in client_for(recon.chief).get(f"/cases/{case.pk}/").content.decode()
    shown = client_for(recon.colleague).post(reveal_url(case), {"reason": REASON})
    assert shown.status_code == 200 and PHONE in shown.content.decode()
    assert AuditEvent.objects.get(event="pii.reveal", outcome="success").actor == recon.colleague
    assert client_for(recon.chief).post(reveal_url(case), {"reason": REASON}).status_code == 403
    assert client_for(recon.outsider).post(reveal_url(case), {"reason": REASON}).status_code == 404
    response = client_for(recon.clerk).get("/reconsideration/?export=xlsx")
    content = b"".join(response.streaming_content) if response.streaming else response.content
    cells = [str(c.value) for row in load_workbook(BytesIO(content)).active.iter_rows() for c in row if c.value]
    assert "王某" in cells and PHONE not in cells


def test_registration_through_the_form_and_the_step_forms_on_the_case_page(bureau, recon):
    client = client_for(recon.clerk)
    assert client_for(recon.office_clerk).get("/reconsideration/new/").status_code == 403
    form = client.get("/reconsideration/new/")
    assert form.status_code == 200
    from tests.reconsideration.factories import department

    response = client.post(
        "/reconsideration/new/",
        {
            "applicant": "钱某",
            "applicant_kind": "natural",
            "phone": PHONE,
            "respondent": department().pk,
            "act": "罚款决定",
            "act_type": "penalty",
            "act_on": "2026-11-01",
            "known_on": "2026-11-02",
            "remedy_told": "on",
            "request": "撤销",
            "channel": "written",
            "received_on": "2026-11-30",
            "handler2": recon.colleague.pk,
        },
    )
    r = ReconCase.objects.get(applicant="钱某")
    assert response.status_code == 302 and response["Location"] == f"/cases/{r.case_id}/"
    page = client.get(f"/cases/{r.case_id}/").content.decode()
    assert "决定受理" in page and "申请期限" in page
    bad = client.post(f"/reconsideration/{r.case_id}/accept", {"on_date": "2026-11-30", "track": "nonsense"})
    assert bad.status_code == 409
    ok = client.post(f"/reconsideration/{r.case_id}/accept", {"on_date": "2026-11-30", "track": "ordinary"})
    assert ok.status_code == 302
    r.refresh_from_db()
    assert r.accepted_on == date(2026, 11, 30)
    again = client.post(f"/reconsideration/{r.case_id}/accept", {"on_date": "2026-11-30", "track": "ordinary"})
    assert again.status_code == 409  # a double submit is refused with the reason
    assert client.get(f"/reconsideration/{r.case_id}/print/accept.pdf")["Content-Type"] == "application/pdf"


def test_the_prints_of_a_decided_case(bureau, recon):
    case = new_case(recon, received_on=date(2026, 10, 12))
    p = recon
    services.accept(case.pk, p.clerk, date(2026, 10, 12), "ordinary")
    services.send_copy(case.pk, p.clerk, date(2026, 10, 13), date(2026, 10, 14))
    services.pause(case.pk, p.clerk, date(2026, 10, 20), "5", "申请人住院")
    services.resume(case.pk, p.clerk, date(2026, 10, 27), "已出院")
    services.extend(case.pk, p.clerk, 10, "情况复杂", p.chief)
    services.draft_decision(case.pk, p.clerk, "maintain", "事实清楚。", date(2026, 11, 20))
    approve_decision(case, p)
    services.serve(case.pk, p.clerk, date(2026, 11, 25), date(2026, 11, 26))
    client = client_for(p.clerk)
    for form in ("accept", "answer_notice", "pause", "resume", "extension", "decision", "receipt"):
        response = client.get(f"/reconsideration/{case.pk}/print/{form}.pdf")
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf", form
    assert client.get(f"/reconsideration/{case.pk}/print/hearing.pdf").status_code == 302  # no hearing held


def test_the_lists_issue_a_constant_number_of_queries(bureau, recon):
    client = client_for(recon.chief)
    new_case(recon, received_on=date(2026, 11, 30))
    new_answer(recon, received_on=date(2026, 11, 30))
    new_lawsuit(recon, served_on=date(2026, 11, 30))
    counts = {}
    for url in ("/reconsideration/", "/reconsideration/answers/", "/reconsideration/lawsuits/"):
        client.get(url)
        with CaptureQueriesContext(connection) as one:
            client.get(url)
        counts[url] = len(one)
    for _ in range(3):
        new_case(recon, received_on=date(2026, 11, 30))
        new_answer(recon, received_on=date(2026, 11, 30))
        new_lawsuit(recon, served_on=date(2026, 11, 30))
    for url, n in counts.items():
        with CaptureQueriesContext(connection) as four:
            client.get(url)
        assert len(four) == n, url
