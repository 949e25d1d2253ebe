"""The logistics procedures on the engine: vehicles, repairs, office supplies, asset disposal and
official reception. Approvers are ApprovalRule rows (fixtures/finance_rules.json); the order of
the steps, and which steps belong to the office, are here.
"""

from django.db.models import Q

from apps.workflow.models import Case, Task
from apps.workflow.processes import ChainStep, Process, Step, register
from apps.workflow.services import TransitionError

VEHICLE = "finance.vehicle"
REPAIR = "finance.repair"
SUPPLIES = "finance.supplies"
DISPOSAL = "finance.disposal"
RECEPTION = "finance.reception"

ALL_OUT_CHAIN = "all_out"
DISPATCH_STEP = "dispatch"
RETURN_STEP = "return"
REPAIR_STEP = "repair"
REGISTER_STEP = "register"
ISSUE_STEP = "issue"
DISPOSE_STEP = "dispose"
CLOSE_STEP = "close"

CITY_REFUSAL = (
    "城区内禁止使用公车（车辆管理制度）：城区内公务请乘坐公共交通工具，相应补助按公务出差标准执行。"
)


# --- vehicles -----------------------------------------------------------------------------------


def overlapping_trips(depart_at, return_at, exclude_case=None):
    """Trips that need a car in [depart_at, return_at): submitted or dispatched, not returned."""
    from .models import VehicleRequest

    trips = VehicleRequest.objects.filter(depart_at__lt=return_at, return_at__gt=depart_at, returned_at__isnull=True)
    trips = trips.filter(Q(case__status=Case.Status.ACTIVE) | Q(vehicle__isnull=False, case__status=Case.Status.CLOSED))
    if exclude_case is not None:
        trips = trips.exclude(case=exclude_case)
    return trips


def cars_left_at_home(depart_at, return_at, exclude_case=None):
    """How many active cars no other trip of that period needs."""
    from .models import Vehicle

    active = Vehicle.objects.filter(status=Vehicle.Status.ACTIVE).count()
    return active - overlapping_trips(depart_at, return_at, exclude_case).count()


class VehicleProcess(Process):
    """Trips inside the city are refused; a trip that takes the last car at home adds the
    main leader's chain (所有车辆同时外出，报主要领导同意)."""

    def route_for(self, case):
        trip = case.vehicle_request
        if trip.scope == trip.Scope.CITY:
            raise TransitionError(CITY_REFUSAL)
        left = cars_left_at_home(trip.depart_at, trip.return_at, exclude_case=case)
        if left < 1:
            raise TransitionError("该时段所有车辆均已安排出车，无车可派；请调整时间或乘坐公共交通工具。")
        trip.all_cars_out = left == 1
        trip.save(update_fields=["all_cars_out"])
        route = super().route_for(case)
        if not trip.all_cars_out:
            route = [step for step in route if not step["code"].startswith(f"{ALL_OUT_CHAIN}-")]
        return route


def _trip_fields(case):
    trip = case.vehicle_request
    fields = [
        ("用车事由", trip.purpose), ("目的地", f"{trip.destination}（{trip.get_scope_display()}）"),
        ("用车时间", f"{trip.depart_at:%Y-%m-%d %H:%M} 至 {trip.return_at:%Y-%m-%d %H:%M}"),
        ("乘车人数", f"{trip.passengers} 人"),
    ]
    if trip.vehicle_id:
        fields.append(("派出车辆", f"{trip.vehicle}，驾驶员 {trip.driver.full_name if trip.driver_id else '—'}"))
    return fields


def own_form_check(steps, finished):
    """Process.before_complete for steps finished through the app's own forms: the generic 办结
    is refused until `finished(case, task)` says the form has done its part."""

    def check(case, task, actor):
        if task.step in steps and not finished(case, task):
            raise TransitionError(f"“{task.step_label}”须通过本页“事项信息”中的表单办理。")

    return check


def _trip_done(case, task):
    trip = case.vehicle_request
    return trip.vehicle_id is not None if task.step == DISPATCH_STEP else trip.returned_at is not None


VEHICLE_PROCESS = register(
    VehicleProcess(
        code=VEHICLE,
        label="公车使用",
        steps=[
            ChainStep("approval", "用车审批"),
            ChainStep(ALL_OUT_CHAIN, "所有车辆同时外出"),
            Step(DISPATCH_STEP, "派车", kind=Task.Kind.HANDLE, role="office_chief"),
            Step(RETURN_STEP, "还车登记", kind=Task.Kind.HANDLE, role="office_chief"),
        ],
        detail_template="finance/includes/_vehicle_request.html",
        domain_attr="vehicle_request",
        edit_url_name="finance:vehicle_edit",
        print_fields=_trip_fields,
        before_complete=own_form_check({DISPATCH_STEP, RETURN_STEP}, _trip_done),
        own_steps=(DISPATCH_STEP, RETURN_STEP),
    )
)


# --- repairs ------------------------------------------------------------------------------------


def _repair_fields(case):
    repair = case.vehicle_repair
    return [("车辆", str(repair.vehicle)), ("维修项目", repair.fault), ("定点维修单位", repair.workshop),
            ("预计费用", f"{repair.estimate:,.2f} 元")]


