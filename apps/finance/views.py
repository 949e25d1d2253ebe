"""Pages of the finance app: claims and advances (lists, forms, the case-page actions, printing).

Every record is reached through Case.objects.visible_to(user) (get_case_for_user, or the
models' visible_to): claims and advances are 限定知悉范围 cases, so a claimant sees their own and
the people on the route (witness, leaders, joint review, the finance post) the ones they handle.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import F, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from apps.audit.log import record
from apps.printing.exports import export_or_queue
from apps.printing.render import render_pdf
from apps.printing.views import FORM_ACTIONS, pdf_response
from apps.workflow.models import Case
from apps.workflow.services import TransitionError
from apps.workflow.views import get_case_for_user

from . import services, standards
from .forms import (
    AdvanceForm,
    ClaimForm,
    DecisionRecordForm,
    DisburseForm,
    PayForm,
    RegisterFilterForm,
    ReturnForm,
    SettleForm,
    VerifyForm,
    item_formset,
)
from .models import Advance, Claim
from .money import capital
from .processes import ADVANCE, CLAIM, PAY_STEP

CLAIM_STATUSES = [("open", "审批中（含草稿、退回）"), ("topay", "待付款"), ("paid", "已付款"), ("rejected", "未获批准")]
CLAIM_FLAGS = [("late", "逾期报销（费用发生超过规定天数后提交）"), ("decision", "须集体决策的金额")]
ADVANCE_STATUSES = [("open", "审批中（含草稿、退回）"), ("unsettled", "已付款未报账"), ("settled", "已报账")]
ADVANCE_FLAGS = [("overdue", "逾期未报账"), ("charged", "计收逾期利息")]


def _can_file(user):
    return not user.admin_role and user.section_id is not None


def _filtered(qs, params, statuses):
    if params.get("q"):
        qs = qs.filter(Q(purpose__icontains=params["q"]) | Q(case__initiator__full_name__icontains=params["q"]))
    if params.get("start"):
        qs = qs.filter(case__submitted_at__date__gte=params["start"])
    if params.get("end"):
        qs = qs.filter(case__submitted_at__date__lte=params["end"])
    status = params.get("status")
    if status == "open":
        qs = qs.filter(case__status__in=Case.OPEN_STATUSES)
    elif status in statuses:
        qs = qs.filter(statuses[status])
    return qs


def visible_claims(user, params):
    """The claims `user` may see, with the list's filters (the page and its register)."""
    qs = Claim.objects.visible_to(user).select_related("case", "case__section", "case__initiator", "witness")
    qs = _filtered(
        qs, params,
        {
            "topay": Q(case__status=Case.Status.ACTIVE, case__current_step=PAY_STEP),
            "paid": Q(paid_on__isnull=False),
            "rejected": Q(case__status=Case.Status.REJECTED),
        },
    )
    if params.get("flag") == "late":
        qs = qs.filter(filed_late=True)
    elif params.get("flag") == "decision":
        qs = qs.filter(amount__gte=standards.collective_amount())
    return qs.order_by("-case__created_at", "-pk")


def visible_advances(user, params):
    qs = Advance.objects.visible_to(user).select_related("case", "case__section", "case__initiator")
    qs = _filtered(
        qs, params,
        {
            "unsettled": Q(disbursed_on__isnull=False, settled_on__isnull=True),
            "settled": Q(settled_on__isnull=False),
        },
    )
    today = timezone.localdate()
    if params.get("flag") == "overdue":
        qs = qs.filter(disbursed_on__isnull=False, settled_on__isnull=True, settle_by__lt=today)
    elif params.get("flag") == "charged":
        qs = qs.filter(disbursed_on__isnull=False).filter(
            Q(settled_on__isnull=True, settle_by__lt=today) | Q(settled_on__gt=F("settle_by"))
        )
    return qs.order_by("-case__created_at", "-pk")


LIST_TEXT = {
    "claims": {"page_title": "财务报销", "register_title": "报销台账", "new_label": "填写报销单", "new_url": reverse_lazy("finance:claim_new")},
    "advances": {"page_title": "财务借款", "register_title": "借款台账", "new_label": "填写借款单", "new_url": reverse_lazy("finance:advance_new")},
}


