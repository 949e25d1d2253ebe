"""State changes of trips and repairs: one transaction each, the case row locked first, then
the domain rows (and the car); the actor and the state re-checked as they are now."""

from django.db import transaction
from django.utils import timezone

from apps.audit.log import record
from apps.workflow import api
from apps.workflow.api import TransitionError
from apps.workflow.models import CaseEvent

from ..cases import (
    finish_draft,
    first_line,
    not_future,
    open_draft,
    set_fields,
    step_task,
)
from ..models import Vehicle, VehicleRepair, VehicleRequest, yuan
from .processes import (
    DISPATCH_STEP,
    REPAIR,
    REPAIR_STEP,
    RETURN_STEP,
    VEHICLE,
    overlapping_trips,
)

VEHICLE_FIELDS = ["purpose", "destination", "scope", "depart_at", "return_at", "passengers"]


@transaction.atomic
def save_vehicle_request(user, data, case=None, submit=False):
    title = f"用车：{data['destination'][:30]}（{timezone.localtime(data['depart_at']):%m-%d %H:%M}）"
    case, trip = open_draft(user, VEHICLE, VehicleRequest, title, case)
    set_fields(trip, data, VEHICLE_FIELDS)
    trip.save()
    return finish_draft(case, user, "finance.vehicle_save", submit)


@transaction.atomic
def save_repair(user, data, case=None, submit=False):
    title = f"车辆维修：{data['vehicle'].plate} {first_line(data['fault'], 30)}"
    case, repair = open_draft(user, REPAIR, VehicleRepair, title, case)
    set_fields(repair, data, ["vehicle", "fault", "workshop", "estimate"])
    repair.save()
    return finish_draft(case, user, "finance.repair_save", submit)


def vehicle_busy(vehicle, trip):
    """Another trip already holds `vehicle` for an overlapping period."""
    return overlapping_trips(trip.depart_at, trip.return_at, exclude_case=trip.case).filter(vehicle=vehicle).exists()


@transaction.atomic
def dispatch_vehicle(case_id, actor, vehicle_id, driver=None):
    """派车: the office assigns a car (locked) that no other trip holds in the period. A trip that
    would leave no car at home must have gone through the main leader's approval."""
    case = api.lock_case(case_id, process=VEHICLE)
    task = step_task(case, actor, DISPATCH_STEP, "只有办公室（车辆调度）可以派车。")
    trip = VehicleRequest.objects.select_for_update(of=("self",)).get(case=case)
    vehicle = Vehicle.objects.select_for_update().filter(pk=vehicle_id).first()
    if vehicle is None or vehicle.status != Vehicle.Status.ACTIVE:
        raise TransitionError("所选车辆不存在或不在用（维修中、停用）。")
    if vehicle_busy(vehicle, trip):
        raise TransitionError(f"{vehicle.plate} 在该时段已有出车安排，请另选车辆。")
    if vehicle.seats < trip.passengers + 1:
        raise TransitionError(
            f"{vehicle.plate} 只有 {vehicle.seats} 个座位，不够 {trip.passengers} 人乘坐（含驾驶员）。"
        )
    out = (
        overlapping_trips(trip.depart_at, trip.return_at, exclude_case=case)
        .filter(vehicle__isnull=False)
        .values("vehicle")
        .distinct()
        .count()
    )
    at_home = Vehicle.objects.filter(status=Vehicle.Status.ACTIVE).count() - out - 1
    if at_home < 1 and not trip.all_cars_out:
        raise TransitionError(
            "派出这辆车后局机关所有车辆将同时外出，须报主要领导同意：请将申请退回申请人重新提交，"
            "系统会自动增加主要领导审批。"
        )
    driver = driver or vehicle.driver
    if driver is None:
        raise TransitionError(f"{vehicle.plate} 未指定驾驶员，请选择驾驶员。")
    trip.vehicle, trip.driver, trip.dispatched_by, trip.dispatched_at = vehicle, driver, actor, timezone.now()
    trip.save(update_fields=["vehicle", "driver", "dispatched_by", "dispatched_at"])
    record("finance.vehicle_dispatch", actor=actor, obj=case, detail={"vehicle": vehicle.pk, "driver": driver.pk})
    api.finish_own_step(case.pk, task.pk, actor, f"派出 {vehicle.plate}，驾驶员 {driver.full_name}。")
    return trip


@transaction.atomic
def register_vehicle_return(case_id, actor, returned_at, mileage):
    case = api.lock_case(case_id, process=VEHICLE)
    task = step_task(case, actor, RETURN_STEP, "只有办公室（车辆调度）可以登记还车。")
    trip = VehicleRequest.objects.select_for_update(of=("self",)).get(case=case)
    if returned_at > timezone.now():
        raise TransitionError("还车时间不能晚于现在。")
    if returned_at < trip.depart_at:
        raise TransitionError("还车时间不能早于出车时间。")
    trip.returned_at, trip.mileage = returned_at, mileage
    trip.save(update_fields=["returned_at", "mileage"])
    record("finance.vehicle_return", actor=actor, obj=case, detail={"mileage": mileage})
    api.finish_own_step(
        case.pk, task.pk, actor, f"已还车（{timezone.localtime(returned_at):%Y-%m-%d %H:%M}，行驶 {mileage} 公里）。"
    )
    return trip


def approved_on(case):
    """The day the last approval was given (the repair may not go to the workshop before it)."""
    last = (
        case.events.filter(action=CaseEvent.Action.APPROVE)
        .order_by("-created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    return timezone.localdate(last) if last else None


@transaction.atomic
def register_repair(case_id, actor, sent_on, cost):
    """送修登记: the repair, approved, went to the designated workshop on `sent_on` and cost `cost`."""
    case = api.lock_case(case_id, process=REPAIR)
    task = step_task(case, actor, REPAIR_STEP, "只有申请人（驾驶员）可以登记送修。")
    repair = VehicleRepair.objects.select_for_update(of=("self",)).select_related("vehicle").get(case=case)
    not_future(sent_on, "送修日期")
    approved = approved_on(case)
    if approved and sent_on < approved:
        raise TransitionError(f"维修须先批准后送修：批准日期为 {approved:%Y-%m-%d}，送修日期不能早于该日。")
    repair.sent_on, repair.cost = sent_on, yuan(cost)
    repair.save(update_fields=["sent_on", "cost"])
    record("finance.repair_register", actor=actor, obj=case, detail={"cost": str(repair.cost)})
    api.finish_own_step(
        case.pk, task.pk, actor, f"{sent_on:%Y-%m-%d} 送 {repair.workshop} 维修，费用 {repair.cost:,.2f} 元。"
    )
    return repair
