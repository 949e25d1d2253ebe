"""What the case page's finance panels need (forms, the decision requirement, the charge)."""

from django import template
from django.utils import timezone

from apps.workflow.models import Case

from .. import standards
from ..advances.forms import DisburseForm, ReturnForm, SettleForm, VerifyForm
from ..advances.processes import DISBURSE_STEP, SETTLE_STEP, VERIFY_STEP
from ..assets.forms import DisposeForm
from ..assets.processes import DISPOSE_STEP
from ..claims.forms import DecisionRecordForm, PayForm
from ..claims.processes import PAY_STEP
from ..claims.services import decision_requirement, missing_decision
from ..hospitality.forms import HospitalityCloseForm
from ..hospitality.processes import CLOSE_STEP
from ..models import Claim, DecisionRecord
from ..supplies.processes import ISSUE_STEP
from ..vehicles.forms import DispatchForm, RepairDoneForm, VehicleReturnForm
from ..vehicles.processes import (
    DISPATCH_STEP,
    REPAIR_STEP,
    RETURN_STEP,
    overlapping_trips,
)

register = template.Library()


@register.filter
def yuan(value):
    """12345.6 -> '12,345.60' (a Decimal amount, as the cashier writes it)."""
    if value is None or value == "":
        return ""
    return f"{value:,.2f}"


def _bound(context, key):
    """The form the user posted, when the service refused it (apps/workflow/viewkit.case_step
    shows the case page again with it under its key in `forms`), so nothing typed is lost."""
    return (context.get("forms") or {}).get(key) if key else None


@register.filter
def charge_today(advance):
    """The overdue charge of a listed advance as of today, with the monthly rate its row
    carries (advances.views.visible_advances): no query per row."""
    return advance.charge_on(
        timezone.localdate(), getattr(advance, "monthly_rate", None), getattr(advance, "partial_month", None)
    )


def _my_steps(context):
    return {task.step for task in context.get("my_tasks", ()) if task.kind == "handle"}


def _decision_panel(context, case, amount):
    user = context["user"]
    holds = any(task.kind != "read" for task in context.get("my_tasks", ()))
    return {
        "decisions": list(case.decision_records.select_related("minutes", "recorded_by")),
        "needed": decision_requirement(amount),
        "needed_label": "",
        "missing": missing_decision(case, amount) if case.status != Case.Status.DRAFT else "",
        "can_record": case.is_open and case.status != Case.Status.DRAFT and (case.initiator_id == user.pk or holds),
        "decision_form": _bound(context, "finance_decision") or DecisionRecordForm(),
    }


@register.simple_tag(takes_context=True)
def hospitality_panel(context, hospitality):
    """The request's collective-decision box: recorded on the draft, before submission."""
    case = context["case"]
    panel = _decision_panel(context, case, hospitality.budget)
    if panel["needed"]:
        panel["needed_label"] = DecisionRecord.Kind(panel["needed"]).label
    panel["missing"] = missing_decision(case, hospitality.budget)
    panel["can_record"] = case.status in Case.OPEN_STATUSES and case.initiator_id == context["user"].pk
    return panel


@register.simple_tag(takes_context=True)
def claim_panel(context, claim):
    case = context["case"]
    panel = _decision_panel(context, case, claim.amount)
    if panel["needed"]:
        panel["needed_label"] = DecisionRecord.Kind(panel["needed"]).label
    steps = _my_steps(context)
    late_limit = standards.late_filing_days()
    days = claim.days_since_expense()
    panel.update(
        items=list(claim.items.select_related("meal_standard")),
        late_limit=late_limit,
        draft_late=claim.filed_on is None and days is not None and days > late_limit,
        days=days,
        pay_form=(
            _bound(context, "finance_pay")
            or PayForm(
                initial={"paid_on": timezone.localdate(), "pay_method": "offset" if claim.advance_id else "transfer"}
            )
        )
        if PAY_STEP in steps
        else None,
    )
    return panel


@register.simple_tag(takes_context=True)
def advance_panel(context, advance):
    steps = _my_steps(context)
    today = timezone.localdate()
    panel = dict(
        charge=advance.charge_on(today),
        claims=list(Claim.objects.visible_to(context["user"]).filter(advance=advance).select_related("case")),
        disburse_form=(_bound(context, "finance_disburse") or DisburseForm(initial={"disbursed_on": today}))
        if DISBURSE_STEP in steps
        else None,
        return_form=(_bound(context, "finance_return") or ReturnForm(initial={"returned_on": today}))
        if SETTLE_STEP in steps and advance.returned_on is None
        else None,
        settle_form=(
            _bound(context, "finance_settle")
            or SettleForm(initial={"settled_on": today, "spent_amount": advance.amount, "cash_returned": 0})
        )
        if SETTLE_STEP in steps
        else None,
        verify_form=(_bound(context, "finance_verify") or VerifyForm()) if VERIFY_STEP in steps else None,
    )
    if panel["settle_form"] is not None and advance.returned_on is not None:
        del panel["settle_form"].fields["returned_on"]
    return panel


@register.simple_tag(takes_context=True)
def step_form(context, step):
    """The form of one of the app's own handling steps, when the viewer holds that step."""
    if step not in _my_steps(context):
        return None
    today = timezone.localdate()
    forms = {  # step: (the key of its bound form after a refused POST, the unbound form)
        DISPATCH_STEP: ("finance_dispatch", lambda: DispatchForm()),
        RETURN_STEP: (
            "finance_vehicle_return",
            lambda: VehicleReturnForm(initial={"returned_at": timezone.localtime().replace(second=0, microsecond=0)}),
        ),
        REPAIR_STEP: ("finance_repair_done", lambda: RepairDoneForm(initial={"sent_on": today})),
        DISPOSE_STEP: ("finance_dispose", lambda: DisposeForm(initial={"disposed_on": today})),
        CLOSE_STEP: ("finance_hospitality_close", lambda: HospitalityCloseForm()),
        ISSUE_STEP: ("", lambda: True),
    }
    if step not in forms:
        return None
    key, unbound = forms[step]
    return _bound(context, key) or unbound()


@register.simple_tag
def busy_vehicles(trip):
    """The cars another trip holds in this trip's period (for the dispatcher)."""
    return list(
        overlapping_trips(trip.depart_at, trip.return_at, exclude_case=trip.case)
        .filter(vehicle__isnull=False)
        .select_related("vehicle", "case")
    )
