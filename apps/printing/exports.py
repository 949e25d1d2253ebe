"""Excel registers (台账): every list of the portal exports what it shows, through this one writer.

A list page calls `export_or_queue(request, name, params)` with its register's name (see
registers.py) and its filters. The register re-applies the visibility rule and the filters, so
the file holds exactly the rows the page would list.

* Fewer than settings.EXPORT_ASYNC_ROWS rows: the file is built in the request and returned.
* That many or more: an ExportJob is created, a Celery task builds the file after commit
  (tasks.build_export -> build_job), and the requester gets a notice with a one-time download
  link (views.export_download).

The workbook is written in openpyxl's write-only mode, rows streamed from `.iterator()`:
Chinese headers, dates and times as real date cells with a number format, amounts as numbers,
the header row frozen, an autofilter, column widths from the register, and a second sheet
「筛选条件」 saying who exported what with which filters. Each export is audited
("export.<name>") with its row count and the filters used; free-text filter values are not
copied into the audit log (it must not carry personal data).

Personal data (apps/privacy PersonalDataField values) is written masked. A register that
carries it sets `personal_data = True`; its rows then also export in full through
apps.privacy.views.export_personal: handlers' rows only, a stated purpose, a fresh password,
a row cap, audited as "export.personal_data". No cell is ever a formula: text beginning with
= + - @ is stored as text and marked so that Excel keeps it text when the cell is edited.
"""

import datetime
import hashlib
import logging
import tempfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import partial
from io import BytesIO
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from apps.audit.log import record
from apps.privacy.values import PersonalValue

from .models import ExportJob

log = logging.getLogger(__name__)

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = {
    "date": "yyyy-mm-dd",
    "datetime": "yyyy-mm-dd hh:mm",
    "seconds": "yyyy-mm-dd hh:mm:ss",
    "money": "#,##0.00",
    "integer": "0",
}
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDE3EA")
HEADER_ALIGN = Alignment(horizontal="center", vertical="center", wrap_text=True)
CHUNK = 2000


@dataclass(frozen=True)
class Column:
    header: str
    width: float = 14
    kind: str = "text"  # text | date | datetime | seconds | money | integer


class Register:
    """One exportable list. Subclasses (registers.py) say what the rows are and how to find them."""

    name = ""  # audit event "export.<name>" and ExportJob.register
    title = ""
    # Filters whose values may go into the audit log as they are (codes, ids of sections, dates).
    # Any other filter used (a keyword, a person) is logged only as used: True.
    plain_filters = ()
    # Rows carry PersonalDataField values (masked here; in full via apps.privacy.views.export_personal).
    personal_data = False

    def allowed(self, user: Any) -> bool:
        return user.is_active

    def title_for(self, params: Mapping[str, Any]) -> str:
        return self.title

    def columns(self, params: Mapping[str, Any]) -> list[Column]:
        raise NotImplementedError

    def queryset(self, user: Any, params: Mapping[str, Any]) -> QuerySet:
        """The rows `user` may see with these filters, ordered as on the page."""
        raise NotImplementedError

    def row(self, obj: Any, params: Mapping[str, Any]) -> list[Any]:
        raise NotImplementedError

    def describe(self, params: Mapping[str, Any]) -> list[tuple[str, Any]]:
        """[(label, value)] of the filters in use, for the 「筛选条件」 sheet."""
        return []

    def audit_filters(self, params: Mapping[str, Any]) -> dict[str, Any]:
        return {key: (value if key in self.plain_filters else True) for key, value in params.items() if value}

    def handled_rows(self, user: Any, qs: QuerySet) -> QuerySet:
        """The rows of `qs` whose personal data `user` may export in full: by default those of
        the cases the user handles (initiator, work-item holder, current delegate)."""
        from django.core.exceptions import FieldDoesNotExist

        from apps.workflow.models import Case

        handled = Case.objects.handled_by(user).values("pk")
        if qs.model is Case:
            return qs.filter(pk__in=handled)
        try:
            qs.model._meta.get_field("case")
        except FieldDoesNotExist:
            return qs.none()
        return qs.filter(case__in=handled)


def get_register(name: str) -> Register:
    from .registers import REGISTERS

    return REGISTERS[name]


# --- the writer ------------------------------------------------------------------------------


def _text(value):
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    return text[:32767]  # Excel's limit for one cell


# A cell starting with one of these is a formula to Excel once someone edits it (and "=..." is a
# formula to openpyxl at once): spreadsheet formula injection.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def _text_cell(sheet, value):
    text = _text(value)
    if text.startswith(FORMULA_PREFIXES):
        cell = WriteOnlyCell(sheet, value=text)
        cell.data_type = "s"  # a string, whatever openpyxl guessed
        cell.quotePrefix = True  # and Excel keeps it one when the cell is edited
        return cell
    return text


