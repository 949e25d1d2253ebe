"""State changes of vehicles, repairs, office supplies, fixed assets and reception.

As in services.py: one transaction each, the case row locked first, then the domain rows;
the actor and the state re-checked as they are now; the audit log written; TransitionError with
a Chinese message when the move is not legal.
"""

from django.db import transaction
from django.utils import timezone

from apps.audit.log import record
from apps.org.models import Position
from apps.workflow import services as engine
from apps.workflow.models import Case, CaseEvent
from apps.workflow.services import TransitionError

from . import logistics_processes as lp
from .models import (
    Asset,
    AssetDisposal,
    Reception,
    StockMove,
    StockTake,
    StockTakeLine,
    SupplyItem,
    SupplyLine,
    SupplyRequest,
    Vehicle,
    VehicleRepair,
    VehicleRequest,
    yuan,
)
from .services import _create_case, _first_line, _lock_case, _lock_draft, _my_pending_task, _not_future, _retitle

# --- drafts -------------------------------------------------------------------------------------


def _draft(user, process, model, title, case, confidential=False):
    """(case, domain row) of a new or existing draft of `user`, both locked."""
    if case is None:
        if user.admin_role or user.section_id is None:
            raise TransitionError("您的账号未隶属科室，不能发起。")
        if confidential:
            case = _create_case(process, user, title)
        else:
            case = engine.create_case(process, initiator=user, section=user.section, title=title)
        return case, model(case=case)
    case = _lock_draft(case.pk, process, user)
    _retitle(case, title)
    return case, model.objects.select_for_update(of=("self",)).get(case=case)


def _set(obj, data, fields):
    for name in fields:
        setattr(obj, name, data[name])


def _finish_draft(case, user, event, submit):
    record(event, actor=user, obj=case)
    if submit:
        engine.submit(case.pk, user)
    return case


VEHICLE_FIELDS = ["purpose", "destination", "scope", "depart_at", "return_at", "passengers"]


@transaction.atomic
def save_vehicle_request(user, data, case=None, submit=False):
    title = f"用车：{data['destination'][:30]}（{timezone.localtime(data['depart_at']):%m-%d %H:%M}）"
    case, trip = _draft(user, lp.VEHICLE, VehicleRequest, title, case)
    _set(trip, data, VEHICLE_FIELDS)
    trip.save()
    return _finish_draft(case, user, "finance.vehicle_save", submit)


@transaction.atomic
def save_repair(user, data, case=None, submit=False):
    title = f"车辆维修：{data['vehicle'].plate} {_first_line(data['fault'], 30)}"
    case, repair = _draft(user, lp.REPAIR, VehicleRepair, title, case)
    _set(repair, data, ["vehicle", "fault", "workshop", "estimate"])
    repair.save()
    return _finish_draft(case, user, "finance.repair_save", submit)


@transaction.atomic
def save_supply_request(user, data, lines, case=None, submit=False):
    """`lines`: [(SupplyItem, quantity)]; the same item twice is added up."""
    title = f"办公用品领用：{_first_line(data['purpose'], 40)}"
    case, request = _draft(user, lp.SUPPLIES, SupplyRequest, title, case)
    request.purpose = data["purpose"].strip()
    request.save()
    request.lines.all().delete()
    wanted = {}
    for item, quantity in lines:
        wanted[item] = wanted.get(item, 0) + quantity
    SupplyLine.objects.bulk_create([SupplyLine(request=request, item=item, quantity=q) for item, q in wanted.items()])
    return _finish_draft(case, user, "finance.supplies_save", submit)


@transaction.atomic
def save_disposal(user, data, case=None, submit=False):
    asset = data["asset"]
    title = f"资产处置：{asset.number} {asset.name}（{AssetDisposal.Method(data['method']).label}）"
    case, disposal = _draft(user, lp.DISPOSAL, AssetDisposal, title, case)
    _set(disposal, data, ["asset", "method", "reason"])
    disposal.save()
    return _finish_draft(case, user, "finance.disposal_save", submit)


RECEPTION_FIELDS = ["visitor_unit", "letter_ref", "guests", "escorts", "guest_level", "arrive_on", "leave_on", "plan",
                    "meals", "budget_meals", "budget_lodging", "budget_other"]


@transaction.atomic
def save_reception(user, data, case=None, submit=False):
    title = f"公务接待：{data['visitor_unit'][:40]}（{data['arrive_on']:%m-%d}）"
    case, reception = _draft(user, lp.RECEPTION, Reception, title, case)
    _set(reception, data, RECEPTION_FIELDS)
    reception.save()
    return _finish_draft(case, user, "finance.reception_save", submit)


