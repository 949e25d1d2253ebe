"""Pages of the logistics side (后勤管理): vehicles, repairs, office supplies, fixed assets and
official reception. Case records are reached through Case.objects.visible_to(user); asset cards
through visible_assets(user)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from apps.accounts.models import Rank
from apps.org.models import Position
from apps.printing.exports import export_or_queue
from apps.workflow.models import Case
from apps.workflow.services import TransitionError
from apps.workflow.views import get_case_for_user

from . import logistics_processes as lp
from . import logistics_services as ls
from .forms import RegisterFilterForm
from .logistics_forms import (
    AssetForm,
    CountForm,
    DisposalForm,
    DisposeForm,
    DispatchForm,
    ReceptionCloseForm,
    ReceptionForm,
    RepairDoneForm,
    RepairForm,
    StockReceiveForm,
    SupplyLineFormSet,
    SupplyRequestForm,
    SurplusForm,
    VehicleRequestForm,
    VehicleReturnForm,
)
from .models import (
    Asset,
    AssetDisposal,
    Reception,
    StockMove,
    StockTake,
    StockTakeLine,
    SupplyItem,
    SupplyRequest,
    Vehicle,
    VehicleRepair,
    VehicleRequest,
)
from .views import _can_file, _own_draft, _post_action, _print

class _EmptyForm(forms.Form):
    """A POST with nothing to fill in (the keeper's 发放 button)."""


CASE_STATUSES = [("open", "办理中（含草稿、退回）"), ("closed", "已办结"), ("rejected", "未获批准")]


def _case_filtered(qs, params):
    if params.get("q"):
        qs = qs.filter(Q(case__title__icontains=params["q"]) | Q(case__initiator__full_name__icontains=params["q"]))
    if params.get("start"):
        qs = qs.filter(case__submitted_at__date__gte=params["start"])
    if params.get("end"):
        qs = qs.filter(case__submitted_at__date__lte=params["end"])
    status = params.get("status")
    if status == "open":
        qs = qs.filter(case__status__in=Case.OPEN_STATUSES)
    elif status == "closed":
        qs = qs.filter(case__status__in=(Case.Status.CLOSED, Case.Status.ARCHIVED))
    elif status == "rejected":
        qs = qs.filter(case__status=Case.Status.REJECTED)
    return qs.order_by("-case__created_at", "-pk")


def visible_trips(user, params):
    qs = VehicleRequest.objects.visible_to(user).select_related("case", "case__section", "case__initiator", "vehicle", "driver")
    if params.get("flag") == "all_out":
        qs = qs.filter(all_cars_out=True)
    return _case_filtered(qs, params)


def _case_list(request, tab, query_fn, template, register=None, flags=(), extra=None):
    form = RegisterFilterForm(request.GET or None, statuses=CASE_STATUSES, flags=flags)
    form.fields["q"].widget.attrs["placeholder"] = "标题或申请人"
    params = form.params() if request.GET else {}
    if register and request.GET.get("export") == "xlsx":
        return export_or_queue(request, register, params)
    page = Paginator(query_fn(request.user, params), 30).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"page": page, "filter_form": form, "query": query.urlencode(), "tab": tab, "can_file": _can_file(request.user),
               "exportable": bool(register)}
    context.update(extra or {})
    return render(request, template, context)


def _draft_page(request, template, form, save, case=None, title="", tab=""):
    """A draft's form page: save (and submit), or show the form again with the message."""
    if request.method == "POST":
        if form.is_valid():
            submit = "submit" in request.POST
            try:
                case = save(form.cleaned_data, case, submit)
            except TransitionError as exc:
                messages.error(request, f"{exc}（已填写的内容仍在下方。）")
            else:
                messages.success(request, "已提交审批。" if submit else "草稿已保存。")
                return redirect(case)
        else:
            messages.error(request, "请按提示修改后再提交。")
    return render(request, template, {"form": form, "case": case, "title": title, "tab": tab})


def _editable(request, pk, process):
    case = _own_draft(request, pk, process)
    if case.status not in (Case.Status.DRAFT, Case.Status.RETURNED):
        messages.error(request, "已提交，不能再修改。")
        return case, redirect(case)
    return case, None


def _new_allowed(request):
    if not _can_file(request.user):
        raise PermissionDenied


def _form_view(request, pk, process, make_form, save, title, tab):
    """A new draft (pk None) or the user's own draft of `process`: make_form(data, case) builds
    the form, save(user, data, case, submit) stores it."""
    case = None
    if pk is None:
        _new_allowed(request)
    else:
        case, done = _editable(request, pk, process)
        if done:
            return done
    return _draft_page(request, "finance/logistics/form.html", make_form(request.POST or None, case),
                       lambda data, c, submit: save(request.user, data, c, submit), case, title=title, tab=tab)


