"""Every change to a reimbursement claim goes through these functions.

Each runs in a transaction, locks the case row first (the engine's order), then the domain row,
re-checks the actor and the state as they are now, writes the business log and the audit log,
and raises the engine's TransitionError with a Chinese message when the move is not legal.
Approvals themselves are the engine's transitions (apps/workflow/api.py).
"""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from apps.audit.log import record
from apps.workflow import api
from apps.workflow.api import TransitionError, save_attachment

from .. import standards
from ..cases import finish_draft, first_line, not_future, open_draft, step_task
from ..models import Claim, ClaimItem, DecisionRecord, yuan
from .processes import CLAIM, PAY_STEP


def claim_title(kind_label, purpose):
    return f"{kind_label}：{first_line(purpose)}"


@transaction.atomic
def save_claim(user, data, items, uploads=(), case=None, submit=False):
    """Create (case=None) or update the user's draft claim with its items; optionally submit.

    `items`: dicts with spent_on, category, description, invoices, amount and, for meals, meal,
    persons, meal_standard. The claim's amount is their sum (Decimal, to the fen)."""
    title = claim_title(Claim.Kind(data["kind"]).label, data["purpose"])
    case, claim = open_draft(user, CLAIM, Claim, title, case, confidential=True)
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
                claim=claim,
                seq=seq,
                spent_on=i["spent_on"],
                category=i["category"],
                description=i["description"].strip(),
                invoices=i.get("invoices") or 1,
                amount=yuan(i["amount"]),
                meal=i.get("meal") or "",
                persons=i.get("persons"),
                meal_standard=i.get("meal_standard"),
            )
            for seq, i in enumerate(items, start=1)
        ]
    )
    for upload in uploads:
        save_attachment(case, upload, user)
    return finish_draft(case, user, "finance.claim_save", submit, {"items": len(items), "amount": str(claim.amount)})


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

    The claimant, or whoever holds the case's current step, may do it while the case is open. A
    spending request (公务接待) records it on its draft, before it is submitted: 先报告后支出."""
    from ..hospitality.processes import HOSPITALITY

    case = api.lock_case(case_id, process=(CLAIM, HOSPITALITY))
    if not case.is_open:
        raise TransitionError("事项已办结，不能再登记集体决策记录。")
    holds = api.find_pending_task(case, actor) is not None
    if case.initiator_id != actor.pk and not holds:
        raise TransitionError("只有报销人或当前环节的办理人可以登记集体决策记录。")
    if minutes_upload is None:
        raise TransitionError("请上传会议纪要（或会议记录）的扫描件。")
    not_future(data["held_on"], "会议日期")
    attachment = save_attachment(case, minutes_upload, actor)
    decision = DecisionRecord.objects.create(
        case=case,
        kind=data["kind"],
        meeting=data["meeting"].strip(),
        held_on=data["held_on"],
        minutes_ref=data["minutes_ref"].strip(),
        minutes=attachment,
        recorded_by=actor,
    )
    api.log_event(
        case,
        actor,
        step_label="集体决策记录",
        opinion=f"{decision.get_kind_display()}：{decision.meeting}（{decision.held_on:%Y-%m-%d}，{decision.minutes_ref}）",
        audit_event="finance.decision_record",
        detail={"record": decision.pk, "kind": decision.kind, "attachment": attachment.pk},
    )
    return decision


@transaction.atomic
def pay_claim(case_id, actor, *, paid_on, pay_method, voucher_no):
    """财务付款: the finance post pays an approved claim and closes it.

    The claim row is locked, and the collective-decision record its amount needs must be on the
    case: a claim of 5,000 yuan or more is not paid without it, above the party-group amount not
    without the party group's meeting record."""
    case = api.lock_case(case_id, process=CLAIM)
    task = step_task(case, actor, PAY_STEP, "只有财务付款岗位（报账员）可以办理付款。")
    claim = Claim.objects.select_for_update(of=("self",)).get(case=case)
    if claim.is_paid:
        raise TransitionError("该报销单已付款，请勿重复付款。")
    problem = missing_decision(case, claim.amount)
    if problem:
        raise TransitionError(problem)
    not_future(paid_on, "付款日期")
    if pay_method == Claim.PayMethod.OFFSET and not claim.advance_id:
        raise TransitionError("未选择冲抵的借款，付款方式不能为“冲抵借款”。")
    claim.paid_on, claim.paid_by, claim.pay_method, claim.voucher_no = paid_on, actor, pay_method, voucher_no.strip()
    claim.save(update_fields=["paid_on", "paid_by", "pay_method", "voucher_no"])
    result = f"已付款 {claim.amount:,.2f} 元（{claim.get_pay_method_display()}，{paid_on:%Y-%m-%d}"
    result += f"，凭证号 {claim.voucher_no}）。" if claim.voucher_no else "）。"
    record("finance.claim_pay", actor=actor, obj=case, detail={"amount": str(claim.amount), "method": pay_method})
    api.finish_own_step(case.pk, task.pk, actor, result)
    return claim