# --- vehicles -----------------------------------------------------------------------------------


def vehicle_busy(vehicle, trip):
    """Another trip already holds `vehicle` for an overlapping period."""
    return (
        lp.overlapping_trips(trip.depart_at, trip.return_at, exclude_case=trip.case)
        .filter(vehicle=vehicle)
        .exists()
    )


@transaction.atomic
def dispatch_vehicle(case_id, actor, vehicle_id, driver=None):
    """派车: the office assigns a car (locked) that no other trip holds in the period. A trip that
    would leave no car at home must have gone through the main leader's approval."""
    case = _lock_case(case_id, lp.VEHICLE)
    task = _my_pending_task(case, actor, lp.DISPATCH_STEP, "只有办公室（车辆调度）可以派车。")
    trip = VehicleRequest.objects.select_for_update(of=("self",)).get(case=case)
    vehicle = Vehicle.objects.select_for_update().filter(pk=vehicle_id).first()
    if vehicle is None or vehicle.status != Vehicle.Status.ACTIVE:
        raise TransitionError("所选车辆不存在或不在用（维修中、停用）。")
    if vehicle_busy(vehicle, trip):
        raise TransitionError(f"{vehicle.plate} 在该时段已有出车安排，请另选车辆。")
    if vehicle.seats < trip.passengers + 1:
        raise TransitionError(f"{vehicle.plate} 只有 {vehicle.seats} 个座位，不够 {trip.passengers} 人乘坐（含驾驶员）。")
    out = (
        lp.overlapping_trips(trip.depart_at, trip.return_at, exclude_case=case)
        .filter(vehicle__isnull=False).values("vehicle").distinct().count()
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
    engine.complete(case.pk, task.pk, actor, f"派出 {vehicle.plate}，驾驶员 {driver.full_name}。")
    return trip


@transaction.atomic
def register_vehicle_return(case_id, actor, returned_at, mileage):
    case = _lock_case(case_id, lp.VEHICLE)
    task = _my_pending_task(case, actor, lp.RETURN_STEP, "只有办公室（车辆调度）可以登记还车。")
    trip = VehicleRequest.objects.select_for_update(of=("self",)).get(case=case)
    if returned_at > timezone.now():
        raise TransitionError("还车时间不能晚于现在。")
    if returned_at < trip.depart_at:
        raise TransitionError("还车时间不能早于出车时间。")
    trip.returned_at, trip.mileage = returned_at, mileage
    trip.save(update_fields=["returned_at", "mileage"])
    record("finance.vehicle_return", actor=actor, obj=case, detail={"mileage": mileage})
    engine.complete(case.pk, task.pk, actor, f"已还车（{timezone.localtime(returned_at):%Y-%m-%d %H:%M}，行驶 {mileage} 公里）。")
    return trip


def _approved_on(case):
    """The day the last approval was given (the repair may not go to the workshop before it)."""
    last = case.events.filter(action=CaseEvent.Action.APPROVE).order_by("-created_at").values_list("created_at", flat=True).first()
    return timezone.localdate(last) if last else None


@transaction.atomic
def register_repair(case_id, actor, sent_on, cost):
    """送修登记: the repair, approved, went to the designated workshop on `sent_on` and cost `cost`."""
    case = _lock_case(case_id, lp.REPAIR)
    task = _my_pending_task(case, actor, lp.REPAIR_STEP, "只有申请人（驾驶员）可以登记送修。")
    repair = VehicleRepair.objects.select_for_update(of=("self",)).select_related("vehicle").get(case=case)
    _not_future(sent_on, "送修日期")
    approved = _approved_on(case)
    if approved and sent_on < approved:
        raise TransitionError(f"维修须先批准后送修：批准日期为 {approved:%Y-%m-%d}，送修日期不能早于该日。")
    repair.sent_on, repair.cost = sent_on, yuan(cost)
    repair.save(update_fields=["sent_on", "cost"])
    record("finance.repair_register", actor=actor, obj=case, detail={"cost": str(repair.cost)})
    engine.complete(case.pk, task.pk, actor, f"{sent_on:%Y-%m-%d} 送 {repair.workshop} 维修，费用 {repair.cost:,.2f} 元。")
    return repair


# --- office supplies ----------------------------------------------------------------------------


def is_supplies_keeper(user):
    return Position.objects.filter(key="supplies_keeper", holder=user).exists()


@transaction.atomic
def receive_stock(item_id, actor, quantity, note=""):
    """入库: the keeper records supplies bought and put in the store."""
    if not is_supplies_keeper(actor):
        raise TransitionError("只有办公用品管理员可以登记入库。")
    if quantity < 1:
        raise TransitionError("入库数量至少为 1。")
    item = SupplyItem.objects.select_for_update().get(pk=item_id)
    item.stock += quantity
    item.save(update_fields=["stock"])
    StockMove.objects.create(item=item, quantity=quantity, balance=item.stock, note=note.strip()[:200] or "入库", actor=actor)
    record("finance.stock_receive", actor=actor, obj=item, detail={"quantity": quantity})
    return item


@transaction.atomic
def issue_supplies(case_id, actor):
    """发放: the keeper hands out what was approved. The item rows are locked (in id order, so two
    issues never deadlock) and no stock goes below zero: nothing is issued unless all of it can be."""
    case = _lock_case(case_id, lp.SUPPLIES)
    task = _my_pending_task(case, actor, lp.ISSUE_STEP, "只有办公用品管理员可以发放。")
    request = SupplyRequest.objects.select_for_update(of=("self",)).get(case=case)
    lines = list(request.lines.order_by("item_id"))
    items = {i.pk: i for i in SupplyItem.objects.select_for_update().filter(pk__in=[l.item_id for l in lines]).order_by("pk")}
    short = [f"{items[l.item_id].name}（库存 {items[l.item_id].stock}{items[l.item_id].unit}，需 {l.quantity}）"
             for l in lines if items[l.item_id].stock < l.quantity]
    if short:
        raise TransitionError("库存不足，不能发放：" + "；".join(short) + "。请先入库或退回申请人调整数量。")
    for line in lines:
        item = items[line.item_id]
        item.stock -= line.quantity  # the row is locked: this is the stock as it is now
        item.save(update_fields=["stock"])
        StockMove.objects.create(item=item, quantity=-line.quantity, balance=item.stock, request=request,
                                 note=f"发放：{case.title}"[:200], actor=actor)
    request.issued_at, request.issued_by = timezone.now(), actor
    request.save(update_fields=["issued_at", "issued_by"])
    record("finance.supplies_issue", actor=actor, obj=case, detail={"lines": len(lines)})
    text = "；".join(f"{items[l.item_id].name} {l.quantity}{items[l.item_id].unit}" for l in lines)
    engine.complete(case.pk, task.pk, actor, f"已发放：{text}。")
    return request


# --- fixed assets -------------------------------------------------------------------------------


def is_asset_manager(user):
    return Position.objects.filter(key="asset_manager", holder=user).exists()


def _require_asset_manager(actor):
    if not is_asset_manager(actor):
        raise TransitionError("只有资产管理员可以办理。")


@transaction.atomic
def save_asset(actor, data, asset=None):
    """Create or change an asset card (资产卡片), historied."""
    _require_asset_manager(actor)
    fields = ["number", "name", "category", "spec", "value", "acquired_on", "section", "keeper", "location"]
    if asset is None:
        asset = Asset()
    else:
        asset = Asset.objects.select_for_update().get(pk=asset.pk)
        if asset.status == Asset.Status.DISPOSED:
            raise TransitionError("已处置的资产卡片不能再修改。")
    _set(asset, data, fields)
    asset.save()
    record("finance.asset_save", actor=actor, obj=asset)
    return asset


@transaction.atomic
def start_stocktake(actor, year):
    """Open the year's count: one line per card not yet disposed, with its booked location."""
    _require_asset_manager(actor)
    if StockTake.objects.filter(year=year).exists():
        raise TransitionError(f"{year}年度的盘点已经开始。")
    take = StockTake.objects.create(year=year, started_by=actor)
    assets = Asset.objects.exclude(status=Asset.Status.DISPOSED).order_by("pk")
    StockTakeLine.objects.bulk_create(
        [StockTakeLine(stocktake=take, asset=a, booked_location=a.location) for a in assets]
    )
    record("finance.stocktake_start", actor=actor, obj=take, detail={"assets": len(assets)})
    return take


@transaction.atomic
def record_count(line_id, actor, result, found_location="", note=""):
    """One asset counted: 相符, 地点不符 (the card follows the actual place), 盘亏, 损坏."""
    _require_asset_manager(actor)
    line = StockTakeLine.objects.select_for_update(of=("self",)).select_related("stocktake").filter(pk=line_id).first()
    if line is None or line.stocktake.closed_at is not None:
        raise TransitionError("盘点已结束或该条目不存在。")
    if result == StockTakeLine.Result.MOVED and not found_location.strip():
        raise TransitionError("存放地点不符时，请填写实际存放地点。")
    line.result, line.found_location, line.note = result, found_location.strip(), note.strip()[:200]
    line.checked_by, line.checked_at = actor, timezone.now()
    line.save(update_fields=["result", "found_location", "note", "checked_by", "checked_at"])
    return line


@transaction.atomic
def add_surplus(stocktake_id, actor, description, found_location):
    """盘盈: an asset found that no card lists (to be entered in the books)."""
    _require_asset_manager(actor)
    take = StockTake.objects.select_for_update().get(pk=stocktake_id)
    if take.closed_at is not None:
        raise TransitionError("盘点已结束。")
    if not description.strip():
        raise TransitionError("请描述盘盈的资产。")
    return StockTakeLine.objects.create(
        stocktake=take, description=description.strip()[:200], found_location=found_location.strip()[:100],
        result=StockTakeLine.Result.SURPLUS, checked_by=actor, checked_at=timezone.now(),
    )


@transaction.atomic
def close_stocktake(stocktake_id, actor):
    """Close the count: every card counted; cards follow the places found; missing assets are
    marked 盘亏待查 (their disposal goes through an approved 报处置单)."""
    _require_asset_manager(actor)
    take = StockTake.objects.select_for_update().get(pk=stocktake_id)
    if take.closed_at is not None:
        raise TransitionError("盘点已结束。")
    pending = take.lines.filter(result=StockTakeLine.Result.PENDING).count()
    if pending:
        raise TransitionError(f"还有 {pending} 项资产未盘点，不能结束盘点。")
    for line in take.lines.select_related("asset").exclude(asset=None).filter(
        result__in=[StockTakeLine.Result.MOVED, StockTakeLine.Result.MISSING]
    ):
        asset = Asset.objects.select_for_update().get(pk=line.asset_id)
        if line.result == StockTakeLine.Result.MOVED:
            asset.location = line.found_location
        else:
            asset.status = Asset.Status.MISSING
        asset.save(update_fields=["location", "status"])
    take.closed_at = timezone.now()
    take.save(update_fields=["closed_at"])
    record("finance.stocktake_close", actor=actor, obj=take)
    return take


@transaction.atomic
def dispose_asset(case_id, actor, disposed_on, proceeds):
    """处置登记 after approval: the card is closed (已处置)."""
    case = _lock_case(case_id, lp.DISPOSAL)
    task = _my_pending_task(case, actor, lp.DISPOSE_STEP, "只有资产管理员可以登记处置。")
    disposal = AssetDisposal.objects.select_for_update(of=("self",)).get(case=case)
    asset = Asset.objects.select_for_update().get(pk=disposal.asset_id)
    _not_future(disposed_on, "处置日期")
    disposal.disposed_on, disposal.proceeds = disposed_on, yuan(proceeds or 0)
    disposal.save(update_fields=["disposed_on", "proceeds"])
    asset.status = Asset.Status.DISPOSED
    asset.save(update_fields=["status"])
    record("finance.asset_dispose", actor=actor, obj=case, detail={"asset": asset.pk})
    result = f"{disposed_on:%Y-%m-%d} {disposal.get_method_display()}，资产卡片已注销"
    result += f"，处置收入 {disposal.proceeds:,.2f} 元上缴国库。" if disposal.proceeds else "。"
    engine.complete(case.pk, task.pk, actor, result)
    return disposal


# --- reception ----------------------------------------------------------------------------------


@transaction.atomic
def close_reception(case_id, actor, actual_cost, note=""):
    """接待结束登记: the actual cost against the approved budget (over budget needs a reason)."""
    case = _lock_case(case_id, lp.RECEPTION)
    task = _my_pending_task(case, actor, lp.CLOSE_STEP, "只有承办人可以登记接待结束。")
    reception = Reception.objects.select_for_update(of=("self",)).get(case=case)
    cost = yuan(actual_cost)
    over = cost - reception.budget
    if over > 0 and not note.strip():
        raise TransitionError(f"实际费用超出批准预算 {over:,.2f} 元，请说明原因（未经批准的超支由经手人自付）。")
    reception.actual_cost = cost
    reception.save(update_fields=["actual_cost"])
    record("finance.reception_close", actor=actor, obj=case, detail={"cost": str(cost)})
    result = f"接待结束，实际费用 {cost:,.2f} 元（批准预算 {reception.budget:,.2f} 元）"
    result += f"，超出 {over:,.2f} 元：{note.strip()}" if over > 0 else "。"
    engine.complete(case.pk, task.pk, actor, result)
    return reception


def open_disposal_assets():
    """Ids of assets with a disposal under approval (shown as 处置审批中)."""
    return AssetDisposal.objects.filter(case__status=Case.Status.ACTIVE).values("asset_id")
