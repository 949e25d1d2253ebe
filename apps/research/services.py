"""调研课题: every change, one `@transaction.atomic` function each (the approvals are the
engine's 同意/退回 on the case page)."""

from datetime import date

from django.db import transaction
from django.utils import timezone

from apps.org.models import Section
from apps.workflow import api
from apps.workflow.api import TransitionError

from .access import OFFICE, may_keep
from .models import Topic, Use
from .processes import DRAFT, ISSUE, PROCESS


def _text(value, what, limit=None):
    value = (value or "").strip()
    if not value:
        raise TransitionError(f"请填写{what}。")
    if limit and len(value) > limit:
        raise TransitionError(f"{what}不能超过 {limit} 个字。")
    return value


@transaction.atomic
def propose(actor, data, submit=True):
    """A topic with its 调研方案, submitted to the plan_approval chain (the division leader)."""
    if not may_keep(actor):
        raise TransitionError("调研课题由办公室工作人员登记。")
    due = data.get("due_date")
    if not isinstance(due, date):
        raise TransitionError("请填写完成时限。")
    if due < timezone.localdate():
        raise TransitionError("完成时限不能早于今天。")
    year = data.get("year") or timezone.localdate().year
    title = _text(data.get("title"), "调研题目", 120)
    office = Section.objects.get(code=OFFICE)
    case = api.create_case(PROCESS, initiator=actor, section=office, title=f"调研：{title}", step_label="拟定调研方案")
    topic = Topic.objects.create(
        case=case,
        year=year,
        title=title,
        source=data.get("source") or Topic.Source.PLAN,
        purpose=_text(data.get("purpose"), "调研目的和重点内容"),
        objects_text=_text(data.get("objects_text"), "调研对象", 200),
        method=(data.get("method") or "").strip()[:120],
        participants=(data.get("participants") or "").strip()[:200],
        due_date=due,
    )
    if submit:
        api.submit(case.pk, actor)
    return topic


@transaction.atomic
def submit_draft(case_id, actor, data):
    """调研完成、初稿形成: the draft goes to the report_approval chain."""
    case = api.lock_case(case_id, process=PROCESS)
    task = api.pending_task(case, actor, step=DRAFT, refusal="只有该课题的承办人可以提交报告初稿。")
    topic = Topic.objects.select_for_update().get(case=case)
    topic.draft = _text(data.get("draft"), "报告初稿（提纲或摘要）")
    topic.materials = (data.get("materials") or "").strip()
    topic.save(update_fields=["draft", "materials"])
    api.finish_own_step(case.pk, task.pk, actor, "调研报告初稿已形成，报送审阅。", keep_result=False)
    return topic


@transaction.atomic
def finalise(case_id, actor, data):
    """定稿、报送存档: the case closes; uses are recorded afterwards."""
    case = api.lock_case(case_id, process=PROCESS)
    task = api.pending_task(case, actor, step=ISSUE, refusal="只有该课题的承办人可以登记定稿报送。")
    topic = Topic.objects.select_for_update().get(case=case)
    finished_on = data.get("finished_on")
    if not isinstance(finished_on, date) or finished_on > timezone.localdate():
        raise TransitionError("定稿日期不能晚于今天。")
    topic.report_title = _text(data.get("report_title"), "定稿标题", 200)
    topic.finished_on = finished_on
    topic.recipients = _text(data.get("recipients"), "报送对象", 200)
    topic.published = bool(data.get("published"))
    topic.save(update_fields=["report_title", "finished_on", "recipients", "published"])
    api.finish_own_step(
        case.pk, task.pk, actor, f"《{topic.report_title}》已定稿，报送{topic.recipients}，电子稿存档。"
    )
    return topic


@transaction.atomic
def record_use(case_id, actor, data):
    """成果运用: adoption, a leader's 批示 or promotion, once the report is finished."""
    case = api.lock_case(case_id, process=PROCESS)
    if not may_keep(actor):
        raise TransitionError("成果运用由办公室工作人员登记。")
    if case.status not in (case.Status.CLOSED, case.Status.ARCHIVED):
        raise TransitionError("调研报告定稿报送后才能登记成果运用。")
    kind = data.get("kind")
    if kind not in Use.Kind.values:
        raise TransitionError("请选择运用方式。")
    on_date = data.get("on_date")
    if not isinstance(on_date, date) or on_date > timezone.localdate():
        raise TransitionError("日期不能晚于今天。")
    topic = Topic.objects.get(case=case)
    if topic.finished_on and on_date < topic.finished_on:
        raise TransitionError("成果运用日期不能早于定稿日期。")
    use = Use.objects.create(
        topic=topic,
        kind=kind,
        on_date=on_date,
        by_whom=_text(data.get("by_whom"), "采用单位或批示领导", 120),
        content=_text(data.get("content"), "内容"),
        recorded_by=actor,
    )
    api.log_event(
        case,
        actor,
        step_label=f"成果运用：{use.get_kind_display()}",
        opinion=f"{use.by_whom}：{use.content[:200]}",
        audit_event="research.use",
    )
    api.save_case(case)
    return use
