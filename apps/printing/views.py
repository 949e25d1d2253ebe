from urllib.parse import quote

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from apps.audit.log import record
from apps.workflow.models import CaseEvent
from apps.workflow.views import get_case_for_user

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


@login_required
@require_GET
def approval_form(request, pk):
    """审批单: the case's fields and every step with actor, opinion and time."""
    case = get_case_for_user(request.user, pk)
    process = case.process_def
    steps = case.events.filter(action__in=FORM_ACTIONS).select_related("actor", "on_behalf_of").order_by("created_at", "id")
    context = {
        "case": case,
        "process": process,
        "form_title": f"{process.label}单" if process.label.endswith("审批") else f"{process.label}审批单",
        "fields": process.print_fields(case) if process.print_fields else [],
        "steps": steps,
        "org_name": settings.ORG_NAME,
        "printed_by": request.user,
        "printed_at": timezone.localtime(),
    }
    pdf = render_pdf("print/workflow/approval_form.html", context, request)
    record("print.approval_form", actor=request.user, obj=case)
    return pdf_response(pdf, f"{case.title}-审批单.pdf")
