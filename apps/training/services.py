"""State changes of 教育培训: the plan (through the engine), courses and attendance, and the
platform-hours import. Each runs in one transaction, locks what it changes and re-checks who acts."""

from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import DecimalField, F, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from apps.audit.log import record
from apps.workflow import api
from apps.workflow.api import TransitionError

from . import importer
from .access import is_keeper, sees_all
from .models import Attendance, Course, PlatformHours, PlatformImport, TrainingPlan
from .processes import PLAN

ZERO = Value(Decimal("0"), output_field=DecimalField(max_digits=8, decimal_places=1))


def _require_keeper(actor, what):
    if not is_keeper(actor):
        raise TransitionError(f"只有政工科可以{what}。")


@transaction.atomic
def save_plan(actor, data, *, case=None, submit=False):
    """Create (case=None) or edit the actor's draft plan; submit it for approval when asked."""
    _require_keeper(actor, "编制年度培训计划")
    title = f"{data['year']}年度干部教育培训计划"
    if case is None:
        if TrainingPlan.objects.filter(year=data["year"]).exclude(case__status="rejected").exists():
            raise TransitionError(f"{data['year']}年度培训计划已经存在，请在原计划上修改。")
        case = api.create_case(PLAN, initiator=actor, section=actor.section, title=title)
        plan = TrainingPlan(case=case)
    else:
        case = api.lock_draft(case.pk, actor, process=PLAN)
        api.save_draft(case, actor, title=title)
        plan = case.training_plan
    plan.year, plan.body, plan.required_hours = data["year"], data["body"], data.get("required_hours")
    plan.save()
    if submit:
        api.submit(case.pk, actor)
    return case


@transaction.atomic
def add_course(actor, data):
    _require_keeper(actor, "登记培训课程")
    plan = data.get("plan")
    if plan is not None and plan.year != data["held_on"].year:
        raise TransitionError(f"课程日期在 {data['held_on'].year} 年，不属于{plan.year}年度计划。")
    course = Course.objects.create(created_by=actor, **data)
    record("training.course_added", actor=actor, obj=course, detail={"title": course.title})
    return course


@transaction.atomic
def record_attendance(actor, course_id, marks):
    """marks: {user: status}. Present people are credited the course's hours, others none.
    Re-recording replaces a person's mark (the register keeps the history)."""
    _require_keeper(actor, "登记培训出勤")
    course = Course.objects.select_for_update().get(pk=course_id)
    existing = {a.person_id: a for a in course.attendances.select_for_update()}
    for person, status in marks.items():
        hours = course.hours if status == Attendance.Status.PRESENT else Decimal("0")
        row = existing.get(person.pk)
        if row is None:
            Attendance.objects.create(course=course, person=person, status=status, hours=hours)
        elif (row.status, row.hours) != (status, hours):
            row.status, row.hours = status, hours
            row.save()
    record("training.attendance", actor=actor, obj=course, detail={"people": len(marks)})
    return course


@transaction.atomic
def import_platform_hours(actor, year, platform, upload):
    """Read the platform's export, store the hours of every matched person for `year` (a later
    import of the same platform and year replaces the figure) and keep the unmatched rows."""
    _require_keeper(actor, "导入网络学时")
    platform = platform.strip()
    if not platform:
        raise TransitionError("请填写学习平台名称。")
    try:
        lines = importer.read_lines(upload)
    except importer.ImportRefused as exc:
        raise TransitionError(str(exc)) from exc
    if not lines:
        raise TransitionError("文件中没有数据行。")
    matched, problems = importer.match(lines)
    batch = PlatformImport.objects.create(
        year=year,
        platform=platform,
        file_name=(upload.name or "")[:200],
        imported_by=actor,
        rows_read=len(lines),
        rows_matched=len(matched),
        problems=problems,
    )
    current = {r.person_id: r for r in PlatformHours.objects.select_for_update().filter(year=year, platform=platform)}
    for _line, user, hours in matched:
        row = current.get(user.pk)
        if row is None:
            PlatformHours.objects.create(person=user, year=year, platform=platform, hours=hours, source=batch)
        else:
            row.hours, row.source = hours, batch
            row.save()
    record(
        "training.platform_import",
        actor=actor,
        obj=batch,
        detail={"year": year, "platform": platform, "read": len(lines), "matched": len(matched)},
    )
    return batch


# --- reading ----------------------------------------------------------------------------------


def course_queryset(user):
    qs = Course.objects.select_related("plan")
    if sees_all(user):
        return qs
    return qs.filter(attendances__person=user).distinct()


def hours_by_person(user, year):
    """People with their hours in `year` (course hours, platform hours): one query whatever
    their number. Keepers and leaders see everyone; others only themselves."""
    User = get_user_model()
    people = User.objects.filter(is_active=True, admin_role="").select_related("section")
    if not sees_all(user):
        people = people.filter(pk=user.pk)
    course = (
        Attendance.objects.filter(person=OuterRef("pk"), course__held_on__year=year)
        .values("person")
        .annotate(t=Sum("hours"))
        .values("t")
    )
    platform = PlatformHours.objects.filter(person=OuterRef("pk"), year=year).values("person").annotate(t=Sum("hours"))
    return (
        people.annotate(
            course_hours=Coalesce(Subquery(course), ZERO),
            platform_hours=Coalesce(Subquery(platform.values("t")), ZERO),
        )
        .annotate(total_hours=F("course_hours") + F("platform_hours"))
        .order_by("section__kind", "section__order", "full_name")
    )


def total_hours(person, year):
    """A person's hours in `year` (for other apps: e.g. the appraisal)."""
    course = Attendance.objects.filter(person=person, course__held_on__year=year).aggregate(t=Sum("hours"))["t"]
    platform = PlatformHours.objects.filter(person=person, year=year).aggregate(t=Sum("hours"))["t"]
    return (course or Decimal("0")) + (platform or Decimal("0"))


def plan_for(year):
    return TrainingPlan.objects.select_related("case").filter(year=year).exclude(case__status="rejected").first()