# --- vehicles -----------------------------------------------------------------------------------


@login_required
def vehicle_list(request):
    vehicles = list(Vehicle.objects.exclude(status=Vehicle.Status.RETIRED).select_related("driver"))
    return _case_list(
        request, "vehicles", visible_trips, "finance/logistics/vehicle_list.html", "finance_trips",
        flags=[("all_out", "所有车辆同时外出（报主要领导）")], extra={"vehicles": vehicles},
    )


def _trip_form(data, case):
    initial = {name: getattr(case.vehicle_request, name) for name in ls.VEHICLE_FIELDS} if case else None
    return VehicleRequestForm(data, initial=initial)


@login_required
def vehicle_draft(request, pk=None):
    return _form_view(request, pk, lp.VEHICLE, _trip_form, ls.save_vehicle_request, "公车使用申请", "vehicles")


@login_required
@require_POST
def vehicle_dispatch(request, pk):
    return _post_action(
        request, pk, (lp.VEHICLE,), DispatchForm,
        lambda case, d: ls.dispatch_vehicle(case.pk, request.user, d["vehicle"].pk, d.get("driver")),
        "已派车。",
    )


@login_required
@require_POST
def vehicle_return(request, pk):
    return _post_action(
        request, pk, (lp.VEHICLE,), VehicleReturnForm,
        lambda case, d: ls.register_vehicle_return(case.pk, request.user, d["returned_at"], d["mileage"]),
        "已登记还车。",
    )


@login_required
@require_GET
def vehicle_form_pdf(request, pk):
    """公车使用审批单 (用车审批单)."""
    case = get_case_for_user(request.user, pk)
    if case.process != lp.VEHICLE:
        raise Http404
    trip = VehicleRequest.objects.select_related("vehicle", "driver", "dispatched_by").get(case=case)
    return _print(request, case, "print/finance/vehicle_form.html", "公车使用审批单", {"trip": trip})


# --- repairs ------------------------------------------------------------------------------------


def visible_repairs(user, params):
    qs = VehicleRepair.objects.visible_to(user).select_related("case", "case__section", "case__initiator", "vehicle")
    return _case_filtered(qs, params)


@login_required
def repair_list(request):
    return _case_list(request, "repairs", visible_repairs, "finance/logistics/repair_list.html")


def _repair_form(data, case):
    r = case.vehicle_repair if case else None
    initial = {"vehicle": r.vehicle, "fault": r.fault, "workshop": r.workshop, "estimate": r.estimate} if r else None
    return RepairForm(data, initial=initial)


@login_required
def repair_draft(request, pk=None):
    return _form_view(request, pk, lp.REPAIR, _repair_form, ls.save_repair, "车辆维修申请", "repairs")


@login_required
@require_POST
def repair_done(request, pk):
    return _post_action(
        request, pk, (lp.REPAIR,), RepairDoneForm,
        lambda case, d: ls.register_repair(case.pk, request.user, d["sent_on"], d["cost"]),
        "已登记送修，维修单办结。",
    )


# --- office supplies ----------------------------------------------------------------------------


def visible_supply_requests(user, params):
    qs = SupplyRequest.objects.visible_to(user).select_related("case", "case__section", "case__initiator")
    return _case_filtered(qs, params)


@login_required
def supply_list(request):
    keeper = ls.is_supplies_keeper(request.user)
    extra = {"items": list(SupplyItem.objects.filter(active=True)), "keeper": keeper}
    if keeper:
        extra["receive_form"] = StockReceiveForm()
        extra["moves"] = list(StockMove.objects.select_related("item", "actor")[:20])
    return _case_list(request, "supplies", visible_supply_requests, "finance/logistics/supply_list.html", extra=extra)


def _supply_page(request, case=None):
    initial_lines = []
    if case is not None:
        initial_lines = [{"item": line.item, "quantity": line.quantity} for line in case.supply_request.lines.select_related("item")]
    form = SupplyRequestForm(request.POST or None, initial={"purpose": case.supply_request.purpose} if case else None)
    lines = SupplyLineFormSet(request.POST or None, initial=initial_lines, prefix="lines")
    if request.method == "POST":
        if form.is_valid() and lines.is_valid():
            wanted = [(f.cleaned_data["item"], f.cleaned_data["quantity"]) for f in lines if f.cleaned_data.get("item")]
            submit = "submit" in request.POST
            try:
                case = ls.save_supply_request(request.user, form.cleaned_data, wanted, case, submit)
            except TransitionError as exc:
                messages.error(request, f"{exc}（已填写的内容仍在下方。）")
            else:
                messages.success(request, "已提交审批。" if submit else "草稿已保存。")
                return redirect(case)
        else:
            messages.error(request, "请按提示修改后再提交。")
    return render(request, "finance/logistics/supply_form.html", {"form": form, "lines": lines, "case": case, "tab": "supplies"})


