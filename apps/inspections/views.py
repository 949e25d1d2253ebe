"""Pages of 监督检查与整改. Thin views: visibility (404 for whoever may not see the section),
form, service, redirect. Lists and their Excel exports share one row function each."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from apps.accounts.models import Rank
from apps.audit.log import record
from apps.org.models import Section
from apps.printing.case_print import print_context
from apps.printing.lists import filtered, register_page
from apps.printing.render import render_pdf
from apps.printing.views import pdf_response
from apps.workflow.api import TransitionError

from . import forms, services
from .filters import CheckFilter, PlanFilter, RectificationFilter
from .models import Check, Plan, Rectification, sections_seen_by

# --- rows shared by the pages and the Excel registers ----------------------------------------------


def plan_rows(user, params):
    qs = Plan.objects.visible_to(user).select_related("section", "created_by", "approved_by")
    qs = qs.annotate(
        n_checks=Count("checks", distinct=True),
        n_open=Count("checks", filter=~Q(checks__status=Check.Status.CLOSED), distinct=True),
    )
    return filtered(PlanFilter, params, qs).order_by("-year", "-created_at", "-pk")


def check_rows(user, params):
    qs = (
        Check.objects.visible_to(user)
        .select_related("plan__section", "lead", "rectification")
        .prefetch_related("inspectors")
        .annotate(n_findings=Count("findings", distinct=True))
    )
    return filtered(CheckFilter, params, qs).order_by("-checked_on", "-pk")


def rectification_rows(user, params):
    qs = Rectification.objects.visible_to(user).select_related("check_record__plan__section", "check_record__lead")
    return filtered(RectificationFilter, params, qs).order_by("due_date", "pk")


# --- access --------------------------------------------------------------------------------------


def _section(request, code):
    section = Section.objects.filter(code=code).select_related("division_leader").first()
    if section is None or not services.may_see_section(request.user, section):
        raise Http404("没有这个科室的监督检查，或您无权查看。")
    return section


def _with_section(request, section):
    query = request.GET.copy()
    query["section"] = section.code
    request.GET = query


def _check(request, pk):
    check = (
        Check.objects.visible_to(request.user)
        .select_related("plan__section", "lead", "created_by", "target_type")
        .filter(pk=pk)
        .first()
    )
    if check is None:
        raise Http404("检查记录不存在，或您无权查看。")
    return check


# --- pages ---------------------------------------------------------------------------------------


@login_required
def home(request):
    """Section staff go to their own section's list; leaders and the director get the sections
    they may see with the figures that matter."""
    user = request.user
    if user.admin_role:
        raise PermissionDenied("管理员账号不办理业务，监督检查由各科室工作人员办理。")
    if user.section_id and user.rank not in (Rank.DIRECTOR, Rank.DIVISION_LEADER):
        return redirect("inspections:section", user.section.code)
    today = timezone.localdate()
    sections = (
        Section.objects.filter(pk__in=sections_seen_by(user), kind=Section.Kind.SECTION)
        .annotate(
            n_plans=Count("inspection_plans", filter=Q(inspection_plans__year=today.year), distinct=True),
            n_open=Count(
                "inspection_plans__checks__rectification",
                filter=~Q(inspection_plans__checks__rectification__status=Rectification.Status.CLOSED),
                distinct=True,
            ),
            n_overdue=Count(
                "inspection_plans__checks__rectification",
                filter=Q(
                    inspection_plans__checks__rectification__status=Rectification.Status.ISSUED,
                    inspection_plans__checks__rectification__due_date__lt=today,
                ),
                distinct=True,
            ),
        )
        .order_by("order", "pk")
    )
    return render(request, "inspections/home.html", {"sections": sections, "year": today.year})


@login_required
@never_cache
def section(request, code):
    """A section's inspections: open rectifications first, then the plans and recent checks; with
    ?ct=&oid= (or ?unit=) the history of one unit."""
    sec = _section(request, code)
    user = request.user
    params = {"section": sec.code}
    target_label, target_params = "", {}
    if request.GET.get("ct") and request.GET.get("oid"):
        target_params = {"ct": request.GET["ct"], "oid": request.GET["oid"]}
    elif request.GET.get("unit"):
        target_params = {"unit": request.GET["unit"].strip()}
    if target_params:
        checks = list(check_rows(user, {**params, **target_params})[:200])
        if "unit" in target_params:
            checks = [c for c in checks if c.target_label == target_params["unit"]]
        target_label = checks[0].target_label if checks else ""
        if not target_label and "ct" in target_params:
            try:
                _, obj = services.resolve_target(user, target_params["ct"], target_params["oid"])
                target_label = str(obj)
            except TransitionError:
                raise Http404("检查对象不存在。") from None
        target_label = target_label or target_params.get("unit", "")
        return render(
            request,
            "inspections/target.html",
            {
                "section": sec,
                "checks": checks,
                "target_label": target_label,
                "open": [c.rectification for c in checks if _open_rect(c)],
                "may_work": services.may_work(user, sec),
                "start_query": target_params,
            },
        )
    rects = list(rectification_rows(user, {**params, "open": True})[:100])
    plans = list(plan_rows(user, params)[:20])
    checks = list(check_rows(user, params)[:20])
    today = timezone.localdate()
    return render(
        request,
        "inspections/section.html",
        {
            "section": sec,
            "rects": rects,
            "overdue": sum(1 for r in rects if r.is_overdue(today)),
            "plans": plans,
            "checks": checks,
            "may_work": services.may_work(user, sec),
        },
    )


def _open_rect(check):
    try:
        return check.rectification.is_open
    except Rectification.DoesNotExist:
        return False


@login_required
def plans(request, code):
    sec = _section(request, code)
    _with_section(request, sec)
    return register_page(
        request,
        PlanFilter,
        plan_rows,
        register="inspection_plans",
        template="inspections/plans.html",
        context={"section": sec, "may_work": services.may_work(request.user, sec)},
    )


@login_required
def checks(request, code):
    sec = _section(request, code)
    _with_section(request, sec)
    return register_page(
        request,
        CheckFilter,
        check_rows,
        register="inspection_checks",
        template="inspections/checks.html",
        context={"section": sec, "may_work": services.may_work(request.user, sec)},
    )


@login_required
def rectifications(request, code):
    sec = _section(request, code)
    _with_section(request, sec)
    return register_page(
        request,
        RectificationFilter,
        rectification_rows,
        register="inspection_rectifications",
        template="inspections/rectifications.html",
        context={"section": sec, "today": timezone.localdate()},
    )


@login_required
def plan_new(request, code):
    sec = _section(request, code)
    if not services.may_work(request.user, sec):
        raise PermissionDenied(f"检查计划由{sec.name}的工作人员拟定。")
    form = forms.PlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.create_plan(request.user, sec, form.cleaned_data)
        except TransitionError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "检查计划已拟定，请科室负责人批准。")
            return redirect(plan)
    status = 400 if request.method == "POST" else 200
    return render(request, "inspections/plan_form.html", {"form": form, "section": sec}, status=status)


@login_required
@never_cache
def plan_detail(request, pk):
    plan = get_object_or_404(
        Plan.objects.visible_to(request.user).select_related("section", "created_by", "approved_by"), pk=pk
    )
    plan_checks = plan.checks.select_related("lead", "rectification").order_by("-checked_on", "-pk")
    return render(
        request,
        "inspections/plan_detail.html",
        {
            "plan": plan,
            "section": plan.section,
            "checks": plan_checks,
            "may_work": services.may_work(request.user, plan.section),
            "may_approve": services.is_chief_of(request.user, plan.section) and plan.status == Plan.Status.DRAFT,
        },
    )


PLAN_ACTIONS = {
    "approve": (services.approve_plan, "检查计划已批准，可以在其下登记检查。"),
    "close": (services.close_plan, "检查计划已标记完成。"),
}


@login_required
@require_POST
def plan_action(request, pk, action):
    plan = get_object_or_404(Plan.objects.visible_to(request.user), pk=pk)
    if action not in PLAN_ACTIONS:
        raise Http404
    service, done = PLAN_ACTIONS[action]
    try:
        service(plan.pk, request.user)
    except TransitionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, done)
    return redirect(plan)


@login_required
def check_new(request, code):
    sec = _section(request, code)
    if not services.may_work(request.user, sec):
        raise PermissionDenied(f"检查由{sec.name}的工作人员登记。")
    target = None
    source = request.POST if request.method == "POST" else request.GET
    if source.get("ct") and source.get("oid"):
        try:
            _, target = services.resolve_target(request.user, source["ct"], source["oid"])
        except TransitionError as exc:
            raise Http404(str(exc)) from None
    form = forms.CheckForm(request.POST or None, section=sec, target=target, initial={"plan": request.GET.get("plan")})
    if request.method == "POST" and form.is_valid():
        try:
            check = services.record_check(request.user, form.cleaned_data["plan"].pk, form.cleaned_data)
        except TransitionError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "检查已登记。请逐项记录发现的问题，再发出整改通知书；未发现问题的直接办结。")
            return redirect(check)
    elif request.method == "POST":
        messages.error(request, "请按提示补充或更正，已填写的内容都保留着。")
    ct = ContentType.objects.get_for_model(target) if target is not None else None
    return render(
        request,
        "inspections/check_form.html",
        {"form": form, "section": sec, "target": target, "ct": ct},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@never_cache
def check_detail(request, pk):
    return render(request, "inspections/check_detail.html", _detail_context(request, _check(request, pk)))


def _detail_context(request, check):
    sec = check.plan.section
    rect = (
        Rectification.objects.filter(check_record=check)
        .select_related("closed_by")
        .prefetch_related(Prefetch("events", queryset=_events()))
        .first()
    )
    may_work = services.may_work(request.user, sec)
    today = timezone.localdate()
    context = {
        "check": check,
        "section": sec,
        "findings": list(check.findings.select_related("recorded_by")),
        "inspectors": list(check.inspectors.order_by("id")),
        "rect": rect,
        "may_work": may_work,
        "may_extend": services.is_chief_of(request.user, sec),
        "today": today,
    }
    if may_work and check.status == Check.Status.OPEN:
        context["finding_form"] = forms.FindingForm()
        context["notice_form"] = forms.NoticeForm(initial={"due_date": services.default_due_date(today)})
        context["close_form"] = forms.CloseForm()
    if may_work and rect is not None and rect.is_open:
        context["report_form"] = forms.ReportForm()
        context["verify_form"] = forms.VerifyForm()
        context["renotice_form"] = forms.NewDueForm(prefix="re")
        context["extend_form"] = forms.NewDueForm(prefix="ex")
    return context


def _events():
    from .models import RectificationEvent

    return RectificationEvent.objects.select_related("actor").order_by("at", "pk")


def _rect_of(check):
    rect = Rectification.objects.filter(check_record=check).first()
    if rect is None:
        raise TransitionError("该检查还没有发出整改通知书。")
    return rect


def _finding(request, check, form):
    services.add_finding(request.user, check.pk, form.cleaned_data)
    return "已记录该问题。"


def _remove(request, check, form):
    services.remove_finding(request.user, check.pk, request.POST.get("finding"))
    return "已删除该问题。"


def _notice(request, check, form):
    services.issue_notice(request.user, check.pk, form.cleaned_data["due_date"])
    return "整改通知书已发出，可以打印。整改期限届满前系统会提醒主办检查人。"


def _close(request, check, form):
    services.close_without_notice(request.user, check.pk, form.cleaned_data["conclusion"])
    return "检查已办结。"


def _report(request, check, form):
    services.receive_report(
        request.user, _rect_of(check).pk, form.cleaned_data["received_on"], form.cleaned_data["summary"]
    )
    return "整改报告已登记，请组织核查。"


def _verify(request, check, form):
    services.verify_and_close(
        request.user, _rect_of(check).pk, form.cleaned_data["verified_on"], form.cleaned_data["opinion"]
    )
    return "核查通过，整改已销号，检查办结。"


def _renotice(request, check, form):
    services.renotice(request.user, _rect_of(check).pk, form.cleaned_data["new_due"], form.cleaned_data["reason"])
    return "已重新通知整改，新的整改期限已生效。"


def _extend(request, check, form):
    services.extend_due(request.user, _rect_of(check).pk, form.cleaned_data["new_due"], form.cleaned_data["reason"])
    return "整改期限已延长。"


# action -> (form class, form kwargs, service wrapper, the form's name on the page)
CHECK_ACTIONS = {
    "finding": (forms.FindingForm, {}, _finding, "finding_form"),
    "remove-finding": (None, {}, _remove, ""),
    "notice": (forms.NoticeForm, {}, _notice, "notice_form"),
    "close": (forms.CloseForm, {}, _close, "close_form"),
    "report": (forms.ReportForm, {}, _report, "report_form"),
    "verify": (forms.VerifyForm, {}, _verify, "verify_form"),
    "renotice": (forms.NewDueForm, {"prefix": "re"}, _renotice, "renotice_form"),
    "extend": (forms.NewDueForm, {"prefix": "ex"}, _extend, "extend_form"),
}


@login_required
@require_POST
def check_action(request, pk, action):
    """A form of the check page: service, message and redirect; or the page again with the typed
    values and the reason (400 for a form error, 409 for a refused move)."""
    check = _check(request, pk)
    if action not in CHECK_ACTIONS:
        raise Http404
    form_class, kwargs, run, name = CHECK_ACTIONS[action]
    form = form_class(request.POST, **kwargs) if form_class else None
    if form is not None and not form.is_valid():
        messages.error(request, "未保存：请按提示补充或更正，已填写的内容都保留着。")
        return _again(request, check, name, form, 400)
    try:
        done = run(request, check, form)
    except TransitionError as exc:
        messages.error(request, str(exc))
        return _again(request, check, name, form, 409) if form is not None else redirect(check)
    messages.success(request, done)
    return redirect(check)


def _again(request, check, name, form, status):
    check = _check(request, check.pk)  # as it is now (a second click meets the new state)
    context = _detail_context(request, check)
    if name in context:
        context[name] = form
    return render(request, "inspections/check_detail.html", context, status=status)


@login_required
@require_GET
def notice_pdf(request, pk):
    """整改通知书 (GB/T 9704 page), printed from the check's findings and the notice's due date."""
    check = _check(request, pk)
    rect = Rectification.objects.filter(check_record=check).first()
    if rect is None:
        messages.error(request, "尚未发出整改通知书，不能打印。")
        return redirect(check)
    title = "整改通知书"
    context = print_context(
        request.user,
        title=title,
        check=check,
        rect=rect,
        section=check.plan.section,
        findings=list(check.findings.all()),
    )
    pdf = render_pdf("print/inspections/notice.html", context, request=request)
    record("print.inspection_notice", actor=request.user, obj=rect, detail={"check": check.pk})
    return pdf_response(pdf, f"{check.target_label}-{title}.pdf")
