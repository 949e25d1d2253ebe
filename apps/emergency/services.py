"""Every change to the emergency records, one `@transaction.atomic` function each.

An incident: `activate` (the case is created and submitted; the first report falls due at the
rule row's hours; the duty log gets the event when the actor is on duty) → `file_report` (the
open report is made and the next follow-up falls due at the plan's interval) → `terminate`
(终止应急 with the 终报; no more reports fall due) → `close_review` (善后处置与调查报告; the
case closes). Each locks the case and re-checks the stage, so a second click is refused.
"""

import calendar as months_calendar
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from apps.audit.log import record
from apps.org.models import Section
from apps.workflow import api
from apps.workflow.api import TransitionError
from apps.workflow.models import DeadlineRule, Notification
from apps.workflow.rules import deadline_rule

from .access import OFFICE, may_keep
from .models import Drill, Incident, Plan, Report
from .processes import PROCESS, RESPOND, REVIEW

FIRST_REPORT_RULE = deadline_rule("emergency-first-report")
FOLLOW_REPORT_RULE = deadline_rule("emergency-followup-report")
REVISION_RULE = deadline_rule("emergency-plan-revision")
DEFAULT_FIRST_HOURS = 1


def add_months(day, months):
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, months_calendar.monthrange(year, month)[1]))


def _require_keeper(actor):
    if not may_keep(actor):
        raise TransitionError("应急预案、演练和突发事件由办公室工作人员登记办理。")


def _text(value, what, limit=None):
    value = (value or "").strip()
    if not value:
        raise TransitionError(f"请填写{what}。")
    if limit and len(value) > limit:
        raise TransitionError(f"{what}不能超过 {limit} 个字。")
    return value


def _past(value, what):
    if value is None:
        raise TransitionError(f"请填写{what}。")
    if value > timezone.now() + timedelta(minutes=5):
        raise TransitionError(f"{what}不能晚于现在。")
    return value


def _rule_hours(code, default):
    rule = DeadlineRule.objects.filter(code=code, active=True).first()
    return rule.length if rule is not None else default


# --- plans and drills --------------------------------------------------------------------------


@transaction.atomic
def save_plan(actor, data, plan=None):
    """Record a plan, or its revision (historied)."""
    _require_keeper(actor)
    interval = data.get("report_interval_hours")
    if not interval or interval < 1:
        raise TransitionError("续报间隔至少 1 小时。")
    revised_on = data.get("revised_on")
    if revised_on is None or revised_on > timezone.localdate():
        raise TransitionError("最近修订日期不能晚于今天。")
    if plan is None:
        plan = Plan(created_by=actor)
    else:
        plan = Plan.objects.select_for_update().get(pk=plan.pk)
        if revised_on < plan.revised_on:
            raise TransitionError("修订日期不能早于上次修订日期。")
    plan.title = _text(data.get("title"), "预案名称", 120)
    plan.kind = data.get("kind") or Plan.Kind.SPECIAL
    plan.scope = _text(data.get("scope"), "适用范围")
    plan.report_interval_hours = interval
    plan.revised_on = revised_on
    plan.revision_months = data.get("revision_months") or 36
    plan.is_active = data.get("is_active", True)
    plan.save()
    record("emergency.plan", actor=actor, obj=plan)
    return plan


@transaction.atomic
def record_drill(actor, data):
    _require_keeper(actor)
    plan = data.get("plan")
    if plan is None:
        raise TransitionError("请选择演练的预案。")
    held_on = data.get("held_on")
    if held_on is None or held_on > timezone.localdate():
        raise TransitionError("演练日期不能晚于今天。")
    if not data.get("participants"):
        raise TransitionError("请填写参演人数。")
    drill = Drill.objects.create(
        plan=plan,
        held_on=held_on,
        kind=data.get("kind") or Drill.Kind.TABLETOP,
        scenario=_text(data.get("scenario"), "演练情景"),
        participants=data["participants"],
        evaluation=(data.get("evaluation") or "").strip(),
        improvements=(data.get("improvements") or "").strip(),
        created_by=actor,
    )
    record("emergency.drill", actor=actor, obj=drill)
    return drill


