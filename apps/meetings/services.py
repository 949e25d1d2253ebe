"""Every change to a meeting goes through these functions.

Each runs in one transaction, locks the meeting's case row first (the engine's order), re-checks
the actor and the state as they are now (a second click finds the step done and is refused),
writes the audit log, and raises the engine's TransitionError with a Chinese message when the
move is not legal. The steps themselves advance through the engine's public API
(apps/workflow/api.py): the office's own steps finish with api.finish_own_step.
"""

from datetime import datetime, time

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from apps.accounts.models import Rank
from apps.audit.log import record
from apps.workflow import api, deadlines
from apps.workflow.api import TransitionError, save_attachment
from apps.workflow.models import Case, CaseClock, Notification, Task

from .models import AgendaItem, Attendance, Decision, Kind, Meeting
from .processes import COLLECT, MINUTES, MINUTES_RULE, NOTICE, NOTICE_RULE, PROCESS, SIGNIN

# The sections that run meetings: the office (1.4) and the secretariat of the rule-of-law
# committee (3.3).
ORGANISING_SECTIONS = ("office", "rule_of_law")


def chinese_date(day):
    """2026年3月9日: how the notice, the minutes and the messages write a day."""
    return f"{day.year}年{day.month}月{day.day}日"


def is_organiser(user, meeting=None):
    """Staff and chief of a section that runs meetings (of this meeting's section, if given)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active or user.admin_role or not user.section_id:
        return False
    if meeting is not None:
        return user.section_id == meeting.case.section_id and user.rank in (Rank.STAFF, Rank.CHIEF)
    return user.section.code in ORGANISING_SECTIONS and user.rank in (Rank.STAFF, Rank.CHIEF)


def may_submit_agenda(user):
    """Section chiefs, the leaders, and the organising sections put forward 议题."""
    if not getattr(user, "is_authenticated", False) or not user.is_active or user.admin_role or not user.section_id:
        return False
    return user.rank in (Rank.CHIEF, Rank.DIVISION_LEADER, Rank.DIRECTOR) or is_organiser(user)


def default_title(kind, starts_at):
    day = timezone.localtime(starts_at).date()
    return f"{day.year}年{day.month}月{day.day}日{Kind(kind).label}"


# --- planning ----------------------------------------------------------------------------------


def _check_plan(data):
    now = timezone.now()
    if data["starts_at"] <= now:
        raise TransitionError("会议时间须晚于现在。")
    if data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
        raise TransitionError("结束时间须晚于会议时间。")
    if data["agenda_cutoff"] >= data["starts_at"]:
        raise TransitionError("议题报送截止时间须早于会议时间。")
    people = [data["chair"], data["recorder"], *data["attendees"], *data.get("observers", [])]
    for person in people:
        if not person.is_active or person.admin_role:
            raise TransitionError(f"{person.full_name}不是有效的业务账号。")
    both = {p.pk for p in data["attendees"]} & {p.pk for p in data.get("observers", [])}
    if both:
        raise TransitionError("同一人不能既是参会人员又是列席人员。")


@transaction.atomic
def save_meeting(user, data, case=None, submit=False):
    """Create (case=None) or update the organiser's draft meeting plan; optionally submit it,
    which opens the agenda collection and starts the notice clock."""
    if not is_organiser(user):
        raise TransitionError("只有办公室（或秘书科）工作人员可以安排会议。")
    _check_plan(data)
    title = (data.get("title") or "").strip() or default_title(data["kind"], data["starts_at"])
    if case is None:
        case = api.create_case(
            PROCESS, initiator=user, section=user.section, title=title[:200], step_label="拟定会议方案"
        )
        meeting = Meeting(case=case)
    else:
        case = api.lock_case(case.pk, process=PROCESS)
        if case.status not in api.EDITABLE or case.initiator_id != user.pk:
            raise TransitionError("该会议已提交，不能再修改会议方案。")
        api.save_draft(case, user, title=title[:200])
        meeting = Meeting.objects.select_for_update().get(case=case)
    for field in ("kind", "starts_at", "ends_at", "place", "chair", "recorder", "agenda_cutoff"):
        setattr(meeting, field, data.get(field))
    meeting.notes = (data.get("notes") or "").strip()
    meeting.observers_note = (data.get("observers_note") or "").strip()[:200]
    meeting.save()
    meeting.attendees.set(data["attendees"])
    meeting.observers.set(data.get("observers", []))
    if submit:
        if not data["attendees"]:
            raise TransitionError("请选择参会人员。")
        api.submit(case.pk, user)
        case.refresh_from_db()
    return case


def start_notice_clock(case, actor):
    """Process.on_submit: the notice is due 1 day before the meeting (meeting-notice, counted back)."""
    meeting = Meeting.objects.get(case=case)
    if not case.clocks.filter(rule__code=NOTICE_RULE).exists():
        deadlines.start_clock(case, NOTICE_RULE, meeting.day, actor)


# --- agenda (议题) ------------------------------------------------------------------------------


def _lock_meeting(case_id):
    """The meeting's case row locked (the engine's order), then the meeting row."""
    case = api.lock_case(case_id, process=PROCESS)
    meeting = Meeting.objects.select_for_update(of=("self",)).select_related("chair", "recorder").get(case=case)
    return case, meeting


def _step_task(case, actor, step, refusal):
    """The actor's handling task of the office's `step`: a second click (or a stale page) finds
    the meeting moved on and is told so; anyone else gets the step's own refusal."""
    if case.status != Case.Status.ACTIVE or case.current_step != step:
        raise TransitionError("会议已进入下一环节（或已结束），不能再办理此环节。")
    return api.pending_task(case, actor, step=step, kinds=[Task.Kind.HANDLE], refusal=refusal)


