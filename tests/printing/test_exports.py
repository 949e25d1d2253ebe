"""Excel registers: the one writer (apps/printing/exports.py), background jobs, the one-time download.

Which rows each persona's export holds is checked with the permission matrix in
tests/workflow/test_permissions.py; query counts at 10 and 1,000 rows in test_query_counts.py.
"""

import datetime
import hashlib
from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from apps.audit.log import record
from apps.audit.models import AuditEvent
from apps.matters.models import GeneralRequest
from apps.printing import exports
from apps.printing.models import ExportJob
from apps.printing.tasks import build_export, cleanup_exports
from apps.workflow import services
from apps.workflow.models import Case, Notification, Task
from bureau.celery import app as celery_app
from tests.matters.factories import new_request

pytestmark = pytest.mark.django_db


def workbook(response):
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == exports.XLSX_CONTENT_TYPE
    assert response["Content-Disposition"].startswith("attachment; filename*=UTF-8''")
    content = response.content if not response.streaming else b"".join(response.streaming_content)
    return load_workbook(BytesIO(content))


def data_rows(book):
    return list(book.worksheets[0].iter_rows(min_row=2, values_only=True))


def about(book):
    return {row[0]: row[1] for row in book["筛选条件"].iter_rows(values_only=True)}


# --- the writer ------------------------------------------------------------------------------


def test_the_register_has_typed_cells_frozen_header_filter_and_widths(client, people):
    case = new_request(people.clerk, title="关于采购档案柜的请示", amount="12345.6", submit=True)
    Case.objects.filter(pk=case.pk).update(due_date=datetime.date(2026, 12, 1))
    client.force_login(people.chief)
    book = workbook(client.get("/matters/", {"export": "xlsx"}))
    sheet = book.worksheets[0]
    assert sheet.title == "事项审批台账"
    header = [c.value for c in sheet[1]]
    assert header == ["标题", "科室", "发起人", "金额（元）", "状态", "当前环节", "当前办理人", "期限", "创建时间"]
    assert all(c.font.b for c in sheet[1])
    title, section, initiator, amount, status, step, assignees, due, created = (c for c in sheet[2])
    assert title.value == "关于采购档案柜的请示" and section.value == "办公室" and status.value == "办理中"
    assert amount.data_type == "n" and amount.value == pytest.approx(12345.6) and amount.number_format == "#,##0.00"
    assert due.is_date and due.value == datetime.datetime(2026, 12, 1) and due.number_format == "yyyy-mm-dd"
    local = timezone.localtime(case.created_at).replace(tzinfo=None, microsecond=0)
    assert created.is_date and created.value == local and created.number_format == "yyyy-mm-dd hh:mm"
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:I2"
    assert sheet.column_dimensions["A"].width == 44 and sheet.column_dimensions["I"].width == 17
    info = about(book)
    assert info["台账"] == "事项审批台账" and info["导出人"] == "办公室主任" and info["行数"] == 2 - 1
    assert info["筛选条件"] == "无（全部）"


def test_the_filters_used_are_written_in_the_second_sheet_and_audited_without_the_keyword(client, people, bureau):
    new_request(people.clerk, title="关于王某某投诉的请示", submit=True)
    new_request(people.clerk, title="关于采购的请示", submit=True)
    client.force_login(people.chief)
    office = bureau["office"]
    response = client.get("/matters/", {"export": "xlsx", "q": "王某某", "section": office.pk, "sort": "due"})
    book = workbook(response)
    assert [row[0] for row in data_rows(book)] == ["关于王某某投诉的请示"]
    info = about(book)
    assert info["关键词"] == "王某某" and info["科室"] == "办公室" and info["排序"] == "按期限（最紧先）"
    event = AuditEvent.objects.get(event="export.general_requests")
    assert event.detail == {"rows": 1, "filters": {"q": True, "section": str(office.pk), "sort": "due"}}
    assert "王某某" not in str(event.detail)


