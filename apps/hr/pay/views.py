"""工资福利 (1.13): the changes (the office all, anyone else their own approved ones),
the form that sends a change for approval, and the month's change list with its Excel file."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_POST

from apps.printing.lists import filtered, register_page
from apps.workflow.api import TransitionError
from apps.workflow.viewkit import case_step

from ..models import PayChange, is_pay_officer
from . import services
from .filters import PayChangeFilter
from .forms import ExternalForm, HandoverForm, PayChangeForm
from .processes import PAY_PROCESS


def visible_changes(user, params):
    rows = PayChange.objects.visible_to(user).select_related("person", "person__section", "case")
    if params.get("month"):  # the month's change list holds approved changes only
        rows = rows.approved()
    return filtered(PayChangeFilter, params, rows).order_by("effective_from", "person__section__order", "pk")


@login_required
def pay_changes(request):
    user = request.user
    if user.admin_role:
        raise Http404
    officer = is_pay_officer(user)
    form = PayChangeForm(request.POST or None, initial={"effective_from": timezone.localdate().replace(day=1)})
    if request.method == "POST":
        if not officer:
            raise PermissionDenied("工资福利变动由办公室办理。")
        if form.is_valid():
            try:
                change = services.propose_change(user, form.cleaned_data)
            except TransitionError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, "已送审批；批准后列入执行月份的工资变动表。")
                return redirect(change.case)
        else:
            messages.error(request, "请检查变动登记。")
    return register_page(
        request,
        PayChangeFilter,
        visible_changes,
        register="pay_changes",
        template="hr/pay_changes.html",
        context={"form": form if officer else None, "officer": officer, "this_month": f"{timezone.localdate():%Y-%m}"},
    )


@login_required
@require_POST
def pay_step(request, pk, step):
    if step == "external":
        return case_step(
            request,
            pk,
            process=PAY_PROCESS,
            key="pay_external",
            form=lambda case: ExternalForm(request.POST, auto_id="id_external_%s"),
            action=lambda case, d: services.record_external(case.pk, request.user, d["result"], d["doc"], d["on_date"]),
            success="已记录组织、人社部门审批结果。",
        )
    if step == "handover":
        return case_step(
            request,
            pk,
            process=PAY_PROCESS,
            key="pay_handover",
            form=lambda case: HandoverForm(request.POST, auto_id="id_handover_%s"),
            action=lambda case, d: services.hand_over(case.pk, request.user, d["on_date"]),
            success="已转交财务兑现。",
        )
    raise Http404
