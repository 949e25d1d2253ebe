"""Case clocks: the statutory and internal time limits running on a case.

A clock runs under one DeadlineRule from a start event. Its due date is never typed in: every
change appends a ClockEvent (who, when, why, under which rule, who approved) and `compute()`
derives the due date, the 暂定 flag and a Chinese explanation from the whole event history:

- START / RESTART: the period counts from this date (民法典 §201: the start day is not counted).
  A restart (政府信息公开条例 §30: 补正 → the 20 working days run again from receipt of the
  completed application) discards everything before it.
- PAUSE → RESUME: the days in between are not counted (征求第三方意见, 中止, 听证 ...): working
  days for a working-day rule, calendar days otherwise.
- EXTEND: adds days in the rule's unit, up to rule.max_extension, approved by a chief or leader.

Each service function below runs in one transaction, locks the case row first (as services.py
does), re-checks the actor, writes the ClockEvent, a CaseEvent (期限变动) and the audit log, and
refreshes the case's denormalised due date (Case.due_date / due_provisional).
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Prefetch, Q
from django.utils import timezone

from apps.accounts.models import Rank

from . import calendar
from .models import Case, CaseClock, CaseEvent, ClockEvent, DeadlineRule, Task
from .services import TransitionError, lock_case_row, log_case_event

Unit = DeadlineRule.Unit
Mode = DeadlineRule.Mode

UNIT_TEXT = {Unit.WORKING: "个工作日", Unit.CALENDAR: "日", Unit.MONTH: "个月", Unit.HOUR: "小时"}
REASON_MAX = 200


def _fmt(day):
    return f"{day:%Y-%m-%d}"


def span_text(n, unit):
    return f"{n} {UNIT_TEXT[unit]}"


def suspended_unit(unit):
    """Paused time is counted in working days for a working-day rule, in calendar days otherwise."""
    return Unit.WORKING if unit == Unit.WORKING else Unit.CALENDAR


# --- date arithmetic ---------------------------------------------------------------------------


def add_months(day, months):
    """民法典 §202: the corresponding day `months` later (or earlier), or that month's last day."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    month += 1
    last = (date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)).day
    return date(year, month, min(day.day, last))


def _previous_working_day(day):
    while not calendar.is_working_day(day):
        day -= timedelta(days=1)
    return day


