"""内务: every change, one `@transaction.atomic` function each; refusals in Chinese."""

from datetime import date

from django.db import transaction
from django.utils import timezone

from apps.audit.log import record
from apps.workflow.api import TransitionError

from .access import in_office, logistics_officer, may_keep
from .models import Check, Purchase

PASS_SCORE = 80  # below it a check needs rectification (本系统默认，局可调整)


def _text(value, what, limit=None):
    value = (value or "").strip()
    if not value:
        raise TransitionError(f"请填写{what}。")
    if limit and len(value) > limit:
        raise TransitionError(f"{what}不能超过 {limit} 个字。")
    return value


def _day(value, what):
    if not isinstance(value, date):
        raise TransitionError(f"请填写{what}。")
    if value > timezone.localdate():
        raise TransitionError(f"{what}不能晚于今天。")
    return value


@transaction.atomic
def record_check(actor, data):
    """登记卫生/安全检查. A score under PASS_SCORE or any finding with a rectification date
    puts the check 整改中."""
    if not may_keep(actor):
        raise TransitionError("内务检查由办公室工作人员登记。")
    score = data.get("score")
    if score is None or not 0 <= score <= 100:
        raise TransitionError("得分应在 0 到 100 之间。")
    section = data.get("section")
    if section is None:
        raise TransitionError("请选择被检查的股室或司法所。")
    checked_on = _day(data.get("checked_on"), "检查日期")
    findings = (data.get("findings") or "").strip()
    rectify_by = data.get("rectify_by")
    needs = score < PASS_SCORE or bool(rectify_by)
    if score < PASS_SCORE and not findings:
        raise TransitionError(f"得分低于 {PASS_SCORE} 分的，请写明发现的问题。")
    if needs and not rectify_by:
        raise TransitionError("需要整改的，请填写整改期限。")
    if rectify_by and rectify_by < checked_on:
        raise TransitionError("整改期限不能早于检查日期。")
    if needs and not findings:
        raise TransitionError("需要整改的，请写明发现的问题。")
    check = Check.objects.create(
        checked_on=checked_on,
        kind=data.get("kind") or Check.Kind.HYGIENE,
        section=section,
        inspectors=_text(data.get("inspectors"), "检查人", 80),
        score=score,
        findings=findings,
        status=Check.Status.RECTIFYING if needs else Check.Status.PASSED,
        rectify_by=rectify_by if needs else None,
        created_by=actor,
    )
    record("housekeeping.check", actor=actor, obj=check, detail={"section": section.code, "score": score})
    return check


@transaction.atomic
def record_rectified(actor, check_pk, on_date, note):
    if not may_keep(actor):
        raise TransitionError("整改情况由办公室工作人员复查登记。")
    check = Check.objects.select_for_update().filter(pk=check_pk).first()
    if check is None:
        raise TransitionError("检查记录不存在。")
    if check.status != Check.Status.RECTIFYING:
        raise TransitionError("该检查无需整改或已整改。")
    on_date = _day(on_date, "整改完成日期")
    if on_date < check.checked_on:
        raise TransitionError("整改完成日期不能早于检查日期。")
    check.status = Check.Status.RECTIFIED
    check.rectified_on = on_date
    check.rectified_note = _text(note, "整改情况", 200)
    check.save(update_fields=["status", "rectified_on", "rectified_note"])
    record("housekeeping.rectified", actor=actor, obj=check)
    return check


def acceptor_for(purchaser):
    """The 机关后勤专干 when the post is filled (and is not the purchaser)."""
    officer = logistics_officer()
    return officer if officer and officer.pk != purchaser.pk else None


@transaction.atomic
def record_purchase(actor, data):
    """The purchaser records what was bought (and signs for it); the acceptor is the 后勤专干."""
    if not in_office(actor):
        raise TransitionError("食堂采购由办公室（后勤）人员登记。")
    amount = data.get("amount")
    if amount is None or amount <= 0:
        raise TransitionError("金额应大于 0。")
    acceptor = data.get("acceptor") or logistics_officer()
    if acceptor is None:
        raise TransitionError("尚未设定机关后勤专干，请系统管理员在“职能岗位”中设定后再登记。")
    if acceptor.pk == actor.pk:
        raise TransitionError("采购人和验收人不能是同一人：采购人员与机关后勤专干须分别签字确认。")
    officer = logistics_officer()
    if officer is not None and acceptor.pk != officer.pk and officer.pk != actor.pk:
        raise TransitionError(f"食堂采购物品由机关后勤专干（{officer.full_name}）验收。")
    purchase = Purchase.objects.create(
        purchased_on=_day(data.get("purchased_on"), "采购日期"),
        supplier=_text(data.get("supplier"), "供货单位", 80),
        items=_text(data.get("items"), "物品明细"),
        amount=amount,
        invoice_no=(data.get("invoice_no") or "").strip()[:40],
        purchaser=actor,
        acceptor=acceptor,
    )
    record("housekeeping.purchase", actor=actor, obj=purchase, detail={"amount": str(amount)})
    return purchase


@transaction.atomic
def accept_purchase(actor, purchase_pk, accepted, note):
    """The named acceptor checks quantity, quality, price and safety and signs (or refuses)."""
    purchase = Purchase.objects.select_for_update().filter(pk=purchase_pk).first()
    if purchase is None or not Purchase.objects.visible_to(actor).filter(pk=purchase_pk).exists():
        raise TransitionError("采购记录不存在。")
    if purchase.acceptor_id != actor.pk:
        raise TransitionError(f"该批物品由{purchase.acceptor.full_name}验收。")
    if purchase.purchaser_id == actor.pk:
        raise TransitionError("采购人不能验收自己采购的物品。")
    if purchase.status != Purchase.Status.PENDING:
        raise TransitionError(f"该批物品已{purchase.get_status_display()}。")
    note = (note or "").strip()
    if not accepted and not note:
        raise TransitionError("验收不合格的，请写明问题（数量、质量、价格或安全）。")
    purchase.status = Purchase.Status.ACCEPTED if accepted else Purchase.Status.REFUSED
    purchase.accepted_at = timezone.now()
    purchase.acceptance_note = (note or "数量、质量、价格、安全检查无误")[:200]
    purchase.save(update_fields=["status", "accepted_at", "acceptance_note"])
    record("housekeeping.accept", actor=actor, obj=purchase, detail={"accepted": accepted})
    return purchase
