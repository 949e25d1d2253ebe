"""Every change to claims and advances goes through these functions.

Each runs in a transaction, locks the case row first (the engine's order), then the domain row,
re-checks the actor and the state as they are now, writes the business log (CaseEvent) and the
audit log, and raises the engine's TransitionError with a Chinese message when the move is not
legal. Approvals themselves are the engine's transitions (apps/workflow/services.py).
"""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from apps.audit.log import record
from apps.workflow import deadlines
from apps.workflow import services as engine
from apps.workflow.attachments import save_attachment
from apps.workflow.models import Case, CaseClock, CaseEvent, Task
from apps.workflow.services import TransitionError

from . import charges, standards
from .models import Advance, Claim, ClaimItem, DecisionRecord, yuan
from .processes import ADVANCE, CLAIM, DISBURSE_STEP, PAY_STEP, SETTLE_STEP, VERIFY_STEP

EDITABLE = (Case.Status.DRAFT, Case.Status.RETURNED)


# --- shared -------------------------------------------------------------------------------------


def _lock_case(case_id, process):
    case = (
        Case.objects.select_for_update(of=("self",))
        .select_related("section", "initiator")
        .filter(pk=case_id, process=process)
        .first()
    )
    if case is None:
        raise TransitionError("该事项不存在。")
    return case


def _lock_draft(case_id, process, user):
    case = _lock_case(case_id, process)
    if case.status not in EDITABLE or case.initiator_id != user.pk:
        raise TransitionError("该事项已提交，不能再修改。")
    return case


def _my_pending_task(case, actor, step, refusal):
    """The pending handling task of `step` that `actor` holds (or holds as a delegate), locked."""
    tasks = case.tasks.select_for_update(of=("self",)).filter(status=Task.Status.PENDING, step=step, kind=Task.Kind.HANDLE)
    for task in tasks:
        if task.assignee_id == actor.pk or engine.is_delegate_of(actor, task.assignee_id):
            return task
    if case.current_step != step:
        raise TransitionError("该事项当前不在此环节，不能办理。")
    raise TransitionError(refusal)


def _log(case, actor, step_label, opinion, event, detail=None):
    """A record on the case (business log) and in the audit log, for a change that is not a step."""
    CaseEvent.objects.create(case=case, action=CaseEvent.Action.ATTACH, actor=actor, step_label=step_label[:60], opinion=opinion)
    record(event, actor=actor, obj=case, detail=detail or {})


def _not_future(day, what):
    if day > timezone.localdate():
        raise TransitionError(f"{what}不能晚于今天。")


def _first_line(text, size=40):
    return (text.strip().splitlines() or [""])[0][:size]


def _create_case(process, user, title):
    if user.admin_role or user.section_id is None:
        raise TransitionError("您的账号未隶属科室，不能发起。")
    # Personal money matters: only the people on the route see them (限定知悉范围), not the
    # claimant's whole section.
    return engine.create_case(process, initiator=user, section=user.section, title=title, is_confidential=True)


def _retitle(case, title):
    if case.title != title:
        case.title = title
    case.version += 1
    case.save(update_fields=["title", "version", "updated_at"])


# --- reimbursement claims -----------------------------------------------------------------------


def claim_title(kind_label, purpose):
    return f"{kind_label}：{_first_line(purpose)}"


@transaction.atomic
def save_claim(user, data, items, uploads=(), case=None, submit=False):
    """Create (case=None) or update the user's draft claim with its items; optionally submit.

    `items`: dicts with spent_on, category, description, invoices, amount and, for meals, meal,
    persons, meal_standard. The claim's amount is their sum (Decimal, to the fen)."""
    title = claim_title(Claim.Kind(data["kind"]).label, data["purpose"])
    if case is None:
        case = _create_case(CLAIM, user, title)
        claim = Claim(case=case)
    else:
        case = _lock_draft(case.pk, CLAIM, user)
        _retitle(case, title)
        claim = Claim.objects.select_for_update(of=("self",)).get(case=case)
    claim.kind = data["kind"]
    claim.purpose = data["purpose"].strip()
    claim.witness = data["witness"]
    claim.advance = data.get("advance")
    claim.amount = yuan(sum((Decimal(i["amount"]) for i in items), Decimal("0")))
    claim.first_spent_on = min((i["spent_on"] for i in items), default=None)
    claim.save()
    claim.items.all().delete()
    ClaimItem.objects.bulk_create(
        [
            ClaimItem(
                claim=claim, seq=seq, spent_on=i["spent_on"], category=i["category"],
                description=i["description"].strip(), invoices=i.get("invoices") or 1, amount=yuan(i["amount"]),
                meal=i.get("meal") or "", persons=i.get("persons"), meal_standard=i.get("meal_standard"),
            )
            for seq, i in enumerate(items, start=1)
        ]
    )
    for upload in uploads:
        save_attachment(case, upload, user)
    record("finance.claim_save", actor=user, obj=case, detail={"items": len(items), "amount": str(claim.amount)})
    if submit:
        engine.submit(case.pk, user)
    return case


