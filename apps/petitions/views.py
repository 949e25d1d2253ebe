from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from apps.printing.case_print import refuse_print, render_case_form
from apps.printing.lists import filtered, register_page
from apps.workflow import deadlines
from apps.workflow.api import TransitionError, access_case
from apps.workflow.viewkit import case_step

from . import services
from .filters import PetitionFilter
from .forms import (
    AnswerForm,
    DecideForm,
    ExtendForm,
    ObjectionForm,
    PetitionForm,
    ReviewAcceptForm,
    ReviewOpinionForm,
    ReviewRequestForm,
    UpperReferForm,
    UpperResultForm,
)
from .models import Petition, Stage
from .processes import PROCESS


def visible_petitions(user, params):
    """The petitions `user` may see, with the register's filters (the page and its export)."""
    qs = Petition.objects.visible_to(user).select_related("case", "case__section", "case__initiator")
    return filtered(PetitionFilter, params, qs).order_by("-received_on", "-pk")


@login_required
def petition_list(request):
    return register_page(
        request, PetitionFilter, visible_petitions, register="petitions", template="petitions/list.html"
    )


@login_required
def petition_new(request):
    if request.user.admin_role or request.user.section_id is None:
        raise PermissionDenied(
            "只有业务人员可以登记信访事项。管理员账号不办理业务；业务账号须设所在科室，未设的请联系安全管理员。"
        )
    form = PetitionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            case = services.register_petition(request.user, {**form.cleaned_data})
        except TransitionError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "信访事项已登记并呈阅；书面告知期限已起算。")
            return redirect(case)
    return render(request, "petitions/form.html", {"form": form})


def _step(request, pk, key, form, action, success, **kwargs):
    """One of the case page's petition forms (apps.workflow.viewkit.case_step)."""
    return case_step(
        request,
        pk,
        process=PROCESS,
        key=key,
        form=form,
        action=action,
        success=success,
        invalid="请按要求填写：{errors}",
        redirect_to=lambda case, result: result,
        **kwargs,
    )


@login_required
@require_POST
def decide(request, pk):
    return _step(
        request,
        pk,
        "petition_decide",
        DecideForm,
        lambda c, d: services.decide(c.pk, request.user, d["accept"], d["on_date"], d["reason"]),
        "受理决定已记录，请打印告知书送达信访人。",
    )


@login_required
@require_POST
def objection(request, pk):
    return _step(
        request,
        pk,
        "petition_object",
        ObjectionForm,
        lambda c, d: services.raise_objection(c.pk, request.user, d["on_date"], d["reason"]),
        "异议已记录，事项办结；请打印异议函送转送、交办机关。",
    )


@login_required
@require_POST
def extend(request, pk):
    return _step(
        request,
        pk,
        "petition_extend",
        ExtendForm,
        lambda c, d: services.extend(c.pk, request.user, d["days"], d["reason"], d["approved_by"]),
        "办理期限已延长，请打印延期告知书送达信访人。",
    )


@login_required
@require_POST
def answer(request, pk):
    return _step(
        request,
        pk,
        "petition_answer",
        AnswerForm,
        lambda c, d: services.answer(c.pk, request.user, d["text"], d["on_date"]),
        "处理意见已出具，事项办结；请打印处理意见书和送达回证。",
    )


@login_required
@require_POST
def review_request(request, pk):
    return _step(
        request,
        pk,
        "petition_review_request",
        ReviewRequestForm,
        lambda c, d: services.request_review(c.pk, request.user, d),
        "复查请求已登记，复查受理和复查意见期限已起算。",
    )


@login_required
@require_POST
def review_accept(request, pk):
    return _step(
        request,
        pk,
        "petition_review_accept",
        ReviewAcceptForm,
        lambda c, d: services.accept_review(c.pk, request.user, d["on_date"]),
        "复查请求已受理。",
    )


@login_required
@require_POST
def review_opinion(request, pk):
    return _step(
        request,
        pk,
        "petition_review_opinion",
        ReviewOpinionForm,
        lambda c, d: services.review_opinion(c.pk, request.user, d["text"], d["on_date"]),
        "复查意见已出具；请打印复查意见书和送达回证。",
    )


@login_required
@require_POST
def upper_refer(request, pk):
    return _step(
        request,
        pk,
        "petition_upper_refer",
        UpperReferForm,
        lambda c, d: services.refer_review_upward(c.pk, request.user, d["body"], d["told_on"]),
        "已登记告知复查途径；上一级机关的复查结果请在收到后登记。",
    )


@login_required
@require_POST
def upper_result(request, pk):
    return _step(
        request,
        pk,
        "petition_upper_result",
        UpperResultForm,
        lambda c, d: services.record_upper_review(c.pk, request.user, d["result"], d["on_date"]),
        "上一级机关的复查结果已登记。",
    )


# Which printed form may be printed at which stage (a notice that was never decided is not printed).
FORMS = {
    "accept": ("受理告知书", {Stage.ACCEPTED, Stage.ANSWERED}),
    "decline": ("不予受理告知书", {Stage.NOT_ACCEPTED}),
    "objection": ("异议函", {Stage.OBJECTED}),
    "extension": ("延期告知书", {Stage.ACCEPTED, Stage.ANSWERED}),
    "answer": ("信访处理意见书", {Stage.ANSWERED}),
    "review": ("信访复查意见书", {Stage.REVIEWED}),
    "receipt": ("送达回证", {Stage.ACCEPTED, Stage.NOT_ACCEPTED, Stage.ANSWERED, Stage.REVIEW, Stage.REVIEWED}),
}


@login_required
@require_GET
def print_form(request, pk, form):
    case = access_case(request.user, pk, process=PROCESS)
    if form not in FORMS:
        raise Http404
    title, stages = FORMS[form]
    petition = case.petition
    if petition.stage not in stages or (form == "extension" and not petition.extended_days):
        return refuse_print(request, case, f"该信访事项目前“{petition.get_stage_display()}”，不能打印{title}。")
    clocks = {c.rule.code: c for c in case.clocks.select_related("rule")}
    handle = clocks.get(services.HANDLE_RULE)
    # The 受理告知书 states the period as it stood on the day of acceptance (before any extension).
    accept_due = deadlines.end_of_period(handle.rule, handle.started_on, handle.rule.length)[1] if handle else None
    context = {
        "accept_due": accept_due,
        "p": petition,
        "clocks": clocks,
        "handle_clock": handle,
        "served": request.GET.get("doc", ""),
    }
    return render_case_form(
        request,
        case,
        f"print/petitions/{form}.html",
        title,
        context,
        event="print.petition_form",
        detail={"form": form},
    )
