from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import redirect, render

from apps.printing.exports import export_or_queue
from apps.workflow import services
from apps.workflow.attachments import save_attachment
from apps.workflow.forms import InboxFilterForm
from apps.workflow.models import Case
from apps.workflow.views import get_case_for_user

from .forms import GeneralRequestForm
from .models import GeneralRequest
from .processes import PROCESS_CODE


def visible_requests(user, params):
    """The general requests `user` may see, with the list's filters (the page and its register)."""
    qs = GeneralRequest.objects.visible_to(user).select_related("case", "case__section", "case__initiator")
    if params.get("q"):
        qs = qs.filter(case__title__icontains=params["q"])
    if params.get("section"):
        qs = qs.filter(case__section_id=params["section"])
    if params.get("due_before"):
        qs = qs.filter(case__due_date__lte=params["due_before"])
    if params.get("sort") == "due":
        from django.db.models import F

        return qs.order_by(F("case__due_date").asc(nulls_last=True), "-case__created_at")
    return qs.order_by("-case__created_at", "-pk")


@login_required
def request_list(request):
    filter_form = InboxFilterForm(request.GET or None)
    params = filter_form.params() if request.GET else {}
    if request.GET.get("export") == "xlsx":
        return export_or_queue(request, "general_requests", params)
    qs = visible_requests(request.user, params)
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request, "matters/list.html", {"page": page, "filter_form": filter_form, "query": query.urlencode()}
    )


def _save(request, form, case=None):
    """Create or update the draft and its case in one transaction; optionally submit."""
    data = form.cleaned_data
    user = request.user
    with transaction.atomic():
        if case is None:
            case = services.create_case(
                PROCESS_CODE, initiator=user, section=user.section, title=data["title"], sensitivity=data["sensitivity"]
            )
            general = GeneralRequest(case=case)
        else:
            case = Case.objects.select_for_update().get(pk=case.pk)
            if case.status not in (Case.Status.DRAFT, Case.Status.RETURNED) or case.initiator_id != user.pk:
                raise services.TransitionError("该事项已提交，不能再修改。")
            case.title = data["title"]
            case.sensitivity = data["sensitivity"]
            case.version += 1
            case.save(update_fields=["title", "sensitivity", "version", "updated_at"])
            general = case.general_request
        general.body = data["body"]
        general.amount = data["amount"]
        general.save()
        general.countersign_sections.set(data["countersign_sections"])
        for upload in data["attachments"]:
            save_attachment(case, upload, user)
        if "submit" in request.POST:
            services.submit(case.pk, user)
    return case


@login_required
def request_new(request):
    if request.user.admin_role or request.user.section is None:
        raise PermissionDenied
    form = GeneralRequestForm(request.POST or None, request.FILES or None, section=request.user.section)
    if request.method == "POST" and form.is_valid():
        try:
            case = _save(request, form)
        except services.TransitionError as exc:
            messages.error(request, f"{exc}（已填写的内容仍在下方。）")
        else:
            messages.success(request, "已提交审批。" if "submit" in request.POST else "草稿已保存。")
            return redirect(case)
    elif request.method == "POST":
        messages.error(request, "请按提示修改后再提交；附件需要重新选择。")
    return render(request, "matters/form.html", {"form": form, "case": None})


@login_required
def request_edit(request, pk):
    case = get_case_for_user(request.user, pk)
    if case.process != PROCESS_CODE or case.initiator_id != request.user.pk:
        raise PermissionDenied
    if case.status not in (Case.Status.DRAFT, Case.Status.RETURNED):
        messages.error(request, "该事项已提交，不能再修改。")
        return redirect(case)
    general = case.general_request
    initial = {
        "title": case.title,
        "body": general.body,
        "amount": general.amount,
        "countersign_sections": list(general.countersign_sections.all()),
        "sensitivity": case.sensitivity,
    }
    form = GeneralRequestForm(request.POST or None, request.FILES or None, initial=initial, section=case.section)
    if request.method == "POST" and form.is_valid():
        try:
            _save(request, form, case)
        except services.TransitionError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "已重新提交审批。" if "submit" in request.POST else "修改已保存。")
            return redirect(case)
    elif request.method == "POST":
        messages.error(request, "请按提示修改后再提交；附件需要重新选择。")
    return render(
        request, "matters/form.html", {"form": form, "case": case, "attachments": case.attachments.all()}
    )