@login_required
def supply_new(request):
    _new_allowed(request)
    return _supply_page(request)


@login_required
def supply_edit(request, pk):
    case, done = _editable(request, pk, lp.SUPPLIES)
    return done or _supply_page(request, case)


@login_required
@require_POST
def supply_issue(request, pk):
    return _post_action(request, pk, (lp.SUPPLIES,), _EmptyForm,
                        lambda case, d: ls.issue_supplies(case.pk, request.user), "已发放，库存已扣减。")


@login_required
@require_POST
def stock_receive(request):
    form = StockReceiveForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请选择品名并填写入库数量。")
    else:
        try:
            item = ls.receive_stock(form.cleaned_data["item"].pk, request.user, form.cleaned_data["quantity"],
                                    form.cleaned_data["note"])
        except TransitionError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, f"已入库，{item.name}现有 {item.stock}{item.unit}。")
    return redirect("finance:supply_list")


# --- fixed assets -------------------------------------------------------------------------------


def sees_every_asset(user):
    if user.rank == Rank.DIRECTOR:
        return True
    if user.rank == Rank.CHIEF and user.section and user.section.code == "office":
        return True
    return Position.objects.filter(key__in=("asset_manager", "finance_leader"), holder=user).exists()


def visible_assets(user, params=None):
    """Default deny: the asset manager, the finance leader, the director and the office chief see
    every card; a section chief the cards of the section; anyone the cards they keep."""
    if not getattr(user, "is_authenticated", False) or not user.is_active or user.admin_role:
        return Asset.objects.none()
    qs = Asset.objects.select_related("section", "keeper")
    if not sees_every_asset(user):
        scope = Q(keeper=user)
        if user.rank == Rank.CHIEF and user.section_id:
            scope |= Q(section_id=user.section_id)
        qs = qs.filter(scope)
    params = params or {}
    if params.get("q"):
        qs = qs.filter(Q(number__icontains=params["q"]) | Q(name__icontains=params["q"]) | Q(location__icontains=params["q"]))
    if params.get("status"):
        qs = qs.filter(status=params["status"])
    qs = qs.annotate(disposing=Exists(AssetDisposal.objects.filter(asset=OuterRef("pk"), case__status=Case.Status.ACTIVE)))
    return qs.order_by("number")


@login_required
def asset_list(request):
    form = RegisterFilterForm(request.GET or None, statuses=Asset.Status.choices, flags=())
    form.fields["q"].widget.attrs["placeholder"] = "编号、名称或存放地点"
    params = form.params() if request.GET else {}
    if request.GET.get("export") == "xlsx":
        return export_or_queue(request, "finance_assets", params)
    page = Paginator(visible_assets(request.user, params), 30).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    manager = ls.is_asset_manager(request.user)
    take = StockTake.objects.filter(year=timezone.localdate().year).first()
    return render(request, "finance/logistics/asset_list.html", {
        "page": page, "filter_form": form, "query": query.urlencode(), "tab": "assets", "manager": manager,
        "stocktake": take, "year": timezone.localdate().year, "can_file": _can_file(request.user),
    })


def _asset_page(request, asset=None):
    if not ls.is_asset_manager(request.user):
        raise PermissionDenied
    form = AssetForm(request.POST or None, instance=asset)
    if request.method == "POST" and form.is_valid():
        try:
            ls.save_asset(request.user, form.cleaned_data, asset)
        except TransitionError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "资产卡片已保存。")
            return redirect("finance:asset_list")
    return render(request, "finance/logistics/form.html", {"form": form, "title": "固定资产卡片", "plain": True,
                                                            "back": "finance:asset_list", "tab": "assets"})


@login_required
def asset_new(request):
    return _asset_page(request)


@login_required
def asset_edit(request, asset_id):
    asset = get_object_or_404(visible_assets(request.user), pk=asset_id)
    return _asset_page(request, asset)


def _stocktake_for(request, stocktake_id):
    if not sees_every_asset(request.user):
        raise Http404
    return get_object_or_404(StockTake, pk=stocktake_id)


