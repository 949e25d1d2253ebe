"""Demo leave and attendance (seed_demo calls create_demo_cases): allowances for everyone, requests
in every state, staff records, and two months of fingerprint records (one published), all moved
by the real services so routes, delegations, balances and summaries are what the rules give."""

from datetime import timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from apps.workflow import api, calendar
from apps.workflow.models import Task

from .leave import services
from .models import HalfDay, LeaveBalance, LeaveType

# a 1x1 PNG: a photographed sick note stands in for the real thing
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a4a10000000049454e44ae426082"
)


def _working_day(offset):
    """The |offset|-th working day after (or before) today; 0 is today or the next working day."""
    today = timezone.localdate()
    if offset == 0:
        return calendar.next_working_day(today)
    return calendar.add_working_days(today, offset)


def _leave(
    user,
    code,
    start,
    end,
    reason,
    *,
    start_part=HalfDay.AM,
    end_part=HalfDay.PM,
    stand_in=None,
    uploads=(),
    submit=True,
    destination="",
):
    data = {
        "leave_type": LeaveType.objects.get(code=code),
        "start_date": start,
        "start_part": start_part,
        "end_date": end,
        "end_part": end_part,
        "reason": reason,
        "destination": destination,
        "stand_in": stand_in,
    }
    return services.save_leave(user, data, uploads=uploads, submit=submit)


def _approve_all(case, steps=99):
    for _ in range(steps):
        tasks = list(case.tasks.filter(status=Task.Status.PENDING, kind=Task.Kind.APPROVE).select_related("assignee"))
        if not tasks:
            return
        for task in tasks:
            api.approve(case.pk, task.pk, task.assignee, "同意。")


def create_demo_cases(u):
    today = timezone.localdate()
    year = today.year
    staff = [user for user in u.values() if not user.admin_role and user.section_id]
    for i, person in enumerate(staff):
        days = (5, 10, 15)[i % 3]
        LeaveBalance.objects.get_or_create(
            person=person,
            year=year,
            defaults={
                "annual_days": Decimal(days),
                "basis": {5: "工作满1年不满10年", 10: "工作满10年不满20年", 15: "工作满20年"}[days],
                "set_by": u["personnel.clerk"],
            },
        )
    made = []

    # Half a day of personal leave last month, approved and returned (科室负责人 + 分管领导).
    day = calendar.add_working_days(today.replace(day=1), -5)
    case = _leave(u["office.clerk"], "personal", day, day, "孩子学校家长会。", end_part=HalfDay.AM)
    _approve_all(case)
    services.register_return(case.leave.pk, u["office.clerk"], day, HalfDay.PM)
    made.append(case)

    # Three days of personal leave this month: over the 2-day monthly limit (冲减年休假), returned.
    start = calendar.next_working_day(today.replace(day=1))
    end = calendar.add_working_days(start, 2)
    if end < today:
        case = _leave(u["lawyer.clerk"], "personal", start, end, "老家房屋修缮，需回乡处理。", destination="湖南益阳")
        _approve_all(case)
        services.register_return(case.leave.pk, u["lawyer.clerk"], calendar.add_working_days(end, 1), HalfDay.AM)
        made.append(case)

    # One day of personal leave, at the division leader (then the personnel leader).
    day = _working_day(3)
    case = _leave(u["recon.clerk"], "personal", day, day, "办理房产过户手续。", stand_in=u["recon.chief"])
    first = case.tasks.get(status=Task.Status.PENDING)
    api.approve(case.pk, first.pk, first.assignee, "同意，工作已安排。")
    made.append(case)

    # Three days of annual leave, at the main leader (科室负责人, 分管领导 = 分管政工领导, 主要领导).
    start = _working_day(5)
    case = _leave(
        u["law.clerk"],
        "annual",
        start,
        calendar.add_working_days(start, 2),
        "年休假，外出探亲。",
        stand_in=u["law.chief"],
        destination="山东淄博",
    )
    _approve_all(case, steps=2)
    made.append(case)

    # A section chief on sick leave now, approved: his inbox is delegated to his colleague.
    start = calendar.add_working_days(today, -1)
    upload = SimpleUploadedFile("区人民医院诊断证明.png", PNG, content_type="image/png")
    case = _leave(
        u["enforce.chief"],
        "sick",
        start,
        calendar.add_working_days(start, 2),
        "急性腰扭伤，遵医嘱休息。",
        stand_in=u["enforce.clerk"],
        uploads=[upload],
    )
    _approve_all(case)
    made.append(case)

    # A leadership member: one day, to the main leader.
    day = _working_day(4)
    made.append(_leave(u["leader.shi"], "personal", day, day, "参加子女婚礼。", stand_in=u["leader.lu"]))

    # A draft not yet submitted.
    day = _working_day(8)
    made.append(
        _leave(u["personnel.clerk"], "marriage", day, calendar.add_working_days(day, 4), "本人结婚。", submit=False)
    )

    # Rejected.
    day = _working_day(2)
    case = _leave(u["service.clerk"], "personal", day, calendar.add_working_days(day, 1), "外出旅游。")
    task = case.tasks.get(status=Task.Status.PENDING)
    api.reject(case.pk, task.pk, task.assignee, "年底工作任务重，请调整到元旦后。")
    made.append(case)
    _attendance(u)
    return len(made) + _people(u)


