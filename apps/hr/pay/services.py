"""工资福利变动 (1.13): recorded by the office and sent for the leaders' signature, the outside
approval recorded, the handover to the finance section. One transaction per move; the case is
locked and the step re-checked."""

from django.db import transaction
from django.utils import timezone

from apps.audit.log import record
from apps.workflow import api
from apps.workflow.api import TransitionError

from ..models import PayChange, is_pay_officer
from .processes import EXTERNAL, HANDOVER, PAY_PROCESS

NOT_YOUR_STEP = "您不是该环节的办理人，或该环节已办理。"


def require_pay_officer(actor):
    if not is_pay_officer(actor):
        raise TransitionError("工资福利变动由办公室办理。")


@transaction.atomic
def propose_change(actor, data):
    require_pay_officer(actor)
    if data["kind"] == PayChange.Kind.STOP and data["new_amount"] != 0:
        raise TransitionError("停薪的变动后金额应为 0。")
    if data["kind"] != PayChange.Kind.STOP and data["old_amount"] == data["new_amount"]:
        raise TransitionError("变动前后金额相同，无需办理变动。")
    person = data["person"]
    case = api.create_case(
        PAY_PROCESS,
        initiator=actor,
        section=actor.section,
        is_confidential=True,
        title=f"{person.full_name}{data['item']}变动（{data['effective_from']:%Y年%m月}起执行）",
    )
    change = PayChange.objects.create(case=case, **data)
    api.submit(case.pk, actor)
    record("hr.pay.propose", actor=actor, obj=change, detail={"person": person.pk, "kind": data["kind"]})
    return change


def _lock(case_id, actor, step):
    case = api.lock_case(case_id, process=PAY_PROCESS)
    task = api.pending_task(case, actor, step=step, refusal=NOT_YOUR_STEP)
    return case, task, PayChange.objects.select_for_update().get(case=case)


def record_external(case_id, actor, result, doc, on_date):
    """组织、人社部门审批: approved, the change goes to the month's list and to finance; refused,
    the matter ends here (nothing is paid)."""
    with transaction.atomic():
        case, task, change = _lock(case_id, actor, EXTERNAL)
        if on_date > timezone.localdate():
            raise TransitionError("审批日期不能晚于今天。")
        change.external_result, change.external_doc, change.external_on = result, doc.strip(), on_date
        change.save(update_fields=["external_result", "external_doc", "external_on"])
        if result == PayChange.Result.REFUSED:
            api.replace_route_after(case, EXTERNAL, [])
        text = "审批通过" if result == PayChange.Result.APPROVED else "审批未通过，不予兑现"
        api.finish_own_step(
            case.pk, task.pk, actor, f"组织、人社部门{on_date:%Y-%m-%d}{text}（{change.external_doc}）。"
        )


def hand_over(case_id, actor, on_date):
    with transaction.atomic():
        case, task, change = _lock(case_id, actor, HANDOVER)
        if change.external_result != PayChange.Result.APPROVED:
            raise TransitionError("组织、人社部门审批通过后方可转交财务。")
        if on_date > timezone.localdate():
            raise TransitionError("转交日期不能晚于今天。")
        change.handed_over_on = on_date
        change.save(update_fields=["handed_over_on"])
        api.finish_own_step(case.pk, task.pk, actor, f"{on_date:%Y-%m-%d} 转交装备财务保障股兑现，审批材料归档。")
