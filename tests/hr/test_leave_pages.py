"""Leave pages: who sees which request (default deny), the register and its Excel file, the
printed 请假单, the balance page, and constant query counts."""

from datetime import date, timedelta
from decimal import Decimal
from io import BytesIO

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from apps.audit.models import AuditEvent
from apps.hr.leave import services
from apps.hr.models import LeaveRequest, LeaveType
from apps.workflow.models import Case

from .factories import approve_all, file_leave

pytestmark = pytest.mark.django_db


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def leaves(staff, today):
    """The clerk's one-day leave (approved by chief, leader, personnel leader), the colleague's
    draft, and a lawyers' clerk's half day at his chief."""
    approved = file_leave(staff.clerk, start=date(2026, 11, 17), reason="去医院复查")
    approve_all(approved)
    draft = file_leave(staff.colleague, start=date(2026, 11, 18), submit=False, reason="草稿事由")
    lawyers = file_leave(staff.outsider, start=date(2026, 11, 19), end_part="am", reason="律师科事由")
    return {"approved": approved, "draft": draft, "lawyers": lawyers}


# persona -> the requests the leave register lists
LISTED = {
    "clerk": {"approved"},
    "colleague": {"draft"},  # one's own draft; not the clerk's leave, though the same section
    "chief": {"approved"},
    "leader": {"approved"},
    # approver of the first; the lawyers' division leader too, but only once it reaches him
    "personnel_leader": {"approved"},
    "director": set(),  # a one-day leave never reached him
    "officer": {"approved", "lawyers"},  # the personnel section keeps every submitted request
    "hr_chief": {"approved", "lawyers"},
    "outsider": {"lawyers"},
    "other_chief": {"lawyers"},
    "sysadmin": set(),
}


def test_the_register_lists_exactly_what_each_persona_may_see(staff, leaves):
    ids = {case.pk: key for key, case in leaves.items()}
    wrong = []
    for name, expected in LISTED.items():
        client = client_for(getattr(staff, name))
        response = client.get("/hr/leave/")
        listed = {ids[row.case_id] for row in response.context["page"].object_list}
        if listed != expected:
            wrong.append(f"{name}: {sorted(listed)} != {sorted(expected)}")
        for key, case in leaves.items():
            page = client.get(f"/cases/{case.pk}/")
            shown = page.status_code == 200
            # the case page follows the engine's rule; the personnel section holds grants
            if shown != (key in expected) and not (key == "draft" and name == "colleague"):
                wrong.append(f"{name} case page {key}: {page.status_code}")
        sheet = load_workbook(BytesIO(client.get("/hr/leave/", {"export": "xlsx"}).content)).active
        exported = {row[9] for row in sheet.iter_rows(min_row=2, values_only=True)}
        reasons = {leaves[k].leave.reason for k in expected}
        if exported != reasons:
            wrong.append(f"{name} export: {exported} != {reasons}")
    assert not wrong, "\n".join(wrong)


def test_a_section_colleague_does_not_see_a_sick_note(staff, today):
    from django.core.files.uploadedfile import SimpleUploadedFile

    note = SimpleUploadedFile("诊断证明.pdf", b"%PDF-1.4 note", content_type="application/pdf")
    case = file_leave(staff.clerk, "sick", date(2026, 11, 17), uploads=[note])
    attachment = case.attachments.get()
    assert client_for(staff.colleague).get(f"/attachments/{attachment.pk}/").status_code == 404
    assert client_for(staff.chief).get(f"/attachments/{attachment.pk}/").status_code == 200
    assert client_for(staff.officer).get(f"/attachments/{attachment.pk}/").status_code == 200


def test_register_filters(staff, leaves):
    client = client_for(staff.officer)
    personal = LeaveType.objects.get(code="personal").pk
    cases = lambda **q: {r.case_id for r in client.get("/hr/leave/", q).context["page"].object_list}  # noqa: E731
    assert cases(status="approved") == {leaves["approved"].pk}
    assert cases(status="pending") == {leaves["lawyers"].pk}
    assert cases(q="律师") == {leaves["lawyers"].pk}
    assert cases(leave_type=personal, start="2026-11-18", end="2026-11-30") == {leaves["lawyers"].pk}
    assert cases(section=staff.clerk.section_id) == {leaves["approved"].pk}
    response = client.get("/hr/leave/", {"status": "approved", "export": "xlsx"})
    book = load_workbook(BytesIO(response.content))
    assert book.active.max_row == 2
    assert ["状态", "已批准"] in [list(r) for r in book["筛选条件"].iter_rows(values_only=True)]
    event = AuditEvent.objects.filter(event="export.leave").latest("id")
    assert event.detail == {"rows": 1, "filters": {"status": "approved"}}


