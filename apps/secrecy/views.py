"""保密管理 pages: the office's dashboard, the pledge register, trainings with attendance, the
yearly self-inspection (findings and rectification on the inspections platform), the carrier
ledger and its periodic checks. Thin views: access → form → service → redirect."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from apps.inspections.services import inspection_url, open_rectifications, start_url
from apps.printing.lists import filtered, list_page, register_page
from apps.workflow.api import TransitionError

from . import services
from .access import may_keep, may_see
from .filters import CarrierFilter, PledgeFilter
from .forms import (
    AttendanceForm,
    CarrierCheckForm,
    CarrierForm,
    CloseCarrierForm,
    PledgeForm,
    SelfInspectionForm,
    TrainingForm,
)
from .models import Attendance, Carrier, CarrierCheck, CarrierCheckLine, Pledge, SelfInspection, Training

KEEP_TYPED = "请按提示补充或更正，已填写的内容都保留着。"


def _require_see(user):
    if not may_see(user):
        raise PermissionDenied("保密管理台账仅办公室、分管领导和局长可以查看。")


def _require_keep(user):
    if not may_keep(user):
        raise PermissionDenied("保密管理台账由办公室工作人员登记；领导可以查看。")


def _form_page(request, form, template, service, done, context=None):
    """GET: the form. POST: the service; its refusal shown with everything typed kept."""
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
    status = 400 if request.method == "POST" else 200
    return render(request, template, {"form": form, **(context or {})}, status=status)


@login_required
def home(request):
    """The office's 保密管理 page: what is flagged, what is due, this year's work."""
    _require_see(request.user)
    today = timezone.localdate()
    year = today.year
    trainings = list(
        Training.objects.visible_to(request.user)
        .filter(held_on__year=year)
        .annotate(present=Count("attendance", filter=Q(attendance__status=Attendance.Status.PRESENT)))
        .annotate(total=Count("attendance"))
    )
    inspection = SelfInspection.objects.visible_to(request.user).filter(year=year).first()
    context = {
        "year": year,
        "today": today,
        "flags": services.missing_pledges(today),
        "trainings": trainings,
        "training_due": services.training_due(year),
        "inspection": inspection,
        "rectifications": list(open_rectifications(inspection, request.user)) if inspection else [],
        "carriers_in_use": Carrier.objects.visible_to(request.user).filter(status=Carrier.Status.IN_USE).count(),
        "check_due": services.next_check_due(today),
        "last_check": CarrierCheck.objects.visible_to(request.user).order_by("-checked_on", "-pk").first(),
        "may_keep": may_keep(request.user),
        "pledge_count": Pledge.objects.visible_to(request.user).filter(signed_on__year=year).count(),
        "pledge_total": Pledge.objects.visible_to(request.user).count(),
    }
    return render(request, "secrecy/home.html", context)


# --- pledges --------------------------------------------------------------------------------


def visible_pledges(user, params):
    qs = Pledge.objects.visible_to(user).select_related("person__section", "recorded_by")
    return filtered(PledgeFilter, params, qs).order_by("-signed_on", "-pk")


@login_required
def pledges(request):
    _require_see(request.user)
    return register_page(
        request,
        PledgeFilter,
        visible_pledges,
        register="secrecy_pledges",
        template="secrecy/pledges.html",
        context={"may_keep": may_keep(request.user), "flags": services.missing_pledges()},
    )


@login_required
def pledge_new(request):
    _require_keep(request.user)
    initial = {}
    if request.GET.get("person"):
        initial = {"person": request.GET["person"], "kind": request.GET.get("kind") or Pledge.Kind.APPOINTMENT}
    form = PledgeForm(request.POST or None, initial=initial)

    def save(f):
        services.record_pledge(request.user, f.cleaned_data)
        return "secrecy:pledges"

    return _form_page(request, form, "secrecy/form.html", save, "保密承诺书已登记。", {"title": "登记保密承诺书"})


# --- training -------------------------------------------------------------------------------


@login_required
def trainings(request):
    _require_see(request.user)
    rows = (
        Training.objects.visible_to(request.user)
        .annotate(present=Count("attendance", filter=Q(attendance__status=Attendance.Status.PRESENT)))
        .annotate(total=Count("attendance"))
        .order_by("-held_on", "-pk")
    )
    return render(request, "secrecy/trainings.html", {**list_page(request, rows), "may_keep": may_keep(request.user)})


@login_required
def training_new(request):
    _require_keep(request.user)
    form = TrainingForm(request.POST or None)
    return _form_page(
        request,
        form,
        "secrecy/form.html",
        lambda f: services.record_training(request.user, f.cleaned_data),
        "培训已登记，全体在职人员已列入签到名单（默认到会），请更正请假、缺席人员。",
        {"title": "登记保密培训", "help": "登记后系统按全体在职人员生成签到名单，再逐人更正请假、缺席。"},
    )


@login_required
def training(request, pk):
    _require_see(request.user)
    obj = get_object_or_404(Training.objects.visible_to(request.user), pk=pk)
    rows = obj.attendance.select_related("person__section").order_by("person__section__order", "person__full_name")
    form = AttendanceForm(request.POST or None, rows=rows)
    if request.method == "POST":
        _require_keep(request.user)
        if form.is_valid():
            try:
                changed = services.set_attendance(request.user, obj.pk, form.statuses())
            except TransitionError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, f"签到情况已保存（更正 {changed} 人）。")
                return redirect(obj)
        else:
            messages.error(request, KEEP_TYPED)
    counts = {s: 0 for s in Attendance.Status.values}
    for row in form.rows:
        counts[row.status] += 1
    return render(
        request,
        "secrecy/training.html",
        {"t": obj, "form": form, "counts": counts, "may_keep": may_keep(request.user)},
    )


# --- self-inspection ----------------------------------------------------------------------------


@login_required
def inspections(request):
    _require_see(request.user)
    rows = SelfInspection.objects.visible_to(request.user).select_related("created_by").order_by("-year")
    return render(request, "secrecy/inspections.html", {**list_page(request, rows), "may_keep": may_keep(request.user)})


@login_required
def inspection_new(request):
    _require_keep(request.user)
    form = SelfInspectionForm(request.POST or None)
    return _form_page(
        request,
        form,
        "secrecy/form.html",
        lambda f: services.record_self_inspection(request.user, f.cleaned_data),
        "年度保密自查已登记。发现的问题请在“登记检查发现的问题”中逐条记录并下达整改。",
        {"title": "登记年度保密自查"},
    )


@login_required
def inspection(request, pk):
    _require_see(request.user)
    obj = get_object_or_404(SelfInspection.objects.visible_to(request.user), pk=pk)
    return render(
        request,
        "secrecy/inspection.html",
        {
            "i": obj,
            "rectifications": list(open_rectifications(obj, request.user)),
            "checks_url": inspection_url("office", obj),
            "start_url": start_url("office", obj),
            "may_keep": may_keep(request.user),
        },
    )


# --- carriers ---------------------------------------------------------------------------------


def visible_carriers(user, params):
    lines = CarrierCheckLine.objects.select_related("check_record").order_by("-check_record__checked_on", "-pk")
    qs = (
        Carrier.objects.visible_to(user)
        .select_related("keeper")
        .prefetch_related(Prefetch("check_lines", queryset=lines, to_attr="lines_desc"))
    )
    return filtered(CarrierFilter, params, qs).order_by("status", "number")


@login_required
def carriers(request):
    _require_see(request.user)
    today = timezone.localdate()
    return register_page(
        request,
        CarrierFilter,
        visible_carriers,
        register="secrecy_carriers",
        template="secrecy/carriers.html",
        context={
            "may_keep": may_keep(request.user),
            "check_due": services.next_check_due(today),
            "today": today,
            "checks": CarrierCheck.objects.visible_to(request.user)
            .annotate(
                problems=Count("lines", filter=~Q(lines__result=CarrierCheckLine.Result.OK)), total=Count("lines")
            )
            .order_by("-checked_on", "-pk")[:10],
            "close_form": CloseCarrierForm(),
        },
    )


@login_required
def carrier_new(request):
    _require_keep(request.user)
    form = CarrierForm(request.POST or None)

    def save(f):
        services.register_carrier(request.user, f.cleaned_data)
        return "secrecy:carriers"

    return _form_page(request, form, "secrecy/form.html", save, "涉密载体已登记入台账。", {"title": "登记涉密载体"})


@login_required
@require_POST
def carrier_close(request, pk):
    _require_keep(request.user)
    get_object_or_404(Carrier.objects.visible_to(request.user), pk=pk)
    form = CloseCarrierForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请选择处理方式并填写日期和说明。")
        return redirect("secrecy:carriers")
    d = form.cleaned_data
    try:
        services.close_carrier(request.user, pk, d["status"], d["on_date"], d["note"])
    except TransitionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "已登记销毁/清退。")
    return redirect("secrecy:carriers")


@login_required
def check_new(request):
    _require_keep(request.user)
    in_use = Carrier.objects.filter(status=Carrier.Status.IN_USE).select_related("keeper").order_by("number")
    form = CarrierCheckForm(request.POST or None, carriers=in_use)
    return _form_page(
        request,
        form,
        "secrecy/check_form.html",
        lambda f: services.record_check(request.user, f.cleaned_data, f.results()),
        "涉密载体检查已登记。",
    )


@login_required
def check(request, pk):
    _require_see(request.user)
    obj = get_object_or_404(CarrierCheck.objects.visible_to(request.user).select_related("created_by"), pk=pk)
    lines = obj.lines.select_related("carrier__keeper").order_by("carrier__number")
    return render(request, "secrecy/check.html", {"c": obj, "lines": lines})