def _list(request, template, register, query_fn, statuses, flags, tab, extra=None):
    form = RegisterFilterForm(request.GET or None, statuses=statuses, flags=flags)
    params = form.params() if request.GET else {}
    if request.GET.get("export") == "xlsx":
        return export_or_queue(request, register, params)
    page = Paginator(query_fn(request.user, params), 30).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"page": page, "filter_form": form, "query": query.urlencode(), "can_file": _can_file(request.user),
               "today": timezone.localdate(), "tab": tab, **LIST_TEXT[tab]}
    context.update(extra(page) if extra else {})
    return render(request, template, context)


# --- claims -------------------------------------------------------------------------------------


@login_required
def claim_list(request):
    return _list(request, "finance/claim_list.html", "finance_claims", visible_claims, CLAIM_STATUSES, CLAIM_FLAGS, "claims")


def _claim_initial(case):
    claim = case.finance_claim
    return {"kind": claim.kind, "purpose": claim.purpose, "witness": claim.witness, "advance": claim.advance}


def _claim_form_page(request, case=None):
    user = request.user
    claim = case.finance_claim if case else None
    form = ClaimForm(request.POST or None, request.FILES or None, user=user, initial=_claim_initial(case) if case else None)
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
            "form": form, "items": items, "case": case,
            "attachments": case.attachments.all() if case else [],
            "late_days": standards.late_filing_days(),
            "meal_standards": standards.meal_standards(),
            "tab": "claims",
        },
    )


@login_required
def claim_new(request):
    if not _can_file(request.user):
        raise PermissionDenied
    return _claim_form_page(request)


def _own_draft(request, pk, process):
    case = get_case_for_user(request.user, pk)
    if case.process != process:
        raise Http404
    if case.initiator_id != request.user.pk:
        raise PermissionDenied
    return case


@login_required
def claim_edit(request, pk):
    case = _own_draft(request, pk, CLAIM)
    if case.status not in services.EDITABLE:
        messages.error(request, "该报销单已提交，不能再修改。")
        return redirect(case)
    return _claim_form_page(request, case)


def _post_action(request, pk, process, form_class, action, success):
    """Run one of the case page's finance forms; errors come back as a message on the case."""
    case = get_case_for_user(request.user, pk)
    if case.process not in process:
        raise Http404
    form = form_class(request.POST, request.FILES)
    if not form.is_valid():
        errors = "；".join(
            f"{form.fields[name].label}：{' '.join(errs)}" if name in form.fields else " ".join(errs)
            for name, errs in form.errors.items()
        )
        messages.error(request, f"请检查填写的内容：{errors}")
        return redirect(case)
    try:
        action(case, form.cleaned_data)
    except TransitionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, success)
    return redirect(case) if Case.objects.visible_to(request.user).filter(pk=case.pk).exists() else redirect("workflow:inbox")


@login_required
@require_POST
def decision_add(request, pk):
    return _post_action(
        request, pk, (CLAIM,), DecisionRecordForm,
        lambda case, data: services.add_decision_record(case.pk, request.user, data, data["minutes"]),
        "集体决策记录已登记。",
    )


@login_required
@require_POST
def claim_pay(request, pk):
    return _post_action(
        request, pk, (CLAIM,), PayForm,
        lambda case, data: services.pay_claim(
            case.pk, request.user, paid_on=data["paid_on"], pay_method=data["pay_method"], voucher_no=data["voucher_no"]
        ),
        "已登记付款，报销单办结。",
    )


def _steps(case):
    steps = list(
        case.events.filter(action__in=FORM_ACTIONS).select_related("actor", "on_behalf_of").order_by("created_at", "id")
    )
    return [e for e in steps if e.action != "submit"]


def _print(request, case, template, title, context):
    context = {
        "case": case, "org_name": settings.ORG_NAME, "printed_by": request.user, "printed_at": timezone.localtime(),
        "steps": _steps(case), "title": title, **context,
    }
    pdf = render_pdf(template, context, request)
    record("print.finance_form", actor=request.user, obj=case, detail={"form": template.rsplit("/", 1)[-1]})
    return pdf_response(pdf, f"{case.title}-{title}.pdf")


