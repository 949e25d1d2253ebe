"""内务 pages: the home page (this month's inspections and the canteen ledger at a glance),
the inspection register, the canteen purchase acceptance ledger; forms through the services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Avg, Count, Sum
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from apps.printing.lists import filtered, register_page
from apps.workflow.api import TransitionError

from . import services
from .access import in_office, is_business, logistics_officer, may_keep, may_see
from .filters import CheckFilter, PurchaseFilter
from .forms import AcceptForm, CheckForm, PurchaseForm, RectifiedForm
from .models import Check, Purchase

KEEP_TYPED = "请按提示补充或更正，已填写的内容都保留着。"


def visible_checks(user, params):
    qs = Check.objects.visible_to(user).select_related("section")
    return filtered(CheckFilter, params, qs).order_by("-checked_on", "-pk")


def visible_purchases(user, params):
    qs = Purchase.objects.visible_to(user).select_related("purchaser", "acceptor")
    return filtered(PurchaseFilter, params, qs).order_by("-purchased_on", "-pk")


def _require_business(user):
    if not is_business(user):
        raise PermissionDenied("管理员账号不办理业务。")


@login_required
def home(request):
    _require_business(request.user)
    today = timezone.localdate()
    month = today.replace(day=1)
    checks = Check.objects.visible_to(request.user)
    purchases = Purchase.objects.visible_to(request.user)
    stats = checks.filter(checked_on__gte=month).aggregate(n=Count("pk"), avg=Avg("score"))
    money = purchases.filter(purchased_on__gte=month, status=Purchase.Status.ACCEPTED).aggregate(total=Sum("amount"))
    return render(
        request,
        "housekeeping/home.html",
        {
            "stats": stats,
            "money": money["total"] or 0,
            "rectifying": checks.filter(status=Check.Status.RECTIFYING)
            .select_related("section")
            .order_by("rectify_by"),
            "recent": checks.select_related("section").order_by("-checked_on", "-pk")[:8],
            "to_accept": purchases.filter(status=Purchase.Status.PENDING, acceptor=request.user).select_related(
                "purchaser"
            ),
            "pending": purchases.filter(status=Purchase.Status.PENDING).count(),
            "may_keep": may_keep(request.user),
            "in_office": in_office(request.user),
            "officer": logistics_officer(),
            "see_all": may_see(request.user),
            "today": today,
        },
    )


@login_required
def checks(request):
    _require_business(request.user)
    return register_page(
        request,
        CheckFilter,
        visible_checks,
        register="housekeeping_checks",
        template="housekeeping/checks.html",
        context={"may_keep": may_keep(request.user), "rect_form": RectifiedForm()},
    )


def _form_page(request, form, service, done, back, title):
    if request.method == "POST":
        if form.is_valid():
            try:
                service(form.cleaned_data)
            except TransitionError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, done)
                return redirect(back)
        else:
            messages.error(request, KEEP_TYPED)
    return render(
        request,
        "housekeeping/form.html",
        {"form": form, "title": title, "back": back},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def check_new(request):
    if not may_keep(request.user):
        raise PermissionDenied("内务检查由办公室工作人员登记。")
    return _form_page(
        request,
        CheckForm(request.POST or None),
        lambda d: services.record_check(request.user, d),
        "检查已登记。",
        "housekeeping:checks",
        "登记卫生、安全检查",
    )


@login_required
@require_POST
def check_rectified(request, pk):
    get_object_or_404(Check.objects.visible_to(request.user), pk=pk)
    form = RectifiedForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写整改完成日期和整改情况。")
    else:
        try:
            services.record_rectified(request.user, pk, form.cleaned_data["on_date"], form.cleaned_data["note"])
        except TransitionError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "整改情况已登记。")
    return redirect("housekeeping:checks")


@login_required
def purchases(request):
    _require_business(request.user)
    return register_page(
        request,
        PurchaseFilter,
        visible_purchases,
        register="housekeeping_purchases",
        template="housekeeping/purchases.html",
        context={"in_office": in_office(request.user), "accept_form": AcceptForm(), "officer": logistics_officer()},
    )


@login_required
def purchase_new(request):
    if not in_office(request.user):
        raise PermissionDenied("食堂采购由办公室（后勤）人员登记。")
    return _form_page(
        request,
        PurchaseForm(request.POST or None),
        lambda d: services.record_purchase(request.user, d),
        "采购已登记（采购人已签字），待机关后勤专干验收。",
        "housekeeping:purchases",
        "登记食堂采购",
    )


@login_required
@require_POST
def purchase_accept(request, pk):
    get_object_or_404(Purchase.objects.visible_to(request.user), pk=pk)
    form = AcceptForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请选择验收结论。")
    else:
        try:
            p = services.accept_purchase(request.user, pk, form.cleaned_data["accepted"], form.cleaned_data["note"])
        except TransitionError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, f"验收已签字：{p.get_status_display()}。")
    return redirect("housekeeping:purchases")
