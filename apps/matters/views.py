from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render

from apps.printing.lists import filtered, register_page
from apps.workflow import api

from . import services
from .filters import GeneralRequestFilter
from .forms import GeneralRequestForm
from .models import GeneralRequest
from .processes import PROCESS_CODE


def visible_requests(user, params):
    """The general requests `user` may see, with the list's filters (the page and its register)."""
    qs = GeneralRequest.objects.visible_to(user).select_related("case", "case__section", "case__initiator")
    qs = qs.order_by("-case__created_at", "-pk")
    return filtered(GeneralRequestFilter, params, qs)  # sort=due reorders


@login_required
def request_list(request):
    return register_page(
        request, GeneralRequestFilter, visible_requests, register="general_requests", template="matters/list.html"
    )


def _form_page(request, form, case, done, refused):
    """Save (and submit, with the 提交 button) a valid form, or show it again with the reason."""
    if request.method == "POST" and form.is_valid():
        submit = "submit" in request.POST
        try:
            case = services.save_request(
                request.user, form.cleaned_data, form.cleaned_data["attachments"], case=case, submit=submit
            )
        except api.TransitionError as exc:
            messages.error(request, refused.format(exc))
        else:
            messages.success(request, done[submit])
            return redirect(case)
    elif request.method == "POST":
        messages.error(request, "请按提示修改后再提交；附件需要重新选择。")
    attachments = case.attachments.all() if case else None
    return render(request, "matters/form.html", {"form": form, "case": case, "attachments": attachments})


@login_required
def request_new(request):
    if request.user.admin_role or request.user.section is None:
        raise PermissionDenied(
            "只有业务人员可以发起事项审批。管理员账号不办理业务；业务账号须设所在科室，未设的请联系安全管理员。"
        )
    form = GeneralRequestForm(request.POST or None, request.FILES or None, section=request.user.section)
    return _form_page(
        request, form, None, {True: "已提交审批。", False: "草稿已保存。"}, "{}（已填写的内容仍在下方。）"
    )


@login_required
def request_edit(request, pk):
    case = api.access_case(request.user, pk)
    if case.process != PROCESS_CODE or case.initiator_id != request.user.pk:
        raise PermissionDenied("只有发起人本人可以修改这份申请。")
    if case.status not in api.EDITABLE:
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
    return _form_page(request, form, case, {True: "已重新提交审批。", False: "修改已保存。"}, "{}")
