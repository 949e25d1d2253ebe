"""Excel exports: personal data masked by default; in full only for the requester's handled
rows, for a stated purpose, after a fresh password, capped and audited. No formula cells."""

import zipfile
from io import BytesIO

import pytest
from django.test import Client
from openpyxl import load_workbook

from apps.accounts import sessions
from apps.audit.models import AuditEvent
from apps.printing.exports import Column, build_job, write_xlsx
from apps.printing.models import ExportJob
from apps.privacy.values import PersonalValue
from tests.privacy.conftest import FULL_ID
from tests.privacy.factories import LI, PHONE, ZHANG, new_visit

pytestmark = pytest.mark.django_db
PURPOSE = "向市司法局报送来访人回访名单"


@pytest.fixture(autouse=True)
def visitor_urls(settings):
    settings.ROOT_URLCONF = "tests.privacy_app.urls"


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def cells(content):
    book = load_workbook(BytesIO(content))
    return [str(v) for sheet in book for row in sheet.iter_rows(values_only=True) for v in row if v is not None]


def test_the_register_export_is_masked_for_everyone(people, visit):
    for user in (people.clerk, people.chief, people.director):
        response = client_for(user).get("/test-visitors/?export=xlsx")
        values = cells(response.content)
        assert ZHANG[:4] + "*" * 10 + ZHANG[-4:] in values, user
        assert not any(FULL_ID.search(v) for v in values) and PHONE not in values


def test_a_background_export_is_masked_too(people, visit, settings):
    settings.EXPORT_ASYNC_ROWS = 1
    client_for(people.clerk).get("/test-visitors/?export=xlsx")
    job = ExportJob.objects.get()
    build_job(job.pk)
    job.refresh_from_db()
    with job.file.open("rb") as handle:
        values = cells(handle.read())
    assert "139****2345" in values and not any(FULL_ID.search(v) for v in values)


def test_a_handler_exports_their_own_rows_in_full(people, visit):
    new_visit(people.colleague, title="同事登记的来访", number=LI, submit=True)  # visible to the clerk, not handled
    client = client_for(people.clerk)
    page = client.get("/privacy/export/test_visitors/")
    assert page.status_code == 200 and page.context["total"] == 2 and page.context["mine"] == 1
    assert "no-store" in page["Cache-Control"]
    refused = client.post("/privacy/export/test_visitors/", {"reason": ""})
    assert refused.status_code == 200 and "请写明事由" in refused.content.decode()
    assert not AuditEvent.objects.filter(event="export.personal_data").exists()

    response = client.post("/privacy/export/test_visitors/", {"reason": PURPOSE})
    assert response["Content-Disposition"].startswith("attachment;")
    values = cells(response.content)
    assert ZHANG in values and PHONE in values and LI not in values
    assert PURPOSE in values  # the file says why it was made
    event = AuditEvent.objects.get(event="export.personal_data")
    assert event.actor == people.clerk
    assert (
        event.detail["purpose"] == PURPOSE and event.detail["rows"] == 1 and event.detail["register"] == "test_visitors"
    )
    assert not FULL_ID.search(str(event.detail))


def test_readers_who_handle_nothing_get_no_file(people, visit):
    client = client_for(people.director)
    response = client.post("/privacy/export/test_visitors/", {"reason": PURPOSE})
    assert response.status_code == 200 and "没有承办其中任何一条记录" in response.content.decode()
    assert response["Content-Type"].startswith("text/html")
    assert not AuditEvent.objects.filter(event="export.personal_data").exists()


def test_the_row_cap(people, visit, settings):
    new_visit(people.clerk, title="第二次来访", submit=True)
    settings.PII_EXPORT_MAX_ROWS = 1
    response = client_for(people.clerk).post("/privacy/export/test_visitors/", {"reason": PURPOSE})
    assert "超过完整个人信息导出的上限 1 条" in response.content.decode()
    assert not AuditEvent.objects.filter(event="export.personal_data").exists()


def test_it_wants_the_password_again_after_a_while(people, visit, settings):
    client = client_for(people.clerk)
    session = client.session
    session[sessions.AUTH] -= (settings.REAUTH_MINUTES + 1) * 60
    session.save()
    response = client.post("/privacy/export/test_visitors/", {"reason": PURPOSE})
    assert response.status_code == 302 and response["Location"].startswith("/accounts/reauth")
    assert not AuditEvent.objects.filter(event="export.personal_data").exists()


def test_administrators_and_other_registers(people, visit):
    for admin in (people.sysadmin, people.secadmin, people.auditor):
        assert client_for(admin).get("/privacy/export/test_visitors/").status_code == 403
    client = client_for(people.clerk)
    assert client.get("/privacy/export/inbox/").status_code == 404  # no personal data there
    assert client.get("/privacy/export/no_such_register/").status_code == 404


def test_no_cell_is_ever_a_formula():
    hostile = ['=HYPERLINK("http://evil","点击")', "+1+2", "-2+3", "@SUM(A1)", "\t=1", "=1+1"]
    buffer = BytesIO()
    write_xlsx(
        buffer,
        "=标题",
        [Column("文字"), Column("身份证", kind="text")],
        [[text, PersonalValue("370305198001011231", "id_number")] for text in hostile],
        described=[("关键词", "=cmd|' /C calc'!A0")],
    )
    with zipfile.ZipFile(BytesIO(buffer.getvalue())) as archive:
        xml = "".join(archive.read(n).decode() for n in archive.namelist() if n.startswith("xl/worksheets/"))
    assert "<f>" not in xml and "<f " not in xml
    book = load_workbook(BytesIO(buffer.getvalue()))
    sheet = book.worksheets[0]
    for row in sheet.iter_rows(min_row=2):
        assert row[0].data_type == "s" and row[0].quotePrefix, row[0].value
        assert row[1].value == "3703**********1231"
    about = {r[0].value: r[1] for r in book["筛选条件"].iter_rows()}
    assert about["关键词"].data_type == "s" and about["关键词"].quotePrefix
    assert about["台账"].value == "=标题" and about["台账"].data_type == "s"