def _records(u, staff):
    """Staff records with plausible dates (who retires when, who has been long in a key post)."""
    from datetime import date

    from .models import StaffRecord

    for i, person in enumerate(staff):
        born = date(1968 + (i * 7) % 24, 1 + i % 12, 1 + (i * 5) % 27)
        if i == 5:
            born = date(1966, 7, 1)  # retires on 2026-12-01 (60 years and 5 months): the ledger's example
        StaffRecord.objects.get_or_create(
            person=person,
            defaults={
                "attendance_no": str(1001 + i),
                "gender": "M" if i % 3 or i == 5 else "F",
                "birth_date": born,
                "staffing_type": "civil_service" if i % 5 else "public_institution",
                "job_title": person.get_rank_display(),
                "work_start_date": date(born.year + 22, 8, 1),
                "entry_date": date(born.year + 25 if born.year + 25 < 2025 else 2024, 3, 1),
                "post_since": date(2008 + i % 15, 1, 1),
                "key_post": person.rank == "chief",
            },
        )


def _attendance(u):
    """Last month imported from a fingerprint file and published; this month imported so far and
    waiting for the personnel section to publish."""
    from io import BytesIO

    from openpyxl import Workbook

    from .attendance import services as attendance_services
    from .attendance.summary import month_days

    staff = list(attendance_services.attendance_staff())
    _records(u, staff)
    today = timezone.localdate()
    this_month = today.replace(day=1)
    last_month = (this_month - timedelta(days=1)).replace(day=1)
    officer = u["personnel.clerk"]
    from .models import OfficialOuting

    OfficialOuting.objects.get_or_create(
        person=u["law.chief"],
        start_date=last_month.replace(day=20),
        end_date=last_month.replace(day=21),
        defaults={
            "kind": OfficialOuting.Kind.TRIP,
            "destination": "市司法局",
            "reason": "参加全市依法治市工作培训",
            "approved_by": u["leader.lu"],
            "registered_by": officer,
        },
    )
    for month, publish in ((last_month, True), (this_month, False)):
        book = Workbook()
        sheet = book.active
        sheet.append(["考勤号", "姓名", "日期", "上班打卡", "下班打卡"])
        for day in month_days(month):
            if day >= today or not calendar.is_working_day(day):
                continue
            for i, person in enumerate(staff):
                late = (i + day.day) % 17 == 0 or (person.username == "service.clerk" and day.weekday() < 3)
                early = (i * 3 + day.day) % 23 == 0
                if (i + day.day) % 41 == 0:
                    continue  # no punch at all that day
                sheet.append(
                    [
                        person.staff_record.attendance_no,
                        person.full_name,
                        day,
                        "08:41" if late else f"08:{10 + (i + day.day) % 18:02d}",
                        "17:05" if early else f"17:{35 + (i * 7 + day.day) % 20:02d}",
                    ]
                )
        buffer = BytesIO()
        book.save(buffer)
        upload = SimpleUploadedFile(f"考勤机导出{month:%Y%m}.xlsx", buffer.getvalue())
        if sheet.max_row > 1:
            attendance_services.import_month(officer, month, upload)
            if publish:
                attendance_services.publish_month(officer, month)


