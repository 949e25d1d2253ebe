"""Pages of the classified register. Every entry is reached through the engine's visibility rule
(Case.objects.visible_to): the keepers see the register, a granted reader or a routed leader the
entries that name them, everyone else nothing (404 for a guessed id, empty lists, empty exports).
Each look at an entry is audited; every form refuses files."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from apps.printing.lists import filtered, register_page
from apps.workflow.api import TransitionError
from apps.workflow.models import Case

from . import services
from .filters import DisposalFilter, ItemFilter, LoanFilter
from .forms import CabinetForm, DisposeForm, GrantForm, ItemForm, LendForm, ReturnForm, TransferForm
from .models import ClassifiedItem, ClassifiedLoan, Disposal, format_copy_numbers
from .processes import FILES_REFUSED, audit_view, is_keeper


def _business(user):
    if user.admin_role or user.section_id is None:
        raise PermissionDenied(
            "只有业务人员可以办理密件登记。管理员账号不办理业务；业务账号须设所在科室，未设的请联系安全管理员。"
        )


def _keeper(user):
    if not is_keeper(user):
        raise PermissionDenied("密件登记只有机要员和办公室主任可以办理。")


def get_item(user, pk):
    """The access helper: an entry the user may not see does not exist for them (404)."""
    return get_object_or_404(
        ClassifiedItem.objects.visible_to(user)
        .with_state()
        .select_related("case", "case__initiator", "handler", "registered_by"),
        case_id=pk,
    )


def get_loan(user, pk):
    return get_object_or_404(
        ClassifiedLoan.objects.visible_to(user).select_related("case", "item", "borrower__section", "lent_by"),
        case_id=pk,
    )


def visible_items(user, params):
    """The entries `user` may see, with the list's filters (the page and its Excel register)."""
    qs = ClassifiedItem.objects.visible_to(user).with_state().select_related("case", "disposal")
    return filtered(ItemFilter, params, qs).order_by("-year", "kind", "-seq")


@login_required
@never_cache
def item_list(request):
    return register_page(
        request,
        ItemFilter,
        visible_items,
        register="classified_items",
        template="confidential/list.html",
        context={"keeper": is_keeper(request.user), "tab": "items"},
    )


def _save(request, form, case=None):
    data = form.cleaned_data
    submit = "submit" in request.POST
    if case is None:
        item = services.register_item(request.user, data, request.FILES, submit=submit)
    else:
        item = services.update_item(case, request.user, data, request.FILES, submit=submit)
    return item, submit


def _refuse_files_message(request, form):
    if request.FILES:
        messages.error(request, FILES_REFUSED)
    else:
        messages.error(request, "请按提示修改后再提交。")


@login_required
def item_new(request):
    _business(request.user)
    _keeper(request.user)
    form = ItemForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                item, submit = _save(request, form)
            except TransitionError as exc:
                messages.error(request, f"{exc}（已填写的内容仍在下方。）")
            else:
                messages.success(
                    request, f"已登记 {item.number}" + ("，已送办公室主任拟办。" if submit else "（草稿）。")
                )
                return redirect("confidential:detail", item.case_id)
        else:
            _refuse_files_message(request, form)
    return render(
        request,
        "confidential/form.html",
        {"form": form, "item": None, "tab": "items"},
        status=400 if request.FILES else 200,
    )


@login_required
def item_edit(request, pk):
    item = get_item(request.user, pk)
    _keeper(request.user)
    case = item.case
    if case.status not in (Case.Status.DRAFT, Case.Status.RETURNED) or case.initiator_id != request.user.pk:
        messages.error(request, "该登记已在流转中或不是您登记的，不能修改。")
        return redirect("confidential:detail", pk)
    form = ItemForm(request.POST or None, request.FILES or None, initial=ItemForm.initial_for(item))
    if request.method == "POST":
        if form.is_valid():
            try:
                item, submit = _save(request, form, case)
            except TransitionError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, "已重新提交。" if submit else "修改已保存。")
                return redirect("confidential:detail", pk)
        else:
            _refuse_files_message(request, form)
    return render(
        request,
        "confidential/form.html",
        {"form": form, "item": item, "tab": "items"},
        status=400 if request.FILES else 200,
    )