# --- incidents -------------------------------------------------------------------------------


def leaders():
    """局应急指挥领导小组 as the portal knows it: the office's division leader and the director."""
    from django.contrib.auth import get_user_model

    from apps.accounts.models import Rank

    office = Section.objects.filter(code=OFFICE).first()
    people = list(get_user_model().objects.filter(is_active=True, rank=Rank.DIRECTOR, admin_role=""))
    if office and office.division_leader and office.division_leader.is_active:
        people.append(office.division_leader)
    return {u.pk: u for u in people}.values()


def _duty_entry(actor, incident, chosen):
    """The duty log link: the entry chosen on the form, else one written now when the actor is
    on duty (apps.duty's public functions)."""
    from apps.duty import services as duty
    from apps.duty.models import LogEntry, Source

    if chosen is not None:
        if not LogEntry.objects.visible_to(actor).filter(pk=chosen.pk).exists():
            raise TransitionError("所选值班记录不存在。")
        return chosen
    shift = duty.my_current_shift(actor)
    if shift is None:
        return None
    return duty.add_entry(
        shift.pk,
        actor,
        source=Source.EMERGENCY,
        content=f"突发事件：{incident.unit}{incident.place}，{incident.summary[:200]}；已启动《{incident.plan.title}》。",
        counterpart=incident.unit[:100],
    )


@transaction.atomic
def activate(actor, data):
    """启动应急响应: the incident case, submitted to the actor's own handling; the 首报 falls due
    at the rule row's hours from activation; the leadership group is told at once."""
    _require_keeper(actor)
    plan = data.get("plan")
    if plan is None or not plan.is_active:
        raise TransitionError("请选择现行有效的应急预案。")
    level = data.get("level")
    if level not in Incident.Level.values:
        raise TransitionError("请选择事件级别。")
    occurred_at = _past(data.get("occurred_at"), "发生时间")
    now = timezone.now()
    office = Section.objects.get(code=OFFICE)
    unit, place = _text(data.get("unit"), "发生单位", 120), _text(data.get("place"), "发生地点", 120)
    title = f"突发事件：{unit}{place}（{Incident.Level(level).label}）"
    case = api.create_case(PROCESS, initiator=actor, section=office, title=title[:200], step_label="启动应急响应")
    incident = Incident(
        case=case,
        plan=plan,
        occurred_at=occurred_at,
        place=place,
        unit=unit,
        level=level,
        summary=_text(data.get("summary"), "简要经过"),
        cause=(data.get("cause") or "").strip(),
        measures=(data.get("measures") or "").strip(),
        activated_at=now,
        report_interval_hours=plan.report_interval_hours,
    )
    incident.duty_entry = _duty_entry(actor, incident, data.get("duty_entry"))
    incident.save()
    Report.objects.create(
        incident=incident,
        seq=1,
        kind=Report.Kind.FIRST,
        due_at=now + timedelta(hours=_rule_hours(FIRST_REPORT_RULE, DEFAULT_FIRST_HOURS)),
    )
    api.submit(case.pk, actor)
    message = (
        f"突发事件（{incident.get_level_display()}）：{unit}{place}，{incident.summary[:80]}。已启动《{plan.title}》。"
    )
    for leader in leaders():
        Notification.objects.get_or_create(
            key=f"emergency:activated:{incident.pk}:{leader.pk}",
            defaults={
                "user": leader,
                "case": case,
                "kind": Notification.Kind.INFO,
                "url": case.get_absolute_url(),
                "message": message[:300],
            },
        )
    record("emergency.activate", actor=actor, obj=incident, detail={"level": level, "plan": plan.pk})
    return incident


def _lock(case_id, actor, step, refusal):
    case = api.lock_case(case_id, process=PROCESS)
    task = api.pending_task(case, actor, step=step, refusal=refusal)
    incident = Incident.objects.select_for_update().get(case=case)
    return case, task, incident


