"""公车使用 (finance.vehicle) and 车辆维修 (finance.repair), seed 002 rule 5 车辆管理制度.

Approvers are ApprovalRule rows (fixtures/finance_rules.json); the order of the steps, and which
steps belong to the office, are here. Trips inside the city are refused (城区内禁止使用公车); a
trip that takes the last car at home adds the main leader's chain (所有车辆同时外出，报主要领导同意).
"""

from django.db.models import Q

from apps.workflow.api import TransitionError
from apps.workflow.models import Case, Task
from apps.workflow.processes import ChainStep, Process, Step, register

VEHICLE = "finance.vehicle"
REPAIR = "finance.repair"

ALL_OUT_CHAIN = "all_out"
DISPATCH_STEP = "dispatch"
RETURN_STEP = "return"
REPAIR_STEP = "repair"

CITY_REFUSAL = "城区内禁止使用公车（车辆管理制度）：城区内公务请乘坐公共交通工具，相应补助按公务出差标准执行。"


def overlapping_trips(depart_at, return_at, exclude_case=None):
    """Trips that need a car in [depart_at, return_at): submitted or dispatched, not returned."""
    from ..models import VehicleRequest

    trips = VehicleRequest.objects.filter(depart_at__lt=return_at, return_at__gt=depart_at, returned_at__isnull=True)
    trips = trips.filter(Q(case__status=Case.Status.ACTIVE) | Q(vehicle__isnull=False, case__status=Case.Status.CLOSED))
    if exclude_case is not None:
        trips = trips.exclude(case=exclude_case)
    return trips


def cars_left_at_home(depart_at, return_at, exclude_case=None):
    """How many active cars no other trip of that period needs."""
    from ..models import Vehicle

    active = Vehicle.objects.filter(status=Vehicle.Status.ACTIVE).count()
    return active - overlapping_trips(depart_at, return_at, exclude_case).count()


def cars_left_for(case):
    trip = case.vehicle_request
    return cars_left_at_home(trip.depart_at, trip.return_at, exclude_case=case)


@register
class VehicleProcess(Process):
    code = VEHICLE
    label = "公车使用"
    steps = [
        ChainStep("approval", "用车审批"),
        ChainStep(ALL_OUT_CHAIN, "所有车辆同时外出"),
        Step(DISPATCH_STEP, "派车", kind=Task.Kind.HANDLE, role="office_chief", finished_by_own_form=True),
        Step(RETURN_STEP, "还车登记", kind=Task.Kind.HANDLE, role="office_chief", finished_by_own_form=True),
    ]
    detail_template = "finance/includes/_vehicle_request.html"
    domain_attr = "vehicle_request"
    edit_url_name = "finance:vehicle_edit"

    def check_submittable(self, case):
        if case.vehicle_request.scope == case.vehicle_request.Scope.CITY:
            raise TransitionError(CITY_REFUSAL)
        if cars_left_for(case) < 1:
            raise TransitionError("该时段所有车辆均已安排出车，无车可派；请调整时间或乘坐公共交通工具。")

    def route_step(self, case, step):
        # The main leader's chain only when this trip takes the last car at home.
        if step.chain == ALL_OUT_CHAIN and cars_left_for(case) != 1:
            return None
        return step

    def on_submit(self, case, actor):
        trip = case.vehicle_request
        trip.all_cars_out = cars_left_for(case) == 1
        trip.save(update_fields=["all_cars_out"])

    def print_fields(self, case):
        trip = case.vehicle_request
        fields = [
            ("用车事由", trip.purpose),
            ("目的地", f"{trip.destination}（{trip.get_scope_display()}）"),
            ("用车时间", f"{trip.depart_at:%Y-%m-%d %H:%M} 至 {trip.return_at:%Y-%m-%d %H:%M}"),
            ("乘车人数", f"{trip.passengers} 人"),
        ]
        if trip.vehicle_id:
            fields.append(("派出车辆", f"{trip.vehicle}，驾驶员 {trip.driver.full_name if trip.driver_id else '—'}"))
        return fields


@register
class RepairProcess(Process):
    code = REPAIR
    label = "车辆维修"
    steps = [
        ChainStep("approval", "维修审批"),
        Step(REPAIR_STEP, "送修登记", kind=Task.Kind.HANDLE, role="initiator", finished_by_own_form=True),
    ]
    detail_template = "finance/includes/_vehicle_repair.html"
    domain_attr = "vehicle_repair"
    edit_url_name = "finance:repair_edit"

    def facts(self, case):
        return {"amount": case.vehicle_repair.estimate}

    def print_fields(self, case):
        repair = case.vehicle_repair
        return [
            ("车辆", str(repair.vehicle)),
            ("维修项目", repair.fault),
            ("定点维修单位", repair.workshop),
            ("预计费用", f"{repair.estimate:,.2f} 元"),
        ]
