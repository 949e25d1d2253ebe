"""Official forms of a case (告知书, 审批表, 交办单 ...) as PDF: one helper for every section app.

Each printed form is one template under templates/print/<app>/. Printing a form is always:
the access check (a case the user may not see is a 404), an optional "may this form be
printed now?" check (a notice that was never given is not printed: the case page again with
the reason), the context every form shares (`case`, `title`, `org_name`, `printed_by`,
`printed_at`), the PDF (render.render_pdf), an audit record of who printed which form of which
case, and an inline PDF response named "<case title>-<form title>.pdf".

Usage (apps/<app>/views.py)::

    from apps.printing.case_print import print_case

    @login_required
    @require_GET
    def notice_pdf(request, pk):
        return print_case(
            request, pk, process=PROCESS, template="print/petitions/accept.html", title="受理告知书",
            event="print.petition_form",
            refuse=lambda case: "" if case.petition.stage == Stage.ACCEPTED else "尚未受理，不能打印受理告知书。",
            context=lambda case: {"p": case.petition},
        )

A view that has already fetched the case (or computes the title from it) calls
`render_case_form(request, case, template, title, context, event=...)` directly.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone

from apps.audit.log import record
from apps.workflow.api import access_case
from apps.workflow.models import Case, CaseEvent

from .approval import FORM_ACTIONS
from .render import render_pdf
from .views import pdf_response

if TYPE_CHECKING:
    from apps.accounts.models import User


def print_context(user: User, **extra: Any) -> dict[str, Any]:
    """What every printed form shows besides its own fields: the organisation, who printed it, when."""
    return {"org_name": settings.ORG_NAME, "printed_by": user, "printed_at": timezone.localtime(), **extra}


def signed_steps(case: Case, actions: Iterable[str] = FORM_ACTIONS) -> list[CaseEvent]:
    """The case's business steps (submit, approve, return ...) in order, for a form's 审批 rows."""
    return list(
        case.events.filter(action__in=list(actions))
        .select_related("actor__section", "on_behalf_of")
        .order_by("created_at", "id")
    )


def form_name(template: str) -> str:
    """The audit detail's name of a form: its template's file name ("notice.html")."""
    return template.rsplit("/", 1)[-1]


def render_case_form(
    request: HttpRequest,
    case: Case,
    template: str,
    title: str,
    context: Mapping[str, Any] | None = None,
    *,
    event: str,
    detail: Mapping[str, Any] | None = None,
    filename: str | None = None,
    audit_obj: Any = None,
) -> HttpResponse:
    """The PDF of one official form of `case` (already fetched through the access helper).

    The template gets `case`, `title`, `org_name`, `printed_by`, `printed_at` and `context`
    (which may override any of them). The print is audited as `event` on `audit_obj` (default:
    the case) with `detail` (default: {"form": <template file name>})."""
    full = {"case": case, "title": title, **print_context(request.user), **(context or {})}
    pdf = render_pdf(template, full, request)
    record(
        event,
        actor=request.user,
        obj=case if audit_obj is None else audit_obj,
        detail=dict(detail) if detail is not None else {"form": form_name(template)},
    )
    return pdf_response(pdf, filename or f"{case.title}-{title}.pdf")


def refuse_print(request: HttpRequest, case: Case, message: str) -> HttpResponse:
    """Back to the case page with the reason the form cannot be printed yet."""
    messages.error(request, message)
    return redirect(case)


def print_case(
    request: HttpRequest,
    pk: Any,
    *,
    process: str | Iterable[str],
    template: str,
    title: str,
    event: str,
    context: Callable[[Case], Mapping[str, Any]] | None = None,
    refuse: Callable[[Case], str] | None = None,
    detail: Mapping[str, Any] | None = None,
) -> HttpResponse:
    """Access check, then render_case_form. `refuse(case)` returns the Chinese reason the form
    cannot be printed now ("" when it can); `context(case)` the form's own fields."""
    case = access_case(request.user, pk, process=process)
    reason = refuse(case) if refuse else ""
    if reason:
        return refuse_print(request, case, reason)
    return render_case_form(
        request, case, template, title, context(case) if context else None, event=event, detail=detail
    )
