"""Every change to an advance goes through these functions (one transaction each: the case row
locked first, then the advance; the actor and the state re-checked as they are now).

The settlement deadline is a statutory-style clock of the engine (DeadlineRule
"advance-settlement", apps/workflow/deadlines.py); the overdue charge is charges.py.
"""

from django.db import transaction

from apps.audit.log import record
from apps.workflow import api, deadlines
from apps.workflow.api import TransitionError
from apps.workflow.models import Task

from ..cases import finish_draft, first_line, not_future, open_draft, step_task
from ..models import Advance, yuan
from . import charges
from .processes import ADVANCE, DISBURSE_STEP, SETTLE_STEP, VERIFY_STEP


def advance_title(purpose):
    return f"借款：{first_line(purpose)}"


@transaction.atomic
def save_advance(user, data, case=None, submit=False):
    title = advance_title(data["purpose"])
    case, advance = open_draft(user, ADVANCE, Advance, title, case, confidential=True)
    advance.kind = data["kind"]
    advance.purpose = data["purpose"].strip()
    advance.amount = yuan(data["amount"])
    advance.expected_return_on = data["expected_return_on"]
    advance.save()
    return finish_draft(case, user, "finance.advance_save", submit, {"amount": str(advance.amount)})


def lock_advance(case):
    return Advance.objects.select_for_update(of=("self",)).get(case=case)


def settlement_clock(case):
    return case.clocks.filter(rule__code=charges.RULE_CODE).select_related("rule").first()


@transaction.atomic
def disburse_advance(case_id, actor, *, disbursed_on, voucher_no):
    """财务付款 of an approved advance. The settlement deadline is set from the expected return
    (and follows the registered return later); the borrower's 返回报账 step carries it, so the
    sweep chases the borrower even if the return is never registered."""
    case = api.lock_case(case_id, process=ADVANCE)
    task = step_task(case, actor, DISBURSE_STEP, "只有财务付款岗位（报账员）可以办理付款。")
    advance = lock_advance(case)
    not_future(disbursed_on, "付款日期")
    advance.disbursed_on, advance.disbursed_by, advance.voucher_no = disbursed_on, actor, voucher_no.strip()
    advance.settle_by = charges.settle_by(advance.expected_return_on)
    advance.save(update_fields=["disbursed_on", "disbursed_by", "voucher_no", "settle_by"])
    record("finance.advance_disburse", actor=actor, obj=case, detail={"amount": str(advance.amount)})
    api.finish_own_step(case.pk, task.pk, actor, f"已付款 {advance.amount:,.2f} 元（{disbursed_on:%Y-%m-%d}）。")
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
    case = api.lock_case(case_id, process=ADVANCE)
    if case.current_step != SETTLE_STEP:
        raise TransitionError("借款尚未付款或已报账，不能登记返回日期。")
    holds = api.find_pending_task(case, actor, step=SETTLE_STEP) is not None
    if case.initiator_id != actor.pk and not holds:
        raise TransitionError("只有借款人本人可以登记返回日期。")
    advance = lock_advance(case)
    if advance.returned_on is not None:
        raise TransitionError(f"已登记返回日期（{advance.returned_on:%Y-%m-%d}），如需更正请联系财务人员。")
    not_future(returned_on, "返回日期")
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
    case = api.lock_case(case_id, process=ADVANCE)
    task = step_task(case, actor, SETTLE_STEP, "只有借款人本人可以办理返回报账。")
    advance = lock_advance(case)
    if advance.returned_on is None:
        if returned_on is None:
            raise TransitionError("请先填写实际返回（公务完成）日期。")
        register_return(case.pk, actor, returned_on)
        advance.refresh_from_db()
    not_future(settled_on, "报账日期")
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
    clock = settlement_clock(case)
    if clock is not None and clock.is_open:
        deadlines.stop_clock(clock.pk, actor, settled_on)
    charge = advance.charge_on()
    result = f"报账冲抵 {spent:,.2f} 元，退回现金 {cash:,.2f} 元（{settled_on:%Y-%m-%d}）。{charge.text()}。"
    record("finance.advance_settle", actor=actor, obj=case, detail={"charge": str(charge.amount)})
    api.finish_own_step(case.pk, task.pk, actor, result)
    return advance


@transaction.atomic
def verify_advance(case_id, actor, note=""):
    """财务核销: the finance post checks the settlement and fixes the overdue charge."""
    case = api.lock_case(case_id, process=ADVANCE)
    task = step_task(case, actor, VERIFY_STEP, "只有财务岗位（报账员）可以核销借款。")
    advance = lock_advance(case)
    charge = advance.charge_on()
    advance.charge, advance.verified_by = charge.amount, actor
    advance.save(update_fields=["charge", "verified_by"])
    result = f"已核销。{charge.text()}" + (f"。{note.strip()}" if note.strip() else "")
    record("finance.advance_verify", actor=actor, obj=case, detail={"charge": str(charge.amount)})
    api.finish_own_step(case.pk, task.pk, actor, result)
    return advance