@transaction.atomic
def submit_agenda_item(case_id, actor, *, title, section, presenter, summary="", material=None):
    """议题报送: a section puts an item forward until the cut-off."""
    case, meeting = _lock_meeting(case_id)
    if not may_submit_agenda(actor):
        raise TransitionError("只有科室负责人、局领导或办公室工作人员可以报送议题。")
    if case.status != Case.Status.ACTIVE or case.current_step != COLLECT:
        raise TransitionError("该会议的议题征集已结束。")
    if timezone.now() > meeting.agenda_cutoff:
        cutoff = timezone.localtime(meeting.agenda_cutoff)
        raise TransitionError(f"议题报送已于 {cutoff:%Y-%m-%d %H:%M} 截止，请与办公室联系。")
    if not (title or "").strip():
        raise TransitionError("请填写议题名称。")
    if actor.rank == Rank.CHIEF and not is_organiser(actor) and section.pk != actor.section_id:
        raise TransitionError("科室负责人只能报送本科室的议题。")
    if not presenter.is_active or presenter.admin_role:
        raise TransitionError("请选择有效的汇报人。")
    attachment = None
    if material is not None:
        try:
            attachment = save_attachment(case, material, actor)
        except ValidationError as exc:
            raise TransitionError("；".join(exc.messages)) from None
    item = AgendaItem.objects.create(
        meeting=meeting,
        title=title.strip()[:200],
        section=section,
        presenter=presenter,
        summary=(summary or "").strip()[:4000],
        material=attachment,
        submitted_by=actor,
        order=meeting.agenda_items.count() + 1,
    )
    record("meeting.agenda_submit", actor=actor, obj=case, detail={"item": item.pk, "section": section.pk})
    return item


@transaction.atomic
def compile_agenda(case_id, actor, choices):
    """议题汇总: the office lists or defers each item ({item_id: (status, order)}) and sends the
    agenda to the chair. Every item must be decided and at least one listed."""
    case, meeting = _lock_meeting(case_id)
    task = _step_task(case, actor, COLLECT, "只有安排会议的办公室工作人员可以汇总议题。")
    items = list(meeting.agenda_items.select_for_update())
    if not items:
        raise TransitionError("尚未收到任何议题，不能报主持人审定。")
    for item in items:
        status, order = choices.get(item.pk, (None, None))
        if status not in (AgendaItem.Status.ACCEPTED, AgendaItem.Status.DEFERRED):
            raise TransitionError(f"请确定议题“{item.title}”是否列入议程。")
        item.status = status
        item.order = order or item.order
        item.save(update_fields=["status", "order"])
    listed = [i for i in items if i.status == AgendaItem.Status.ACCEPTED]
    if not listed:
        raise TransitionError("至少要有一项议题列入议程。")
    meeting.agenda_compiled_at = timezone.now()
    meeting.save(update_fields=["agenda_compiled_at"])
    deferred = len(items) - len(listed)
    api.finish_own_step(
        case.pk,
        task.pk,
        actor,
        f"议题已汇总：列入议程 {len(listed)} 项" + (f"，暂缓 {deferred} 项" if deferred else "") + "。",
    )
    return meeting


