"""Pages of reimbursement claims: the list (报销台账), the claim form, the case page's payment and
decision-record forms, the printed 报销单.

Claims are 限定知悉范围 cases: a claimant sees their own, and the people on the route (witness,
leaders, joint review, the finance post) the ones they handle (api.access_case, visible_to).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from apps.printing.lists import filtered, register_page
from apps.workflow.api import TransitionError
from apps.workflow.viewkit import case_step

from .. import standards
from ..filters import ClaimFilter
from ..hospitality.processes import HOSPITALITY
from ..models import Claim
from ..money import capital
from ..pages import can_file, editable, print_form, require_filer
from . import services
from .forms import ClaimForm, DecisionRecordForm, PayForm, item_formset
from .processes import CLAIM


def visible_claims(user, params):
    """The claims `user` may see, with the list's filters (the page and its register)."""
    qs = Claim.objects.visible_to(user).select_related("case", "case__section", "case__initiator", "witness")
    return filtered(ClaimFilter, params, qs).order_by("-case__created_at", "-pk")


@login_required
def claim_list(request):
    return register_page(
        request,
        ClaimFilter,
        visible_claims,
        register="finance_claims",
        template="finance/claim_list.html",
        context={
            "can_file": can_file(request.user),
            "tab": "claims",
            "page_title": "财务报销",
            "register_title": "报销台账",
            "new_label": "填写报销单",
            "new_url": reverse("finance:claim_new"),
        },
    )


def _claim_initial(case):
    claim = case.finance_claim
    return {"kind": claim.kind, "purpose": claim.purpose, "witness": claim.witness, "advance": claim.advance}


def _claim_form_page(request, case=None):
    user = request.user
    claim = case.finance_claim if case else None
    form = ClaimForm(
        request.POST or None, request.FILES or None, user=user, initial=_claim_initial(case) if case else None
    )
    items = item_formset(request.POST or None, claim)
    if request.method == "POST":
        if form.is_valid() and items.is_valid():
            submit = "submit" in request.POST
            try:
                case = services.save_claim(
                    user, form.cleaned_data, items.items(), form.cleaned_data["attachments"], case=case, submit=submit
                )
            except TransitionError as exc:
                messages.error(request, f"{exc}（已填写的内容仍在下方；附件需要重新选择。）")
            else:
                messages.success(request, "报销单已提交审批。" if submit else "草稿已保存。")
                return redirect(case)
        else:
            messages.error(request, "请按提示修改后再提交；附件需要重新选择。")
    return render(
        request,
        "finance/claim_form.html",
        {
            "form": form,
            "items": items,
            "case": case,
            "attachments": case.attachments.all() if case else [],
            "late_days": standards.late_filing_days(),
            "meal_standards": standards.meal_standards(),
            "tab": "claims",
        },
    )


@login_required
def claim_new(request):
    require_filer(request)
    return _claim_form_page(request)


@login_required
def claim_edit(request, pk):
    case, done = editable(request, pk, CLAIM, "该报销单已提交，不能再修改。")
    return done or _claim_form_page(request, case)


@login_required
@require_POST
def decision_add(request, pk):
    return case_step(
        request,
        pk,
        process=(CLAIM, HOSPITALITY),
        key="finance_decision",
        form=DecisionRecordForm,
        action=lambda case, data: services.add_decision_record(case.pk, request.user, data, data["minutes"]),
        success="集体决策记录已登记。",
        invalid="请检查填写的内容：{errors}",
    )


@login_required
@require_POST
def claim_pay(request, pk):
    return case_step(
        request,
        pk,
        process=CLAIM,
        key="finance_pay",
        form=PayForm,
        action=lambda case, data: services.pay_claim(
            case.pk, request.user, paid_on=data["paid_on"], pay_method=data["pay_method"], voucher_no=data["voucher_no"]
        ),
        success="已登记付款，报销单办结。",
        invalid="请检查填写的内容：{errors}",
    )


def _claim_print(case):
    claim = Claim.objects.select_related("witness", "paid_by", "advance__case").get(case=case)
    items = list(claim.items.select_related("meal_standard"))
    return {
        "claim": claim,
        "items": items,
        "capital": capital(claim.amount),
        "decisions": list(case.decision_records.all()),
        "invoice_count": sum(i.invoices for i in items),
        "attachments": list(case.attachments.all()),
        "collective": standards.collective_amount(),
    }


@login_required
@require_GET
def claim_form_pdf(request, pk):
    """报销单."""
    return print_form(request, pk, CLAIM, "print/finance/claim_form.html", "报销单", _claim_print)
