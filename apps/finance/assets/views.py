"""Pages of fixed assets: the cards (资产台账), the card form, the yearly count (盘点) and the
disposal form with the asset manager's closing form. Cards are reached through visible_assets."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from apps.accounts.models import Rank
from apps.org.models import Position
from apps.printing.lists import filtered, register_page
from apps.workflow.api import TransitionError
from apps.workflow.models import Case
from apps.workflow.viewkit import case_step

from ..filters import AssetFilter
from ..models import Asset, AssetDisposal, StockTake, StockTakeLine
from ..pages import can_file, form_view
from . import services
from .forms import AssetForm, CountForm, DisposalForm, DisposeForm, SurplusForm
from .processes import DISPOSAL


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
    qs = filtered(AssetFilter, params or {}, qs)
    qs = qs.annotate(
        disposing=Exists(AssetDisposal.objects.filter(asset=OuterRef("pk"), case__status=Case.Status.ACTIVE))
    )
    return qs.order_by("number")


@login_required
def asset_list(request):
    year = timezone.localdate().year
    return register_page(
        request,
        AssetFilter,
        visible_assets,
        register="finance_assets",
        template="finance/logistics/asset_list.html",
        context={
            "tab": "assets",
            "manager": services.is_asset_manager(request.user),
            "stocktake": StockTake.objects.filter(year=year).first(),
            "year": year,
            "can_file": can_file(request.user),
        },
    )


def _asset_page(request, asset=None):
    if not services.is_asset_manager(request.user):
        raise PermissionDenied("只有资产管理员可以登记和修改资产；资产管理员由系统管理员在“岗位”中指定。")
    form = AssetForm(request.POST or None, instance=asset)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_asset(request.user, form.cleaned_data, asset)
        except TransitionError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "资产卡片已保存。")
            return redirect("finance:asset_list")
    return render(
        request,
        "finance/logistics/form.html",
        {"form": form, "title": "固定资产卡片", "plain": True, "back": "finance:asset_list", "tab": "assets"},
    )


@login_required
def asset_new(request):
    return _asset_page(request)


@login_required
def asset_edit(request, asset_id):
    asset = get_object_or_404(visible_assets(request.user), pk=asset_id)
    return _asset_page(request, asset)


# --- the yearly count -------------------------------------------------------------------------


def _stocktake_for(request, stocktake_id):
    if not sees_every_asset(request.user):
        raise Http404
    return get_object_or_404(StockTake, pk=stocktake_id)


@login_required
def stocktake(request, stocktake_id):
    """The year's count (固定资产盘点单): every card, its result, the discrepancies."""
    take = _stocktake_for(request, stocktake_id)
    lines = list(
        take.lines.select_related("asset", "asset__keeper", "checked_by").order_by("result", "asset__number", "id")
    )
    manager = services.is_asset_manager(request.user) and take.closed_at is None
    return render(
        request,
        "finance/logistics/stocktake.html",
        {
            "take": take,
            "lines": lines,
            "manager": manager,
            "tab": "assets",
            "discrepancies": [line for line in lines if line.is_discrepancy],
            "pending": sum(1 for line in lines if line.result == StockTakeLine.Result.PENDING),
            "count_form": CountForm(),
            "surplus_form": SurplusForm(),
        },
    )


@login_required
@require_POST
def stocktake_start(request):
    try:
        take = services.start_stocktake(request.user, timezone.localdate().year)
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
        request,
        stocktake_id,
        lambda take: services.record_count(
            get_object_or_404(take.lines, pk=line_id).pk, request.user, d["result"], d["found_location"], d["note"]
        ),
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
    return _stocktake_post(
        request,
        stocktake_id,
        lambda take: services.add_surplus(take.pk, request.user, d["description"], d["found_location"]),
        "已登记盘盈资产。",
    )


@login_required
@require_POST
def stocktake_close(request, stocktake_id):
    return _stocktake_post(
        request,
        stocktake_id,
        lambda take: services.close_stocktake(take.pk, request.user),
        "盘点已结束，资产卡片已按盘点结果更新。",
    )


# --- disposal -----------------------------------------------------------------------------------


@login_required
def disposal_draft(request, pk=None):
    def make(data, case):
        d = case.asset_disposal if case else None
        initial = {"asset": d.asset, "method": d.method, "reason": d.reason} if d else None
        return DisposalForm(
            data, initial=initial, assets=visible_assets(request.user).exclude(status=Asset.Status.DISPOSED)
        )

    return form_view(request, pk, DISPOSAL, make, services.save_disposal, "固定资产报处置单", "assets")


@login_required
@require_POST
def disposal_dispose(request, pk):
    return case_step(
        request,
        pk,
        process=DISPOSAL,
        key="finance_dispose",
        form=DisposeForm,
        action=lambda case, d: services.dispose_asset(case.pk, request.user, d["disposed_on"], d["proceeds"]),
        success="已登记处置，资产卡片已注销。",
        invalid="请检查填写的内容：{errors}",
    )
