"""Every change to rosters, the duty log and handovers goes through these functions.

Each runs in one transaction, locks the row that orders the change (the roster's case, the
shift, the handover) with select_for_update, re-checks the actor and the state as they are now,
writes the audit log, and raises the engine's TransitionError with a Chinese message when the
move is not legal: a second click finds the work done and is refused.
"""

from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from apps.accounts.models import Rank
from apps.audit.log import record
from apps.workflow import api
from apps.workflow.api import TransitionError
from apps.workflow.models import Notification

from .coverage import problems
from .models import DutyRoster, Handover, LogEntry, ReportingBody, Shift, Source
from .processes import PROCESS


def is_duty_organiser(user):
    """The office arranges the duty (三定 1.5): its staff and chief."""
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and not user.admin_role
        and user.section_id
        and user.section.code == "office"
        and user.rank in (Rank.STAFF, Rank.CHIEF)
    )


def chinese_date(day):
    return f"{day.year}年{day.month}月{day.day}日"


def roster_title(kind, start, end, name=""):
    if name:
        return name
    if kind == DutyRoster.Kind.MONTH and start.day == 1:
        return f"{start.year}年{start.month}月值班表"
    return f"{chinese_date(start)}至{chinese_date(end)}值班表"


# --- rosters ---------------------------------------------------------------------------------------


def _check_people(shifts):
    for shift in shifts:
        for person in (shift["leader"], shift["officer"], shift.get("assistant")):
            if person is not None and (not person.is_active or person.admin_role):
                raise TransitionError(f"{person.full_name}不是有效的业务账号。")
        if shift.get("assistant") is not None and shift["assistant"].pk == shift["officer"].pk:
            raise TransitionError(f"{chinese_date(shift['date'])}的两名值班人员不能是同一人。")


@transaction.atomic
def save_roster(user, data, shifts, case=None, submit=False):
    """Create or update the office's draft roster with its shifts (each a dict: date, starts,
    ends, leader, officer, assistant, phone); optionally submit it for approval."""
    if not is_duty_organiser(user):
        raise TransitionError("只有办公室工作人员可以编排值班表。")
    if data["end_date"] < data["start_date"]:
        raise TransitionError("结束日期不能早于起始日期。")
    if (data["end_date"] - data["start_date"]).days > 62:
        raise TransitionError("一张值班表最长两个月，请分月编排。")
    _check_people(shifts)
    found = problems(data["start_date"], data["end_date"], [(s["date"], s["starts"], s["ends"]) for s in shifts])
    if found:
        raise TransitionError("".join(found))
    title = roster_title(data["kind"], data["start_date"], data["end_date"], (data.get("title") or "").strip())
    if case is None:
        case = api.create_case(
            PROCESS, initiator=user, section=user.section, title=title[:200], step_label="编排值班表"
        )
        roster = DutyRoster(case=case)
    else:
        case = api.lock_case(case.pk, process=PROCESS)
        if case.status not in api.EDITABLE or case.initiator_id != user.pk:
            raise TransitionError("该值班表已提交，不能再修改。")
        api.save_draft(case, user, title=title[:200])
        roster = DutyRoster.objects.select_for_update().get(case=case)
    for field in ("kind", "start_date", "end_date", "phone"):
        setattr(roster, field, data[field])
    roster.note = (data.get("note") or "").strip()
    roster.save()
    roster.shifts.all().delete()
    Shift.objects.bulk_create(
        [
            Shift(
                roster=roster,
                date=s["date"],
                starts=s["starts"],
                ends=s["ends"],
                leader=s["leader"],
                officer=s["officer"],
                assistant=s.get("assistant"),
                phone=(s.get("phone") or "").strip()[:40],
            )
            for s in sorted(shifts, key=lambda s: (s["date"], s["starts"]))
        ]
    )
    if submit:
        api.submit(case.pk, user)
        case.refresh_from_db()
    return case


def put_in_force(case, actor):
    """Process.on_close (the division leader approved): the roster is in force and sent down to
    everyone named in it (a notice each)."""
    roster = DutyRoster.objects.select_for_update(of=("self",)).get(case=case)
    roster.approved_at = timezone.now()
    roster.save(update_fields=["approved_at"])
    counts = {}
    for shift in roster.shifts.select_related("leader", "officer", "assistant"):
        for person in {shift.leader, shift.officer, shift.assistant} - {None}:
            counts.setdefault(person.pk, [person, 0])[1] += 1
    from django.urls import reverse

    url = reverse("duty:roster", args=[roster.pk])
    Notification.objects.bulk_create(
        [
            Notification(
                user=person,
                kind=Notification.Kind.INFO,
                key=f"duty-roster:{roster.pk}:{person.pk}",
                message=f"值班安排：“{case.title}”已批准，您有 {n} 个班次，请按时到岗。",
                url=url,
            )
            for person, n in counts.values()
            if person.is_active
        ],
        ignore_conflicts=True,
    )


