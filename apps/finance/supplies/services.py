"""State changes of office supplies: requests, receipts into the store and issues. Stock moves
only here, on locked item rows, and never below zero."""

from django.db import transaction
from django.utils import timezone

from apps.audit.log import record
from apps.org.models import Position
from apps.workflow import api
from apps.workflow.api import TransitionError

from ..cases import finish_draft, first_line, open_draft, step_task
from ..models import StockMove, SupplyItem, SupplyLine, SupplyRequest
from .processes import ISSUE_STEP, SUPPLIES


@transaction.atomic
def save_supply_request(user, data, lines, case=None, submit=False):
    """`lines`: [(SupplyItem, quantity)]; the same item twice is added up."""
    title = f"办公用品领用：{first_line(data['purpose'], 40)}"
    case, request = open_draft(user, SUPPLIES, SupplyRequest, title, case)
    request.purpose = data["purpose"].strip()
    request.save()
    request.lines.all().delete()
    wanted = {}
    for item, quantity in lines:
        wanted[item] = wanted.get(item, 0) + quantity
    SupplyLine.objects.bulk_create([SupplyLine(request=request, item=item, quantity=q) for item, q in wanted.items()])
    return finish_draft(case, user, "finance.supplies_save", submit)


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
    StockMove.objects.create(
        item=item, quantity=quantity, balance=item.stock, note=note.strip()[:200] or "入库", actor=actor
    )
    record("finance.stock_receive", actor=actor, obj=item, detail={"quantity": quantity})
    return item


@transaction.atomic
def issue_supplies(case_id, actor):
    """发放: the keeper hands out what was approved. The item rows are locked (in id order, so two
    issues never deadlock) and no stock goes below zero: nothing is issued unless all of it can be."""
    case = api.lock_case(case_id, process=SUPPLIES)
    task = step_task(case, actor, ISSUE_STEP, "只有办公用品管理员可以发放。")
    request = SupplyRequest.objects.select_for_update(of=("self",)).get(case=case)
    lines = list(request.lines.order_by("item_id"))
    ids = [line.item_id for line in lines]
    items = {i.pk: i for i in SupplyItem.objects.select_for_update().filter(pk__in=ids).order_by("pk")}
    short = [
        f"{items[line.item_id].name}（库存 {items[line.item_id].stock}{items[line.item_id].unit}，需 {line.quantity}）"
        for line in lines
        if items[line.item_id].stock < line.quantity
    ]
    if short:
        raise TransitionError("库存不足，不能发放：" + "；".join(short) + "。请先入库或退回申请人调整数量。")
    for line in lines:
        item = items[line.item_id]
        item.stock -= line.quantity  # the row is locked: this is the stock as it is now
        item.save(update_fields=["stock"])
        StockMove.objects.create(
            item=item,
            quantity=-line.quantity,
            balance=item.stock,
            request=request,
            note=f"发放：{case.title}"[:200],
            actor=actor,
        )
    request.issued_at, request.issued_by = timezone.now(), actor
    request.save(update_fields=["issued_at", "issued_by"])
    record("finance.supplies_issue", actor=actor, obj=case, detail={"lines": len(lines)})
    text = "；".join(f"{items[line.item_id].name} {line.quantity}{items[line.item_id].unit}" for line in lines)
    api.finish_own_step(case.pk, task.pk, actor, f"已发放：{text}。")
    return request
