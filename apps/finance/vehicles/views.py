"""Pages of vehicles: the trips (用车台账) with the cars, the trip and repair forms, the office's
dispatch and return forms and the repair's closing form, the printed 公车使用审批单."""

from django.contrib.auth.decorators import login_required
from django.views.decorators.http import require_GET, require_POST

from apps.printing.lists import filtered, register_page
from apps.workflow.viewkit import case_step

from ..filters import RepairFilter, TripFilter
from ..models import Vehicle, VehicleRepair, VehicleRequest
from ..pages import can_file, form_view, print_form
from . import services
from .forms import (
    DispatchForm,
    RepairDoneForm,
    RepairForm,
    VehicleRequestForm,
    VehicleReturnForm,
)
from .processes import REPAIR, VEHICLE


def visible_trips(user, params):
    qs = VehicleRequest.objects.visible_to(user).select_related(
        "case", "case__section", "case__initiator", "vehicle", "driver"
    )
    return filtered(TripFilter, params, qs).order_by("-case__created_at", "-pk")


@login_required
def vehicle_list(request):
    vehicles = list(Vehicle.objects.exclude(status=Vehicle.Status.RETIRED).select_related("driver"))
    return register_page(
        request,
        TripFilter,
        visible_trips,
        register="finance_trips",
        template="finance/logistics/vehicle_list.html",
        context={"tab": "vehicles", "can_file": can_file(request.user), "exportable": True, "vehicles": vehicles},
    )


def _trip_form(data, case):
    initial = {name: getattr(case.vehicle_request, name) for name in services.VEHICLE_FIELDS} if case else None
    return VehicleRequestForm(data, initial=initial)


@login_required
def vehicle_draft(request, pk=None):
    return form_view(request, pk, VEHICLE, _trip_form, services.save_vehicle_request, "公车使用申请", "vehicles")


@login_required
@require_POST
def vehicle_dispatch(request, pk):
    return case_step(
        request,
        pk,
        process=VEHICLE,
        key="finance_dispatch",
        form=DispatchForm,
        action=lambda case, d: services.dispatch_vehicle(case.pk, request.user, d["vehicle"].pk, d.get("driver")),
        success="已派车。",
        invalid="请检查填写的内容：{errors}",
    )


@login_required
@require_POST
def vehicle_return(request, pk):
    return case_step(
        request,
        pk,
        process=VEHICLE,
        key="finance_vehicle_return",
        form=VehicleReturnForm,
        action=lambda case, d: services.register_vehicle_return(case.pk, request.user, d["returned_at"], d["mileage"]),
        success="已登记还车。",
        invalid="请检查填写的内容：{errors}",
    )


@login_required
@require_GET
def vehicle_form_pdf(request, pk):
    """公车使用审批单 (用车审批单)."""
    return print_form(
        request,
        pk,
        VEHICLE,
        "print/finance/vehicle_form.html",
        "公车使用审批单",
        lambda case: {
            "trip": VehicleRequest.objects.select_related("vehicle", "driver", "dispatched_by").get(case=case)
        },
    )


# --- repairs ------------------------------------------------------------------------------------


def visible_repairs(user, params):
    qs = VehicleRepair.objects.visible_to(user).select_related("case", "case__section", "case__initiator", "vehicle")
    return filtered(RepairFilter, params, qs).order_by("-case__created_at", "-pk")


@login_required
def repair_list(request):
    return register_page(
        request,
        RepairFilter,
        visible_repairs,
        register=None,
        template="finance/logistics/repair_list.html",
        context={"tab": "repairs", "can_file": can_file(request.user), "exportable": False},
    )


def _repair_form(data, case):
    r = case.vehicle_repair if case else None
    initial = {"vehicle": r.vehicle, "fault": r.fault, "workshop": r.workshop, "estimate": r.estimate} if r else None
    return RepairForm(data, initial=initial)


@login_required
def repair_draft(request, pk=None):
    return form_view(request, pk, REPAIR, _repair_form, services.save_repair, "车辆维修申请", "repairs")


@login_required
@require_POST
def repair_done(request, pk):
    return case_step(
        request,
        pk,
        process=REPAIR,
        key="finance_repair_done",
        form=RepairDoneForm,
        action=lambda case, d: services.register_repair(case.pk, request.user, d["sent_on"], d["cost"]),
        success="已登记送修，维修单办结。",
        invalid="请检查填写的内容：{errors}",
    )