@login_required
@never_cache
def item_detail(request, pk):
    """登记卡片: the register fields, routing, readers, loans and what became of the paper."""
    item = get_item(request.user, pk)
    audit_view(item.case, request.user)
    keeper = is_keeper(request.user)
    loans = list(item.loans.select_related("case", "borrower__section", "lent_by").order_by("-lent_at"))
    events = item.case.events.select_related("actor", "on_behalf_of").order_by("created_at", "id")
    context = {
        "item": item,
        "case": item.case,
        "keeper": keeper,
        "loans": loans,
        "events": events,
        "disposal": Disposal.objects.filter(item=item)
        .select_related("approved_by", "witness", "received_by", "recorded_by")
        .first(),
        "readers": list(item.readers.all()),
        "today": timezone.localdate(),
        "tab": "items",
    }
    if keeper:
        context.update(
            {
                "grants": list(services.grants_of(item.case)),
                "grant_form": GrantForm(),
                "cabinet_form": CabinetForm(initial={"cabinet": item.cabinet}),
                "return_form": ReturnForm(),
                "on_loan": services.lent_copy_numbers(item),
            }
        )
    return render(request, "confidential/detail.html", context)


def _post_result(request, pk, action, success):
    try:
        action()
    except TransitionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, success)
    return redirect("confidential:detail", pk)


def _keeper_form(request, pk, form_class, invalid, action, success):
    """A keeper's small form on the entry card (保管位置, 授权): files refused, every answer a
    redirect to the card. `action(item, data)` calls the service; `success(data)` is the message."""
    item = get_item(request.user, pk)
    _keeper(request.user)
    form = form_class(request.POST, request.FILES or None)
    if not form.is_valid():
        messages.error(request, FILES_REFUSED if request.FILES else invalid)
        return redirect("confidential:detail", pk)
    data = form.cleaned_data
    return _post_result(request, pk, lambda: action(item, data), success(data))


@login_required
@require_POST
def item_cabinet(request, pk):
    return _keeper_form(
        request,
        pk,
        CabinetForm,
        "请填写保管位置。",
        lambda item, d: services.set_cabinet(item.case, request.user, d["cabinet"]),
        lambda d: "保管位置已登记。",
    )


@login_required
@require_POST
def item_grant(request, pk):
    return _keeper_form(
        request,
        pk,
        GrantForm,
        "请选择知悉人。",
        lambda item, d: services.grant(item.case, request.user, d["reader"]),
        lambda d: f"已授权{d['reader'].full_name}查阅该登记。",
    )


@login_required
@require_POST
def item_revoke(request, pk, user_id):
    item = get_item(request.user, pk)
    _keeper(request.user)
    reader = get_object_or_404(get_user_model(), pk=user_id)
    return _post_result(
        request, pk, lambda: services.revoke(item.case, request.user, reader), f"已撤销{reader.full_name}的授权。"
    )


@login_required
def item_lend(request, pk):
    item = get_item(request.user, pk)
    _keeper(request.user)
    out = services.lent_copy_numbers(item)
    free = format_copy_numbers([n for n in item.copy_number_list() if n not in out])
    form = LendForm(request.POST or None, request.FILES or None, initial={"copy_numbers": free})
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                loan = services.lend(
                    item.case,
                    request.user,
                    data["borrower"],
                    data["copy_numbers"],
                    data["purpose"],
                    data["days"],
                    request.FILES,
                )
            except TransitionError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(
                    request, f"已借出给{loan.borrower.full_name}，应于 {loan.case.due_date:%Y-%m-%d} 前归还。"
                )
                return redirect("confidential:detail", pk)
        else:
            _refuse_files_message(request, form)
    return render(
        request,
        "confidential/lend.html",
        {
            "form": form,
            "item": item,
            "on_loan": sorted(out),
            "tab": "items",
        },
        status=400 if request.FILES else 200,
    )