def test_text_is_never_a_formula_and_control_characters_are_dropped(people, tmp_path):
    path = tmp_path / "x.xlsx"
    columns = [exports.Column("标题"), exports.Column("金额", kind="money")]
    rows = [['=HYPERLINK("http://evil","点我")', Decimal("1.50")], ["标题\x07中有控制字符", None]]
    assert exports.write_xlsx(path, "测试[台账]", columns, rows, requested_by=people.clerk) == 2
    sheet = load_workbook(path).worksheets[0]
    assert sheet.title == "测试-台账-"
    assert sheet["A2"].data_type == "s" and sheet["A2"].value.startswith("=HYPERLINK")
    assert sheet["A3"].value == "标题中有控制字符"
    assert sheet["B3"].value is None


# --- every list exports what it shows ---------------------------------------------------------------


@pytest.mark.parametrize("tab", ["todo", "overdue", "done", "mine", "queue"])
def test_each_inbox_tab_exports_the_rows_it_lists_with_its_filters(client, people, tab):
    today = timezone.localdate()
    for i in range(3):
        case = new_request(people.clerk, title=f"关于第{i}件事项的请示", submit=True)
        Task.objects.filter(case=case, status=Task.Status.PENDING).update(due_date=today - datetime.timedelta(days=i))
    new_request(people.chief, title="科长发起的请示", submit=True)  # 我发起的
    for i in range(2):  # 已办
        case = new_request(people.clerk, title=f"科长已审核的第{i}件请示", submit=True)
        services.approve(case.pk, Task.objects.get(case=case, assignee=people.chief).pk, people.chief, "同意")
    client.force_login(people.chief)
    query = {"tab": tab, "q": "请示", "sort": "due"}
    page = client.get("/inbox/", query).context["page"]
    listed = [row.title if tab == "mine" else row.case.title for row in page.object_list]
    assert listed, "the tab lists something"
    book = workbook(client.get("/inbox/", {**query, "export": "xlsx"}))
    assert [row[0] for row in data_rows(book)] == listed
    label = client.get("/inbox/", query).context["tab"].label
    assert book.worksheets[0].title == f"工作台-{label}" and about(book)["页签"] == label
    event = AuditEvent.objects.filter(event="export.inbox").latest("id")
    assert event.detail["rows"] == len(listed) and event.detail["filters"]["tab"] == tab
    assert event.detail["filters"]["q"] is True


def test_the_audit_log_exports_for_the_audit_administrator_only(client, people):
    record("test.marker", actor=people.chief, detail={"note": "标记"})
    record("other.event", actor=people.clerk)
    for user in (people.chief, people.sysadmin, people.secadmin, people.clerk):
        client.force_login(user)
        assert client.get("/audit/", {"export": "xlsx"}).status_code == 403
    assert not AuditEvent.objects.filter(event="export.audit").exists()
    client.force_login(people.auditor)
    book = workbook(client.get("/audit/", {"export": "xlsx", "event": "test.", "actor": people.chief.pk}))
    rows = data_rows(book)
    assert [(r[2], r[3], r[10]) for r in rows] == [("办公室主任", "test.marker", '{"note": "标记"}')]
    sheet = book.worksheets[0]
    assert sheet["B2"].is_date and sheet["B2"].number_format == "yyyy-mm-dd hh:mm:ss"
    assert about(book)["操作人"] == "办公室主任" and about(book)["事件"] == "test."
    event = AuditEvent.objects.get(event="export.audit")
    assert event.detail == {"rows": 1, "filters": {"event": "test.", "actor": True}}


# --- large registers: background job, notice, one-time download ------------------------------------


@pytest.fixture
def small_threshold(settings):
    settings.EXPORT_ASYNC_ROWS = 3
    return settings


@pytest.fixture
def eager(monkeypatch):
    monkeypatch.setitem(celery_app.conf, "task_always_eager", True)


def requests_for(user, n, title="关于第{}件事项的请示"):
    return [new_request(user, title=title.format(i), amount=str(100 + i), submit=True) for i in range(n)]


