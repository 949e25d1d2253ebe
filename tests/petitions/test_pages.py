"""Pages: registration, masking per role with the audited reveal, default deny, print, export, query counts."""

from datetime import date
from io import BytesIO

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from apps.audit.models import AuditEvent
from apps.petitions.models import Petition
from tests.petitions.factories import ID_NUMBER, PHONE, new_petition, read_through

pytestmark = pytest.mark.django_db
REASON = "电话告知受理情况前核对号码"


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def reveal_url(case, field="phone"):
    return f"/privacy/reveal/petitions.petition/{Petition.objects.get(case=case).pk}/{field}/"


def test_it_registers_from_the_form_and_starts_the_clock(bureau, people):
    response = client_for(people.clerk).post(
        "/petitions/new/",
        {
            "channel": "visit",
            "received_on": "2026-09-20",
            "petitioner": "李四",
            "id_number": ID_NUMBER,
            "phone": PHONE,
            "address": "北京市朝阳区幸福路8号",
            "headcount": "1",
            "demands": "反映法律援助申请未获答复",
        },
    )
    petition = Petition.objects.get(petitioner="李四")
    assert response.status_code == 302 and response["Location"] == f"/cases/{petition.case_id}/"
    assert petition.case.due_date <= date(2026, 10, 8)
    assert petition.case.clocks.get(rule__code="petition-accept-notice").due_date == date(2026, 10, 8)


def test_lists_and_pages_mask_personal_data_for_every_role(bureau, people):
    case = new_petition(people.clerk)
    for user in (people.clerk, people.chief, people.leader, people.director):
        listing = client_for(user).get("/petitions/").content.decode()
        assert "张三" in listing and PHONE not in listing, user
        page = client_for(user).get(f"/cases/{case.pk}/").content.decode()
        assert PHONE not in page and ID_NUMBER not in page, user
    # The handler (registrar) gets the 查看 link; the leader who only reads does not.
    assert "pii-reveal" in client_for(people.clerk).get(f"/cases/{case.pk}/").content.decode()
    assert "pii-reveal" not in client_for(people.director).get(f"/cases/{case.pk}/").content.decode()


def test_the_handler_reveals_with_a_reason_and_it_is_audited(bureau, people):
    case = new_petition(people.clerk)
    shown = client_for(people.clerk).post(reveal_url(case), {"reason": REASON})
    assert shown.status_code == 200 and PHONE in shown.content.decode()
    event = AuditEvent.objects.get(event="pii.reveal", outcome="success")
    assert event.actor == people.clerk and event.detail["field"] == "phone"
    assert event.object_type == "petitions.Petition"


def test_readers_are_refused_the_full_value_and_outsiders_get_404(bureau, people):
    case = new_petition(people.clerk)
    for user in (people.colleague, people.director):
        response = client_for(user).post(reveal_url(case), {"reason": REASON})
        assert response.status_code == 403 and PHONE not in response.content.decode()
    assert AuditEvent.objects.filter(event="pii.reveal", outcome="denied").count() == 2
    outsider = client_for(people.outsider)
    assert outsider.post(reveal_url(case), {"reason": REASON}).status_code == 404
    assert outsider.get(f"/cases/{case.pk}/").status_code == 404
    assert outsider.get(f"/petitions/{case.pk}/print/receipt.pdf").status_code == 404
    assert "张三" not in outsider.get("/petitions/").content.decode()


def test_the_export_masks_personal_data(bureau, people):
    new_petition(people.clerk)
    response = client_for(people.clerk).get("/petitions/?export=xlsx")
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    cells = [str(c.value) for row in load_workbook(BytesIO(content)).active.iter_rows() for c in row if c.value]
    assert "张三" in cells and PHONE not in cells and ID_NUMBER not in cells
    assert any(c.startswith("138") and "*" in c for c in cells)


def test_the_forms_print_only_when_the_stage_allows(bureau, people):
    from apps.petitions import services

    case = read_through(new_petition(people.clerk), people)
    client = client_for(people.clerk)
    assert client.get(f"/petitions/{case.pk}/print/accept.pdf").status_code == 302  # not decided yet
    services.decide(case.pk, people.clerk, True, date(2026, 9, 28))
    for form in ("accept", "receipt"):
        response = client.get(f"/petitions/{case.pk}/print/{form}.pdf")
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf", form
    assert client.get(f"/petitions/{case.pk}/print/nothing.pdf").status_code == 404


def test_the_register_issues_a_constant_number_of_queries(bureau, people):
    client = client_for(people.chief)
    new_petition(people.clerk)
    client.get("/petitions/")
    with CaptureQueriesContext(connection) as one:
        client.get("/petitions/")
    for _ in range(4):
        new_petition(people.clerk, is_group=True, headcount=6)
    with CaptureQueriesContext(connection) as five:
        client.get("/petitions/")
    assert len(five) == len(one)