def record_filing(case):
    """On submission (inside its transaction): when the claim was filed, and whether later than
    the standard allows after the earliest expense (seed 002: 一周内办结报销手续)."""
    claim = Claim.objects.select_for_update(of=("self",)).get(case=case)
    today = timezone.localdate()
    claim.filed_on = today
    claim.days_after_expense = claim.days_since_expense(today)
    claim.filed_late = claim.days_after_expense is not None and claim.days_after_expense > standards.late_filing_days()
    claim.save(update_fields=["filed_on", "days_after_expense", "filed_late"])


def decision_requirement(amount, values=None):
    """Which decision record a claim of `amount` needs at payment: None, COLLECTIVE or PARTY_GROUP.

    民法典 §1259: "以上" includes the number itself, so 5,000.00 needs the collective decision
    and 100,000.00 the party group (seed 000 1.11: 10万元以上 局党组会研究)."""
    values = values or standards.all_values()
    party = values.get(standards.PARTY_GROUP)
    collective = values.get(standards.COLLECTIVE)
    if party is None or collective is None:
        raise standards.StandardMissing("财务标准“集体决策金额界限”或“党组会议研究金额界限”未设置，请系统管理员补充。")
    if amount >= party:
        return DecisionRecord.Kind.PARTY_GROUP
    if amount >= collective:
        return DecisionRecord.Kind.COLLECTIVE
    return None


def missing_decision(case, amount):
    """A Chinese sentence saying which decision record is missing, or ''."""
    needed = decision_requirement(amount)
    if needed is None:
        return ""
    kinds = set(case.decision_records.values_list("kind", flat=True))
    values = standards.all_values()
    if needed == DecisionRecord.Kind.PARTY_GROUP and DecisionRecord.Kind.PARTY_GROUP not in kinds:
        return (
            f"金额 {amount:,.2f} 元，达到 {values[standards.PARTY_GROUP]:,.0f} 元，须经局党组会议研究："
            "请先登记党组会议记录（会议、日期、纪要编号并上传纪要）后再付款。"
        )
    if needed == DecisionRecord.Kind.COLLECTIVE and not kinds:
        return (
            f"金额 {amount:,.2f} 元，达到 {values[standards.COLLECTIVE]:,.0f} 元，须经局领导班子集体研究决定："
            "请先登记集体决策记录（会议、日期、纪要编号并上传纪要）后再付款。"
        )
    return ""


@transaction.atomic
def add_decision_record(case_id, actor, data, minutes_upload):
    """Register a collective decision (or party-group meeting) with its uploaded minutes.

    The claimant, or whoever holds the case's current step, may do it while the case is open."""
    case = Case.objects.select_for_update(of=("self",)).filter(pk=case_id).first()
    if case is None or case.process != CLAIM:
        raise TransitionError("该事项不存在。")
    if not case.is_open:
        raise TransitionError("事项已办结，不能再登记集体决策记录。")
    holds = Task.objects.actionable_by(actor).filter(case=case).exclude(kind=Task.Kind.READ).exists()
    if case.initiator_id != actor.pk and not holds:
        raise TransitionError("只有报销人或当前环节的办理人可以登记集体决策记录。")
    if minutes_upload is None:
        raise TransitionError("请上传会议纪要（或会议记录）的扫描件。")
    _not_future(data["held_on"], "会议日期")
    attachment = save_attachment(case, minutes_upload, actor)
    decision = DecisionRecord.objects.create(
        case=case, kind=data["kind"], meeting=data["meeting"].strip(), held_on=data["held_on"],
        minutes_ref=data["minutes_ref"].strip(), minutes=attachment, recorded_by=actor,
    )
    _log(
        case, actor, "集体决策记录",
        f"{decision.get_kind_display()}：{decision.meeting}（{decision.held_on:%Y-%m-%d}，{decision.minutes_ref}）",
        "finance.decision_record", {"record": decision.pk, "kind": decision.kind, "attachment": attachment.pk},
    )
    return decision