def test_a_large_export_is_built_in_the_background_and_downloaded_once(
    client, people, small_threshold, eager, django_capture_on_commit_callbacks
):
    requests_for(people.clerk, 4)
    new_request(people.outsider, title="律师科的请示", submit=True)
    client.force_login(people.chief)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.get("/matters/", {"export": "xlsx", "q": "请示", "sort": "due"})
    assert response.status_code == 302
    assert response["Location"] == "/matters/?q=%E8%AF%B7%E7%A4%BA&sort=due"
    page = client.get(response["Location"])
    assert "文件正在后台生成" in page.content.decode()
    assert len(callbacks) == 1  # the task is queued after commit, with the job's id
    job = ExportJob.objects.get()
    assert job.requested_by == people.chief and job.register == "general_requests"
    assert job.params == {"q": "请示", "sort": "due"}
    assert job.status == ExportJob.Status.DONE and job.rows == 4
    content = job.file.read()
    job.file.close()
    assert hashlib.sha256(content).hexdigest() == job.sha256
    book = load_workbook(BytesIO(content))
    assert sorted(r[0] for r in data_rows(book)) == [f"关于第{i}件事项的请示" for i in range(4)]
    assert about(book)["关键词"] == "请示"
    requested = AuditEvent.objects.get(event="export.general_requests")
    assert requested.detail == {"rows": 4, "filters": {"q": True, "sort": "due"}, "job": job.pk, "background": True}

    url = reverse("printing:export_download", args=[job.pk])
    notice = Notification.objects.get(key=f"export:{job.pk}")
    assert notice.user == people.chief and notice.kind == Notification.Kind.EXPORT and notice.url == url
    assert url in client.get("/inbox/").content.decode()  # the notice links to the file

    # nobody else gets it (not even who may see every row), and the page lists it for its owner only
    for other in (people.director, people.clerk, people.auditor):
        client.force_login(other)
        assert client.get(url).status_code == 404
        assert url not in client.get("/print/exports/").content.decode()
    client.force_login(people.chief)
    assert url in client.get("/print/exports/").content.decode()
    response = client.get(url)
    assert b"".join(response.streaming_content) == content  # consuming the response closes it
    job.refresh_from_db()
    assert job.status == ExportJob.Status.DOWNLOADED and job.downloaded_at and not job.file
    assert not list((small_threshold.MEDIA_ROOT / "exports").rglob("*.xlsx")), "the file is deleted once served"
    download = AuditEvent.objects.get(event="export.download")
    assert download.actor == people.chief and download.object_id == str(job.pk)
    assert download.detail == {"register": "general_requests", "rows": 4}
    notice.refresh_from_db()
    assert notice.read_at is not None
    assert client.get(url).status_code == 404  # only once


def test_below_the_threshold_the_file_comes_at_once(client, people, small_threshold):
    requests_for(people.clerk, 2)
    client.force_login(people.chief)
    assert len(data_rows(workbook(client.get("/matters/", {"export": "xlsx"})))) == 2
    assert not ExportJob.objects.exists()


def queued_job(user, register="general_requests", params=None, title="事项审批台账"):
    return ExportJob.objects.create(requested_by=user, register=register, title=title, params=params or {})


def test_the_task_is_idempotent(people):
    requests_for(people.clerk, 2)
    job = queued_job(people.chief)
    assert build_export(job.pk) == ExportJob.Status.DONE
    job.refresh_from_db()
    first = (job.file.name, job.sha256, job.finished_at)
    assert build_export(job.pk) == ExportJob.Status.DONE  # a second delivery changes nothing
    job.refresh_from_db()
    assert (job.file.name, job.sha256, job.finished_at) == first
    assert Notification.objects.filter(key=f"export:{job.pk}").count() == 1
    assert len(list(job.file.storage.listdir(job.file.name.rsplit("/", 1)[0])[1])) == 1
    # a job found running (its worker died) is built again, and ends with one file
    ExportJob.objects.filter(pk=job.pk).update(status=ExportJob.Status.RUNNING)
    job.file.delete(save=True)
    assert build_export(job.pk) == ExportJob.Status.DONE
    assert build_export(999999) == "missing"


