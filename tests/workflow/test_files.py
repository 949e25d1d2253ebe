"""Files: checked by content at upload, stored under random names outside the web root, served
only through the permission-checked view as downloads, and verified against their SHA-256 on
every download and by the periodic re-hash."""

import io
import zipfile
from io import BytesIO
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import re_path
from django.views.static import serve
from openpyxl import Workbook

from apps.audit.models import AuditEvent
from apps.workflow import tasks
from apps.workflow.attachments import save_attachment, validate_upload
from apps.workflow.checks import check_media_not_served
from apps.workflow.filetypes import OLE2
from apps.workflow.models import Attachment, Notification
from tests.matters.factories import new_request

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64 + b"This program cannot be run in DOS mode."
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32

# A media URL served straight from disk: what must never be configured (see the check test).
urlpatterns = [re_path(r"^media-not-served/(?P<path>.*)$", serve, {"document_root": django_settings.MEDIA_ROOT})]


def zipped(members):
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def xlsx_bytes():
    buffer = BytesIO()
    book = Workbook()
    book.active["A1"] = "台账"
    book.save(buffer)
    return buffer.getvalue()


DOCX = zipped({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>", "_rels/.rels": "<r/>"})
OFD = zipped({"OFD.xml": "<ofd:OFD/>", "Doc_0/Document.xml": "<d/>"})


def upload(name, content):
    return SimpleUploadedFile(name, content, content_type="application/pdf")  # what a browser claims is ignored


@pytest.mark.parametrize(
    "name, content",
    [
        ("扫描件.pdf", PDF),
        ("照片.png", PNG),
        ("照片.jpg", JPEG),
        ("照片.JPEG", JPEG),
        ("请示.docx", DOCX),
        ("台账.xlsx", xlsx_bytes()),
        ("公文.ofd", OFD),
        ("旧公文.doc", OLE2 + b"\x00" * 504),
        ("旧台账.xls", OLE2 + b"\x00" * 504),
        ("材料.zip", zipped({"a.txt": "x"})),
        ("说明.txt", "情况说明\r\n第二行\t缩进".encode()),
        ("说明GBK.txt", "情况说明：临淄区".encode("gbk")),
        ("带BOM.txt", "\ufeff说明".encode()),
    ],
)
def test_genuine_files_are_accepted(name, content):
    assert validate_upload(upload(name, content)) == name


@pytest.mark.parametrize(
    "name, content",
    [
        ("通知.pdf", EXE),  # an executable renamed
        ("通知.docx", EXE),
        ("通知.txt", EXE),
        ("照片.png", JPEG),
        ("照片.jpg", PDF),
        ("请示.docx", xlsx_bytes()),  # a spreadsheet renamed
        ("台账.xlsx", DOCX),
        ("请示.docx", zipped({"payload.exe": EXE})),  # any zip is not a Word document
        ("公文.ofd", DOCX),
        ("旧公文.doc", DOCX),
        ("材料.zip", b"PK\x03\x04 truncated"),
        ("说明.txt", "正文\x00\x01二进制".encode()),
        ("说明.txt", b"\xff\xfe\x00\xd8\x00\xdc"),
    ],
)
def test_disguised_files_are_refused(name, content):
    with pytest.raises(ValidationError) as caught:
        validate_upload(upload(name, content))
    assert "内容与扩展名不符" in caught.value.messages[0] or "纯文本" in caught.value.messages[0]


def test_an_extension_the_checks_do_not_know_is_refused_even_if_configured(settings):
    settings.UPLOAD_ALLOWED_EXTENSIONS = [*settings.UPLOAD_ALLOWED_EXTENSIONS, "rar"]
    with pytest.raises(ValidationError):
        validate_upload(upload("压缩包.rar", b"Rar!\x1a\x07\x00"))


def test_the_disguised_file_is_refused_on_the_page_and_nothing_is_stored(client, people):
    client.force_login(people.clerk)
    response = client.post(
        "/matters/new/",
        {
            "title": "附件测试",
            "body": "正文",
            "amount": "",
            "sensitivity": "1",
            "attachments": [upload("通知.pdf", EXE)],
            "submit": "1",
        },
    )
    assert response.status_code == 200 and "内容与扩展名不符" in response.content.decode()
    assert not Attachment.objects.exists()


@pytest.fixture
def stored(people):
    case = new_request(people.clerk, "带附件的请示", submit=True)
    attachment = save_attachment(case, upload("报价单.pdf", PDF), people.clerk)
    return attachment


def test_files_are_stored_under_random_names_outside_the_web_root(stored):
    path = Path(stored.file.path)
    assert "报价单" not in stored.file.name and path.suffix == ""
    assert Path(django_settings.MEDIA_ROOT).resolve() in path.resolve().parents
    for static in (django_settings.STATIC_ROOT, *django_settings.STATICFILES_DIRS):
        assert Path(static).resolve() not in path.resolve().parents
    assert stored.content_type == "application/pdf"
    assert check_media_not_served() == []


def test_the_check_fails_when_media_would_be_public(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "static"
    settings.MEDIA_ROOT = tmp_path / "static" / "media"
    assert [e.id for e in check_media_not_served()] == ["workflow.E010"]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ROOT_URLCONF = __name__
    assert [e.id for e in check_media_not_served()] == ["workflow.E011"]


def test_downloads_are_attachments_not_sniffed_not_cached(people, stored):
    client = Client()
    client.force_login(people.chief)
    response = client.get(f"/attachments/{stored.pk}/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF
    assert not client.get(f"{django_settings.MEDIA_URL}{stored.file.name}").status_code == 200


def test_a_long_file_name_keeps_its_extension_and_downloads_as_what_it_is(people):
    # 246 characters: the stem is shortened, never the ".pdf"
    name = "关于" + "二〇二六年度法治政府建设工作情况" * 14 + "的报告（送审稿）.pdf"
    assert len(name) > 200
    case = new_request(people.clerk, "附件名很长的请示", submit=True)
    attachment = save_attachment(case, upload(name, PDF), people.clerk)
    assert len(attachment.original_name) == 200
    assert attachment.original_name.startswith("关于二〇二六年度") and attachment.original_name.endswith("….pdf")
    client = Client()
    client.force_login(people.clerk)
    response = client.get(f"/attachments/{attachment.pk}/")
    assert response["Content-Type"] == "application/pdf"
    assert ".pdf" in response["Content-Disposition"]


def flip_a_byte(attachment):
    path = Path(attachment.file.path)
    data = bytearray(path.read_bytes())
    data[10] ^= 0x01
    path.write_bytes(bytes(data))


def test_a_flipped_byte_stops_the_download_and_alerts_the_security_administrator(people, stored):
    flip_a_byte(stored)
    client = Client()
    client.force_login(people.chief)
    for _ in range(2):
        response = client.get(f"/attachments/{stored.pk}/")
        assert response.status_code == 409
        body = response.content.decode()
        assert "校验值不一致" in body and "安全管理员" in body
        assert "%PDF" not in body
    stored.refresh_from_db()
    assert stored.integrity == Attachment.Integrity.MISMATCH
    failures = AuditEvent.objects.filter(event="file.integrity_failed")
    assert failures.count() == 2 and failures.first().actor == people.chief
    assert failures.first().detail == {
        "attachment": stored.pk,
        "case": stored.case_id,
        "problem": "mismatch",
        "source": "download",
    }
    assert not AuditEvent.objects.filter(event="file.download").exists()
    notice = Notification.objects.get()  # once, however often it is tried
    assert notice.user == people.secadmin and notice.kind == Notification.Kind.SECURITY
    assert "报价单" not in notice.message and f"附件 #{stored.pk}" in notice.message
    # the security administrator sees it on the admin home page
    admin = Client()
    admin.force_login(people.secadmin)
    assert notice.message in admin.get("/admin/").content.decode()
    # the case page flags the file
    assert "与上传时不符" in client.get(f"/cases/{stored.case_id}/").content.decode()


def test_verify_files_rehashes_everything_and_flags_problems(people, stored):
    second = save_attachment(stored.case, upload("照片.png", PNG), people.clerk)
    third = save_attachment(stored.case, upload("说明.txt", "说明".encode()), people.clerk)
    out = io.StringIO()
    call_command("verify_files", stdout=out)
    assert "复核附件 3 个" in out.getvalue() and "不一致 0，缺失 0" in out.getvalue()
    assert set(Attachment.objects.values_list("integrity", flat=True)) == {"ok"}

    flip_a_byte(second)
    Path(third.file.path).unlink()
    with pytest.raises(CommandError, match="完整性问题"):
        call_command("verify_files", stdout=out)
    states = dict(Attachment.objects.values_list("pk", "integrity"))
    assert states == {stored.pk: "ok", second.pk: "mismatch", third.pk: "missing"}
    assert {n.message.split("（")[0] for n in Notification.objects.all()} == {
        f"文件完整性告警：事项 #{stored.case_id} 的附件 #{second.pk}与上传时记录的 SHA-256 不一致",
        f"文件完整性告警：事项 #{stored.case_id} 的附件 #{third.pk}的文件已丢失",
    }
    run = AuditEvent.objects.filter(event="file.verify").latest("id")
    assert run.detail == {"checked": 3, "ok": 1, "mismatch": 1, "missing": 1}
    # the periodic task runs the same, and does not alert twice for what is already known
    summary = tasks.verify_files()
    assert summary["mismatch"] == 1 and Notification.objects.count() == 2
    # restored from backup: sound again
    Path(second.file.path).write_bytes(PNG)
    tasks.verify_files()
    second.refresh_from_db()
    assert second.integrity == "ok"
