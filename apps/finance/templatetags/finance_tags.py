"""What the case page's finance panels need (forms, the decision requirement, the charge)."""

from django import template
from django.utils import timezone

from apps.workflow.models import Case

from .. import services, standards
from ..forms import DecisionRecordForm, DisburseForm, PayForm, ReturnForm, SettleForm, VerifyForm
from ..models import DecisionRecord
from ..processes import DISBURSE_STEP, PAY_STEP, SETTLE_STEP, VERIFY_STEP

register = template.Library()


@register.filter
def yuan(value):
    """12345.6 -> '12,345.60' (a Decimal amount, as the cashier writes it)."""
    if value is None or value == "":
        return ""
    return f"{value:,.2f}"


def _my_steps(context):
    return {task.step for task in context.get("my_tasks", ()) if task.kind == "handle"}


def _decision_panel(context, case, amount):
    user = context["user"]
    holds = any(task.kind != "read" for task in context.get("my_tasks", ()))
    return {
        "decisions": list(case.decision_records.select_related("minutes", "recorded_by")),
        "needed": services.decision_requirement(amount),
        "needed_label": "",
        "missing": services.missing_decision(case, amount) if case.status != Case.Status.DRAFT else "",
        "can_record": case.is_open and case.status != Case.Status.DRAFT and (case.initiator_id == user.pk or holds),
        "decision_form": DecisionRecordForm(),
    }


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
        pay_form=PayForm(initial={"paid_on": timezone.localdate(), "pay_method": "offset" if claim.advance_id else "transfer"})
        if PAY_STEP in steps else None,
    )
    return panel


@register.simple_tag(takes_context=True)
def advance_panel(context, advance):
    from ..models import Claim

    steps = _my_steps(context)
    today = timezone.localdate()
    panel = dict(
        charge=advance.charge_on(today),
        claims=list(Claim.objects.visible_to(context["user"]).filter(advance=advance).select_related("case")),
        disburse_form=DisburseForm(initial={"disbursed_on": today}) if DISBURSE_STEP in steps else None,
        return_form=ReturnForm(initial={"returned_on": today})
        if SETTLE_STEP in steps and advance.returned_on is None else None,
        settle_form=SettleForm(initial={"settled_on": today, "spent_amount": advance.amount, "cash_returned": 0})
        if SETTLE_STEP in steps else None,
        verify_form=VerifyForm() if VERIFY_STEP in steps else None,
    )
    if panel["settle_form"] is not None and advance.returned_on is not None:
        del panel["settle_form"].fields["returned_on"]
    return panel


@register.simple_tag(takes_context=True)
def step_form(context, step):
    """The form of one of the app's own handling steps, when the viewer holds that step."""
    if step not in _my_steps(context):
        return None
    from .. import logistics_forms as lf
    from .. import logistics_processes as lp

    today = timezone.localdate()
    forms = {
        lp.DISPATCH_STEP: lambda: lf.DispatchForm(),
        lp.RETURN_STEP: lambda: lf.VehicleReturnForm(initial={"returned_at": timezone.localtime().replace(second=0, microsecond=0)}),
        lp.REPAIR_STEP: lambda: lf.RepairDoneForm(initial={"sent_on": today}),
        lp.DISPOSE_STEP: lambda: lf.DisposeForm(initial={"disposed_on": today}),
        lp.CLOSE_STEP: lambda: lf.ReceptionCloseForm(),
        lp.ISSUE_STEP: lambda: True,
    }
    return forms[step]() if step in forms else None


@register.simple_tag
def busy_vehicles(trip):
    """The cars another trip holds in this trip's period (for the dispatcher)."""
    from ..logistics_processes import overlapping_trips

    return list(
        overlapping_trips(trip.depart_at, trip.return_at, exclude_case=trip.case)
        .filter(vehicle__isnull=False)
        .select_related("vehicle", "case")
    )