def test_the_task_applies_the_visibility_rule_again_for_the_requester(people):
    new_request(people.outsider, title="律师科科员自己的请示", submit=True)
    chiefs = new_request(people.other_chief, title="律师科科长的请示", submit=True)
    new_request(people.clerk, title="办公室的请示", submit=True)
    job = queued_job(people.outsider)
    visible = GeneralRequest.objects.visible_to(people.outsider).values_list("case__title", flat=True)
    assert sorted(visible) == ["律师科科员自己的请示", "律师科科长的请示"]  # when he asked
    # before the worker builds the file, the chief's case is restricted (限定知悉范围)
    Case.objects.filter(pk=chiefs.pk).update(is_confidential=True)
    assert build_export(job.pk) == ExportJob.Status.DONE
    job.refresh_from_db()
    assert [r[0] for r in data_rows(load_workbook(job.file.path))] == ["律师科科员自己的请示"]
    assert job.rows == 1
    # an account that sees no cases (an administrator) gets an empty register, never everyone's
    job = queued_job(people.sysadmin)
    build_export(job.pk)
    job.refresh_from_db()
    assert job.rows == 0


def test_a_job_of_someone_who_lost_the_role_fails_and_says_so(people):
    record("test.marker", actor=people.chief)
    job = queued_job(people.auditor, register="audit", title="审计日志")
    people.auditor.is_active = False
    people.auditor.save()
    assert build_export(job.pk) == ExportJob.Status.FAILED
    job.refresh_from_db()
    assert not job.file and "无权" in job.error
    notice = Notification.objects.get(key=f"export:{job.pk}")
    assert "导出失败" in notice.message and notice.url == reverse("printing:exports")


def test_the_inbox_job_keeps_its_tab_and_filters(people):
    requests_for(people.clerk, 3)
    job = queued_job(people.chief, register="inbox", params={"tab": "todo", "q": "第1件"}, title="工作台-待办")
    build_export(job.pk)
    job.refresh_from_db()
    book = load_workbook(job.file.path)
    assert [r[0] for r in data_rows(book)] == ["关于第1件事项的请示"]
    assert book.worksheets[0]["H1"].value == "送达时间"


def test_clean_up_deletes_expired_and_leftover_files(people, settings):
    requests_for(people.clerk, 1)
    old, served, fresh = (queued_job(people.chief) for _ in range(3))
    for job in (old, served, fresh):
        build_export(job.pk)
    now = timezone.now()
    ExportJob.objects.filter(pk=old.pk).update(finished_at=now - datetime.timedelta(days=settings.EXPORT_KEEP_DAYS + 1))
    ExportJob.objects.filter(pk=served.pk).update(
        status=ExportJob.Status.DOWNLOADED, downloaded_at=now - datetime.timedelta(hours=2)
    )
    stuck = queued_job(people.chief)
    ExportJob.objects.filter(pk=stuck.pk).update(created_at=now - datetime.timedelta(days=2))
    paths = {job.pk: ExportJob.objects.get(pk=job.pk).file.path for job in (old, served, fresh)}
    assert cleanup_exports() == 2
    states = dict(ExportJob.objects.values_list("pk", "status"))
    assert states[old.pk] == ExportJob.Status.EXPIRED and states[served.pk] == ExportJob.Status.DOWNLOADED
    assert states[fresh.pk] == ExportJob.Status.DONE and states[stuck.pk] == ExportJob.Status.FAILED
    import os

    assert (
        not os.path.exists(paths[old.pk]) and not os.path.exists(paths[served.pk]) and os.path.exists(paths[fresh.pk])
    )
    assert GeneralRequest.objects.count() == 1


def test_the_export_buttons_carry_the_pages_tab_and_filters(client, people):
    client.force_login(people.chief)
    body = client.get("/inbox/", {"tab": "done", "q": "采购"}).content.decode()
    assert 'href="?tab=done&amp;q=%E9%87%87%E8%B4%AD&amp;export=xlsx"' in body
    assert 'href="/print/exports/"' in body
    client.force_login(people.auditor)
    body = client.get("/audit/", {"event": "export."}).content.decode()
    assert 'href="?event=export.&amp;export=xlsx"' in body