def _people(u):
    """Passports in the cabinet and one out on a trip whose holder is back, union benefits, and
    the third quarter's appraisal confirmed within the 30% cap."""
    from datetime import date

    from apps.org.models import Position

    from .appraisal import services as appraisal_services
    from .models import AppraisalRound, BenefitType, Passport
    from .people import services as people_services

    officer = u["personnel.clerk"]
    position = Position.objects.get(key="passport_keeper")
    position.holder = officer
    position.save(update_fields=["holder"])
    today = timezone.localdate()
    passports = {}
    for i, name in enumerate(("office.clerk", "law.clerk", "recon.chief", "lawyer.clerk")):
        passports[name] = Passport.objects.create(
            holder=u[name],
            kind=Passport.Kind.PASSPORT if i % 2 == 0 else Passport.Kind.HK_MACAO,
            number_tail=f"{4821 + i * 137}",
            expires_on=date(today.year + 4, 6, 30),
            received_on=date(2021, 3, 1),
        )
    made = 0
    # back from a trip eight days ago and not handed in yet: the sweep reminds and then chases
    trip = people_services.save_trip(
        u["office.clerk"],
        {
            "passport": passports["office.clerk"],
            "destination": "新加坡",
            "purpose": "探望在外求学的子女",
            "depart_on": today + timedelta(days=1),
            "return_on": today + timedelta(days=8),
        },
        submit=True,
    )
    _approve_all(trip)
    people_services.hand_out(trip.pk, officer, today)
    people_services.report_return(trip.pk, u["office.clerk"], today, "按期回国，未发生涉外事项。")
    made += 1
    # a request waiting at the personnel section's first check
    trip = people_services.save_trip(
        u["law.clerk"],
        {
            "passport": passports["law.clerk"],
            "destination": "香港",
            "purpose": "旅游",
            "depart_on": today + timedelta(days=20),
            "return_on": today + timedelta(days=24),
        },
        submit=True,
    )
    _approve_all(trip, steps=1)
    made += 1
    for name, code, day in (
        ("recon.clerk", "hospital", date(today.year, 3, 12)),
        ("service.chief", "wedding", date(today.year, 5, 20)),
        ("correct.clerk", "birth", date(today.year, 8, 2)),
    ):
        people_services.register_benefit(officer, u[name], BenefitType.objects.get(code=code), day, "")
    round_ = appraisal_services.create_round(officer, AppraisalRound.Kind.QUARTERLY, today.year, 3)
    grades = {grade.person_id: "fair" for grade in round_.grades.all()}
    # 好 for chiefs up to 30% of everyone appraised, bureau-wide (制度第十六条三)
    allowed = appraisal_services.share_allowed(len(grades), round_.good_cap_percent)
    for grade in round_.grades.filter(person__rank="chief").order_by("unit__order")[:allowed]:
        grades[grade.person_id] = "good"
    appraisal_services.set_grades(officer, round_.pk, grades)
    appraisal_services.confirm_quarter(officer, round_.pk)
    appraisal_services.create_round(officer, AppraisalRound.Kind.ANNUAL, today.year)
    from .demo_procedures import create_procedures

    return made + create_procedures(u)