def end_of_period(rule, start, n, suspended=0):
    """(raw last day, due date) of a period of n units from `start`, `suspended` units not counted.

    Working days: the n-th working day after start. Calendar days and months: the last day, then
    民法典 §203 (a rest day rolls forward to the next working day). Hours: start + n hours, the
    date part only (the exact hour is the start hour; periods in hours never roll). A rule that
    counts back (听证通知: at least 5 working days before the hearing) goes the other way and, on a
    rest day, moves earlier, never later.
    """
    if rule.mode == Mode.BEFORE:
        if rule.unit == Unit.WORKING:
            due = calendar.add_working_days(start, -n)
            return due, due
        if rule.unit == Unit.MONTH:
            raw = add_months(start, -n)
        elif rule.unit == Unit.HOUR:
            raw = start - timedelta(days=n // 24)
            return raw, raw
        else:
            raw = start - timedelta(days=n)
        return raw, _previous_working_day(raw)
    if rule.unit == Unit.WORKING:
        due = calendar.add_working_days(start, n + suspended)
        return due, due
    if rule.unit == Unit.HOUR:
        raw = start + timedelta(days=n // 24 + suspended)
        return raw, raw
    raw = (add_months(start, n) if rule.unit == Unit.MONTH else start + timedelta(days=n)) + timedelta(days=suspended)
    if not rule.rolls_forward:  # a fixed date in the text (每年1月31日前): never later than that day
        return raw, raw
    return raw, calendar.add_calendar_days(raw, 0)


def units_between(unit, a, b):
    """Paused time from a to b: working days d with a < d <= b, or calendar days."""
    if suspended_unit(unit) == Unit.WORKING:
        return calendar.working_days_between(a, b)
    return max((b - a).days, 0)


def _provisional_between(a, b):
    return calendar.provisional_between(min(a, b), max(a, b))


# --- computing a clock from its events --------------------------------------------------------


@dataclass
class Computed:
    base_date: date
    length: int
    due_date: date
    provisional: bool
    explanation: str
    paused_days: int
    extended_days: int
    paused_since: date | None


def compute(rule, events):
    """Derive a clock's state from its events (oldest first; approved_by selected)."""
    starts = [i for i, e in enumerate(events) if e.kind in (ClockEvent.Kind.START, ClockEvent.Kind.RESTART)]
    if not starts:
        raise ValueError("a clock needs a start event")
    start = events[starts[-1]]
    length = start.days if start.days is not None else rule.length
    label = rule.start_event if start.kind == ClockEvent.Kind.START else f"{start.reason}（重新起算）"
    suspended = extended = 0
    notes = []
    open_pause = None
    for event in events[starts[-1] + 1 :]:
        if event.kind == ClockEvent.Kind.PAUSE:
            open_pause = event
        elif event.kind == ClockEvent.Kind.RESUME and open_pause is not None:
            days = units_between(rule.unit, open_pause.on_date, event.on_date)
            suspended += days
            notes.append(f"{open_pause.reason} {span_text(days, suspended_unit(rule.unit))}不计入")
            open_pause = None
        elif event.kind == ClockEvent.Kind.EXTEND:
            extended += event.days or 0
            approver = event.approved_by.full_name if event.approved_by_id else "负责人"
            notes.append(f"经{approver}批准延长 {span_text(event.days or 0, rule.unit)}")
    raw, due = end_of_period(rule, start.on_date, length + extended, suspended)
    sign = "前" if rule.mode == Mode.BEFORE else "+"
    text = f"{label} {_fmt(start.on_date)} {sign} {span_text(length, rule.unit)}"
    if notes:
        text += "，" + "，".join(notes)
    if open_pause is not None:
        text += f"，自 {_fmt(open_pause.on_date)} 起{open_pause.reason}，中止计时（恢复后顺延）"
    text += f" → {_fmt(due)}"
    if (
        raw == due
        and not rule.rolls_forward
        and not calendar.is_working_day(raw)
        and rule.unit in (Unit.CALENDAR, Unit.MONTH)
    ):
        text += f"（{_fmt(raw)} 为休息日；该截止日为固定日期，不顺延，请提前办结）"
    if raw != due:
        text += f"（{_fmt(raw)} 为休息日，{'提前' if due < raw else '顺延'}）"
    if rule.unit == Unit.HOUR:
        text += "（按小时计算，截止时刻与起算时刻相同，不因休息日顺延）"
    provisional = _provisional_between(start.on_date, due)
    if provisional:
        text += "（暂定：所涉年度的节假日安排尚未确认）"
    return Computed(
        base_date=start.on_date,
        length=length,
        due_date=due,
        provisional=provisional,
        explanation=text,
        paused_days=suspended,
        extended_days=extended,
        paused_since=open_pause.on_date if open_pause is not None else None,
    )


def _recompute(clock):
    events = list(clock.events.select_related("approved_by").order_by("created_at", "id"))
    state = compute(clock.rule, events)
    clock.due_date = state.due_date
    clock.provisional = state.provisional
    clock.explanation = state.explanation
    clock.paused_days = state.paused_days
    clock.extended_days = state.extended_days
    clock.paused_since = state.paused_since
    return state


CLOCK_FIELDS = ["status", "due_date", "provisional", "explanation", "paused_days", "extended_days", "paused_since"]


# --- the case's denormalised due date ---------------------------------------------------------


def _earliest_running_clock(case):
    return (
        case.clocks.filter(status=CaseClock.Status.RUNNING)
        .order_by("due_date")
        .values_list("due_date", "provisional")
        .first()
    )


_STEP_DUE_ON_CASE = object()


def merge_clock_due(case, step_due=_STEP_DUE_ON_CASE, step_since=None):
    """Set case.due_date to the earlier of the current step's due date (`step_due`, by default
    what services.py just put in case.due_date) and the earliest running clock; set
    case.due_provisional to match. In memory only; returns the extra field to save."""
    if step_due is _STEP_DUE_ON_CASE:
        step_due = case.due_date
    if not case.is_open:
        case.due_date, case.due_provisional = None, False
        return ["due_provisional"]
    today = timezone.localdate()
    due, provisional = step_due, False
    if step_due is not None:
        provisional = _provisional_between(step_since or today, step_due)
    clock = _earliest_running_clock(case)
    if clock is not None and (due is None or clock[0] < due):
        due, provisional = clock
    case.due_date, case.due_provisional = due, provisional
    return ["due_provisional"]


def refresh_case_due_date(case):
    """Recompute Case.due_date / due_provisional after a clock changed. Call with the case locked."""
    step = (
        case.tasks.filter(status=Task.Status.PENDING, due_date__isnull=False)
        .exclude(kind=Task.Kind.READ)
        .order_by("due_date")
        .values_list("due_date", "created_at")
        .first()
    )
    step_due, since = (step[0], timezone.localdate(step[1])) if step else (None, None)
    merge_clock_due(case, step_due=step_due, step_since=since)
    case.save(update_fields=["due_date", "due_provisional", "updated_at"])


# --- who may change a clock --------------------------------------------------------------------


def may_manage_clocks(case, user, day=None):
    """Handlers (a pending non-read task on the case, their own or as a delegate) and the chief
    of the case's section, if the chief may see the case."""
    if not getattr(user, "is_authenticated", False) or not user.is_active or user.admin_role:
        return False
    if Task.objects.actionable_by(user, day).filter(case=case).exclude(kind=Task.Kind.READ).exists():
        return True
    if case.process_def.may_manage_clocks(case, user):
        return True
    return (
        user.rank == Rank.CHIEF
        and user.section_id == case.section_id
        and Case.objects.visible_to(user).filter(pk=case.pk).exists()
    )


def extension_approvers(case):
    """The active staff who may approve extending a deadline of `case`: the process says who
    (Process.extension_approvers; by default the case section's chief and division leader and
    the director, 本机关/机构负责人)."""
    return (
        get_user_model()
        .objects.filter(is_active=True, admin_role="")
        .filter(case.process_def.extension_approvers(case))
        .distinct()
    )


def may_approve_extension(case, user):
    if user is None or not user.is_active or user.admin_role:
        return False
    return extension_approvers(case).filter(pk=user.pk).exists()


def _reason(reason, what):
    reason = (reason or "").strip()
    if not reason:
        raise TransitionError(f"请填写{what}的事由。")
    if len(reason) > REASON_MAX:
        raise TransitionError(f"事由不能超过 {REASON_MAX} 个字。")
    return reason


def _not_future(on_date, what):
    if on_date > timezone.localdate():
        raise TransitionError(f"{what}不能晚于今天。")


def _lock_clock(clock_id, actor, *, manage=True):
    """Lock the clock's case (the one lock that orders every change to a case), then the clock."""
    case_id = CaseClock.objects.filter(pk=clock_id).values_list("case_id", flat=True).first()
    if case_id is None:
        raise TransitionError("该期限不存在。")
    case = lock_case_row(case_id)
    clock = case.clocks.select_for_update(of=("self",)).select_related("rule").get(pk=clock_id)
    if manage and not may_manage_clocks(case, actor):
        raise TransitionError("只有该事项的承办人或承办科室负责人可以变更期限。")
    if manage is False and not Case.objects.visible_to(actor).filter(pk=case.pk).exists():
        raise TransitionError("您无权变更该事项的期限。")
    return case, clock  # manage=None: the system itself (the calendar changed)


def _event(clock, kind, actor, on_date, reason, days=None, approved_by=None):
    return ClockEvent.objects.create(
        clock=clock,
        kind=kind,
        on_date=on_date,
        reason=reason[:REASON_MAX],
        actor=actor,
        days=days,
        approved_by=approved_by,
    )


def _finish(case, clock, actor, opinion, kind_label):
    clock.save(update_fields=CLOCK_FIELDS + (["stopped_at"] if clock.stopped_at else []))
    refresh_case_due_date(case)
    log_case_event(
        case,
        CaseEvent.Action.CLOCK,
        actor,
        opinion=opinion[:2000],
        step_label=clock.rule.name[:60],
        target_label=kind_label,
    )
    return clock


def _statutory_moves(clock, what):
    if clock.rule.mode != Mode.LIMIT:
        raise TransitionError(f"“{clock.rule.name}”不是办理期限，不能{what}。")


# --- the service functions ---------------------------------------------------------------------


@transaction.atomic
def start_clock(case, rule_code, start_date, actor, length=None):
    """Start the clock of rule `rule_code` on a case from `start_date` (the start event's day).

    `length`: the period in the rule's unit when the case fixes it (an approved travel period,
    a correction term set by the judgment), at most the rule's length unless the rule's length
    is 0 (no fixed upper limit); None: the rule's length."""
    case = lock_case_row(getattr(case, "pk", case))
    if actor.admin_role or not Case.objects.visible_to(actor).filter(pk=case.pk).exists():
        raise TransitionError("您无权为该事项起算期限。")
    if not case.is_open:
        raise TransitionError("该事项已办结，不能再起算期限。")
    rule = DeadlineRule.objects.filter(code=rule_code, active=True).first()
    if rule is None:
        raise TransitionError(f"期限规则“{rule_code}”不存在或已停用，请联系系统管理员。")
    if rule.mode != Mode.BEFORE:
        _not_future(start_date, "起算日期")
    if case.clocks.filter(rule=rule).exists():
        raise TransitionError(f"该事项已按“{rule.name}”起算期限。")
    if length is None:
        length = rule.length
    elif length < 0 or (rule.length and length > rule.length):
        raise TransitionError(f"“{rule.name}”不得超过 {span_text(rule.length, rule.unit)}。")
    clock = CaseClock.objects.create(case=case, rule=rule, started_on=start_date, due_date=start_date)
    _event(clock, ClockEvent.Kind.START, actor, start_date, rule.start_event, days=length)
    _recompute(clock)
    return _finish(case, clock, actor, f"起算：{clock.explanation}", "起算")


@transaction.atomic
def pause_clock(clock_id, actor, on_date, reason):
    """Stop counting from `on_date` (征求第三方意见, 中止 ...) until resume_clock."""
    reason = _reason(reason, "中止计时")
    case, clock = _lock_clock(clock_id, actor)
    _statutory_moves(clock, "中止计时")
    if not clock.rule.pausable:
        raise TransitionError(f"“{clock.rule.name}”依规定不能中止计时。")
    if clock.status != CaseClock.Status.RUNNING:
        raise TransitionError("该期限当前不在计时中，不能中止。")
    _not_future(on_date, "中止日期")
    state = _recompute(clock)
    last_resume = (
        clock.events.filter(kind=ClockEvent.Kind.RESUME, on_date__gte=state.base_date).order_by("-on_date").first()
    )
    earliest = max(state.base_date, last_resume.on_date if last_resume else state.base_date)
    if on_date < earliest:
        raise TransitionError(f"中止日期不能早于{_fmt(earliest)}（起算或上次恢复计时之日）。")
    if on_date > clock.due_date:
        raise TransitionError(f"期限已于 {_fmt(clock.due_date)} 届满，不能再中止计时。")
    _event(clock, ClockEvent.Kind.PAUSE, actor, on_date, reason)
    clock.status = CaseClock.Status.PAUSED
    _recompute(clock)
    return _finish(case, clock, actor, f"中止计时（{_fmt(on_date)} 起）：{reason}", "中止计时")


@transaction.atomic
def resume_clock(clock_id, actor, on_date, reason):
    """Count again from `on_date`; the paused days are not counted."""
    reason = _reason(reason, "恢复计时")
    case, clock = _lock_clock(clock_id, actor)
    if clock.status != CaseClock.Status.PAUSED:
        raise TransitionError("该期限没有中止，无需恢复计时。")
    _not_future(on_date, "恢复日期")
    if on_date < clock.paused_since:
        raise TransitionError(f"恢复日期不能早于中止日期（{_fmt(clock.paused_since)}）。")
    _event(clock, ClockEvent.Kind.RESUME, actor, on_date, reason)
    clock.status = CaseClock.Status.RUNNING
    _recompute(clock)
    return _finish(case, clock, actor, f"恢复计时（{_fmt(on_date)}）：{reason}。{clock.explanation}", "恢复计时")


@transaction.atomic
def restart_clock(clock_id, actor, on_date, reason):
    """Count the whole period again from `on_date` (补正: from receipt of the completed application)."""
    reason = _reason(reason, "重新起算")
    case, clock = _lock_clock(clock_id, actor)
    _statutory_moves(clock, "重新起算")
    if not clock.rule.pausable:
        raise TransitionError(f"“{clock.rule.name}”依规定不能重新起算。")
    if not clock.is_open:
        raise TransitionError("该期限已停止，不能重新起算。")
    _not_future(on_date, "重新起算日期")
    base = _recompute(clock).base_date
    if on_date < base:
        raise TransitionError(f"重新起算日期不能早于原起算日（{_fmt(base)}）。")
    length = clock.events.filter(kind=ClockEvent.Kind.START).values_list("days", flat=True).first()
    _event(clock, ClockEvent.Kind.RESTART, actor, on_date, reason, days=length)
    clock.status = CaseClock.Status.RUNNING
    _recompute(clock)
    return _finish(case, clock, actor, f"重新起算（{_fmt(on_date)}）：{reason}。{clock.explanation}", "重新起算")


@transaction.atomic
def extend_clock(clock_id, actor, days, reason, approved_by):
    """Extend by `days` (the rule's unit) with a chief's or leader's approval, within max_extension;
    a rule with extend_before_due_only refuses once its due date has passed."""
    reason = _reason(reason, "延长")
    case, clock = _lock_clock(clock_id, actor)
    rule = clock.rule
    _statutory_moves(clock, "延长")
    if not rule.extendable:
        raise TransitionError(f"“{rule.name}”依规定不能延长。")
    if not clock.is_open:
        raise TransitionError("该期限已停止，不能延长。")
    if rule.extend_before_due_only and timezone.localdate() > clock.due_date:
        raise TransitionError(
            f"“{rule.name}”须在期限届满前申请延长；该期限已于 {_fmt(clock.due_date)} 届满，不能再延长（{rule.basis}）。"
        )
    try:
        days = int(days)
    except (TypeError, ValueError):
        days = 0
    if days < 1:
        raise TransitionError("延长的期限须为正整数。")
    if approved_by is None:
        raise TransitionError("延长期限须经负责人批准，请选择批准人。")
    if not may_approve_extension(case, approved_by):
        raise TransitionError("批准人须为承办科室负责人、分管领导或局长。")
    total = _recompute(clock).extended_days + days
    if rule.max_extension is not None and total > rule.max_extension:
        already = f"已延长 {span_text(total - days, rule.unit)}，" if total > days else ""
        raise TransitionError(
            f"{already}延长后累计 {span_text(total, rule.unit)}，超过规定的最长延长期限 "
            f"{span_text(rule.max_extension, rule.unit)}（{rule.basis}）。"
        )
    _event(clock, ClockEvent.Kind.EXTEND, actor, timezone.localdate(), reason, days=days, approved_by=approved_by)
    _recompute(clock)
    opinion = f"延长 {span_text(days, rule.unit)}（{approved_by.full_name}批准）：{reason}。{clock.explanation}"
    return _finish(case, clock, actor, opinion, "延长")


@transaction.atomic
def stop_clock(clock_id, actor, met_on):
    """The step the clock measured was done on `met_on`: met if on or before the due date, else late."""
    case, clock = _lock_clock(clock_id, actor, manage=False)
    if not clock.is_open:
        raise TransitionError("该期限已停止。")
    _not_future(met_on, "办结日期")
    state = _recompute(clock)
    if met_on < state.base_date and clock.rule.mode != Mode.BEFORE:
        raise TransitionError(f"办结日期不能早于起算日（{_fmt(state.base_date)}）。")
    late = met_on > clock.due_date
    clock.status = CaseClock.Status.LATE if late else CaseClock.Status.MET
    clock.stopped_at = timezone.now()
    outcome = (
        f"逾期 {span_text(units_between(clock.rule.unit, clock.due_date, met_on), suspended_unit(clock.rule.unit))}"
        if late
        else "按期"
    )
    _event(clock, ClockEvent.Kind.STOP, actor, met_on, f"{_fmt(met_on)} 办结，{outcome}")
    return _finish(
        case, clock, actor, f"期限停止：{_fmt(met_on)} 办结，{outcome}（到期日 {_fmt(clock.due_date)}）。", "停止计时"
    )


@transaction.atomic
def cancel_clock(clock_id, actor, reason):
    """The period no longer applies (e.g. the window to object to a transferred petition once
    the bureau has decided to accept it): neither met nor late, with the reason on record."""
    reason = _reason(reason, "撤销计时")
    case, clock = _lock_clock(clock_id, actor, manage=False)
    if not clock.is_open:
        raise TransitionError("该期限已停止。")
    clock.status = CaseClock.Status.CANCELLED
    clock.stopped_at = timezone.now()
    _event(clock, ClockEvent.Kind.STOP, actor, timezone.localdate(), f"撤销：{reason}")
    return _finish(case, clock, actor, f"期限撤销：{reason}", "撤销计时")


def recompute_for_calendar(years_changed, actor, reason):
    """Re-derive the open clocks whose span touches any of `years_changed` after the holiday
    table changed (a year confirmed, a 调休 day entered): the due date may move and 暂定 clear.
    Each clock that changes is rewritten under its case lock with a 期限变动 record. Returns
    how many changed."""
    if not years_changed:
        return 0
    low, high = date(min(years_changed), 1, 1), date(max(years_changed), 12, 31)
    touching = (Q(due_date__gte=low) | Q(started_on__gte=low)) & (Q(started_on__lte=high) | Q(due_date__lte=high))
    ids = list(
        CaseClock.objects.filter(touching, status__in=CaseClock.OPEN_STATUSES)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    events = Prefetch("events", queryset=ClockEvent.objects.select_related("approved_by").order_by("created_at", "id"))
    changed = 0
    for start in range(0, len(ids), 500):
        for clock in (
            CaseClock.objects.filter(pk__in=ids[start : start + 500]).select_related("rule").prefetch_related(events)
        ):
            state = compute(clock.rule, list(clock.events.all()))
            if (state.due_date, state.provisional) == (clock.due_date, clock.provisional):
                continue
            changed += _rewrite_for_calendar(clock.pk, actor, reason)
    return changed


@transaction.atomic
def _rewrite_for_calendar(clock_id, actor, reason):
    case, clock = _lock_clock(clock_id, actor, manage=None)
    before = (clock.due_date, clock.provisional)
    _recompute(clock)
    if (clock.due_date, clock.provisional) == before:  # another sweep got here first
        return 0
    _finish(case, clock, actor, f"{reason}，重新计算：{clock.explanation}", "重新计算")
    return 1


# --- what the case page shows ------------------------------------------------------------------


def remaining_text(clock, today=None):
    """“剩 3 个工作日” / “今天到期” / “已超期 2 日”, in the rule's kind of days."""
    today = today or timezone.localdate()
    unit = suspended_unit(clock.rule.unit)
    due = clock.due_date
    if due == today:
        return "今天到期"
    if due > today:
        return f"剩 {span_text(units_between(unit, today, due), unit)}"
    return f"已超期 {span_text(units_between(unit, due, today), unit)}"
