from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from apps.audit.log import record
from apps.printing.exports import export_or_queue
from apps.printing.render import render_pdf
from apps.printing.views import pdf_response
from apps.workflow import deadlines
from apps.workflow.services import TransitionError
from apps.workflow.views import get_case_for_user, render_case_error

from . import services
from .forms import (
    AnswerForm, DecideForm, ExtendForm, FilterForm, ObjectionForm, PetitionForm, ReviewAcceptForm, ReviewOpinionForm,
    ReviewRequestForm,
)
from .models import Petition, Stage
from .processes import PROCESS


def visible_petitions(user, params):
    """The petitions `user` may see, with the register's filters (the page and its export)."""
    qs = Petition.objects.visible_to(user).select_related("case", "case__section", "case__initiator")
    if params.get("q"):
        qs = qs.filter(Q(case__title__icontains=params["q"]) | Q(petitioner__icontains=params["q"]) | Q(demands__icontains=params["q"]))
    if params.get("channel"):
        qs = qs.filter(channel=params["channel"])
    if params.get("stage"):
        qs = qs.filter(stage=params["stage"])
    if params.get("group"):
        qs = qs.filter(is_group=True)
    return qs.order_by("-received_on", "-pk")


@login_required
def petition_list(request):
    filter_form = FilterForm(request.GET or None)
    params = filter_form.params() if request.GET else {}
    if request.GET.get("export") == "xlsx":
        return export_or_queue(request, "petitions", params)
    page = Paginator(visible_petitions(request.user, params), 30).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "petitions/list.html", {"page": page, "filter_form": filter_form, "query": query.urlencode()})


@login_required
def petition_new(request):
    if request.user.admin_role or request.user.section_id is None:
        raise PermissionDenied
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


def _petition_case(request, pk):
    case = get_case_for_user(request.user, pk)
    if case.process != PROCESS:
        raise Http404
    return case


def _act(request, pk, key, form_class, call, done):
    """One of the case page's petition forms: on bad input or a refused move the page comes
    back with the reason in Chinese and everything typed kept (views.render_case_error)."""
    case = _petition_case(request, pk)
    form = form_class(request.POST)
    if not form.is_valid():
        return render_case_error(request, case, "请按要求填写：" + "；".join(e for errors in form.errors.values() for e in errors), {key: form})
    try:
        result = call(case, form.cleaned_data)
    except TransitionError as exc:
        return render_case_error(request, case, str(exc), {key: form})
    messages.success(request, done)
    return redirect(result)


@login_required
@require_POST
def decide(request, pk):
    return _act(request, pk, "petition_decide", DecideForm,
                lambda c, d: services.decide(c.pk, request.user, d["accept"], d["on_date"], d["reason"]),
                "受理决定已记录，请打印告知书送达信访人。")


@login_required
@require_POST
def objection(request, pk):
    return _act(request, pk, "petition_object", ObjectionForm,
                lambda c, d: services.raise_objection(c.pk, request.user, d["on_date"], d["reason"]),
                "异议已记录，事项办结；请打印异议函送转送、交办机关。")


@login_required
@require_POST
def extend(request, pk):
    return _act(request, pk, "petition_extend", ExtendForm,
                lambda c, d: services.extend(c.pk, request.user, d["days"], d["reason"], d["approved_by"]),
                "办理期限已延长，请打印延期告知书送达信访人。")


@login_required
@require_POST
def answer(request, pk):
    return _act(request, pk, "petition_answer", AnswerForm,
                lambda c, d: services.answer(c.pk, request.user, d["text"], d["on_date"]),
                "处理意见已出具，事项办结；请打印处理意见书和送达回证。")


@login_required
@require_POST
def review_request(request, pk):
    return _act(request, pk, "petition_review_request", ReviewRequestForm,
                lambda c, d: services.request_review(c.pk, request.user, d),
                "复查请求已登记，复查受理和复查意见期限已起算。")


@login_required
@require_POST
def review_accept(request, pk):
    return _act(request, pk, "petition_review_accept", ReviewAcceptForm,
                lambda c, d: services.accept_review(c.pk, request.user, d["on_date"]),
                "复查请求已受理。")


@login_required
@require_POST
def review_opinion(request, pk):
    return _act(request, pk, "petition_review_opinion", ReviewOpinionForm,
                lambda c, d: services.review_opinion(c.pk, request.user, d["text"], d["on_date"]),
                "复查意见已出具；请打印复查意见书和送达回证。")


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
    case = _petition_case(request, pk)
    if form not in FORMS:
        raise Http404
    title, stages = FORMS[form]
    petition = case.petition
    if petition.stage not in stages or (form == "extension" and not petition.extended_days):
        messages.error(request, f"该信访事项目前“{petition.get_stage_display()}”，不能打印{title}。")
        return redirect(case)
    clocks = {c.rule.code: c for c in case.clocks.select_related("rule")}
    handle = clocks.get(services.HANDLE_RULE)
    # The 受理告知书 states the period as it stood on the day of acceptance (before any extension).
    accept_due = deadlines.end_of_period(handle.rule, handle.started_on, handle.rule.length)[1] if handle else None
    context = {
        "accept_due": accept_due,
        "case": case, "p": petition, "title": title, "org_name": settings.ORG_NAME, "clocks": clocks,
        "handle_clock": clocks.get(services.HANDLE_RULE), "printed_by": request.user, "printed_at": timezone.localtime(),
        "served": request.GET.get("doc", ""),
    }
    pdf = render_pdf(f"print/petitions/{form}.html", context, request)
    record("print.petition_form", actor=request.user, obj=case, detail={"form": form})
    return pdf_response(pdf, f"{case.title}-{title}.pdf")