REPAIR_PROCESS = register(
    Process(
        code=REPAIR,
        label="车辆维修",
        steps=[
            ChainStep("approval", "维修审批"),
            Step(REPAIR_STEP, "送修登记", kind=Task.Kind.HANDLE, role="initiator"),
        ],
        detail_template="finance/includes/_vehicle_repair.html",
        domain_attr="vehicle_repair",
        edit_url_name="finance:repair_edit",
        facts=lambda case: {"amount": case.vehicle_repair.estimate},
        print_fields=_repair_fields,
        before_complete=own_form_check({REPAIR_STEP}, lambda case, task: case.vehicle_repair.sent_on is not None),
        own_steps=(REPAIR_STEP,),
    )
)


# --- office supplies ----------------------------------------------------------------------------


class SuppliesProcess(Process):
    def route_for(self, case):
        if not case.supply_request.lines.exists():
            raise TransitionError("请至少填写一种办公用品及数量。")
        return super().route_for(case)


def _supply_fields(case):
    request = case.supply_request
    lines = "；".join(f"{line.item.name} {line.quantity}{line.item.unit}" for line in request.lines.select_related("item"))
    return [("用途", request.purpose), ("领用明细", lines)]


SUPPLIES_PROCESS = register(
    SuppliesProcess(
        code=SUPPLIES,
        label="办公用品领用",
        steps=[
            ChainStep("approval", "领用审批"),
            Step(REGISTER_STEP, "登记", kind=Task.Kind.HANDLE, role="initiator"),
            Step(ISSUE_STEP, "发放", kind=Task.Kind.HANDLE, role="position:supplies_keeper"),
        ],
        detail_template="finance/includes/_supply_request.html",
        domain_attr="supply_request",
        edit_url_name="finance:supply_edit",
        print_fields=_supply_fields,
        before_complete=own_form_check({ISSUE_STEP}, lambda case, task: case.supply_request.issued_at is not None),
        own_steps=(ISSUE_STEP,),
    )
)


# --- asset disposal -----------------------------------------------------------------------------


class DisposalProcess(Process):
    def route_for(self, case):
        disposal = case.asset_disposal
        if disposal.asset.status == disposal.asset.Status.DISPOSED:
            raise TransitionError("该资产已处置。")
        other = type(disposal).objects.filter(asset=disposal.asset, case__status=Case.Status.ACTIVE).exclude(case=case)
        if other.exists():
            raise TransitionError("该资产已有正在审批的处置申请。")
        return super().route_for(case)


def _disposal_fields(case):
    disposal = case.asset_disposal
    asset = disposal.asset
    return [("资产", f"{asset.number} {asset.name}（原值 {asset.value:,.2f} 元）"), ("处置方式", disposal.get_method_display()),
            ("处置原因", disposal.reason)]


DISPOSAL_PROCESS = register(
    DisposalProcess(
        code=DISPOSAL,
        label="资产处置",
        steps=[
            ChainStep("approval", "处置审批"),
            Step(DISPOSE_STEP, "处置登记", kind=Task.Kind.HANDLE, role="position:asset_manager"),
        ],
        detail_template="finance/includes/_asset_disposal.html",
        domain_attr="asset_disposal",
        edit_url_name="finance:disposal_edit",
        facts=lambda case: {"amount": case.asset_disposal.asset.value},
        print_fields=_disposal_fields,
        before_complete=own_form_check({DISPOSE_STEP}, lambda case, task: case.asset_disposal.disposed_on is not None),
        own_steps=(DISPOSE_STEP,),
    )
)


# --- official reception -------------------------------------------------------------------------


def reception_problem(reception):
    """The meal budget may not exceed meals × diners × the standard for the guests' rank."""
    diners = reception.guests + reception.escorts
    limit = reception.guest_level.amount * diners * reception.meals
    if reception.budget_meals > limit:
        return (
            f"用餐预算 {reception.budget_meals:,.2f} 元超过标准：{reception.meals} 餐 × {diners} 人 × "
            f"{reception.guest_level.amount} 元（{reception.guest_level.name}）= {limit:,.2f} 元。请按标准编制预算。"
        )
    if reception.budget_meals and not reception.meals:
        return "编列了用餐预算，请填写用餐次数。"
    return ""


class ReceptionProcess(Process):
    def route_for(self, case):
        problem = reception_problem(case.reception)
        if problem:
            raise TransitionError(problem)
        return super().route_for(case)


def _reception_fields(case):
    r = case.reception
    return [
        ("来访单位", f"{r.visitor_unit}（{r.letter_ref}）"), ("人数", f"来访 {r.guests} 人，陪同 {r.escorts} 人"),
        ("日期", f"{r.arrive_on:%Y-%m-%d} 至 {r.leave_on:%Y-%m-%d}"), ("活动方案", r.plan),
        ("预算", f"{r.budget:,.2f} 元"),
    ]


RECEPTION_PROCESS = register(
    ReceptionProcess(
        code=RECEPTION,
        label="公务接待",
        steps=[
            ChainStep("approval", "接待审批"),
            Step(CLOSE_STEP, "接待结束登记", kind=Task.Kind.HANDLE, role="initiator"),
        ],
        detail_template="finance/includes/_reception.html",
        domain_attr="reception",
        edit_url_name="finance:reception_edit",
        facts=lambda case: {"amount": case.reception.budget},
        print_fields=_reception_fields,
        before_complete=own_form_check({CLOSE_STEP}, lambda case, task: case.reception.actual_cost is not None),
        own_steps=(CLOSE_STEP,),
    )
)
