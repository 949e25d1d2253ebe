"""Attendance: importing the fingerprint machine's file (all or nothing, bad rows by number),
reconciliation with leave and outings over the calendar's working days, three slips a week make
one absence, publication to staff, the register."""

from datetime import date, datetime, time
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from openpyxl import Workbook, load_workbook

from apps.accounts.models import Rank
from apps.hr.attendance import services
from apps.hr.attendance.importer import ImportRejected
from apps.hr.attendance.summary import month_summaries
from apps.hr.models import AttendanceMonth, HalfDay, MonthlyAttendance, OfficialOuting, PunchRecord, StaffRecord
from apps.workflow.models import Notification
from apps.workflow.services import TransitionError
from tests.conftest import make_user

from .factories import approve_all, file_leave

pytestmark = pytest.mark.django_db

OCTOBER = date(2026, 10, 1)
# October 2026: 1-7 National Day, Saturday the 10th a make-up working day -> 18 working days
WORKING = [date(2026, 10, d) for d in (8, 9, 10, 12, 13, 14, 15, 16, 19, 20, 21, 22, 23, 26, 27, 28, 29, 30)]


def xlsx(rows, header=("考勤号", "姓名", "日期", "上班打卡", "下班打卡"), name="考勤.xlsx"):
    book = Workbook()
    sheet = book.active
    if header:
        sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    buffer = BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(
        name, buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )


def full_month(name, days=WORKING, check_in="8:20", check_out="17:40"):
    return [("", name, day, check_in, check_out) for day in days]


@pytest.fixture
def october(today):
    today.set(date(2026, 11, 16))
    return today


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def test_a_malformed_file_is_rejected_row_by_row_and_nothing_is_imported(staff, october):
    make_user("dup1", staff.clerk.section, full_name="王伟")
    make_user("dup2", staff.outsider.section, full_name="王伟")
    rows = [
        ("", "办公室科员", date(2026, 10, 8), "8:20", "17:35"),  # row 2: good
        ("", "查无此人", date(2026, 10, 8), "8:20", "17:35"),  # row 3
        ("", "办公室科员", "十月九日", "8:20", "17:35"),  # row 4
        ("", "办公室科员", date(2026, 11, 2), "8:20", "17:35"),  # row 5: not October
        ("", "办公室科员", date(2026, 10, 12), "八点", "17:35"),  # row 6
        ("", "办公室科员", date(2026, 10, 13), "17:50", "8:10"),  # row 7
        ("", "王伟", date(2026, 10, 8), "8:20", "17:35"),  # row 8: two people of that name
        ("9999", "办公室同事", date(2026, 10, 8), "8:20", "17:35"),  # row 9: number not registered
        ("", "办公室科员", date(2026, 10, 8), "8:25", "17:35"),  # row 10: same person and day as row 2
    ]
    with pytest.raises(ImportRejected) as caught:
        services.import_month(staff.officer, OCTOBER, xlsx(rows))
    errors = dict(caught.value.errors)
    assert sorted(errors) == [3, 4, 5, 6, 7, 8, 9, 10]
    assert "“查无此人”不是在职工作人员" in errors[3]
    assert "日期无法识别：“十月九日”" in errors[4]
    assert "不在 2026年10月" in errors[5]
    assert "上班打卡时间无法识别：“八点”" in errors[6]
    assert errors[7] == "下班打卡早于上班打卡"
    assert "有 2 位工作人员名为“王伟”，请填写考勤号" in errors[8]
    assert "考勤号“9999”未在人员档案中登记" in errors[9]
    assert errors[10] == "与第 2 行重复（办公室科员 2026-10-08）"
    assert not PunchRecord.objects.exists() and not AttendanceMonth.objects.exists()


