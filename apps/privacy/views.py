"""Unmasking on demand: one personal-data value for a handler, or a register's rows in full.

Both ask for a stated reason (it goes into the audit log), both answer only the record's
handlers (access.can_reveal; Register.handled_rows), both are audited, and neither response
may be cached. A record the user may not see answers 404; one they see but do not handle, 403.
"""

from io import BytesIO

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from apps.accounts.decorators import require_recent_auth
from apps.audit.exporter import exporter
from apps.audit.log import record
from apps.audit.models import AuditEvent

from .access import can_reveal, reveal_target
from .forms import StatedReasonForm

NOT_HANDLER = "您不是该记录的承办人，只能查看脱敏后的个人信息。"


def _record_repr(obj):
    # The audit row names the record by type and id: its str() could carry personal data.
    return f"{obj._meta.verbose_name} #{obj.pk}"


@login_required
@never_cache
def reveal(request, model, pk, field):
    obj, model_field = reveal_target(request.user, model, pk, field)
    detail = {"field": model_field.name, "kind": model_field.kind}
    if not can_reveal(obj, request.user):
        if request.method == "POST":
            record(
                "pii.reveal",
                actor=request.user,
                obj=obj,
                object_repr=_record_repr(obj),
                outcome=AuditEvent.Outcome.DENIED,
                detail=detail,
            )
        return render(request, "privacy/refused.html", {"message": NOT_HANDLER, "back": _back_url(obj)}, status=403)
    value = getattr(obj, model_field.attname)
    form = StatedReasonForm(request.POST or None, label="查看事由", help_text="事由将记入审计日志。")
    context = {"obj": obj, "field": model_field, "value": value, "form": form, "back": _back_url(obj)}
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            record(
                "pii.reveal",
                actor=request.user,
                obj=obj,
                object_repr=_record_repr(obj),
                detail={**detail, "reason": form.cleaned_data["reason"]},
            )
        context["revealed"] = value.plain if value else ""
    return render(request, "privacy/reveal.html", context)


def _back_url(obj):
    if hasattr(obj, "get_absolute_url"):
        return obj.get_absolute_url()
    case = getattr(obj, "case", None)
    return case.get_absolute_url() if case is not None else ""


@login_required
@never_cache
@require_recent_auth
def export_personal(request, register):
    """A register's rows with personal data in full: the requester's handled rows only, capped,
    for a stated purpose, after a fresh password entry; the file goes to the requester once."""
    exports = exporter()
    build_rows, filename_for, get_register = exports.build_rows, exports.filename_for, exports.get_register
    write_xlsx, xlsx_response = exports.write_xlsx, exports.xlsx_response

    try:
        reg = get_register(register)
    except KeyError:
        raise Http404 from None
    if not reg.personal_data:
        raise Http404
    user = request.user
    if user.admin_role or not reg.allowed(user):
        return render(
            request, "privacy/refused.html", {"message": "管理员账号不承办业务，不能导出完整个人信息。"}, status=403
        )
    params = {key: value for key, value in request.GET.items() if key != "export" and value not in (None, "")}
    visible = reg.queryset(user, params)
    handled = reg.handled_rows(user, visible)
    total, mine = visible.count(), handled.count()
    cap = settings.PII_EXPORT_MAX_ROWS
    form = StatedReasonForm(request.POST or None, label="导出用途", help_text="用途将记入审计日志，并写在导出文件中。")
    if request.method == "POST" and form.is_valid():
        if mine == 0:
            messages.error(request, "您没有承办其中任何一条记录，不能导出完整个人信息。")
        elif mine > cap:
            messages.error(request, f"共 {mine} 条，超过完整个人信息导出的上限 {cap} 条，请缩小筛选范围。")
        else:
            purpose = form.cleaned_data["reason"]
            title = f"{reg.title_for(params)}（含完整个人信息）"
            buffer = BytesIO()
            with transaction.atomic():
                count = write_xlsx(
                    buffer,
                    title,
                    reg.columns(params),
                    build_rows(reg, handled, params),
                    described=[("导出用途", purpose), *reg.describe(params)],
                    requested_by=user,
                    reveal_personal_data=True,
                )
                record(
                    "export.personal_data",
                    actor=user,
                    detail={
                        "register": reg.name,
                        "purpose": purpose,
                        "rows": count,
                        "filters": reg.audit_filters(params),
                    },
                )
            return xlsx_response(buffer.getvalue(), filename_for(title))
    return render(
        request,
        "privacy/export.html",
        {
            "register": reg,
            "title": reg.title_for(params),
            "described": reg.describe(params),
            "total": total,
            "mine": mine,
            "cap": cap,
            "form": form,
        },
    )