@transaction.atomic
def pay_claim(case_id, actor, *, paid_on, pay_method, voucher_no):
    """财务付款: the finance post pays an approved claim and closes it.

    The claim row is locked, and the collective-decision record its amount needs must be on the
    case: a claim of 5,000 yuan or more is not paid without it, above the party-group amount not
    without the party group's meeting record."""
    case = _lock_case(case_id, CLAIM)
    task = _my_pending_task(case, actor, PAY_STEP, "只有财务付款岗位（报账员）可以办理付款。")
    claim = Claim.objects.select_for_update(of=("self",)).get(case=case)
    if claim.is_paid:
        raise TransitionError("该报销单已付款，请勿重复付款。")
    problem = missing_decision(case, claim.amount)
    if problem:
        raise TransitionError(problem)
    _not_future(paid_on, "付款日期")
    if pay_method == Claim.PayMethod.OFFSET and not claim.advance_id:
        raise TransitionError("未选择冲抵的借款，付款方式不能为“冲抵借款”。")
    claim.paid_on, claim.paid_by, claim.pay_method, claim.voucher_no = paid_on, actor, pay_method, voucher_no.strip()
    claim.save(update_fields=["paid_on", "paid_by", "pay_method", "voucher_no"])
    result = f"已付款 {claim.amount:,.2f} 元（{claim.get_pay_method_display()}，{paid_on:%Y-%m-%d}"
    result += f"，凭证号 {claim.voucher_no}）。" if claim.voucher_no else "）。"
    record("finance.claim_pay", actor=actor, obj=case, detail={"amount": str(claim.amount), "method": pay_method})
    engine.complete(case.pk, task.pk, actor, result)
    return claim


def check_claim_paid(case):
    """Process.before_complete of the payment step: only pay_claim finishes it (the generic 办结
    would skip the decision-record check)."""
    claim = Claim.objects.select_for_update(of=("self",)).get(case=case)
    if not claim.is_paid:
        raise TransitionError("付款须通过“财务付款”表单办理（登记付款方式、凭证号，并核对集体决策记录）。")
    problem = missing_decision(case, claim.amount)
    if problem:
        raise TransitionError(problem)


# --- advances -----------------------------------------------------------------------------------


def advance_title(purpose):
    return f"借款：{_first_line(purpose)}"


@transaction.atomic
def save_advance(user, data, case=None, submit=False):
    title = advance_title(data["purpose"])
    if case is None:
        case = _create_case(ADVANCE, user, title)
        advance = Advance(case=case)
    else:
        case = _lock_draft(case.pk, ADVANCE, user)
        _retitle(case, title)
        advance = Advance.objects.select_for_update(of=("self",)).get(case=case)
    advance.kind = data["kind"]
    advance.purpose = data["purpose"].strip()
    advance.amount = yuan(data["amount"])
    advance.expected_return_on = data["expected_return_on"]
    advance.save()
    record("finance.advance_save", actor=user, obj=case, detail={"amount": str(advance.amount)})
    if submit:
        engine.submit(case.pk, user)
    return case


def _lock_advance(case):
    return Advance.objects.select_for_update(of=("self",)).get(case=case)


def _settlement_clock(case):
    return case.clocks.filter(rule__code=charges.RULE_CODE).select_related("rule").first()


@transaction.atomic
def disburse_advance(case_id, actor, *, disbursed_on, voucher_no):
    """财务付款 of an approved advance. The settlement deadline is set from the expected return
    (and follows the registered return later); the borrower's 返回报账 step carries it, so the
    sweep chases the borrower even if the return is never registered."""
    case = _lock_case(case_id, ADVANCE)
    task = _my_pending_task(case, actor, DISBURSE_STEP, "只有财务付款岗位（报账员）可以办理付款。")
    advance = _lock_advance(case)
    _not_future(disbursed_on, "付款日期")
    advance.disbursed_on, advance.disbursed_by, advance.voucher_no = disbursed_on, actor, voucher_no.strip()
    advance.settle_by = charges.settle_by(advance.expected_return_on)
    advance.save(update_fields=["disbursed_on", "disbursed_by", "voucher_no", "settle_by"])
    record("finance.advance_disburse", actor=actor, obj=case, detail={"amount": str(advance.amount)})
    engine.complete(case.pk, task.pk, actor, f"已付款 {advance.amount:,.2f} 元（{disbursed_on:%Y-%m-%d}）。")
    case.refresh_from_db()
    settle = case.tasks.select_for_update(of=("self",)).get(status=Task.Status.PENDING, step=SETTLE_STEP)
    settle.due_date = advance.settle_by
    settle.save(update_fields=["due_date"])
    deadlines.refresh_case_due_date(case)
    return advance


