from urllib.parse import quote

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from apps.audit.log import record
from apps.workflow.api import access_case

from .approval import FORM_ACTIONS, approval_form_pdf  # noqa: F401  (FORM_ACTIONS: section print pages import it from here)
from .exports import XLSX_CONTENT_TYPE, filename_for
from .models import ExportJob


def pdf_response(pdf, filename):
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f"inline; filename*=UTF-8''{quote(filename)}"
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_GET
def approval_form(request, pk):
    """审批单: the case's fields and every step with actor, opinion and time."""
    case = access_case(request.user, pk)
    pdf = approval_form_pdf(case, request.user, request)
    record("print.approval_form", actor=request.user, obj=case)
    return pdf_response(pdf, f"{case.title}-审批单.pdf")


@login_required
@never_cache
def export_list(request):
    """我的导出: one's own background exports (nobody else's), newest first."""
    jobs = ExportJob.objects.filter(requested_by=request.user).order_by("-created_at", "-id")[:50]
    return render(request, "printing/exports.html", {"jobs": jobs, "keep_days": settings.EXPORT_KEEP_DAYS})


class _ServedOnce:
    """The stored file as FileResponse reads it; closing it (after the response has been sent)
    deletes the file from storage."""

    def __init__(self, fieldfile):
        self._file = fieldfile.open("rb")
        self._storage, self._name = fieldfile.storage, fieldfile.name

    def read(self, *args):
        return self._file.read(*args)

    def seek(self, *args):
        return self._file.seek(*args)

    def tell(self):
        return self._file.tell()

    def seekable(self):
        return True

    def close(self):
        try:
            self._file.close()
        finally:
            self._storage.delete(self._name)
            ExportJob.objects.filter(file=self._name).update(file="")


@login_required
@require_GET
@never_cache
def export_download(request, pk):
    """The requester's file, once: anyone else, a second request or a job not ready answer 404."""
    with transaction.atomic():
        job = (
            ExportJob.objects.select_for_update()
            .filter(pk=pk, requested_by=request.user, status=ExportJob.Status.DONE)
            .exclude(file="")
            .first()
        )
        if job is None or not job.file.storage.exists(job.file.name):
            raise Http404
        served = _ServedOnce(job.file)
        try:
            job.status, job.downloaded_at = ExportJob.Status.DOWNLOADED, timezone.now()
            job.save(update_fields=["status", "downloaded_at"])
            request.user.notifications.filter(key=f"export:{job.pk}", read_at__isnull=True).update(
                read_at=job.downloaded_at
            )
            record("export.download", actor=request.user, obj=job, detail={"register": job.register, "rows": job.rows})
        except BaseException:
            served._file.close()  # the job stays downloadable
            raise
    response = FileResponse(
        served, as_attachment=True, filename=filename_for(job.title), content_type=XLSX_CONTENT_TYPE
    )
    response["Cache-Control"] = "no-store"
    return response