def _cell_converter(sheet, column, reveal_personal_data=False):
    fmt = FORMATS.get(column.kind)

    def styled(value):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = fmt
        return cell

    def convert(value):
        if isinstance(value, PersonalValue):
            value = value.plain if reveal_personal_data else value.masked
        if value is None or value == "":
            return None
        if column.kind == "text":
            return _text_cell(sheet, value)
        if column.kind in ("datetime", "seconds"):
            if isinstance(value, datetime.datetime):
                if timezone.is_aware(value):
                    value = timezone.localtime(value)
                value = value.replace(tzinfo=None, microsecond=0)
            return styled(value)
        if column.kind == "date":
            if isinstance(value, datetime.datetime):
                value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
            return styled(value)
        if column.kind == "money":
            return styled(Decimal(value))
        return styled(value)

    return convert


def _sheet_title(title):
    for char in "[]:*?/\\":
        title = title.replace(char, "-")
    return title[:31] or "台账"


def write_xlsx(
    target: Any,
    title: str,
    columns: Sequence[Column],
    rows: Iterable[Sequence[Any]],
    described: Iterable[tuple[str, Any]] = (),
    requested_by: Any = None,
    requested_at: datetime.datetime | None = None,
    reveal_personal_data: bool = False,
) -> int:
    """Stream `rows` (iterables of values, one per column) into an .xlsx written to `target`
    (a path or a binary file object). Returns the number of data rows. Personal data values are
    masked unless `reveal_personal_data` (apps.privacy.views.export_personal only)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_sheet_title(title))
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "A2"
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=column.header)
        cell.font, cell.fill, cell.alignment = HEADER_FONT, HEADER_FILL, HEADER_ALIGN
        header.append(cell)
    sheet.append(header)
    converters = [_cell_converter(sheet, column, reveal_personal_data) for column in columns]
    count = 0
    for row in rows:
        sheet.append([convert(value) for convert, value in zip(converters, row)])
        count += 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{count + 1}"

    about = workbook.create_sheet("筛选条件")
    about.column_dimensions["A"].width = 14
    about.column_dimensions["B"].width = 60
    requested_at = timezone.localtime(requested_at or timezone.now()).replace(tzinfo=None, microsecond=0)
    when = WriteOnlyCell(about, value=requested_at)
    when.number_format = FORMATS["datetime"]
    lines = [
        ["台账", _text_cell(about, title)],
        ["导出人", _text_cell(about, getattr(requested_by, "full_name", "") or getattr(requested_by, "username", ""))],
        ["导出时间", when],
        ["行数", count],
    ]
    if reveal_personal_data:
        lines.append(["个人信息", "完整显示（已说明用途，记入审计日志）"])
    lines += [[label, _text_cell(about, value)] for label, value in described] or [["筛选条件", "无（全部）"]]
    for line in lines:
        about.append(line)
    workbook.save(target)
    return count


def build_rows(register: Register, qs: QuerySet, params: Mapping[str, Any]) -> Iterator[list[Any]]:
    for obj in qs.iterator(chunk_size=CHUNK):
        yield register.row(obj, params)


def filename_for(title: str) -> str:
    return f"{title}-{timezone.localdate():%Y%m%d}.xlsx"


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    response["Cache-Control"] = "no-store"
    return response


# --- the page side -----------------------------------------------------------------------------


def export_or_queue(request: HttpRequest, name: str, params: Mapping[str, Any]) -> HttpResponse:
    """The list page's `?export=xlsx`: the file now, or a background job for a large register."""
    register = get_register(name)
    user = request.user
    if not register.allowed(user):
        raise PermissionDenied("您没有导出这份登记簿的权限。")
    params = {key: value for key, value in params.items() if value not in (None, "")}
    qs = register.queryset(user, params)
    total = qs.count()
    title = register.title_for(params)
    if total >= settings.EXPORT_ASYNC_ROWS:
        with transaction.atomic():
            job = ExportJob.objects.create(requested_by=user, register=name, title=title, params=params)
            record(
                f"export.{name}",
                actor=user,
                obj=job,
                detail={"rows": total, "filters": register.audit_filters(params), "job": job.pk, "background": True},
            )
            transaction.on_commit(partial(_queue, job.pk))
        messages.info(
            request,
            f"「{title}」共 {total} 行，文件正在后台生成。生成后会在工作台提醒您，"
            f"也可以在“我的导出”中下载；文件只能下载一次。",
        )
        query = request.GET.copy()
        query.pop("export", None)
        return redirect(f"{request.path}?{query.urlencode()}" if query else request.path)
    buffer = BytesIO()
    count = write_xlsx(
        buffer,
        title,
        register.columns(params),
        build_rows(register, qs, params),
        described=register.describe(params),
        requested_by=user,
    )
    record(f"export.{name}", actor=user, detail={"rows": count, "filters": register.audit_filters(params)})
    return xlsx_response(buffer.getvalue(), filename_for(title))


