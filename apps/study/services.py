"""State changes of 学习制度 and what the appraisal reads of it (points)."""

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from apps.audit.log import record
from apps.org.models import Position
from apps.training.access import is_keeper
from apps.workflow.api import TransitionError

from .models import Attendance, Note, Session, StudyPolicy

PERSONNEL_LEADER = "personnel_leader"  # org.Position: 分管人事（政工）的局领导


def personnel_leader_id():
    return Position.objects.filter(key=PERSONNEL_LEADER).values_list("holder_id", flat=True).first()


def is_reviewer(user):
    return bool(user.is_authenticated and user.pk and user.pk == personnel_leader_id())


def _require_keeper(actor, what):
    if not is_keeper(actor):
        raise TransitionError(f"只有政工科可以{what}。")


@transaction.atomic
def add_session(actor, data):
    _require_keeper(actor, "登记集中学习")
    session = Session.objects.create(created_by=actor, **data)
    record("study.session", actor=actor, obj=session, detail={"kind": session.kind})
    return session


@transaction.atomic
def record_attendance(actor, session_id, marks):
    """marks: {user: (status, leave_reason)}. 请假 needs its reason (须向分管领导请假，说明理由)."""
    _require_keeper(actor, "登记学习考勤")
    session = Session.objects.select_for_update().get(pk=session_id)
    for person, (status, reason) in marks.items():
        if status == Attendance.Status.LEAVE and not reason.strip():
            raise TransitionError(f"{person.full_name}请假须写明理由（经分管领导同意）。")
    existing = {a.person_id: a for a in session.attendances.select_for_update()}
    for person, (status, reason) in marks.items():
        reason = reason.strip() if status == Attendance.Status.LEAVE else ""
        row = existing.get(person.pk)
        if row is None:
            Attendance.objects.create(session=session, person=person, status=status, leave_reason=reason)
        elif (row.status, row.leave_reason) != (status, reason):
            row.status, row.leave_reason = status, reason
            row.save()
    record("study.attendance", actor=actor, obj=session, detail={"people": len(marks)})
    return session


@transaction.atomic
def submit_note(actor, session_id, text):
    session = Session.objects.select_for_update().get(pk=session_id)
    if not session.attendances.filter(person=actor, status=Attendance.Status.PRESENT).exists():
        raise TransitionError("只有出席本次学习的人员可以提交学习笔记。")
    if not text.strip():
        raise TransitionError("请填写学习笔记和心得体会。")
    note = Note.objects.select_for_update().filter(session=session, person=actor).first()
    if note is not None and note.reviewed_at:
        raise TransitionError("笔记已经审阅，不能再修改。")
    if note is None:
        note = Note.objects.create(session=session, person=actor, text=text.strip())
    else:
        note.text, note.submitted_at = text.strip(), timezone.now()
        note.save()
    return note


@transaction.atomic
def review_note(actor, note_id, comment=""):
    """审阅 by the leader in charge of personnel (the 分管人事的局领导 position)."""
    note = Note.objects.select_for_update().get(pk=note_id)
    if not is_reviewer(actor):
        raise TransitionError("学习笔记和心得体会由分管政工的局领导审阅。")
    if note.reviewed_at:
        raise TransitionError("该笔记已审阅。")
    note.reviewed_by, note.reviewed_at, note.review_comment = actor, timezone.now(), comment.strip()
    note.save()
    record("study.note_reviewed", actor=actor, obj=note)
    return note


# --- reading ----------------------------------------------------------------------------------


def central_months(year):
    """{month: number of 党组中心组 sessions} of `year` (rule: one a month)."""
    rows = (
        Session.objects.filter(kind=Session.Kind.CENTRAL, held_on__year=year)
        .values_list("held_on__month")
        .annotate(n=Count("pk"))
    )
    return {month: n for month, n in rows}


@dataclass(frozen=True)
class StudyRecord:
    sessions: int
    present: int
    leave: int
    absent: int
    notes_missing: int
    points: Decimal

    def text(self):
        return (
            f"集中学习 {self.sessions} 次：出席 {self.present}、请假 {self.leave}、无故缺席 {self.absent}；"
            f"未交学习笔记 {self.notes_missing} 次"
        )


def study_record(user, year):
    """The person's study attendance in `year` and what it counts in the appraisal (3 queries)."""
    counts = Attendance.objects.filter(person=user, session__held_on__year=year).aggregate(
        sessions=Count("pk"),
        present=Count("pk", filter=Q(status=Attendance.Status.PRESENT)),
        leave=Count("pk", filter=Q(status=Attendance.Status.LEAVE)),
        absent=Count("pk", filter=Q(status=Attendance.Status.ABSENT)),
    )
    missing = (
        Attendance.objects.filter(
            person=user, session__held_on__year=year, session__notes_required=True, status=Attendance.Status.PRESENT
        )
        .exclude(session__notes__person=user)
        .count()
    )
    policy = StudyPolicy.current()
    points = -(counts["absent"] * policy.absence_deduction + missing * policy.missing_note_deduction)
    return StudyRecord(notes_missing=missing, points=points + Decimal("0"), **counts)


def points(user, year):
    """What study counts in `user`'s appraisal of `year`: 0 or a negative Decimal (deductions for
    unexcused absences and missing notes, at the StudyPolicy row's figures). For hr's appraisal."""
    return study_record(user, year).points