def test_the_printed_leave_form(staff, leaves):
    case = leaves["approved"]
    response = client_for(staff.clerk).get(f"/hr/leave/{case.pk}/form.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert client_for(staff.colleague).get(f"/hr/leave/{case.pk}/form.pdf").status_code == 404
    assert client_for(staff.officer).get(f"/hr/leave/{case.pk}/form.pdf").status_code == 200
    # another process's case is not a leave form
    from tests.matters.factories import new_request

    other = new_request(staff.clerk, "关于其他事项的请示")
    assert client_for(staff.clerk).get(f"/hr/leave/{other.pk}/form.pdf").status_code == 404
    from apps.hr.leave.views import opinion_rows

    rows = opinion_rows(case)
    assert [r["label"] for r in rows] == ["科室负责人审批", "分管领导审批", "分管政工领导审批"]
    assert [[e.actor.username for e in r["events"]] for r in rows] == [["chief"], ["leader"], ["leader2"]]


def test_balance_page_own_and_the_personnel_section(staff, leaves):
    services.set_annual_allowance(staff.officer, staff.clerk, 2026, Decimal("5"))
    response = client_for(staff.clerk).get("/hr/leave/balance/")
    assert response.status_code == 200 and response.context["mine"].annual_allowance == 5
    assert "everyone" not in response.context
    assert client_for(staff.clerk).get("/hr/leave/balance/", {"person": staff.colleague.pk}).status_code == 404
    response = client_for(staff.officer).get("/hr/leave/balance/", {"person": staff.clerk.pk, "year": "2026"})
    assert response.context["person"] == staff.clerk and len(response.context["everyone"]) > 5
    response = client_for(staff.clerk).post(
        "/hr/leave/balance/set", {"person": staff.clerk.pk, "year": 2026, "annual_days": "15"}
    )
    assert response.status_code == 403
    client_for(staff.officer).post(
        "/hr/leave/balance/set", {"person": staff.clerk.pk, "year": 2026, "annual_days": "10", "basis": "满10年"}
    )
    assert staff.clerk.leave_balances.get(year=2026).annual_days == 10


def test_filing_edit_and_return_through_the_pages(staff, today):
    client = client_for(staff.clerk)
    data = {
        "leave_type": LeaveType.objects.get(code="personal").pk,
        "start_date": "2026-11-17",
        "start_part": "am",
        "end_date": "2026-11-17",
        "end_part": "am",
        "reason": "办事",
        "destination": "",
        "stand_in": "",
    }
    response = client.post("/hr/leave/new/", {**data, "save": "1"})
    case = Case.objects.get(process="hr.leave")
    assert response.status_code == 302 and case.status == Case.Status.DRAFT and case.is_confidential
    response = client.post(f"/hr/leave/{case.pk}/edit/", {**data, "end_part": "pm", "submit": "1"})
    case.refresh_from_db()
    assert case.status == Case.Status.ACTIVE and case.leave.days == 1
    assert client_for(staff.colleague).get(f"/hr/leave/{case.pk}/edit/").status_code == 404
    # bad dates keep what was typed, in Chinese
    response = client.post("/hr/leave/new/", {**data, "end_date": "2026-11-10", "submit": "1"})
    assert response.status_code == 200 and "结束日期不能早于开始日期" in response.content.decode()
    approve_all(case)
    today.set(date(2026, 11, 18))
    client = client_for(staff.clerk)  # a new day, a new session (idle sessions end)
    response = client.post(f"/hr/leave/{case.pk}/return", {"returned_on": "2026-11-18", "returned_part": "am"})
    assert response["Location"] == f"/cases/{case.pk}/"
    assert LeaveRequest.objects.get(case=case).actual_days == 1
    assert (
        client_for(staff.colleague).post(f"/hr/leave/{case.pk}/return", {"returned_on": "2026-11-18"}).status_code
        == 404
    )


def _bulk(staff, n):
    """n approved leave requests of the clerk's (rows bulk-made: the point is the page)."""
    personal = LeaveType.objects.get(code="personal")
    start = LeaveRequest.objects.count()
    cases = Case.objects.bulk_create(
        [
            Case(
                process="hr.leave",
                title=f"批量请假{start + i}",
                section=staff.clerk.section,
                initiator=staff.clerk,
                status=Case.Status.CLOSED,
                is_confidential=True,
            )
            for i in range(n)
        ]
    )
    day = date(2020, 1, 1)
    LeaveRequest.objects.bulk_create(
        [
            LeaveRequest(
                case=c,
                person=staff.clerk,
                leave_type=personal,
                start_date=day + timedelta(days=i),
                end_date=day + timedelta(days=i),
                days=1,
                reason="批量",
                stand_in=staff.colleague,
            )
            for i, c in enumerate(cases)
        ]
    )


def test_list_export_and_balance_query_counts_do_not_grow(staff, today):
    client = client_for(staff.officer)
    counts = {}
    for n in (5, 200):
        _bulk(staff, n if n == 5 else n - 5)
        for url in ("/hr/leave/", "/hr/leave/?export=xlsx", "/hr/leave/balance/"):
            with CaptureQueriesContext(connection) as ctx:
                response = client.get(url)
            assert response.status_code == 200
            counts.setdefault(url, []).append(len(ctx))
    for url, (small, large) in counts.items():
        assert small == large, f"{url}: {small} queries with 5 rows, {large} with 200"
    sheet = load_workbook(BytesIO(client.get("/hr/leave/?export=xlsx").content)).active
    assert sheet.max_row == 201
