"""The 审批单 (approval form) of a case as PDF bytes: a service, used by the print page
(views.approval_form) and by the archives, which keep it as PDF/A-2b for processes whose
documents have no renderer of their own."""

from typing import Any

from django.conf import settings
from django.utils import timezone

from apps.workflow.models import CaseEvent

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


def approval_form_pdf(case: Any, printed_by: Any, request: Any = None, pdf_variant: str | None = None) -> bytes:
    """The 审批单 of `case` as PDF bytes: its fields and every business step with actor, opinion
    and time; `pdf_variant` "pdf/a-2b" for the archives."""
    process = case.process_def
    steps = list(
        case.events.filter(action__in=FORM_ACTIONS)
        .select_related("actor__section", "on_behalf_of", "task")
        .order_by("created_at", "id")
    )
    submitted = False
    for event in steps:  # a submission after a return is a resubmission
        event.resubmitted = submitted and event.action == CaseEvent.Action.SUBMIT
        submitted = submitted or event.action == CaseEvent.Action.SUBMIT
    context = {
        "case": case,
        "process": process,
        "form_title": f"{process.label}单" if process.label.endswith("审批") else f"{process.label}审批单",
        "fields": process.print_fields(case),
        "steps": steps,
        "org_name": settings.ORG_NAME,
        "printed_by": printed_by,
        "printed_at": timezone.localtime(),
    }
    return render_pdf("print/workflow/approval_form.html", context, request, pdf_variant=pdf_variant)
