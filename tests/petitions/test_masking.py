"""Personal data per role: who sees it masked, who may unmask it on the case page (audited),
on the case page, the register, its search, the Excel export and every print."""

import re
import subprocess
from datetime import date
from io import BytesIO

import pytest
from django.test import Client
from openpyxl import load_workbook

from apps.audit.models import AuditEvent
from apps.petitions import services
from apps.petitions.models import Petition
from apps.workflow import services as engine
from apps.workflow.models import Task
from tests.petitions.factories import ADDRESS, ID_NUMBER, PHONE, answered_by_judicial_office, new_petition, read_through

pytestmark = pytest.mark.django_db
FULL = (ID_NUMBER, PHONE, "幸福路8号3单元201")
REASON = "电话告知受理情况前核对号码"
# who may unmask: the registrar and whoever holds or held the 受理与办理 step (here: the
# colleague it was 转送 to); the 呈阅 readers, leaders and other staff see masked values only
REVEAL = {
    "clerk": 200,
    "colleague": 200,
    "chief": 403,
    "leader": 403,
    "director": 403,
    "archivist": 403,
    "outsider": 404,
    "sysadmin": 404,
    "secadmin": 404,
    "auditor": 404,
}


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def body(response):
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def pdf_text(data):
    """The PDF's text with line breaks and spaces removed (a date may wrap across lines)."""
    text = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True).stdout.decode()
    return re.sub(r"\s+", "", text)


def no_full_value(text):
    return not any(v in text for v in FULL) and not re.search(r"\d{17}[\dXx]", text)


@pytest.fixture
def answered(bureau, people):
    case = read_through(new_petition(people.clerk), people)
    task = Task.objects.get(case=case, step="handle", status=Task.Status.PENDING)
    engine.transfer(case.pk, task.pk, people.clerk, people.colleague, "请同事承办")
    services.decide(case.pk, people.colleague, True, date(2026, 9, 28))
    services.extend(case.pk, people.colleague, 10, "需调查核实", people.director)
    services.answer(case.pk, people.colleague, "经调解，双方达成协议。", date(2026, 11, 20))
    return case


def test_every_role_sees_masked_values_on_every_page_and_export(answered, people):
    case = answered
    for name in REVEAL:
        user = getattr(people, name)
        client = client_for(user)
        for url in ("/petitions/", "/petitions/?q=张三", "/petitions/?q=调解", f"/cases/{case.pk}/"):
            response = client.get(url)
            assert response.status_code in (200, 404), (name, url)
            assert no_full_value(body(response).decode()), (name, url)
        export = client.get("/petitions/?export=xlsx")
        cells = " ".join(
            str(c.value) for row in load_workbook(BytesIO(body(export))).active.iter_rows() for c in row if c.value
        )
        assert no_full_value(cells), name
        assert ("张三" in cells) == (REVEAL[name] in (200, 403)), name  # the register lists what the user may see


def test_every_print_masks_personal_data(answered, people, bureau):
    for form in ("accept", "extension", "answer", "receipt"):
        response = client_for(people.colleague).get(f"/petitions/{answered.pk}/print/{form}.pdf")
        assert response.status_code == 200, form
        text = pdf_text(body(response))
        assert "张三" in text and no_full_value(text), form
        if form == "accept":  # accepted Mon 28 Sept + 60 days = Fri 27 Nov, as on the day (not the extended 7 Dec)
            assert "2026年11月27日" in text and "2026年12月7日" not in text
        if form == "extension":
            assert "2026年12月7日" in text
    # 复查 is the bureau's for an answer given by a judicial office (信访工作条例 §35).
    by_office = answered_by_judicial_office(bureau, people)
    review = services.request_review(by_office.pk, people.clerk, {"received_on": date(2026, 11, 25), "demands": "不服"})
    services.accept_review(review.pk, people.clerk, date(2026, 11, 26))
    services.review_opinion(review.pk, people.clerk, "维持原处理意见。", date(2026, 12, 1))
    for form in ("review", "receipt"):
        text = pdf_text(body(client_for(people.clerk).get(f"/petitions/{review.pk}/print/{form}.pdf")))
        assert "张三" in text and no_full_value(text), form
    declined = read_through(new_petition(people.clerk), people)
    services.decide(declined.pk, people.clerk, False, date(2026, 9, 28), "属诉讼程序，告知向人民法院起诉")
    text = pdf_text(body(client_for(people.clerk).get(f"/petitions/{declined.pk}/print/decline.pdf")))
    assert "不予受理" in text and no_full_value(text)


def test_only_handlers_unmask_on_the_case_page_and_each_view_is_audited(answered, people):
    petition = Petition.objects.get(case=answered)
    links = {
        name: "pii-reveal" in body(client_for(getattr(people, name)).get(f"/cases/{answered.pk}/")).decode()
        for name in ("clerk", "colleague", "chief", "leader", "director", "archivist")
    }
    assert links == {
        "clerk": True,
        "colleague": True,
        "chief": False,
        "leader": False,
        "director": False,
        "archivist": False,
    }
    for name, expected in REVEAL.items():
        for field, value in (("id_number", ID_NUMBER), ("phone", PHONE), ("address", ADDRESS)):
            url = f"/privacy/reveal/petitions.petition/{petition.pk}/{field}/"
            response = client_for(getattr(people, name)).post(url, {"reason": REASON})
            assert response.status_code == expected, (name, field)
            assert (value in body(response).decode()) == (expected == 200), (name, field)
    events = AuditEvent.objects.filter(event="pii.reveal", object_id=str(petition.pk))
    assert events.filter(outcome="success").count() == 2 * 3  # clerk and colleague, three fields each
    assert set(events.filter(outcome="success").values_list("actor__username", flat=True)) == {"clerk", "colleague"}
    assert events.filter(outcome="denied").count() == 4 * 3  # chief, leader, director, archivist
    assert all(ID_NUMBER not in str(e.detail) and PHONE not in str(e.detail) for e in events)