@transaction.atomic
def file_report(case_id, actor, data):
    """报告: the open report is made now; the next 续报 falls due at the incident's interval."""
    case = api.lock_case(case_id, process=PROCESS)
    incident = Incident.objects.select_for_update().get(case=case)
    if incident.stage != Incident.Stage.RESPONDING:
        raise TransitionError("应急已终止，不能再登记续报。")
    api.pending_task(case, actor, step=RESPOND, refusal="只有处置该事件的办公室承办人可以登记报告。")
    report = incident.reports.select_for_update().filter(reported_at__isnull=True).first()
    if report is None:
        raise TransitionError("没有待报的报告。")
    now = timezone.now()
    report.reported_at = now
    report.recipients = _text(data.get("recipients"), "报送对象", 120)
    report.content = _text(data.get("content"), "报告内容")
    report.reported_by = actor
    report.save()
    Report.objects.create(
        incident=incident,
        seq=report.seq + 1,
        kind=Report.Kind.FOLLOW,
        due_at=now + timedelta(hours=incident.report_interval_hours),
    )
    api.log_event(
        case,
        actor,
        step_label=f"{report.get_kind_display()}（第 {report.seq} 次）",
        opinion=f"报送{report.recipients}：{report.content[:200]}",
        audit_event="emergency.report",
        detail={"seq": report.seq},
    )
    api.save_case(case)
    return report


@transaction.atomic
def terminate(case_id, actor, data):
    """终止应急: the leadership group's order; the 终报 takes the place of the report due."""
    case = api.lock_case(case_id, process=PROCESS)
    incident = Incident.objects.select_for_update().get(case=case)
    if incident.stage != Incident.Stage.RESPONDING:
        raise TransitionError("应急已经终止。")
    task = api.pending_task(case, actor, step=RESPOND, refusal="只有处置该事件的办公室承办人可以登记终止应急。")
    now = timezone.now()
    terminated_at = _past(data.get("terminated_at") or now, "终止时间")
    if terminated_at < incident.activated_at.replace(second=0, microsecond=0):  # the form has minutes
        raise TransitionError("终止时间不能早于启动响应时间。")
    report = incident.reports.select_for_update().filter(reported_at__isnull=True).first()
    if report is None:  # cannot happen while responding; kept as a guard
        report = Report(incident=incident, seq=incident.reports.count() + 1, due_at=now)
    report.kind = Report.Kind.FINAL
    report.reported_at = now
    report.recipients = _text(data.get("recipients"), "报送对象", 120)
    report.content = _text(data.get("content"), "终报内容")
    report.reported_by = actor
    report.save()
    incident.stage = Incident.Stage.TERMINATED
    incident.terminated_at = terminated_at
    incident.termination_order = _text(data.get("termination_order"), "终止指令下达人", 120)
    incident.save(update_fields=["stage", "terminated_at", "termination_order"])
    api.finish_own_step(
        case.pk, task.pk, actor, f"终止应急（{incident.termination_order}下达指令），已终报。", keep_result=False
    )
    return incident


@transaction.atomic
def close_review(case_id, actor, data):
    """善后处置与调查报告 (seed 000 1.1.7 三 7–8): the case closes."""
    case, task, incident = _lock(case_id, actor, REVIEW, "只有处置该事件的办公室承办人可以登记善后与调查报告。")
    if incident.stage != Incident.Stage.TERMINATED:
        raise TransitionError("应急终止后才能登记善后处置与调查报告。")
    incident.aftermath = _text(data.get("aftermath"), "善后处置情况")
    incident.investigation = _text(data.get("investigation"), "调查报告")
    incident.stage = Incident.Stage.CLOSED
    incident.save(update_fields=["aftermath", "investigation", "stage"])
    api.finish_own_step(case.pk, task.pk, actor, "善后处置完毕，调查报告已上报。")
    return incident