# --- notice (会议通知) ---------------------------------------------------------------------------


def notified_people(meeting):
    """Attendees, 列席 people, and the presenters of the listed items (each once)."""
    people = {}
    for person in [*meeting.attendees.all(), *meeting.observers.all(), meeting.chair, meeting.recorder]:
        people[person.pk] = person
    for item in meeting.agenda_items.filter(status=AgendaItem.Status.ACCEPTED).select_related("presenter"):
        people.setdefault(item.presenter_id, item.presenter)
    return [p for p in people.values() if p.is_active]


def _open_clock(case, rule_code):
    return case.clocks.filter(rule__code=rule_code, status__in=CaseClock.OPEN_STATUSES).first()


def _notify(case, people, key, message):
    Notification.objects.bulk_create(
        [
            Notification(
                user=person,
                case=case,
                kind=Notification.Kind.INFO,
                key=f"{key}:{person.pk}",
                message=message[:300],
                url=case.get_absolute_url(),
            )
            for person in people
        ],
        ignore_conflicts=True,
    )


@transaction.atomic
def issue_notice(case_id, actor):
    """印发会议通知: everyone named may now see the meeting and gets the notice in their 通知."""
    case, meeting = _lock_meeting(case_id)
    task = _step_task(case, actor, NOTICE, "只有安排会议的办公室工作人员可以印发会议通知。")
    if meeting.notice_issued_at is not None:
        raise TransitionError("会议通知已经印发。")
    if timezone.now() >= meeting.starts_at:
        raise TransitionError("会议时间已过，不能再印发通知；请退回修改会议时间。")
    meeting.notice_issued_at = timezone.now()
    meeting.save(update_fields=["notice_issued_at"])
    people = notified_people(meeting)
    for person in people:
        api.grant_view(case, person, actor, reason="会议通知", log_on_case=False)
    start = timezone.localtime(meeting.starts_at)
    _notify(
        case,
        people,
        f"meeting-notice:{meeting.pk}",
        f"会议通知：{start:%m月%d日 %H:%M} 在{meeting.place}召开“{case.title}”，主持人{meeting.chair.full_name}，请准时参加。",
    )
    clock = _open_clock(case, NOTICE_RULE)
    if clock is not None:
        deadlines.stop_clock(clock.pk, actor, timezone.localdate())
    record("meeting.notice", actor=actor, obj=case, detail={"notified": len(people)})
    api.finish_own_step(case.pk, task.pk, actor, f"会议通知已印发，通知 {len(people)} 人。")
    return meeting


# --- sign-in (签到) -----------------------------------------------------------------------------


def leave_on_day(meeting, people_ids=None):
    """{person_id: LeaveRequest} of approved leave covering the meeting's day, through hr's
    public function (apps.hr.leave.services.approved_leave_on)."""
    from apps.hr.leave.services import approved_leave_on

    if people_ids is None:
        people_ids = list(meeting.attendees.values_list("pk", flat=True)) + list(
            meeting.observers.values_list("pk", flat=True)
        )
    return approved_leave_on(meeting.day, people_ids)


def _role_of(meeting, person_id):
    if meeting.attendees.filter(pk=person_id).exists():
        return Attendance.Role.ATTENDEE
    if meeting.observers.filter(pk=person_id).exists():
        return Attendance.Role.OBSERVER
    return None


def _signin_open(case, meeting):
    if case.status != Case.Status.ACTIVE or case.current_step != SIGNIN:
        raise TransitionError("该会议现在不在签到环节。")
    if timezone.localdate() != meeting.day:
        raise TransitionError(f"签到只在会议当天（{chinese_date(meeting.day)}）进行。")


@transaction.atomic
def sign_in(case_id, actor):
    """本人签到 on the day (an attendee or a 列席 person)."""
    case, meeting = _lock_meeting(case_id)
    _signin_open(case, meeting)
    role = _role_of(meeting, actor.pk)
    if role is None:
        raise TransitionError("您不在本次会议的参会或列席名单中。")
    row = Attendance.objects.select_for_update().filter(meeting=meeting, person=actor).first()
    if row is not None and row.status == Attendance.Status.PRESENT:
        raise TransitionError("您已经签到。")
    now = timezone.now()
    Attendance.objects.update_or_create(
        meeting=meeting,
        person=actor,
        defaults={
            "role": role,
            "status": Attendance.Status.PRESENT,
            "reason": "",
            "signed_at": now,
            "recorded_by": actor,
            "recorded_at": now,
        },
    )
    return meeting