@login_required
def stocktake(request, stocktake_id):
    """The year's count (固定资产盘点单): every card, its result, the discrepancies."""
    take = _stocktake_for(request, stocktake_id)
    lines = list(take.lines.select_related("asset", "asset__keeper", "checked_by").order_by("result", "asset__number", "id"))
    manager = ls.is_asset_manager(request.user) and take.closed_at is None
    return render(request, "finance/logistics/stocktake.html", {
        "take": take, "lines": lines, "manager": manager, "tab": "assets",
        "discrepancies": [line for line in lines if line.is_discrepancy],
        "pending": sum(1 for line in lines if line.result == StockTakeLine.Result.PENDING),
        "count_form": CountForm(), "surplus_form": SurplusForm(),
    })


@login_required
@require_POST
def stocktake_start(request):
    try:
        take = ls.start_stocktake(request.user, timezone.localdate().year)
    except TransitionError as exc:
        messages.error(request, str(exc))
        return redirect("finance:asset_list")
    messages.success(request, f"{take.year}年度资产盘点已开始。")
    return redirect("finance:stocktake", take.pk)


def _stocktake_post(request, stocktake_id, action, success):
    take = _stocktake_for(request, stocktake_id)
    try:
        action(take)
    except TransitionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, success)
    return redirect("finance:stocktake", take.pk)


@login_required
@require_POST
def stocktake_count(request, stocktake_id, line_id):
    form = CountForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请选择盘点结果。")
        return redirect("finance:stocktake", stocktake_id)
    d = form.cleaned_data
    return _stocktake_post(
        request, stocktake_id,
        lambda take: ls.record_count(get_object_or_404(take.lines, pk=line_id).pk, request.user, d["result"],
                                     d["found_location"], d["note"]),
        "已记录。",
    )


@login_required
@require_POST
def stocktake_surplus(request, stocktake_id):
    form = SurplusForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写盘盈资产和存放地点。")
        return redirect("finance:stocktake", stocktake_id)
    d = form.cleaned_data
    return _stocktake_post(request, stocktake_id,
                           lambda take: ls.add_surplus(take.pk, request.user, d["description"], d["found_location"]),
                           "已登记盘盈资产。")


@login_required
@require_POST
def stocktake_close(request, stocktake_id):
    return _stocktake_post(request, stocktake_id, lambda take: ls.close_stocktake(take.pk, request.user),
                           "盘点已结束，资产卡片已按盘点结果更新。")


@login_required
def disposal_draft(request, pk=None):
    def make(data, case):
        d = case.asset_disposal if case else None
        initial = {"asset": d.asset, "method": d.method, "reason": d.reason} if d else None
        return DisposalForm(data, initial=initial, assets=visible_assets(request.user).exclude(status=Asset.Status.DISPOSED))

    return _form_view(request, pk, lp.DISPOSAL, make, ls.save_disposal, "固定资产报处置单", "assets")


@login_required
@require_POST
def disposal_dispose(request, pk):
    return _post_action(
        request, pk, (lp.DISPOSAL,), DisposeForm,
        lambda case, d: ls.dispose_asset(case.pk, request.user, d["disposed_on"], d["proceeds"]),
        "已登记处置，资产卡片已注销。",
    )


# --- reception ----------------------------------------------------------------------------------


def visible_receptions(user, params):
    qs = Reception.objects.visible_to(user).select_related("case", "case__section", "case__initiator", "guest_level")
    return _case_filtered(qs, params)


@login_required
def reception_list(request):
    return _case_list(request, "receptions", visible_receptions, "finance/logistics/reception_list.html")


def _reception_form(data, case):
    return ReceptionForm(data, instance=Reception.objects.get(case=case) if case else None)


@login_required
def reception_draft(request, pk=None):
    return _form_view(request, pk, lp.RECEPTION, _reception_form, ls.save_reception, "公务接待审批单", "receptions")


@login_required
@require_POST
def reception_close(request, pk):
    return _post_action(
        request, pk, (lp.RECEPTION,), ReceptionCloseForm,
        lambda case, d: ls.close_reception(case.pk, request.user, d["actual_cost"], d["note"]),
        "已登记接待结束。",
    )


@login_required
@require_GET
def reception_form_pdf(request, pk):
    """公务接待审批单."""
    case = get_case_for_user(request.user, pk)
    if case.process != lp.RECEPTION:
        raise Http404
    reception = Reception.objects.select_related("guest_level").get(case=case)
    return _print(request, case, "print/finance/reception_form.html", "公务接待审批单", {"reception": reception})
