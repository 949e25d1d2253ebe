"""Pages of office supplies: the requests with the stock (and, for the keeper, the receipt form
and the latest moves), the request form, the keeper's issue button."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from apps.printing.lists import filtered, register_page
from apps.workflow.api import TransitionError
from apps.workflow.viewkit import case_step

from ..filters import SupplyRequestFilter
from ..models import StockMove, SupplyItem, SupplyRequest
from ..pages import can_file, draft_page, editable, require_filer
from . import services
from .forms import StockReceiveForm, SupplyLineFormSet, SupplyRequestForm
from .processes import SUPPLIES


class IssueForm(forms.Form):
    """A POST with nothing to fill in (the keeper's 发放 button)."""


def visible_supply_requests(user, params):
    qs = SupplyRequest.objects.visible_to(user).select_related("case", "case__section", "case__initiator")
    return filtered(SupplyRequestFilter, params, qs).order_by("-case__created_at", "-pk")


@login_required
def supply_list(request):
    keeper = services.is_supplies_keeper(request.user)
    context = {
        "items": list(SupplyItem.objects.filter(active=True)),
        "keeper": keeper,
        "tab": "supplies",
        "can_file": can_file(request.user),
        "exportable": False,
    }
    if keeper:
        context["receive_form"] = StockReceiveForm()
        context["moves"] = list(StockMove.objects.select_related("item", "actor")[:20])
    return register_page(
        request,
        SupplyRequestFilter,
        visible_supply_requests,
        register=None,
        template="finance/logistics/supply_list.html",
        context=context,
    )


def _supply_page(request, case=None):
    initial_lines = []
    if case is not None:
        initial_lines = [
            {"item": line.item, "quantity": line.quantity} for line in case.supply_request.lines.select_related("item")
        ]
    form = SupplyRequestForm(request.POST or None, initial={"purpose": case.supply_request.purpose} if case else None)
    lines = SupplyLineFormSet(request.POST or None, initial=initial_lines, prefix="lines")

    def save(data, case, submit):
        wanted = [(f.cleaned_data["item"], f.cleaned_data["quantity"]) for f in lines if f.cleaned_data.get("item")]
        return services.save_supply_request(request.user, data, wanted, case, submit)

    valid = request.method == "POST" and lines.is_valid()
    return draft_page(
        request,
        "finance/logistics/supply_form.html",
        form,
        save,
        case,
        {"lines": lines, "tab": "supplies"},
        forms_valid=valid,
    )


@login_required
def supply_new(request):
    require_filer(request)
    return _supply_page(request)


@login_required
def supply_edit(request, pk):
    case, done = editable(request, pk, SUPPLIES)
    return done or _supply_page(request, case)


@login_required
@require_POST
def supply_issue(request, pk):
    return case_step(
        request,
        pk,
        process=SUPPLIES,
        key="finance_issue",
        form=IssueForm,
        action=lambda case, d: services.issue_supplies(case.pk, request.user),
        success="已发放，库存已扣减。",
    )


@login_required
@require_POST
def stock_receive(request):
    form = StockReceiveForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请选择品名并填写入库数量。")
    else:
        data = form.cleaned_data
        try:
            item = services.receive_stock(data["item"].pk, request.user, data["quantity"], data["note"])
        except TransitionError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, f"已入库，{item.name}现有 {item.stock}{item.unit}。")
    return redirect("finance:supply_list")