@login_required
def item_dispose(request, pk):
    item = get_item(request.user, pk)
    _keeper(request.user)
    form = DisposeForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                disposal = services.dispose(item.case, request.user, data["kind"], data, request.FILES)
            except TransitionError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, f"已登记{disposal.get_kind_display()}。")
                return redirect("confidential:detail", pk)
        else:
            _refuse_files_message(request, form)
    return render(
        request,
        "confidential/dispose.html",
        {"form": form, "item": item, "tab": "items"},
        status=400 if request.FILES else 200,
    )


# --- loans ----------------------------------------------------------------------------------------


def visible_loans(user, params):
    qs = ClassifiedLoan.objects.visible_to(user).select_related("case", "item", "borrower__section", "lent_by")
    return filtered(LoanFilter, params, qs).order_by("-lent_at", "-pk")


@login_required
@never_cache
def loan_list(request):
    return register_page(
        request,
        LoanFilter,
        visible_loans,
        register="classified_loans",
        template="confidential/loans.html",
        context={"today": timezone.localdate(), "keeper": is_keeper(request.user), "tab": "loans"},
    )


@login_required
@require_POST
def loan_sign_out(request, pk):
    loan = get_loan(request.user, pk)
    try:
        services.sign_out(loan, request.user)
    except TransitionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "已签收。请妥善保管，按期归还，不得复印、拍照或带出机关。")
    return redirect(loan.case)


@login_required
@require_POST
def loan_return(request, pk):
    loan = get_loan(request.user, pk)
    _keeper(request.user)
    form = ReturnForm(request.POST, request.FILES or None)
    if not form.is_valid():
        messages.error(request, FILES_REFUSED if request.FILES else "请检查收回情况。")
    else:
        try:
            services.record_return(loan, request.user, form.cleaned_data["note"])
        except TransitionError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, f"已收回 {loan.item.number} 的借出份数。")
    return redirect("confidential:detail", loan.item.case_id)


# --- disposals and the year-end transfer -------------------------------------------------------------


def visible_disposals(user, params):
    qs = Disposal.objects.visible_to(user).select_related(
        "item", "approved_by", "witness", "received_by", "recorded_by"
    )
    return filtered(DisposalFilter, params, qs).order_by("-on_date", "-pk")


@login_required
@never_cache
def disposal_list(request):
    return register_page(
        request,
        DisposalFilter,
        visible_disposals,
        register="classified_disposals",
        template="confidential/disposals.html",
        context={"keeper": is_keeper(request.user), "tab": "disposals"},
    )


@login_required
def transfer(request):
    """年底移交: the year's finished entries go to the archivist (a record per entry)."""
    _business(request.user)
    _keeper(request.user)
    form = TransferForm(request.POST or None, request.FILES or None)
    year = form.fields["year"].initial
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                moved = services.transfer_year(
                    request.user, data["year"], data["archivist"], data["on_date"], data["note"]
                )
            except TransitionError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, f"已将{data['year']}年 {moved} 件密件移交{data['archivist'].full_name}归档。")
                return redirect("confidential:disposals")
            year = data["year"]
        else:
            _refuse_files_message(request, form)
    elif request.GET.get("year", "").isdigit():
        year = int(request.GET["year"])
        form = TransferForm(initial={"year": year})
    candidates = services.transferable(year).visible_to(request.user)
    return render(
        request,
        "confidential/transfer.html",
        {
            "form": form,
            "year": year,
            "candidates": candidates,
            "tab": "disposals",
        },
        status=400 if request.FILES else 200,
    )
