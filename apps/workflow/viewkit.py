"""Case step actions: the POST behind one of a section app's own forms on the case page.

Every such view does the same thing: fetch the case through the access helper (404 for a case
the user may not see or of another process), bind the form, call one service function, and then

* on success: a Chinese success message and a redirect (to the case page; to the inbox when the
  user can no longer see the case; or wherever `redirect_to` says);
* on bad input or a refused move (the service raised TransitionError): the case page again,
  status 409, with the reason in Chinese and the bound form under its key in the page's
  `forms`, so everything typed is kept (it replaces the unbound form the app's
  `Process.page_forms` would have put there).

If the form posts the case page's hidden `version` field and the case has moved on since the
page was shown, the move is refused as stale before the service is called (the service's own
lock still decides races).

Usage (apps/<app>/views.py)::

    from apps.workflow.viewkit import case_step, posted_task

    @login_required
    @require_POST
    def extend(request, pk):
        return case_step(
            request, pk, process=PROCESS, key="petition_extend", form=ExtendForm,
            action=lambda case, d: services.extend(case.pk, request.user, d["days"], d["reason"]),
            success="办理期限已延长，请打印延期告知书送达信访人。",
        )

`form` is a form class (bound to request.POST and request.FILES) or a function of the case
returning the bound form, for forms that need more arguments::

    form=lambda case: ExtendForm(request.POST, case=case)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from .api import TransitionError, access_case
from .models import Case
from .views import render_case_error

STALE = "该事项已被他人处理或页面已过期，请刷新后查看最新状态。"

FormFactory = type[forms.BaseForm] | Callable[[Case], forms.BaseForm]


def form_errors(form: forms.BaseForm, labels: bool = False) -> str:
    """The form's errors as one Chinese sentence ("；"-separated), optionally each with its field's label."""
    parts = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if labels and name in form.fields else ""
        parts.extend(f"{label}：{error}" if label else error for error in errors)
    return "；".join(parts)


def posted_task(request: HttpRequest) -> int:
    """The `task` hidden field of a step form (the pending task the page showed), 0 if absent."""
    try:
        return int(request.POST.get("task", ""))
    except ValueError:
        return 0


def posted_version(request: HttpRequest) -> int | None:
    """The case page's hidden `version` field: None when the form does not post it, -1 when
    it is mangled (a stale page, not a crash)."""
    value = request.POST.get("version")
    if value is None:
        return None
    try:
        return int(value)
    except ValueError:
        return -1


def still_visible_redirect(request: HttpRequest, case: Case) -> HttpResponse:
    """The case page, or the inbox for a handler who can no longer see the case after acting."""
    if Case.objects.visible_to(request.user).filter(pk=case.pk).exists():
        return redirect(case)
    return redirect("workflow:inbox")


def case_step(
    request: HttpRequest,
    pk: Any,
    *,
    process: str | Iterable[str],
    key: str,
    form: FormFactory,
    action: Callable[[Case, dict[str, Any]], Any],
    success: str | Callable[[Any], str],
    invalid: str = "请检查填写的内容。",
    redirect_to: Callable[[Case, Any], Any] | None = None,
) -> HttpResponse:
    """Run one of a section app's step forms on the case `pk` of `process`.

    `action(case, cleaned_data)` calls the app's service and may raise TransitionError; its
    return value goes to `success` (when callable) and to `redirect_to(case, result)`, whose
    answer is passed to django's redirect(). Without `redirect_to`: the case page (or the inbox
    when the user can no longer see the case). `invalid` is the message for bad input; a
    "{errors}" in it is replaced by the form's errors. The caller applies @login_required and
    @require_POST."""
    case = access_case(request.user, pk, process=process)
    bound = form(request.POST, request.FILES) if isinstance(form, type) else form(case)
    if not bound.is_valid():
        return render_case_error(request, case, invalid.replace("{errors}", form_errors(bound)), {key: bound})
    version = posted_version(request)
    if version is not None and version != case.version:
        return render_case_error(request, case, STALE, {key: bound})
    try:
        result = action(case, bound.cleaned_data)
    except TransitionError as exc:
        case.refresh_from_db()  # the page shows the case as it is now
        return render_case_error(request, case, str(exc), {key: bound})
    messages.success(request, success(result) if callable(success) else success)
    if redirect_to is not None:
        return redirect(redirect_to(case, result))
    return still_visible_redirect(request, case)
