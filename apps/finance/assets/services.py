"""State changes of fixed assets: the cards, the yearly count (盘点) and disposals."""

from django.db import transaction
from django.utils import timezone

from apps.audit.log import record
from apps.org.models import Position
from apps.workflow import api
from apps.workflow.api import TransitionError

from ..cases import finish_draft, not_future, open_draft, set_fields, step_task
from ..models import Asset, AssetDisposal, StockTake, StockTakeLine, yuan
from .processes import DISPOSAL, DISPOSE_STEP


@transaction.atomic
def save_disposal(user, data, case=None, submit=False):
    asset = data["asset"]
    title = f"资产处置：{asset.number} {asset.name}（{AssetDisposal.Method(data['method']).label}）"
    case, disposal = open_draft(user, DISPOSAL, AssetDisposal, title, case)
    set_fields(disposal, data, ["asset", "method", "reason"])
    disposal.save()
    return finish_draft(case, user, "finance.disposal_save", submit)


def is_asset_manager(user):
    return Position.objects.filter(key="asset_manager", holder=user).exists()


def require_asset_manager(actor):
    if not is_asset_manager(actor):
        raise TransitionError("只有资产管理员可以办理。")


@transaction.atomic
def save_asset(actor, data, asset=None):
    """Create or change an asset card (资产卡片), historied."""
    require_asset_manager(actor)
    fields = ["number", "name", "category", "spec", "value", "acquired_on", "section", "keeper", "location"]
    if asset is None:
        asset = Asset()
    else:
        asset = Asset.objects.select_for_update().get(pk=asset.pk)
        if asset.status == Asset.Status.DISPOSED:
            raise TransitionError("已处置的资产卡片不能再修改。")
    set_fields(asset, data, fields)
    asset.save()
    record("finance.asset_save", actor=actor, obj=asset)
    return asset


@transaction.atomic
def start_stocktake(actor, year):
    """Open the year's count: one line per card not yet disposed, with its booked location."""
    require_asset_manager(actor)
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
    require_asset_manager(actor)
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
    require_asset_manager(actor)
    take = StockTake.objects.select_for_update().get(pk=stocktake_id)
    if take.closed_at is not None:
        raise TransitionError("盘点已结束。")
    if not description.strip():
        raise TransitionError("请描述盘盈的资产。")
    return StockTakeLine.objects.create(
        stocktake=take,
        description=description.strip()[:200],
        found_location=found_location.strip()[:100],
        result=StockTakeLine.Result.SURPLUS,
        checked_by=actor,
        checked_at=timezone.now(),
    )


@transaction.atomic
def close_stocktake(stocktake_id, actor):
    """Close the count: every card counted; cards follow the places found; missing assets are
    marked 盘亏待查 (their disposal goes through an approved 报处置单)."""
    require_asset_manager(actor)
    take = StockTake.objects.select_for_update().get(pk=stocktake_id)
    if take.closed_at is not None:
        raise TransitionError("盘点已结束。")
    pending = take.lines.filter(result=StockTakeLine.Result.PENDING).count()
    if pending:
        raise TransitionError(f"还有 {pending} 项资产未盘点，不能结束盘点。")
    for line in (
        take.lines.select_related("asset")
        .exclude(asset=None)
        .filter(result__in=[StockTakeLine.Result.MOVED, StockTakeLine.Result.MISSING])
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
    case = api.lock_case(case_id, process=DISPOSAL)
    task = step_task(case, actor, DISPOSE_STEP, "只有资产管理员可以登记处置。")
    disposal = AssetDisposal.objects.select_for_update(of=("self",)).get(case=case)
    asset = Asset.objects.select_for_update().get(pk=disposal.asset_id)
    not_future(disposed_on, "处置日期")
    disposal.disposed_on, disposal.proceeds = disposed_on, yuan(proceeds or 0)
    disposal.save(update_fields=["disposed_on", "proceeds"])
    asset.status = Asset.Status.DISPOSED
    asset.save(update_fields=["status"])
    record("finance.asset_dispose", actor=actor, obj=case, detail={"asset": asset.pk})
    result = f"{disposed_on:%Y-%m-%d} {disposal.get_method_display()}，资产卡片已注销"
    result += f"，处置收入 {disposal.proceeds:,.2f} 元上缴国库。" if disposal.proceeds else "。"
    api.finish_own_step(case.pk, task.pk, actor, result)
    return disposal
