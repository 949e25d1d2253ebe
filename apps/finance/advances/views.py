"""Pages of advances: the list (借款台账, with the overdue charge as of today), the advance form,
the case page's payment, return, settlement and verification forms, the printed 借款单."""

from django.contrib.auth.decorators import login_required
from django.db.models import BooleanField, DecimalField, Value
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from apps.printing.lists import filtered, register_page
from apps.workflow.viewkit import case_step

from .. import standards
from ..filters import AdvanceFilter
from ..models import Advance
from ..money import capital
from ..pages import can_file, draft_page, editable, print_form, require_filer
from . import services
from .forms import AdvanceForm, DisburseForm, ReturnForm, SettleForm, VerifyForm
from .processes import ADVANCE


def visible_advances(user, params):
    """The advances `user` may see, filtered, each with the monthly overdue rate riding on the
    row (one query for the standard, none per row) for its charge as of today."""
    rate = Value(standards.advance_monthly_rate(), output_field=DecimalField(max_digits=8, decimal_places=6))
    partial = Value(standards.advance_partial_month(), output_field=BooleanField())
    qs = Advance.objects.visible_to(user).select_related("case", "case__section", "case__initiator")
    qs = filtered(AdvanceFilter, params, qs).annotate(monthly_rate=rate, partial_month=partial)
    return qs.order_by("-case__created_at", "-pk")


@login_required
def advance_list(request):
    return register_page(
        request,
        AdvanceFilter,
        visible_advances,
        register="finance_advances",
        template="finance/advance_list.html",
        context={
            "can_file": can_file(request.user),
            "tab": "advances",
            "page_title": "财务借款",
            "register_title": "借款台账",
            "new_label": "填写借款单",
            "new_url": reverse("finance:advance_new"),
        },
    )


def _advance_form_page(request, case=None):
    initial = None
    if case is not None:
        a = case.finance_advance
        initial = {"kind": a.kind, "purpose": a.purpose, "amount": a.amount, "expected_return_on": a.expected_return_on}
    rate = standards.value(standards.ADVANCE_RATE).normalize()
    return draft_page(
        request,
        "finance/advance_form.html",
        AdvanceForm(request.POST or None, initial=initial),
        lambda data, c, submit: services.save_advance(request.user, data, case=c, submit=submit),
        case,
        {"rate": f"{rate:f}", "partial_month": standards.advance_partial_month(), "tab": "advances"},
        submitted="借款单已提交审批。",
    )


@login_required
def advance_new(request):
    require_filer(request)
    return _advance_form_page(request)


@login_required
def advance_edit(request, pk):
    case, done = editable(request, pk, ADVANCE, "该借款单已提交，不能再修改。")
    return done or _advance_form_page(request, case)


def _step(request, pk, key, form, action, success):
    return case_step(
        request,
        pk,
        process=ADVANCE,
        key=key,
        form=form,
        action=action,
        success=success,
        invalid="请检查填写的内容：{errors}",
    )


@login_required
@require_POST
def advance_disburse(request, pk):
    return _step(
        request,
        pk,
        "finance_disburse",
        DisburseForm,
        lambda case, d: services.disburse_advance(
            case.pk, request.user, disbursed_on=d["disbursed_on"], voucher_no=d["voucher_no"]
        ),
        "已登记付款；借款人返回后一周内须报账。",
    )


@login_required
@require_POST
def advance_return(request, pk):
    return _step(
        request,
        pk,
        "finance_return",
        ReturnForm,
        lambda case, d: services.register_return(case.pk, request.user, d["returned_on"]),
        "已登记返回日期，报账期限开始计算。",
    )


@login_required
@require_POST
def advance_settle(request, pk):
    return _step(
        request,
        pk,
        "finance_settle",
        SettleForm,
        lambda case, d: services.settle_advance(
            case.pk,
            request.user,
            settled_on=d["settled_on"],
            spent_amount=d["spent_amount"],
            cash_returned=d["cash_returned"],
            note=d["note"],
            returned_on=d["returned_on"],
        ),
        "已提交报账，待财务核销。",
    )


@login_required
@require_POST
def advance_verify(request, pk):
    return _step(
        request,
        pk,
        "finance_verify",
        VerifyForm,
        lambda case, d: services.verify_advance(case.pk, request.user, d["note"]),
        "已核销，借款办结。",
    )


def _advance_print(case):
    advance = Advance.objects.select_related("disbursed_by", "verified_by").get(case=case)
    return {
        "advance": advance,
        "capital": capital(advance.amount),
        "charge": advance.charge_on(),
        "rate": f"{standards.value(standards.ADVANCE_RATE).normalize():f}",
    }


@login_required
@require_GET
def advance_form_pdf(request, pk):
    """借款单."""
    return print_form(request, pk, ADVANCE, "print/finance/advance_form.html", "借款单", _advance_print)