def _queue(job_id):
    from .tasks import build_export

    build_export.delay(job_id)


# --- the worker side ---------------------------------------------------------------------------

FINAL = (ExportJob.Status.DONE, ExportJob.Status.DOWNLOADED, ExportJob.Status.FAILED, ExportJob.Status.EXPIRED)


def build_job(job_id: int) -> str:
    """Build one job's file. Idempotent: a job that is done (or failed, or gone) is left alone.

    A job found RUNNING is built again: with late acknowledgement the broker re-delivers only
    when a worker died (or outlived the visibility timeout); the last step keeps one file.
    """
    with transaction.atomic():
        job = ExportJob.objects.select_for_update().select_related("requested_by").filter(pk=job_id).first()
        if job is None or job.status in FINAL:
            return job.status if job else "missing"
        job.status = ExportJob.Status.RUNNING
        job.save(update_fields=["status"])
    user = job.requested_by
    register = get_register(job.register)
    params = job.params or {}
    try:
        if not register.allowed(user):
            return _fail(job, "导出人已无权导出该台账。")
        # The visibility rule is applied again here, for the requester as they are now.
        qs = register.queryset(user, params)
        with tempfile.TemporaryFile(suffix=".xlsx") as handle:
            count = write_xlsx(
                handle,
                job.title,
                register.columns(params),
                build_rows(register, qs, params),
                described=register.describe(params),
                requested_by=user,
                requested_at=job.created_at,
            )
            handle.seek(0)
            digest = hashlib.sha256()
            for chunk in iter(partial(handle.read, 1024 * 1024), b""):
                digest.update(chunk)
            handle.seek(0)
            return _finish(job.pk, handle, count, digest.hexdigest())
    except Exception as exc:  # the requester is told; the worker log has the traceback
        log.exception("export job %s failed", job_id)
        return _fail(job, f"生成失败（{type(exc).__name__}），请缩小筛选范围后重试，或联系系统管理员。")


def _finish(job_id, handle, count, sha256):
    with transaction.atomic():
        job = ExportJob.objects.select_for_update().get(pk=job_id)
        if job.status != ExportJob.Status.RUNNING:
            return job.status  # another delivery of the task finished first
        job.file.save(f"{job.pk}.xlsx", File(handle), save=False)
        try:
            job.rows, job.sha256 = count, sha256
            job.status, job.finished_at = ExportJob.Status.DONE, timezone.now()
            job.save(update_fields=["file", "rows", "sha256", "status", "finished_at"])
            _notify(
                job,
                f"「{job.title}」已生成（{count} 行），请下载；文件只能下载一次。",
                reverse("printing:export_download", args=[job.pk]),
            )
        except Exception:
            job.file.delete(save=False)  # no job row points at it
            raise
    return ExportJob.Status.DONE


def _notify(job, message, url):
    from apps.workflow.models import Notification

    Notification.objects.update_or_create(
        key=f"export:{job.pk}",
        defaults={
            "user_id": job.requested_by_id,
            "kind": Notification.Kind.EXPORT,
            "message": message[:300],
            "url": url,
        },
    )


def _fail(job, error):
    with transaction.atomic():
        failed = ExportJob.objects.filter(
            pk=job.pk, status__in=(ExportJob.Status.QUEUED, ExportJob.Status.RUNNING)
        ).update(status=ExportJob.Status.FAILED, error=error[:300], finished_at=timezone.now())
        if failed:
            _notify(job, f"「{job.title}」导出失败：{error}", reverse("printing:exports"))
    return ExportJob.Status.FAILED


def cleanup_jobs(now: datetime.datetime | None = None) -> int:
    """Delete files that were downloaded (if the response's clean-up did not run) or not fetched
    within settings.EXPORT_KEEP_DAYS; fail jobs stuck running for a day. Returns files deleted."""
    now = now or timezone.now()
    deleted = 0
    stale = ExportJob.objects.filter(
        status=ExportJob.Status.DOWNLOADED, downloaded_at__lt=now - datetime.timedelta(hours=1)
    ).exclude(file="")
    for job in stale:
        job.file.delete(save=False)
        ExportJob.objects.filter(pk=job.pk).update(file="")
        deleted += 1
    expired = ExportJob.objects.filter(
        status=ExportJob.Status.DONE, finished_at__lt=now - datetime.timedelta(days=settings.EXPORT_KEEP_DAYS)
    )
    for job in expired:
        if job.file:
            job.file.delete(save=False)
            deleted += 1
        ExportJob.objects.filter(pk=job.pk, status=ExportJob.Status.DONE).update(
            status=ExportJob.Status.EXPIRED, file=""
        )
    ExportJob.objects.filter(
        status__in=(ExportJob.Status.QUEUED, ExportJob.Status.RUNNING), created_at__lt=now - datetime.timedelta(days=1)
    ).update(status=ExportJob.Status.FAILED, error="生成超时。", finished_at=now)
    return deleted