def test_the_page_lists_the_bad_rows_and_imports_the_clean_file(staff, october):
    client = client_for(staff.officer)
    bad = xlsx([("", "办公室科员", date(2026, 10, 8), "8:20", "25:61")])
    response = client.post("/hr/attendance/import", {"month": "2026-10", "file": bad})
    assert response.status_code == 400
    body = response.content.decode()
    assert "第 2 行" in body and "下班打卡时间无法识别：“25:61”" in body and "未导入任何记录" in body
    assert not PunchRecord.objects.exists()
    clean = xlsx(full_month("办公室科员") + full_month("办公室主任"))
    response = client.post("/hr/attendance/import", {"month": "2026-10", "file": clean})
    assert response.status_code == 302
    batch = AttendanceMonth.objects.get(month=OCTOBER)
    assert batch.rows == 36 and PunchRecord.objects.count() == 36
    # a corrected file replaces the month while it is not published
    services.import_month(staff.officer, OCTOBER, xlsx(full_month("办公室科员")))
    assert PunchRecord.objects.count() == 18


def test_not_an_excel_file(staff, october):
    upload = SimpleUploadedFile("考勤.xlsx", b"PK\x03\x04 not a workbook")
    with pytest.raises(ImportRejected) as caught:
        services.import_month(staff.officer, OCTOBER, upload)
    assert caught.value.errors[0][0] == 0 and "文件无法读取" in caught.value.errors[0][1]
    with pytest.raises(ImportRejected) as caught:
        services.import_month(staff.officer, OCTOBER, xlsx([], header=("人员", "时刻")))
    assert caught.value.errors == [
        (1, "缺少列：姓名、日期、上班打卡（第1行应为表头：考勤号、姓名、日期、上班打卡、下班打卡）")
    ]


def test_the_machines_raw_punch_log_is_read_too(staff, october):
    StaffRecord.objects.create(
        person=staff.clerk,
        attendance_no="1001",
        gender="F",
        birth_date=date(1990, 5, 1),
        staffing_type="civil_service",
        work_start_date=date(2012, 8, 1),
        entry_date=date(2015, 3, 1),
    )
    rows = [
        ("1001", "办公室科员", datetime(2026, 10, 8, 8, 31)),
        ("1001", "办公室科员", datetime(2026, 10, 8, 12, 2)),
        ("1001", "办公室科员", datetime(2026, 10, 8, 17, 45)),
        ("1001", "", datetime(2026, 10, 9, 16, 50)),  # one punch in the afternoon: the check-out
    ]
    services.import_month(staff.officer, OCTOBER, xlsx(rows, header=("考勤号", "姓名", "日期时间")))
    records = {r.day: (r.check_in, r.check_out) for r in PunchRecord.objects.filter(person=staff.clerk)}
    assert records == {date(2026, 10, 8): (time(8, 31), time(17, 45)), date(2026, 10, 9): (None, time(16, 50))}


def test_reconciliation_with_leave_outings_and_the_calendar(staff, october):
    october.set(date(2026, 10, 1))
    # a half-day leave on the morning of the 13th: coming in at 13:30 is not late
    approve_all(file_leave(staff.clerk, start=date(2026, 10, 13), end_part=HalfDay.AM))
    # a whole day of annual leave on the 14th (no punches that day)
    from apps.hr.leave import services as leave_services

    leave_services.set_annual_allowance(staff.officer, staff.clerk, 2026, Decimal("5"))
    approve_all(file_leave(staff.clerk, "annual", date(2026, 10, 14)))
    OfficialOuting.objects.create(
        person=staff.clerk,
        start_date=date(2026, 10, 15),
        end_date=date(2026, 10, 16),
        destination="市司法局",
        reason="业务培训",
        approved_by=staff.leader,
        registered_by=staff.officer,
    )
    october.set(date(2026, 11, 16))
    days = [
        d for d in WORKING if d not in (date(2026, 10, 14), date(2026, 10, 15), date(2026, 10, 16), date(2026, 10, 30))
    ]
    rows = []
    for day in days:
        check_in, check_out = "8:20", "17:40"
        if day == date(2026, 10, 13):
            check_in = "13:25"
        if day in (date(2026, 10, 19), date(2026, 10, 21)):
            check_in = "8:45"  # late twice in the week of the 19th
        if day == date(2026, 10, 22):
            check_out = "17:00"  # and early once: three slips in one week
        if day == date(2026, 10, 26):
            check_in = "8:31"  # once the next week: no absence
        if day == date(2026, 10, 27):
            check_out = ""  # a missing punch
        rows.append(("", "办公室科员", day, check_in, check_out))
    services.import_month(staff.officer, OCTOBER, xlsx(rows))
    summary = month_summaries([staff.clerk], OCTOBER)[staff.clerk.pk]
    assert summary.working_days == 18
    assert summary.leave_days == Decimal("1.5") and summary.outing_days == 2
    assert (summary.late, summary.early, summary.missing) == (3, 1, 1)
    assert summary.slip_absences == 1  # the week of the 19th; the week of the 26th has only two
    assert summary.absent_days == 1  # no punch on the 30th, nothing covering it
    assert summary.absences == 2
    assert summary.present_days == Decimal("13.5")
    notes = {d.day: d.notes for d in summary.days}
    assert notes[date(2026, 10, 13)] == "事假" and notes[date(2026, 10, 30)] == "缺勤1天"
    assert notes[date(2026, 10, 27)] == "缺卡"


