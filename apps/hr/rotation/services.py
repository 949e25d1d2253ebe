"""交流轮岗: started by the personnel section, decided by the party group, then each step's
record. One transaction per move; the case is locked and the step re-checked."""

from django.db import transaction
from django.utils import timezone

from apps.audit.log import record
from apps.workflow import api
from apps.workflow.api import TransitionError

from ..models import Rotation, StaffRecord
from ..personnel import require_officer, share_with_personnel_section
from .processes import COMMITTEE, FILING, NOTICE, ROTATION_PROCESS, TALK

NOT_YOUR_STEP = "您不是该环节的办理人，或该环节已办理。"


@transaction.atomic
def propose_rotation(actor, data):
    require_officer(actor, "发起交流轮岗")
    person = data["person"]
    if Rotation.objects.filter(person=person, case__status__in=("draft", "active", "returned")).exists():
        raise TransitionError(f"{person.full_name}已有办理中的交流轮岗。")
    case = api.create_case(
        ROTATION_PROCESS,
        initiator=actor,
        section=actor.section,
        is_confidential=True,  # 严禁向外透露未公开的人事变动情况
        title=f"{person.full_name}交流轮岗（{data['from_post']} → {data['to_post']}）",
    )
    rotation = Rotation.objects.create(case=case, **data)
    api.submit(case.pk, actor)
    share_with_personnel_section(case, actor)
    record("hr.rotation.propose", actor=actor, obj=rotation, detail={"person": person.pk})
    return rotation


def _check(step, rotation, data):
    today = timezone.localdate()
    dates = [v for v in data.values() if hasattr(v, "year")]
    if any(d > today for d in dates) and step != FILING:
        return "日期不能晚于今天。"
    if step == NOTICE and data["notice_to"] < data["notice_from"]:
        return "公示结束日期不能早于开始日期。"
    if step == NOTICE and rotation.talk_on and data["notice_from"] < rotation.talk_on:
        return "公示不能早于谈话。"
    if step == FILING and not data["filed"] and not data["filing_note"].strip():
        return "未报区委组织部备案的，请在“备案情况”中写明理由（必要时才须备案）。"
    if step == FILING and rotation.notice_to and data["effective_on"] < rotation.notice_to:
        return "到岗日期不能早于公示结束。"
    return ""


TEXT = {
    TALK: lambda r: f"{r.talk_on:%Y-%m-%d} 谈话，本人意见：{r.talk_note}",
    COMMITTEE: lambda r: f"区委政法委 {r.committee_on:%Y-%m-%d} 同意（{r.committee_doc}）",
    NOTICE: lambda r: f"{r.notice_from:%Y-%m-%d} 至 {r.notice_to:%Y-%m-%d} 公示，{r.notice_result}",
    FILING: lambda r: (
        f"{r.effective_on:%Y-%m-%d} 到岗；" + ("已报区委组织部备案" if r.filed else f"未备案：{r.filing_note}")
    ),
}


def record_step(case_id, actor, step, data):
    with transaction.atomic():
        case = api.lock_case(case_id, process=ROTATION_PROCESS)
        task = api.pending_task(case, actor, step=step, refusal=NOT_YOUR_STEP)
        rotation = Rotation.objects.select_for_update().get(case=case)
        problem = _check(step, rotation, data)
        if problem:
            raise TransitionError(problem)
        for name, value in data.items():
            setattr(rotation, name, value.strip() if isinstance(value, str) else value)
        rotation.save()
        api.finish_own_step(case.pk, task.pk, actor, TEXT[step](rotation))


def rotation_done(case, actor):
    """Process.on_close: the post starts again from the day of arrival (轮岗 counts from here)."""
    rotation = case.rotation
    staff = StaffRecord.objects.select_for_update(of=("self",)).filter(person=rotation.person).order_by().first()
    if staff is not None and rotation.effective_on:
        staff.post_since = rotation.effective_on
        staff.save(update_fields=["post_since"])
        record("hr.rotation.done", actor=actor, obj=staff, detail={"rotation": rotation.pk})


__all__ = ["COMMITTEE", "FILING", "NOTICE", "TALK", "propose_rotation", "record_step"]