@transaction.atomic
def report_roster(roster_id, actor, bodies, note=""):
    """报送: the office records that the approved roster went to the higher bodies."""
    case_id = DutyRoster.objects.filter(pk=roster_id).values_list("case_id", flat=True).first()
    if case_id is None:
        raise TransitionError("值班表不存在。")
    api.lock_case(case_id, process=PROCESS)  # the engine's order: the case row first
    roster = DutyRoster.objects.select_for_update(of=("self",)).get(pk=roster_id)
    if not is_duty_organiser(actor):
        raise TransitionError("只有办公室工作人员可以登记报送。")
    if roster.approved_at is None:
        raise TransitionError("值班表经分管领导批准后才能报送。")
    if roster.reported_at is not None:
        raise TransitionError(f"该值班表已于 {timezone.localtime(roster.reported_at):%Y-%m-%d %H:%M} 报送。")
    names = [b.name if isinstance(b, ReportingBody) else str(b) for b in bodies]
    if not names:
        raise TransitionError("请选择报送单位。")
    roster.reported_at = timezone.now()
    roster.reported_by = actor
    roster.reported_to = "、".join(names)[:300]
    roster.report_note = (note or "").strip()[:200]
    roster.save(update_fields=["reported_at", "reported_by", "reported_to", "report_note"])
    record("duty.roster_report", actor=actor, obj=roster.case, detail={"bodies": len(names)})
    return roster


# --- shifts --------------------------------------------------------------------------------------------


def shifts_in_force():
    return Shift.objects.filter(roster__approved_at__isnull=False)


def shifts_around(now=None):
    """Approved shifts that may be running now (dated today or yesterday: a shift can cross midnight)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    return (
        shifts_in_force()
        .filter(date__in=(today - timedelta(days=1), today))
        .select_related("roster", "roster__case", "leader", "officer", "assistant")
        .order_by("date", "starts", "id")
    )


def current_shifts(now=None):
    now = now or timezone.now()
    return [s for s in shifts_around(now) if s.start_dt <= now < s.end_dt]


def my_current_shift(user, now=None):
    return next((s for s in current_shifts(now) if s.on_duty(user)), None)


def next_shift(shift):
    """The first approved shift starting at or after this one's end (else the next one to start)."""
    later = (
        shifts_in_force()
        .filter(Q(date__gt=shift.date) | Q(date=shift.date, starts__gt=shift.starts))
        .exclude(pk=shift.pk)
        .select_related("officer")
        .order_by("date", "starts", "id")[:20]
    )
    later = list(later)
    return next((s for s in later if s.start_dt >= shift.end_dt), later[0] if later else None)


def _lock_shift(shift_id):
    shift = Shift.objects.select_for_update(of=("self",)).select_related("roster").filter(pk=shift_id).first()
    if shift is None or shift.roster.approved_at is None:
        raise TransitionError("班次不存在或值班表尚未批准。")
    return shift


# --- the duty log --------------------------------------------------------------------------------------


@transaction.atomic
def add_entry(
    shift_id, actor, *, source, content, at=None, counterpart="", handling="", forwarded_to=None, close=False
):
    """值班记录: the person on duty records what came in during their shift."""
    shift = _lock_shift(shift_id)
    if not shift.on_duty(actor):
        raise TransitionError("只有本班次的值班人员可以记录值班日志。")
    now = timezone.now()
    at = at or now
    if at > now + timedelta(minutes=5):
        raise TransitionError("记录时间不能晚于现在。")
    if not (shift.start_dt <= at <= shift.end_dt):
        raise TransitionError(
            f"记录时间须在本班次内（{timezone.localtime(shift.start_dt):%m-%d %H:%M} 至 {timezone.localtime(shift.end_dt):%m-%d %H:%M}）。"
        )
    if hasattr(shift, "handover"):
        raise TransitionError("本班次已交班，请由接班人员记录。")
    if source not in Source.values:
        raise TransitionError("请选择来源。")
    content = (content or "").strip()
    if not content:
        raise TransitionError("请填写内容。")
    handling = (handling or "").strip()
    if close and not handling:
        raise TransitionError("办结时请填写处理情况。")
    entry = LogEntry.objects.create(
        shift=shift,
        holder_shift=shift,
        at=at,
        source=source,
        counterpart=(counterpart or "").strip()[:100],
        content=content[:4000],
        handling=handling[:4000],
        forwarded_to=forwarded_to,
        recorded_by=actor,
        status=LogEntry.Status.CLOSED if close else LogEntry.Status.OPEN,
        closed_at=now if close else None,
        closed_by=actor if close else None,
    )
    record("duty.log_entry", actor=actor, obj=entry, detail={"shift": shift.pk, "source": source})
    return entry