def test_publication_freezes_the_month_and_tells_everyone(staff, october):
    services.import_month(
        staff.officer, OCTOBER, xlsx(full_month("办公室科员") + full_month("办公室同事", check_in="8:45"))
    )
    with pytest.raises(TransitionError, match="只有政工科"):
        services.publish_month(staff.chief, OCTOBER)
    services.publish_month(staff.officer, OCTOBER)
    clerk = MonthlyAttendance.objects.get(person=staff.clerk)
    colleague = MonthlyAttendance.objects.get(person=staff.colleague)
    assert (clerk.absences, clerk.present_days) == (0, 18)
    assert colleague.late == 18 and colleague.slip_absences == 4  # 3+5+5+5 late days in four weeks
    assert Notification.objects.filter(user=staff.clerk, key__startswith="attendance:2026-10").exists()
    with pytest.raises(TransitionError, match="已公布，不能重新导入"):
        services.import_month(staff.officer, OCTOBER, xlsx(full_month("办公室科员")))
    with pytest.raises(TransitionError, match="已经公布"):
        services.publish_month(staff.officer, OCTOBER)
    # staff see the published month and their own days
    response = client_for(staff.clerk).get("/hr/attendance/", {"month": "2026-10"})
    assert response.status_code == 200
    assert {r.person.username for r in response.context["published"]} >= {"clerk", "colleague"}
    assert response.context["mine"].working_days == 18 and "draft" not in response.context


def test_only_the_personnel_section_imports_and_leaders_export(staff, october):
    upload = xlsx(full_month("办公室科员"))
    assert (
        client_for(staff.chief).post("/hr/attendance/import", {"month": "2026-10", "file": upload}).status_code == 403
    )
    assert client_for(staff.chief).post("/hr/attendance/publish", {"month": "2026-10"}).status_code == 403
    services.import_month(staff.officer, OCTOBER, xlsx(full_month("办公室科员")))
    services.publish_month(staff.officer, OCTOBER)
    assert client_for(staff.clerk).get("/hr/attendance/", {"month": "2026-10", "export": "xlsx"}).status_code == 403
    response = client_for(staff.leader).get("/hr/attendance/", {"month": "2026-10", "absent": "1", "export": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    names = {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert "办公室科员" not in names and "办公室同事" in names  # only the rows with absences


def test_the_template_downloads(staff, october):
    response = client_for(staff.clerk).get("/hr/attendance/template.xlsx", {"month": "2026-10"})
    assert response.status_code == 200
    book = load_workbook(BytesIO(response.content))
    assert [c.value for c in book.active[1]] == ["考勤号", "姓名", "日期", "上班打卡", "下班打卡"]
    assert "填写说明" in book.sheetnames


def test_the_attendance_page_costs_the_same_with_more_staff(staff, october, bureau):
    services.import_month(staff.officer, OCTOBER, xlsx(full_month("办公室科员")))
    client = client_for(staff.officer)
    client.get("/hr/attendance/", {"month": "2026-10"})  # warm the calendar cache and the session
    counts = []
    for n in (2, 40):
        for i in range(n):
            make_user(f"extra{len(counts)}-{i}", bureau["office"], Rank.STAFF)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get("/hr/attendance/", {"month": "2026-10"})
        assert response.status_code == 200
        counts.append(len(ctx))
    assert counts[0] == counts[1], counts
    assert len(response.context["draft"]) > 40
