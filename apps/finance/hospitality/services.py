"""State changes of official hospitality (公务接待): the approval form with its plan and budget,
and the closing record of the actual cost."""

from django.db import transaction

from apps.audit.log import record
from apps.workflow import api
from apps.workflow.api import TransitionError

from ..cases import finish_draft, open_draft, set_fields, step_task
from ..models import Hospitality, yuan
from .processes import CLOSE_STEP, HOSPITALITY

HOSPITALITY_FIELDS = [
    "visitor_unit",
    "letter_ref",
    "guests",
    "escorts",
    "guest_level",
    "arrive_on",
    "leave_on",
    "plan",
    "meals",
    "budget_meals",
    "budget_lodging",
    "budget_other",
]

# The audit events keep the names "finance.reception_*" that the audit log's earlier rows carry,
# as the process keeps its stored code "finance.reception" (rule rows and cases name it).


@transaction.atomic
def save_hospitality(user, data, case=None, submit=False):
    title = f"公务接待：{data['visitor_unit'][:40]}（{data['arrive_on']:%m-%d}）"
    case, hospitality = open_draft(user, HOSPITALITY, Hospitality, title, case)
    set_fields(hospitality, data, HOSPITALITY_FIELDS)
    hospitality.save()
    return finish_draft(case, user, "finance.reception_save", submit)


@transaction.atomic
def close_hospitality(case_id, actor, actual_cost, note=""):
    """接待结束登记: the actual cost against the approved budget (over budget needs a reason)."""
    case = api.lock_case(case_id, process=HOSPITALITY)
    task = step_task(case, actor, CLOSE_STEP, "只有承办人可以登记接待结束。")
    hospitality = Hospitality.objects.select_for_update(of=("self",)).get(case=case)
    cost = yuan(actual_cost)
    over = cost - hospitality.budget
    if over > 0 and not note.strip():
        raise TransitionError(f"实际费用超出批准预算 {over:,.2f} 元，请说明原因（未经批准的超支由经手人自付）。")
    hospitality.actual_cost = cost
    hospitality.save(update_fields=["actual_cost"])
    record("finance.reception_close", actor=actor, obj=case, detail={"cost": str(cost)})
    result = f"接待结束，实际费用 {cost:,.2f} 元（批准预算 {hospitality.budget:,.2f} 元）"
    result += f"，超出 {over:,.2f} 元：{note.strip()}" if over > 0 else "。"
    api.finish_own_step(case.pk, task.pk, actor, result)
    return hospitality