@transaction.atomic
def register_return(case_id, actor, returned_on):
    """The borrower (or their delegate) registers the actual return: the settlement clock
    (DeadlineRule advance-settlement) starts from that day and takes over from the provisional
    deadline on the 返回报账 step."""
    case = _lock_case(case_id, ADVANCE)
    if case.current_step != SETTLE_STEP:
        raise TransitionError("借款尚未付款或已报账，不能登记返回日期。")
    holds = Task.objects.actionable_by(actor).filter(case=case, step=SETTLE_STEP).exists()
    if case.initiator_id != actor.pk and not holds:
        raise TransitionError("只有借款人本人可以登记返回日期。")
    advance = _lock_advance(case)
    if advance.returned_on is not None:
        raise TransitionError(f"已登记返回日期（{advance.returned_on:%Y-%m-%d}），如需更正请联系财务人员。")
    _not_future(returned_on, "返回日期")
    clock = deadlines.start_clock(case, charges.RULE_CODE, returned_on, actor)
    advance.returned_on = returned_on
    advance.settle_by = clock.due_date
    advance.save(update_fields=["returned_on", "settle_by"])
    case.tasks.filter(status=Task.Status.PENDING, step=SETTLE_STEP).update(due_date=None)  # the clock takes over
    case.refresh_from_db()
    deadlines.refresh_case_due_date(case)
    record("finance.advance_return", actor=actor, obj=case, detail={"returned_on": returned_on.isoformat()})
    return advance


@transaction.atomic
def settle_advance(case_id, actor, *, settled_on, spent_amount, cash_returned, note="", returned_on=None):
    """返回报账: the borrower accounts for the advance (expenses claimed and cash handed back).
    The settlement clock stops on that day; the charge runs until then."""
    case = _lock_case(case_id, ADVANCE)
    task = _my_pending_task(case, actor, SETTLE_STEP, "只有借款人本人可以办理返回报账。")
    advance = _lock_advance(case)
    if advance.returned_on is None:
        if returned_on is None:
            raise TransitionError("请先填写实际返回（公务完成）日期。")
        register_return(case.pk, actor, returned_on)
        advance.refresh_from_db()
    _not_future(settled_on, "报账日期")
    if settled_on < advance.returned_on:
        raise TransitionError("报账日期不能早于返回日期。")
    spent, cash = yuan(spent_amount or 0), yuan(cash_returned or 0)
    if spent < 0 or cash < 0:
        raise TransitionError("金额不能为负数。")
    if spent + cash != advance.amount:
        raise TransitionError(
            f"报账冲抵 {spent:,.2f} 元 + 退回现金 {cash:,.2f} 元 = {spent + cash:,.2f} 元，"
            f"应等于借款金额 {advance.amount:,.2f} 元（超支部分请另行报销）。"
        )
    advance.settled_on, advance.spent_amount, advance.cash_returned = settled_on, spent, cash
    advance.settlement_note = note.strip()[:200]
    advance.save(update_fields=["settled_on", "spent_amount", "cash_returned", "settlement_note"])
    clock = _settlement_clock(case)
    if clock is not None and clock.is_open:
        deadlines.stop_clock(clock.pk, actor, settled_on)
    charge = advance.charge_on()
    result = f"报账冲抵 {spent:,.2f} 元，退回现金 {cash:,.2f} 元（{settled_on:%Y-%m-%d}）。{charge.text()}。"
    record("finance.advance_settle", actor=actor, obj=case, detail={"charge": str(charge.amount)})
    engine.complete(case.pk, task.pk, actor, result)
    return advance


@transaction.atomic
def verify_advance(case_id, actor, note=""):
    """财务核销: the finance post checks the settlement and fixes the overdue charge."""
    case = _lock_case(case_id, ADVANCE)
    task = _my_pending_task(case, actor, VERIFY_STEP, "只有财务岗位（报账员）可以核销借款。")
    advance = _lock_advance(case)
    charge = advance.charge_on()
    advance.charge, advance.verified_by = charge.amount, actor
    advance.save(update_fields=["charge", "verified_by"])
    result = f"已核销。{charge.text()}" + (f"。{note.strip()}" if note.strip() else "")
    record("finance.advance_verify", actor=actor, obj=case, detail={"charge": str(charge.amount)})
    engine.complete(case.pk, task.pk, actor, result)
    return advance


def check_advance_step(case, task):
    """Process.before_complete: each handling step of an advance is finished by its own form."""
    advance = Advance.objects.select_for_update(of=("self",)).get(case=case)
    done = {
        DISBURSE_STEP: advance.disbursed_on is not None,
        SETTLE_STEP: advance.settled_on is not None,
        VERIFY_STEP: advance.verified_by_id is not None,
    }
    if not done.get(task.step, True):
        raise TransitionError(f"“{task.step_label}”须通过本页“事项信息”中的表单办理。")


def unsettled_clock(case):
    """The running settlement clock of an advance, if any (for the case page)."""
    return case.clocks.filter(rule__code=charges.RULE_CODE, status__in=CaseClock.OPEN_STATUSES).first()