@transaction.atomic
def record_attendance(case_id, actor, rows):
    """登记签到: the office records each person's status ({person_id: (status, reason)})."""
    case, meeting = _lock_meeting(case_id)
    _step_task(case, actor, SIGNIN, "只有安排会议的办公室工作人员可以登记签到。")
    _signin_open(case, meeting)
    now = timezone.now()
    leave = leave_on_day(meeting)
    for person_id, (status, reason) in rows.items():
        role = _role_of(meeting, person_id)
        if role is None:
            raise TransitionError("签到名单中有不属于本次会议的人员。")
        if status not in Attendance.Status.values:
            continue  # not recorded yet
        reason = (reason or "").strip()
        if status == Attendance.Status.LEAVE and not reason and person_id in leave:
            reason = f"已批准请假（{leave[person_id].period_text()}）"
        if status != Attendance.Status.PRESENT and not reason:
            name = meeting.attendees.model.objects.get(pk=person_id).full_name
            raise TransitionError(f"{name}请假或缺席，请填写事由。")
        existing = Attendance.objects.select_for_update().filter(meeting=meeting, person_id=person_id).first()
        signed_at = existing.signed_at if existing and status == Attendance.Status.PRESENT else None
        Attendance.objects.update_or_create(
            meeting=meeting,
            person_id=person_id,
            defaults={
                "role": role,
                "status": status,
                "reason": "" if status == Attendance.Status.PRESENT else reason[:200],
                "signed_at": signed_at or (now if status == Attendance.Status.PRESENT else None),
                "recorded_by": actor,
                "recorded_at": now,
            },
        )
    return meeting


@transaction.atomic
def confirm_held(case_id, actor):
    """会议已召开: everyone's attendance is recorded; the minutes clock starts from the meeting's day."""
    case, meeting = _lock_meeting(case_id)
    task = _step_task(case, actor, SIGNIN, "只有安排会议的办公室工作人员可以确认会议召开。")
    if timezone.now() < meeting.starts_at:
        raise TransitionError("会议尚未开始。")
    expected = set(meeting.attendees.values_list("pk", flat=True)) | set(meeting.observers.values_list("pk", flat=True))
    recorded = dict(meeting.attendance.values_list("person_id", "status"))
    missing = expected - set(recorded)
    if missing:
        names = "、".join(
            meeting.attendees.model.objects.filter(pk__in=missing).order_by("id").values_list("full_name", flat=True)
        )
        raise TransitionError(f"尚未登记签到情况：{names}。")
    counts = {status: list(recorded.values()).count(status) for status in Attendance.Status.values}
    meeting.held_at = timezone.now()
    meeting.save(update_fields=["held_at"])
    if not case.clocks.filter(rule__code=MINUTES_RULE).exists():
        deadlines.start_clock(case, MINUTES_RULE, meeting.day, actor)
    api.finish_own_step(
        case.pk,
        task.pk,
        actor,
        f"会议已召开：出席 {counts['present']} 人，请假 {counts['leave']} 人，缺席 {counts['absent']} 人。",
    )
    return meeting


# --- minutes (纪要) and decisions ----------------------------------------------------------------


@transaction.atomic
def save_minutes(case_id, actor, minutes, decisions, submit=False):
    """The recorder writes the minutes and the decisions [(text, lead_section or None)]; with
    submit, they go to the chair."""
    case, meeting = _lock_meeting(case_id)
    task = _step_task(case, actor, MINUTES, "只有本次会议的记录人可以起草会议纪要。")
    minutes = (minutes or "").strip()
    if submit and not minutes:
        raise TransitionError("请填写会议纪要。")
    cleaned = [((text or "").strip(), section) for text, section in decisions if (text or "").strip()]
    meeting.minutes = minutes[:20000]
    meeting.save(update_fields=["minutes"])
    meeting.decisions.filter(supervised_case__isnull=True).delete()
    for seq, (text, section) in enumerate(cleaned, start=1):
        Decision.objects.create(meeting=meeting, seq=seq, text=text[:2000], lead_section=section)
    if submit:
        meeting.minutes_submitted_at = timezone.now()
        meeting.save(update_fields=["minutes_submitted_at"])
        api.finish_own_step(case.pk, task.pk, actor, f"会议纪要已起草（议定事项 {len(cleaned)} 项），报主持人审定。")
    return meeting