def may_handle_entry(user, entry):
    """The people on duty of the shift now holding the entry, and the office."""
    return entry.holder_shift.on_duty(user) or is_duty_organiser(user)


@transaction.atomic
def close_entry(entry_id, actor, handling, forwarded_to=None):
    """办结: how the entry was handled (and to which section it went)."""
    entry = LogEntry.objects.select_for_update(of=("self",)).select_related("holder_shift").filter(pk=entry_id).first()
    if entry is None or not LogEntry.objects.visible_to(actor).filter(pk=entry_id).exists():
        raise TransitionError("值班记录不存在。")
    if not may_handle_entry(actor, entry):
        raise TransitionError("只有当前负责该事项的值班人员或办公室可以办结。")
    if entry.status != LogEntry.Status.OPEN:
        raise TransitionError("该事项已经办结。")
    pending = entry.handovers.filter(acknowledged_at__isnull=True).exists()
    if pending and not is_duty_organiser(actor):
        raise TransitionError("该事项已移交下一班次，待接班人员确认后由其办理。")
    handling = (handling or "").strip()
    if not handling:
        raise TransitionError("请填写处理情况。")
    entry.handling = handling[:4000]
    entry.forwarded_to = forwarded_to or entry.forwarded_to
    entry.status = LogEntry.Status.CLOSED
    entry.closed_at = timezone.now()
    entry.closed_by = actor
    entry.save(update_fields=["handling", "forwarded_to", "status", "closed_at", "closed_by"])
    record("duty.log_close", actor=actor, obj=entry)
    return entry


# --- 交接班 ---------------------------------------------------------------------------------------------


@transaction.atomic
def hand_over(shift_id, actor, note=""):
    """交班: the open entries this shift holds pass to the next shift's 值班人员, who must
    acknowledge them (a notice until then). Once per shift."""
    shift = _lock_shift(shift_id)
    if not shift.on_duty(actor):
        raise TransitionError("只有本班次的值班人员可以交班。")
    if Handover.objects.filter(from_shift=shift).exists():
        raise TransitionError("本班次已经交班。")
    if timezone.now() < shift.start_dt:
        raise TransitionError("本班次尚未开始。")
    successor = next_shift(shift)
    if successor is None:
        raise TransitionError("没有找到下一班次（值班表未排或未批准），请联系办公室。")
    entries = list(
        LogEntry.objects.select_for_update(of=("self",)).filter(holder_shift=shift, status=LogEntry.Status.OPEN)
    )
    handover = Handover.objects.create(
        from_shift=shift,
        to_shift=successor,
        handed_by=actor,
        to_user=successor.officer,
        note=(note or "").strip()[:2000],
    )
    handover.entries.set(entries)
    from django.urls import reverse

    text = (
        f"交接班：{actor.full_name}向您移交 {len(entries)} 项未办结事项，请确认接班。"
        if entries
        else f"交接班：{actor.full_name}已交班（无未办结事项），请确认接班。"
    )
    Notification.objects.create(
        user=successor.officer,
        kind=Notification.Kind.INFO,
        key=f"duty-handover:{handover.pk}",
        message=text[:300],
        url=reverse("duty:home"),
    )
    record("duty.handover", actor=actor, obj=handover, detail={"entries": len(entries), "to": successor.officer_id})
    return handover


@transaction.atomic
def acknowledge(handover_id, actor):
    """接班确认: the entries become the next shift's to handle; the notice is read."""
    handover = (
        Handover.objects.select_for_update(of=("self",)).select_related("to_shift").filter(pk=handover_id).first()
    )
    if handover is None or handover.to_user_id != actor.pk:
        raise TransitionError("只有接班人员本人可以确认接班。")
    if handover.acknowledged_at is not None:
        raise TransitionError("已经确认接班。")
    handover.acknowledged_at = timezone.now()
    handover.save(update_fields=["acknowledged_at"])
    moved = LogEntry.objects.select_for_update(of=("self",)).filter(
        pk__in=handover.entries.values("pk"), status=LogEntry.Status.OPEN
    )
    for entry in moved:
        entry.holder_shift = handover.to_shift
        entry.save(update_fields=["holder_shift"])
    Notification.objects.filter(key=f"duty-handover:{handover.pk}", read_at__isnull=True).update(read_at=timezone.now())
    record("duty.handover_ack", actor=actor, obj=handover)
    return handover
