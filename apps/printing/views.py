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
from apps.workflow.models import CaseEvent
from apps.workflow.views import get_case_for_user

from .exports import XLSX_CONTENT_TYPE, filename_for
from .models import ExportJob
from .render import render_pdf

# Business steps that belong on the approval form (not reads, grants or uploads).
FORM_ACTIONS = [
    CaseEvent.Action.SUBMIT,
    CaseEvent.Action.APPROVE,
    CaseEvent.Action.COUNTERSIGN,
    CaseEvent.Action.REJECT,
    CaseEvent.Action.RETURN,
    CaseEvent.Action.TRANSFER,
    CaseEvent.Action.WITHDRAW,
    CaseEvent.Action.DONE,
    CaseEvent.Action.ARCHIVE,
]


def pdf_response(pdf, filename):
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f"inline; filename*=UTF-8''{quote(filename)}"
    response["Cache-Control"] = "no-store"
    return response


def approval_form_pdf(case, printed_by, request=None, pdf_variant=None):
    """The 审批单 of `case` as PDF bytes (the page below; the archives keep it as PDF/A-2b for
    processes whose documents have no renderer of their own)."""
    process = case.process_def
    steps = list(
        case.events.filter(action__in=FORM_ACTIONS).select_related("actor__section", "on_behalf_of").order_by("created_at", "id")
    )
    submitted = False
    for event in steps:  # a submission after a return is a resubmission
        event.resubmitted = submitted and event.action == CaseEvent.Action.SUBMIT
        submitted = submitted or event.action == CaseEvent.Action.SUBMIT
    context = {
        "case": case,
        "process": process,
        "form_title": f"{process.label}单" if process.label.endswith("审批") else f"{process.label}审批单",
        "fields": process.print_fields(case) if process.print_fields else [],
        "steps": steps,
        "org_name": settings.ORG_NAME,
        "printed_by": printed_by,
        "printed_at": timezone.localtime(),
    }
    return render_pdf("print/workflow/approval_form.html", context, request, pdf_variant=pdf_variant)


@login_required
@require_GET
def approval_form(request, pk):
    """审批单: the case's fields and every step with actor, opinion and time."""
    case = get_case_for_user(request.user, pk)
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
    response = FileResponse(served, as_attachment=True, filename=filename_for(job.title), content_type=XLSX_CONTENT_TYPE)
    response["Cache-Control"] = "no-store"
    return response
