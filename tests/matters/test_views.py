import hashlib
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from apps.audit.models import AuditEvent
from apps.matters.models import GeneralRequest
from apps.workflow.models import Attachment, Case, Task
from tests.matters.factories import new_request

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def form_data(**overrides):
    data = {"title": "关于采购档案密集柜的请示", "body": "档案室库容不足。", "amount": "", "sensitivity": "1"}
    data.update(overrides)
    return data


def test_it_creates_and_submits_a_request_with_an_attachment(client, people):
    client.force_login(people.clerk)
    upload = SimpleUploadedFile("报价单.pdf", PDF, content_type="application/pdf")
    response = client.post(reverse("matters:new"), {**form_data(amount="800"), "attachments": [upload], "submit": "1"})
    case = Case.objects.get()
    assert response.status_code == 302 and response.url == case.get_absolute_url()
    assert case.status == Case.Status.ACTIVE
    assert case.tasks.get(status=Task.Status.PENDING).assignee == people.chief
    attachment = Attachment.objects.get()
    assert attachment.original_name == "报价单.pdf"
    assert attachment.sha256 == hashlib.sha256(PDF).hexdigest()
    assert "报价单" not in attachment.file.name  # random storage name


def test_it_saves_a_draft_without_submitting(client, people):
    client.force_login(people.clerk)
    client.post(reverse("matters:new"), {**form_data(), "save": "1"})
    case = Case.objects.get()
    assert case.status == Case.Status.DRAFT
    assert not case.tasks.exists()


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("病毒.exe", b"MZ\x90\x00", "文件类型不允许上传"),
        ("假的.pdf", b"<html>not a pdf</html>", "内容与扩展名不符"),
        ("空.pdf", b"", "空文件"),
    ],
)
def test_it_refuses_bad_uploads_and_saves_nothing(client, people, name, content, message):
    client.force_login(people.clerk)
    upload = SimpleUploadedFile(name, content)
    response = client.post(reverse("matters:new"), {**form_data(), "attachments": [upload], "submit": "1"})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Case.objects.exists() and not Attachment.objects.exists()
    # What was typed is still in the form.
    assert "档案室库容不足。" in response.content.decode()


def test_it_refuses_oversized_uploads(client, people, settings):
    settings.UPLOAD_MAX_BYTES = 1024
    client.force_login(people.clerk)
    upload = SimpleUploadedFile("大文件.pdf", PDF + b"0" * 2048)
    response = client.post(reverse("matters:new"), {**form_data(), "attachments": [upload]})
    assert "超过大小限制" in response.content.decode()
    assert not Case.objects.exists()


def test_it_rolls_back_the_case_when_submission_fails(client, people):
    people.chief.is_active = False  # the section has no chief to review
    people.chief.save()
    client.force_login(people.clerk)
    response = client.post(reverse("matters:new"), {**form_data(), "submit": "1"})
    assert response.status_code == 200
    assert "无人担任" in response.content.decode()
    assert not Case.objects.exists() and not GeneralRequest.objects.exists()


def test_it_lets_the_initiator_edit_a_returned_request_and_resubmit(client, people):
    from apps.workflow import services

    case = new_request(people.clerk, submit=True)
    task = case.tasks.get(status=Task.Status.PENDING)
    services.return_case(case.pk, task.pk, people.chief, -1, "请补充报价。")
    client.force_login(people.clerk)
    response = client.post(
        reverse("matters:edit", args=[case.pk]),
        {**form_data(title="关于采购档案密集柜的请示（补充报价）"), "submit": "1"},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Case.Status.ACTIVE and case.title.endswith("（补充报价）")


def test_it_refuses_editing_after_submission(client, people):
    case = new_request(people.clerk, submit=True)
    client.force_login(people.clerk)
    response = client.post(reverse("matters:edit", args=[case.pk]), {**form_data(title="改过的标题"), "save": "1"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.title != "改过的标题"


def test_it_exports_the_register_and_audits_the_export(client, people):
    new_request(people.clerk, title="关于甲事项的请示", amount="100", submit=True)
    new_request(people.outsider, title="关于律师科事项的请示", submit=True)
    client.force_login(people.chief)
    response = client.get(reverse("matters:list") + "?export=xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(BytesIO(response.content)).active
    titles = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert titles == ["关于甲事项的请示"]
    assert AuditEvent.objects.filter(event="export.general_requests", actor=people.chief).exists()


def test_a_stale_double_click_on_approve_shows_a_clear_message(client, people):
    case = new_request(people.clerk, submit=True)
    task = case.tasks.get(status=Task.Status.PENDING)
    client.force_login(people.chief)
    url = reverse("workflow:task_action", args=[case.pk, task.pk, "approve"])
    first = client.post(url, {"opinion": "同意"})
    second = client.post(url, {"opinion": "同意"})
    assert first.status_code == 302
    assert second.status_code == 409
    assert "已经处理过了" in second.content.decode()
    assert case.events.filter(action="approve").count() == 1


def test_reject_without_opinion_keeps_the_page_and_says_why(client, people):
    case = new_request(people.clerk, submit=True)
    task = case.tasks.get(status=Task.Status.PENDING)
    client.force_login(people.chief)
    response = client.post(reverse("workflow:task_action", args=[case.pk, task.pk, "reject"]), {"opinion": "  "})
    assert response.status_code == 409
    assert "必须填写意见" in response.content.decode()
    case.refresh_from_db()
    assert case.status == Case.Status.ACTIVE
