"""应急管理 pages: the office's dashboard (plans due for revision, incidents and their next
report), plans, drills, the incident register, activation and the incident's step forms (on
the engine's case page)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from apps.printing.lists import filtered, register_page
from apps.workflow.api import TransitionError
from apps.workflow.viewkit import case_step

from . import services
from .access import may_keep, may_see
from .filters import IncidentFilter
from .forms import ActivateForm, DrillForm, PlanForm, ReportForm, ReviewForm, TerminateForm
from .models import Drill, Incident, Plan, Report
from .processes import PROCESS

KEEP_TYPED = "请按提示补充或更正，已填写的内容都保留着。"


def _require_see(user):
    if not may_see(user):
        raise PermissionDenied("应急管理仅办公室、分管领导和局长可以查看。")


def _require_keep(user):
    if not may_keep(user):
        raise PermissionDenied("应急预案、演练和突发事件由办公室工作人员登记办理。")


def _open_reports():
    return Prefetch("reports", queryset=Report.objects.filter(reported_at__isnull=True), to_attr="open_reports")


def visible_incidents(user, params):
    qs = (
        Incident.objects.visible_to(user)
        .select_related("plan", "case")
        .prefetch_related(_open_reports())
        .annotate(
            made=Count("reports", filter=Q(reports__reported_at__isnull=False)),
            late=Count("reports", filter=Q(reports__reported_at__gt=F("reports__due_at"))),
        )
    )
    return filtered(IncidentFilter, params, qs).order_by("-activated_at", "-pk")


@login_required
def home(request):
    _require_see(request.user)
    today = timezone.localdate()
    plans = list(Plan.objects.visible_to(request.user).filter(is_active=True).annotate(drill_count=Count("drills")))
    for p in plans:
        p.due = p.revision_due
        p.due_soon = p.due <= today + timezone.timedelta(days=60)
    responding = visible_incidents(request.user, {}).exclude(stage=Incident.Stage.CLOSED)
    return render(
        request,
        "emergency/home.html",
        {
            "plans": plans,
            "incidents": responding,
            "drills": Drill.objects.visible_to(request.user).select_related("plan")[:5],
            "may_keep": may_keep(request.user),
            "now": timezone.now(),
            "today": today,
        },
    )


def _form_page(request, form, template, service, done, context=None):
    if request.method == "POST":
        if form.is_valid():
            try:
                obj = service(form)
            except TransitionError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, done)
                return redirect(obj)
        else:
            messages.error(request, KEEP_TYPED)
    return render(request, template, {"form": form, **(context or {})}, status=400 if request.method == "POST" else 200)


@login_required
def plan_new(request):
    _require_keep(request.user)
    form = PlanForm(request.POST or None)
    return _form_page(
        request,
        form,
        "emergency/form.html",
        lambda f: services.save_plan(request.user, f.cleaned_data),
        "应急预案已登记。",
        {"title": "登记应急预案"},
    )


@login_required
def plan(request, pk):
    _require_see(request.user)
    obj = get_object_or_404(Plan.objects.visible_to(request.user), pk=pk)
    form = None
    if may_keep(request.user):
        initial = {f: getattr(obj, f) for f in PlanForm.base_fields}
        form = PlanForm(request.POST or None, initial=initial)
        if request.method == "POST":
            return _form_page(
                request,
                form,
                "emergency/plan.html",
                lambda f: services.save_plan(request.user, f.cleaned_data, plan=obj),
                "预案修订已登记。",
                {"p": obj, "drills": obj.drills.all(), "history": obj.history.select_related("history_user")[:10]},
            )
    elif request.method == "POST":
        raise PermissionDenied("预案由办公室工作人员修订登记。")
    return render(
        request,
        "emergency/plan.html",
        {
            "p": obj,
            "form": form,
            "drills": obj.drills.all(),
            "history": obj.history.select_related("history_user")[:10],
        },
    )


@login_required
def drill_new(request):
    _require_keep(request.user)
    form = DrillForm(request.POST or None, initial={"plan": request.GET.get("plan")})
    return _form_page(
        request,
        form,
        "emergency/form.html",
        lambda f: services.record_drill(request.user, f.cleaned_data).plan,
        "演练记录已登记。",
        {"title": "登记应急演练"},
    )


@login_required
def incidents(request):
    _require_see(request.user)
    return register_page(
        request,
        IncidentFilter,
        visible_incidents,
        register="emergency_incidents",
        template="emergency/incidents.html",
        context={"may_keep": may_keep(request.user), "now": timezone.now()},
    )


@login_required
def incident_new(request):
    _require_keep(request.user)
    form = ActivateForm(request.POST or None, user=request.user)
    return _form_page(
        request,
        form,
        "emergency/activate.html",
        lambda f: services.activate(request.user, f.cleaned_data).case,
        "已启动应急响应，局应急指挥领导小组已收到通知。请按时首报，并按预案间隔续报。",
    )


MOVES = {
    "report": ("em_report", ReportForm, services.file_report, "报告已登记，下一次续报的时间已起算。"),
    "terminate": ("em_terminate", TerminateForm, services.terminate, "已终止应急并终报。请登记善后处置与调查报告。"),
    "review": ("em_review", ReviewForm, services.close_review, "善后处置与调查报告已登记，事件办结。"),
}


@login_required
@require_POST
def act(request, pk, move):
    if move not in MOVES:
        raise Http404
    key, form, call, done = MOVES[move]
    return case_step(
        request,
        pk,
        process=PROCESS,
        key=key,
        form=form,
        action=lambda case, data: call(case.pk, request.user, data),
        success=done,
    )
