"""State changes of attendance: importing a month, publishing it, registering official outings.

Each runs in one transaction, checks that the actor is the personnel section, and is audited.
"""

from datetime import date

from django.db import transaction
from django.utils import timezone

from apps.audit.log import record
from apps.workflow.api import TransitionError
from apps.workflow.models import Notification

from ..models import AttendanceMonth, MonthlyAttendance, OfficialOuting, PunchRecord
from ..personnel import require_officer
from .importer import ImportRejected, file_digest, read_file
from .summary import month_summaries


def attendance_staff():
    """Who is on the fingerprint roll: the bureau's own sections and its leadership (司法所
    staff keep the attendance of their township)."""
    from django.contrib.auth import get_user_model

    from apps.org.models import Section

    return (
        get_user_model()
        .objects.filter(
            is_active=True, admin_role="", section__kind__in=(Section.Kind.SECTION, Section.Kind.LEADERSHIP)
        )
        .select_related("section")
        .order_by("section__kind", "section__order", "full_name")
    )


def import_month(actor, month, upload):
    """Read the file and, only if every row is good, replace the month's records with it.
    Raises ImportRejected([(row, reason)]) when any row is bad (nothing is written)."""
    require_officer(actor, "导入考勤")
    month = date(month.year, month.month, 1)
    if month > timezone.localdate():
        raise TransitionError("不能导入尚未开始的月份。")
    rows = read_file(upload, month)  # raises ImportRejected before anything is written
    digest = file_digest(upload)
    with transaction.atomic():
        batch = AttendanceMonth.objects.select_for_update().filter(month=month).first()
        if batch is not None and batch.is_published:
            raise TransitionError(f"{month:%Y年%m月}考勤已公布，不能重新导入。")
        if batch is None:
            batch = AttendanceMonth(month=month)
        else:
            batch.records.all().delete()
        batch.file_name = upload.name[:200]
        batch.sha256 = digest
        batch.rows = len(rows)
        batch.imported_by = actor
        batch.imported_at = timezone.now()
        batch.save()
        PunchRecord.objects.bulk_create(
            [
                PunchRecord(
                    month=batch,
                    person=r.person,
                    day=r.day,
                    check_in=r.check_in,
                    check_out=r.check_out,
                    source_row=r.number,
                )
                for r in rows
            ]
        )
        record(
            "hr.attendance.import",
            actor=actor,
            obj=batch,
            detail={"month": month.isoformat(), "rows": len(rows), "sha256": digest},
        )
    return batch


@transaction.atomic
def publish_month(actor, month):
    """Freeze the month's summary for everyone on the roll and tell each of them (考勤结果每月公布)."""
    require_officer(actor, "公布考勤")
    batch = AttendanceMonth.objects.select_for_update().filter(month=month).first()
    if batch is None:
        raise TransitionError(f"{month:%Y年%m月}尚未导入考勤记录。")
    if batch.is_published:
        raise TransitionError(f"{month:%Y年%m月}考勤已经公布。")
    staff = list(attendance_staff())
    last_day = batch.records.order_by("-day").values_list("day", flat=True).first()
    summaries = month_summaries(staff, month, until=last_day)
    MonthlyAttendance.objects.bulk_create(
        [
            MonthlyAttendance(
                month=batch,
                person=person,
                section_name=person.section.name if person.section_id else "",
                working_days=s.working_days,
                present_days=s.present_days,
                leave_days=s.leave_days,
                outing_days=s.outing_days,
                late=s.late,
                early=s.early,
                missing=s.missing,
                slip_absences=s.slip_absences,
                absent_days=s.absent_days,
                absences=s.absences,
            )
            for person in staff
            for s in [summaries[person.pk]]
        ]
    )
    batch.published_by = actor
    batch.published_at = timezone.now()
    batch.save(update_fields=["published_by", "published_at"])
    from django.urls import reverse

    url = f"{reverse('hr:attendance')}?month={month:%Y-%m}"
    Notification.objects.bulk_create(
        [
            Notification(
                user=person,
                kind=Notification.Kind.INFO,
                key=f"attendance:{month:%Y-%m}:{person.pk}",
                message=f"{month:%Y年%m月}考勤结果已公布，请查看本人考勤情况。",
                url=url,
            )
            for person in staff
        ],
        ignore_conflicts=True,
    )
    record("hr.attendance.publish", actor=actor, obj=batch, detail={"month": month.isoformat(), "people": len(staff)})
    return batch


@transaction.atomic
def register_outing(actor, data):
    """因公外出登记 by the personnel section."""
    require_officer(actor, "登记因公外出")
    if data["end_date"] < data["start_date"]:
        raise TransitionError("结束日期不能早于开始日期。")
    published = AttendanceMonth.objects.filter(
        published_at__isnull=False,
        month__gte=date(data["start_date"].year, data["start_date"].month, 1),
        month__lte=data["end_date"],
    ).first()
    if published is not None:
        raise TransitionError(f"{published.month:%Y年%m月}考勤已公布，不能再补登该月的因公外出。")
    outing = OfficialOuting.objects.create(registered_by=actor, **data)
    record("hr.attendance.outing", actor=actor, obj=outing, detail={"person": outing.person_id})
    return outing


__all__ = ["ImportRejected", "import_month", "publish_month", "register_outing", "attendance_staff"]
