import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from apps.training import services
from apps.training.models import Attendance, Course, PlatformHours
from apps.workflow import api
from apps.workflow.api import TransitionError
from apps.workflow.models import Case, Task

pytestmark = pytest.mark.django_db


def xlsx(rows, name="学时.xlsx"):
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile(name, out.getvalue())


def course(staff, held_on=date(2026, 3, 6), hours="4"):
    return services.add_course(
        staff.keeper,
        {
            "plan": None,
            "title": "行政复议法培训",
            "kind": Course.Kind.LECTURE,
            "held_on": held_on,
            "hours": Decimal(hours),
            "organiser": "政工科",
            "place": "",
        },
    )


def test_the_plan_goes_through_its_approval_chain(staff):
    p = staff.p
    case = services.save_plan(
        staff.keeper, {"year": 2026, "body": "全年培训安排", "required_hours": Decimal("50")}, submit=True
    )
    assert case.tasks.get(status=Task.Status.PENDING).assignee == staff.pchief
    for approver in (staff.pchief, p.leader, p.director):
        task = case.tasks.get(status=Task.Status.PENDING)
        assert task.assignee == approver
        api.approve(case.pk, task.pk, approver, "同意")
    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED
    with pytest.raises(TransitionError, match="已经存在"):
        services.save_plan(staff.keeper, {"year": 2026, "body": "又一份", "required_hours": None})


def test_only_the_personnel_section_drafts_the_plan_and_courses(staff, client):
    with pytest.raises(TransitionError, match="只有政工科"):
        services.save_plan(staff.p.clerk, {"year": 2026, "body": "x", "required_hours": None})
    client.force_login(staff.p.clerk)
    assert client.get(reverse("training:plan_new")).status_code == 403
    assert client.get(reverse("training:course_new")).status_code == 403
    assert client.get(reverse("training:home")).status_code == 200


def test_attendance_credits_hours_only_to_those_present(staff):
    p = staff.p
    c = course(staff)
    services.record_attendance(staff.keeper, c.pk, {p.clerk: "present", p.colleague: "leave"})
    assert services.total_hours(p.clerk, 2026) == Decimal("4")
    assert services.total_hours(p.colleague, 2026) == Decimal("0")
    # re-recording the roll replaces the mark
    services.record_attendance(staff.keeper, c.pk, {p.clerk: "absent"})
    assert services.total_hours(p.clerk, 2026) == Decimal("0")
    assert Attendance.objects.filter(course=c).count() == 2


def test_a_course_outside_its_plans_year_is_refused(staff):
    plan_case = services.save_plan(staff.keeper, {"year": 2026, "body": "x", "required_hours": None})
    with pytest.raises(TransitionError, match="不属于2026年度计划"):
        services.add_course(
            staff.keeper,
            {
                "plan": plan_case.training_plan,
                "title": "t",
                "kind": "central",
                "held_on": date(2027, 1, 2),
                "hours": Decimal("2"),
                "organiser": "o",
                "place": "",
            },
        )


def test_the_platform_import_reports_each_row_it_could_not_match(staff):
    p = staff.p
    from tests.conftest import make_user

    make_user("twin1", p.clerk.section, full_name="张伟")
    make_user("twin2", p.colleague.section, full_name="张伟")
    upload = xlsx(
        [
            ["学时统计表"],
            ["序号", "姓名", "已完成学时"],
            [1, "办公室科员", 30.5],
            [2, "不存在的人", 10],
            [3, "张伟", 8],
            [4, "办公室同事", "未完成"],
            [5, "办公室科员", 12],
        ]
    )
    batch = services.import_platform_hours(staff.keeper, 2026, "干部网络学院", upload)
    assert batch.rows_read == 5 and batch.rows_matched == 1
    reasons = {row["row"]: row["reason"] for row in batch.problems}
    assert reasons[4] == "本局在职人员中没有这个姓名"
    assert "同名" in reasons[5]
    assert "不是有效的数字" in reasons[6]
    assert "与第 3 行是同一人" in reasons[7]
    assert services.total_hours(p.clerk, 2026) == Decimal("30.5")
    # a second import of the same platform and year replaces the figure, not adds to it
    services.import_platform_hours(staff.keeper, 2026, "干部网络学院", xlsx([["姓名", "学时"], ["办公室科员", 40]]))
    assert PlatformHours.objects.get(person=p.clerk).hours == Decimal("40.0")


def test_a_csv_in_gbk_with_an_account_column_is_read(staff):
    text = "姓名,账号,学时\n张伟,clerk,6\n"
    upload = SimpleUploadedFile("hours.csv", text.encode("gb18030"))
    batch = services.import_platform_hours(staff.keeper, 2026, "学习强国", upload)
    assert batch.rows_matched == 1 and PlatformHours.objects.get().person == staff.p.clerk


def test_a_file_without_the_columns_is_refused_with_a_reason(staff, client):
    client.force_login(staff.keeper)
    upload = xlsx([["单位", "人数"], ["区司法局", 40]])
    response = client.post(
        reverse("training:import_new"), {"year": 2026, "platform": "平台", "file": upload}, follow=True
    )
    assert "找不到“姓名”和“学时”两列" in response.content.decode()
    assert not PlatformHours.objects.exists()


def test_staff_see_only_their_own_hours_and_courses(staff, client):
    p = staff.p
    c = course(staff)
    services.record_attendance(staff.keeper, c.pk, {p.colleague: "present"})
    client.force_login(p.clerk)
    assert client.get(reverse("training:course_detail", args=[c.pk])).status_code == 404
    page = client.get(reverse("training:hours") + "?year=2026").content.decode()
    assert "办公室科员" in page and "办公室同事" not in page
    client.force_login(p.colleague)
    assert client.get(reverse("training:course_detail", args=[c.pk])).status_code == 200


def test_the_hours_register_exports_excel_with_the_sums(staff, client):
    p = staff.p
    services.record_attendance(staff.keeper, course(staff).pk, {p.clerk: "present"})
    services.import_platform_hours(staff.keeper, 2026, "平台", xlsx([["姓名", "学时"], ["办公室科员", 10.5]]))
    client.force_login(staff.keeper)
    response = client.get(reverse("training:hours") + "?year=2026&export=xlsx")
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.content)).worksheets[0].values)
    clerk_row = next(r for r in rows if r and r[0] == "办公室科员")
    assert [Decimal(str(v)) for v in clerk_row[2:5]] == [Decimal("4"), Decimal("10.5"), Decimal("14.5")]


def test_the_hours_list_runs_a_constant_number_of_queries(staff, client):
    from tests.conftest import make_user

    client.force_login(staff.keeper)
    c = course(staff)
    services.record_attendance(staff.keeper, c.pk, {staff.p.clerk: "present"})
    url = reverse("training:hours") + "?year=2026"
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for i in range(15):
        make_user(f"extra{i}", staff.p.clerk.section, full_name=f"人员{i}")
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_admins_get_no_business_page(staff, client):
    client.force_login(staff.p.sysadmin)
    assert client.get(reverse("training:home")).status_code == 403


def test_a_file_of_another_type_is_refused(staff):
    upload = SimpleUploadedFile("hours.txt", b"a,b")
    with pytest.raises(TransitionError, match="只能上传"):
        services.import_platform_hours(staff.keeper, 2026, "平台", upload)
    assert not PlatformHours.objects.exists()