@login_required
@require_GET
def claim_form_pdf(request, pk):
    """报销单."""
    case = get_case_for_user(request.user, pk)
    if case.process != CLAIM:
        raise Http404
    claim = Claim.objects.select_related("witness", "paid_by", "advance__case").get(case=case)
    return _print(
        request, case, "print/finance/claim_form.html", "报销单",
        {
            "claim": claim,
            "items": list(claim.items.select_related("meal_standard")),
            "capital": capital(claim.amount),
            "decisions": list(case.decision_records.all()),
            "invoice_count": sum(i.invoices for i in claim.items.all()),
            "attachments": list(case.attachments.all()),
            "collective": standards.collective_amount(),
        },
    )


# --- advances -----------------------------------------------------------------------------------


def _charges(page):
    """The charge of each listed advance as of today (the rate read once for the page)."""
    rate = standards.advance_monthly_rate()
    today = timezone.localdate()
    page.object_list = list(page.object_list)
    for advance in page.object_list:
        advance.charge_now = advance.charge_on(today, rate)
    return {}


@login_required
def advance_list(request):
    return _list(
        request, "finance/advance_list.html", "finance_advances", visible_advances, ADVANCE_STATUSES, ADVANCE_FLAGS,
        "advances", extra=_charges,
    )


def _advance_form_page(request, case=None):
    initial = None
    if case is not None:
        a = case.finance_advance
        initial = {"kind": a.kind, "purpose": a.purpose, "amount": a.amount, "expected_return_on": a.expected_return_on}
    form = AdvanceForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            submit = "submit" in request.POST
            try:
                case = services.save_advance(request.user, form.cleaned_data, case=case, submit=submit)
            except TransitionError as exc:
                messages.error(request, f"{exc}（已填写的内容仍在下方。）")
            else:
                messages.success(request, "借款单已提交审批。" if submit else "草稿已保存。")
                return redirect(case)
        else:
            messages.error(request, "请按提示修改后再提交。")
    rate = standards.value(standards.ADVANCE_RATE).normalize()
    return render(request, "finance/advance_form.html", {"form": form, "case": case, "rate": f"{rate:f}", "tab": "advances"})


@login_required
def advance_new(request):
    if not _can_file(request.user):
        raise PermissionDenied
    return _advance_form_page(request)


@login_required
def advance_edit(request, pk):
    case = _own_draft(request, pk, ADVANCE)
    if case.status not in services.EDITABLE:
        messages.error(request, "该借款单已提交，不能再修改。")
        return redirect(case)
    return _advance_form_page(request, case)


@login_required
@require_POST
def advance_disburse(request, pk):
    return _post_action(
        request, pk, (ADVANCE,), DisburseForm,
        lambda case, d: services.disburse_advance(case.pk, request.user, disbursed_on=d["disbursed_on"], voucher_no=d["voucher_no"]),
        "已登记付款；借款人返回后一周内须报账。",
    )


@login_required
@require_POST
def advance_return(request, pk):
    return _post_action(
        request, pk, (ADVANCE,), ReturnForm,
        lambda case, d: services.register_return(case.pk, request.user, d["returned_on"]),
        "已登记返回日期，报账期限开始计算。",
    )


@login_required
@require_POST
def advance_settle(request, pk):
    return _post_action(
        request, pk, (ADVANCE,), SettleForm,
        lambda case, d: services.settle_advance(
            case.pk, request.user, settled_on=d["settled_on"], spent_amount=d["spent_amount"],
            cash_returned=d["cash_returned"], note=d["note"], returned_on=d["returned_on"],
        ),
        "已提交报账，待财务核销。",
    )


@login_required
@require_POST
def advance_verify(request, pk):
    return _post_action(
        request, pk, (ADVANCE,), VerifyForm,
        lambda case, d: services.verify_advance(case.pk, request.user, d["note"]),
        "已核销，借款办结。",
    )


@login_required
@require_GET
def advance_form_pdf(request, pk):
    """借款单."""
    case = get_case_for_user(request.user, pk)
    if case.process != ADVANCE:
        raise Http404
    advance = Advance.objects.select_related("disbursed_by", "verified_by").get(case=case)
    return _print(
        request, case, "print/finance/advance_form.html", "借款单",
        {"advance": advance, "capital": capital(advance.amount), "charge": advance.charge_on(),
         "rate": f"{standards.value(standards.ADVANCE_RATE).normalize():f}"},
    )
