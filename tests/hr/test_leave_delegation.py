"""Approved leave delegates the inbox to the stand-in; 销假 gives days back or records absence;
an extension (续假) only before the leave runs out."""

from datetime import date
from decimal import Decimal

import pytest

from apps.hr.leave import services
from apps.hr.leave.balances import leave_year
from apps.hr.models import HalfDay
from apps.matters.processes import PROCESS_CODE
from apps.workflow.models import Delegation, Task
from apps.workflow.services import TransitionError
from tests.matters.factories import new_request

from .factories import approve_all, approvers, file_leave

pytestmark = pytest.mark.django_db

TUESDAY, THURSDAY = date(2026, 11, 17), date(2026, 11, 19)


def test_approval_delegates_the_inbox_to_the_stand_in_for_the_days_away(staff, today):
    case = file_leave(staff.chief, start=TUESDAY, end=THURSDAY, stand_in=staff.colleague)
    assert not Delegation.objects.exists()  # nothing before the approval
    approve_all(case)
    leave = case.leave
    leave.refresh_from_db()
    delegation = leave.delegation
    assert (delegation.principal, delegation.delegate) == (staff.chief, staff.colleague)
    assert (delegation.start_date, delegation.end_date) == (TUESDAY, THURSDAY)
    assert "办公室同事" in leave.delegation_note
    # while the chief is away, the clerk's request reaches the colleague's inbox
    today.set(TUESDAY)
    request = new_request(staff.clerk, "关于外出学习的请示", submit=True)
    assert Task.objects.actionable_by(staff.colleague).filter(case=request).exists()
    today.set(date(2026, 11, 20))
    assert not Task.objects.actionable_by(staff.colleague).filter(case=request).exists()
    assert request.process == PROCESS_CODE


def test_no_delegation_when_one_already_covers_the_days(staff, today):
    from apps.workflow import services as engine

    engine.create_delegation(staff.chief, staff.colleague, TUESDAY, TUESDAY, "出差")
    case = file_leave(staff.chief, start=TUESDAY, end=THURSDAY, stand_in=staff.clerk)
    approve_all(case)  # the approval is not blocked by it
    case.leave.refresh_from_db()
    assert case.leave.delegation is None and "已有委托" in case.leave.delegation_note
    assert Delegation.objects.count() == 1


def test_early_return_gives_days_back_and_ends_the_delegation(staff, today):
    services.set_annual_allowance(staff.officer, staff.chief, 2026, Decimal("10"))
    case = file_leave(staff.chief, "annual", TUESDAY, date(2026, 11, 20), stand_in=staff.colleague)
    approve_all(case)
    assert leave_year(staff.chief, 2026).annual_remaining == 6
    today.set(THURSDAY, hour=13)
    leave = services.register_return(case.leave.pk, staff.chief, THURSDAY, HalfDay.PM, "工作需要提前返岗")
    assert leave.actual_days == Decimal("2.5") and leave.overstay_days == 0
    assert leave_year(staff.chief, 2026).annual_remaining == Decimal("7.5")
    delegation = Delegation.objects.get()
    assert delegation.end_date == date(2026, 11, 18)  # back on Thursday afternoon: own inbox that day
    with pytest.raises(TransitionError, match="已销假"):
        services.register_return(case.leave.pk, staff.chief, THURSDAY, HalfDay.PM)


def test_return_before_the_leave_began_cancels_the_delegation(staff, today):
    case = file_leave(staff.chief, start=TUESDAY, end=THURSDAY, stand_in=staff.colleague)
    approve_all(case)
    today.set(TUESDAY)
    leave = services.register_return(case.leave.pk, staff.officer, TUESDAY, HalfDay.AM, "取消休假")
    assert leave.actual_days == 0
    assert Delegation.objects.get().cancelled_at is not None


def test_coming_back_late_without_an_extension_is_absence(staff, today):
    case = file_leave(staff.clerk, start=TUESDAY, end=THURSDAY)
    approve_all(case)
    today.set(date(2026, 11, 24))
    leave = services.register_return(case.leave.pk, staff.clerk, date(2026, 11, 24), HalfDay.AM)
    # Friday and Monday away without approval
    assert leave.actual_days == 3 and leave.overstay_days == 2


def test_only_the_person_or_the_personnel_section_register_the_return(staff, today):
    case = file_leave(staff.clerk, start=TUESDAY)
    approve_all(case)
    today.set(date(2026, 11, 18))
    for outsider in (staff.colleague, staff.chief, staff.director):
        with pytest.raises(TransitionError, match="只有请假人本人或政工科"):
            services.register_return(case.leave.pk, outsider, date(2026, 11, 18), HalfDay.AM)
    with pytest.raises(TransitionError, match="不能晚于今天"):
        services.register_return(case.leave.pk, staff.clerk, date(2026, 11, 19), HalfDay.AM)
    services.register_return(case.leave.pk, staff.officer, date(2026, 11, 18), HalfDay.AM)


def test_extension_before_expiry_is_chained_on_the_total_days(staff, today):
    case = file_leave(staff.clerk, start=TUESDAY, end_part=HalfDay.AM)  # half a day
    approve_all(case)
    parent = case.leave
    start, part = TUESDAY, HalfDay.PM
    extension = file_leave(staff.clerk, start=start, start_part=part, end=date(2026, 11, 18), extends=parent)
    # half a day + one and a half days = two days: the main leader signs
    assert extension.leave.days == Decimal("1.5")
    assert [names for _, names in approvers(extension)][-1] == ["director"]
    approve_all(extension)
    extension.leave.refresh_from_db()
    assert not extension.leave.approved_after_expiry
    # the return is registered on the extension, not on the original leave
    today.set(date(2026, 11, 19))
    with pytest.raises(TransitionError, match="请在续假单上销假"):
        services.register_return(parent.pk, staff.clerk, date(2026, 11, 19), HalfDay.AM)
    services.register_return(extension.leave.pk, staff.clerk, date(2026, 11, 19), HalfDay.AM)


def test_extension_after_expiry_is_refused(staff, today):
    case = file_leave(staff.clerk, start=TUESDAY)
    approve_all(case)
    today.set(date(2026, 11, 18))
    with pytest.raises(TransitionError, match="续假须在假期届满前报告并经批准"):
        file_leave(staff.clerk, start=date(2026, 11, 18), end=date(2026, 11, 18), extends=case.leave)


def test_extension_approved_after_expiry_is_flagged(staff, today):
    case = file_leave(staff.clerk, start=TUESDAY)
    approve_all(case)
    today.set(TUESDAY, hour=15)
    extension = file_leave(staff.clerk, start=date(2026, 11, 18), end=date(2026, 11, 18), extends=case.leave)
    today.set(date(2026, 11, 18), hour=10)
    approve_all(extension)
    extension.leave.refresh_from_db()
    assert extension.leave.approved_after_expiry


def test_extension_must_follow_the_leave(staff, today):
    case = file_leave(staff.clerk, start=TUESDAY)
    approve_all(case)
    with pytest.raises(TransitionError, match="续假应自 2026-11-18上午起"):
        file_leave(staff.clerk, start=THURSDAY, extends=case.leave)
