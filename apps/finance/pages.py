"""What the finance app's pages share: who may file, a draft's form page, and the printed
forms' signature rows. Every case is reached through the engine's access helper."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render

from apps.printing.case_print import print_case, signed_steps
from apps.printing.views import FORM_ACTIONS
from apps.workflow import api
from apps.workflow.api import TransitionError

# Printed forms list who signed after the claimant's own submission.
SIGNED_ACTIONS = [action for action in FORM_ACTIONS if action != "submit"]


def can_file(user):
    return not user.admin_role and user.section_id is not None


def require_filer(request):
    if not can_file(request.user):
        raise PermissionDenied(
            "只有业务人员可以填报财务和后勤申请。管理员账号不办理业务；业务账号须设所在科室，未设的请联系安全管理员。"
        )


def own_draft(request, pk, process):
    """The user's own case of `process` (404 if they may not see it, 403 if it is not theirs)."""
    case = api.access_case(request.user, pk, process=process)
    if case.initiator_id != request.user.pk:
        raise PermissionDenied("只有发起人本人可以修改这份申请。")
    return case


def editable(request, pk, process, refusal="已提交，不能再修改。"):
    """(case, None) for the user's draft, or (case, redirect to the case with `refusal`)."""
    case = own_draft(request, pk, process)
    if case.status not in api.EDITABLE:
        messages.error(request, refusal)
        return case, redirect(case)
    return case, None


def draft_page(request, template, form, save, case=None, context=None, forms_valid=True, submitted="已提交审批。"):
    """A draft's form page: on a valid POST save(cleaned_data, case, submit) and go to the case;
    else (or when the service refuses) show the form again with the message."""
    if request.method == "POST":
        if form.is_valid() and forms_valid:
            submit = "submit" in request.POST
            try:
                case = save(form.cleaned_data, case, submit)
            except TransitionError as exc:
                messages.error(request, f"{exc}（已填写的内容仍在下方。）")
            else:
                messages.success(request, submitted if submit else "草稿已保存。")
                return redirect(case)
        else:
            messages.error(request, "请按提示修改后再提交。")
    return render(request, template, {"form": form, "case": case, **(context or {})})


def form_view(request, pk, process, make_form, save, title, tab):
    """A new draft (pk None) or the user's own draft of `process` on the shared form page:
    make_form(data, case) builds the form, save(user, data, case, submit) stores it."""
    case = None
    if pk is None:
        require_filer(request)
    else:
        case, done = editable(request, pk, process)
        if done:
            return done
    return draft_page(
        request,
        "finance/logistics/form.html",
        make_form(request.POST or None, case),
        lambda data, c, submit: save(request.user, data, c, submit),
        case,
        {"title": title, "tab": tab},
    )


def print_form(request, pk, process, template, title, context):
    """One of the finance forms (报销单, 借款单 ...) as PDF, with the signature rows."""
    return print_case(
        request,
        pk,
        process=process,
        template=template,
        title=title,
        event="print.finance_form",
        context=lambda case: {"steps": signed_steps(case, SIGNED_ACTIONS), **context(case)},
    )