def issue_minutes(case, actor):
    """Process.on_close (the chair approved the minutes): 印发; the minutes clock stops today."""
    meeting = Meeting.objects.select_for_update(of=("self",)).get(case=case)
    meeting.minutes_issued_at = timezone.now()
    meeting.save(update_fields=["minutes_issued_at"])
    case.result = f"会议纪要已经主持人审定，于{chinese_date(timezone.localdate())}印发（议定事项 {meeting.decisions.count()} 项）。"
    clock = _open_clock(case, MINUTES_RULE)
    if clock is not None:
        deadlines.stop_clock(clock.pk, actor, timezone.localdate())
    people = [p for p in [*meeting.attendees.all(), *meeting.observers.all()] if p.is_active]
    _notify(
        case, people, f"meeting-minutes:{meeting.pk}", f"会议纪要已印发：“{case.title}”，请查阅并抓好议定事项落实。"
    )


def decision_title(decision):
    meeting = decision.meeting
    first = decision.text.splitlines()[0] if decision.text else ""
    return f"{meeting.get_kind_display()}议定事项：{first[:80]}"


@transaction.atomic
def decision_to_supervision(decision_id, actor):
    """One click: the decision becomes a 督办事项 (source 会议决定事项), linked both ways."""
    from apps.supervision.models import Source
    from apps.supervision.services import register_item

    case_id = Decision.objects.filter(pk=decision_id).values_list("meeting__case_id", flat=True).first()
    if case_id is None:
        raise TransitionError("议定事项不存在。")
    case, meeting = _lock_meeting(case_id)
    decision = Decision.objects.select_for_update(of=("self",)).select_related("lead_section").get(pk=decision_id)
    if not is_organiser(actor, meeting) or not Case.objects.visible_to(actor).filter(pk=case.pk).exists():
        raise TransitionError("只有组织会议的科室工作人员可以将议定事项转为督办事项。")
    if meeting.minutes_issued_at is None:
        raise TransitionError("会议纪要印发后，议定事项才能转为督办事项。")
    if decision.supervised_case_id:
        raise TransitionError("该议定事项已转为督办事项。")
    if decision.lead_section is None:
        raise TransitionError("请先在纪要中写明该议定事项的牵头落实科室。")
    instruction = f"{case.title}（{chinese_date(meeting.day)}）议定：{decision.text}"
    item_case = register_item(
        actor,
        title=decision_title(decision),
        source=Source.MEETING,
        instruction=instruction[:4000],
        lead_section=decision.lead_section,
        origin_case=case,
    )
    decision.supervised_case = item_case
    decision.supervised_at = timezone.now()
    decision.save(update_fields=["supervised_case", "supervised_at"])
    record("meeting.decision_supervised", actor=actor, obj=case, detail={"decision": decision.pk, "item": item_case.pk})
    return item_case


# --- the monthly party-group check ---------------------------------------------------------------


def month_bounds(day):
    start = timezone.make_aware(datetime.combine(day.replace(day=1), time.min))
    nxt = day.replace(year=day.year + (day.month == 12), month=day.month % 12 + 1, day=1)
    return start, timezone.make_aware(datetime.combine(nxt, time.min))


def party_group_status(today=None):
    """(held this month?, the next planned one this month or None): seed 002 rule 1 asks for at
    least one 党组会议 a month. Counts every meeting, visible or not: the flag is a fact about the
    bureau, shown to the office and the leaders."""
    today = today or timezone.localdate()
    start, end = month_bounds(today)
    month = Meeting.objects.filter(kind=Kind.PARTY_GROUP, starts_at__gte=start, starts_at__lt=end).exclude(
        case__status__in=(Case.Status.REJECTED,)
    )
    held = month.filter(held_at__isnull=False).exists()
    planned = (
        None
        if held
        else month.filter(held_at__isnull=True, case__status=Case.Status.ACTIVE).order_by("starts_at").first()
    )
    return held, planned


def sees_party_group_flag(user):
    if not getattr(user, "is_authenticated", False) or not user.is_active or user.admin_role:
        return False
    return user.rank in (Rank.DIRECTOR, Rank.DIVISION_LEADER) or (user.section_id and user.section.code == "office")
