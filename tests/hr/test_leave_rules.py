"""The personal-leave rules, annual leave, sick notes and overlaps (seed 002 rule 2)."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.hr.leave import services
from apps.hr.leave.balances import leave_year
from apps.hr.models import HalfDay, LeaveType
from apps.workflow.services import TransitionError

from .factories import approve_all, file_leave

pytestmark = pytest.mark.django_db


def allowance(staff, person, days, year=2026):
    services.set_annual_allowance(staff.officer, person, year, Decimal(days), "工作满10年不满20年")


def approved(user, code, start, end=None, **kwargs):
    case = file_leave(user, code, start, end, **kwargs)
    approve_all(case)
    return case.leave


def test_personal_leave_over_two_days_a_month_comes_off_annual_leave(staff, today):
    allowance(staff, staff.clerk, 10)
    today.set(date(2026, 3, 1))
    approved(staff.clerk, "personal", date(2026, 3, 2), date(2026, 3, 3))  # 2 days: within the limit
    year = leave_year(staff.clerk, 2026)
    assert (year.personal_total, year.deducted, year.annual_remaining) == (2, 0, 10)
    approved(staff.clerk, "personal", date(2026, 3, 9), end_part=HalfDay.AM)  # 2.5 in March
    approved(staff.clerk, "personal", date(2026, 4, 1))  # 1 in April: no deduction
    year = leave_year(staff.clerk, 2026)
    assert year.months == [(3, Decimal("2.5"), Decimal("0.5")), (4, Decimal("1"), Decimal("0"))]
    assert year.deducted == Decimal("0.5")
    assert year.annual_remaining == Decimal("9.5")
    assert "3月事假累计 2.5 天，超过每月 2 天的 0.5 天冲减年休假。" in year.notes()


def test_twenty_days_of_personal_leave_forfeit_the_years_annual_leave(staff, today):
    allowance(staff, staff.clerk, 5)
    today.set(date(2026, 1, 5))
    # 19 working days in March
    leave = approved(staff.clerk, "personal", date(2026, 3, 2), date(2026, 3, 26))
    assert leave.days == 19
    year = leave_year(staff.clerk, 2026)
    assert not year.forfeited and any("还差 1 天" in line for line in year.notes())
    approved(staff.clerk, "personal", date(2026, 4, 1))
    year = leave_year(staff.clerk, 2026)
    assert year.forfeited
    assert year.annual_remaining < 0  # nothing left, and the excess personal days besides
    with pytest.raises(TransitionError, match="不享受2026年年休假"):
        file_leave(staff.clerk, "annual", date(2026, 5, 6))


def test_annual_leave_needs_an_allowance_and_cannot_exceed_it(staff, today):
    with pytest.raises(TransitionError, match="年休假天数尚未核定"):
        file_leave(staff.clerk, "annual", date(2026, 11, 17))
    allowance(staff, staff.clerk, 5)
    approved(staff.clerk, "annual", date(2026, 11, 17), date(2026, 11, 19))  # 3 of 5
    file_leave(staff.clerk, "annual", date(2026, 11, 23))  # 1 more on its way (pending)
    with pytest.raises(TransitionError, match="剩余 1 天"):
        file_leave(staff.clerk, "annual", date(2026, 11, 25), date(2026, 11, 26))
    assert leave_year(staff.clerk, 2026).annual_remaining == 2  # the pending day is not taken yet


def test_sick_leave_needs_a_certificate(staff, today):
    with pytest.raises(TransitionError, match="区级以上医院证明"):
        file_leave(staff.clerk, "sick", date(2026, 11, 17))
    note = SimpleUploadedFile("诊断证明.pdf", b"%PDF-1.4 sick note", content_type="application/pdf")
    case = file_leave(staff.clerk, "sick", date(2026, 11, 17), uploads=[note])
    assert case.status == "active" and case.attachments.count() == 1


def test_overlapping_requests_are_refused_at_half_day_precision(staff, today):
    file_leave(staff.clerk, "personal", date(2026, 11, 17), end_part=HalfDay.AM)
    with pytest.raises(TransitionError, match="时间重叠"):
        file_leave(staff.clerk, "personal", date(2026, 11, 17))
    # the afternoon of the same day is free
    case = file_leave(staff.clerk, "personal", date(2026, 11, 17), start_part=HalfDay.PM)
    assert case.leave.days == Decimal("0.5")


def test_days_beyond_what_a_type_allows_count_as_personal_leave(staff, today):
    allowance(staff, staff.clerk, 10)
    leave = approved(staff.clerk, "bereavement", date(2026, 11, 17), date(2026, 11, 23))  # 5 working days, 3 allowed
    assert leave.personal_excess == 2
    year = leave_year(staff.clerk, 2026)
    assert year.personal_total == 2 and year.deducted == 0
    # maternity leave counts calendar days: 98 allowed, 100 taken -> 2 over
    maternity = file_leave(staff.colleague, "maternity", date(2026, 11, 17), date(2027, 2, 24)).leave
    assert maternity.calendar_days == 100 and maternity.personal_excess == 2


def test_a_deactivated_type_cannot_be_requested(staff, today):
    LeaveType.objects.filter(code="home_visit").update(active=False)
    case = file_leave(staff.clerk, "personal", date(2026, 11, 17), submit=False)
    case.leave.leave_type = LeaveType.objects.get(code="home_visit")
    case.leave.save()
    from apps.workflow import services as engine

    with pytest.raises(TransitionError, match="已停用"):
        engine.submit(case.pk, staff.clerk)


def test_only_the_personnel_section_fixes_allowances(staff, today):
    with pytest.raises(TransitionError, match="只有政工科"):
        services.set_annual_allowance(staff.chief, staff.clerk, 2026, Decimal("10"))
    balance = services.set_annual_allowance(staff.officer, staff.clerk, 2026, Decimal("10"), "满10年")
    services.set_annual_allowance(staff.officer, staff.clerk, 2026, Decimal("15"), "满20年")
    balance.refresh_from_db()
    assert balance.annual_days == 15
    assert balance.history.count() == 2  # every allowance ever set is kept
