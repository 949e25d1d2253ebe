"""Who approves a leave: seed 002 rule 2 as ApprovalRule rows, by the applicant's rank and the
working days away from the one calendar."""

from datetime import date
from decimal import Decimal

import pytest

from apps.hr.models import HalfDay
from apps.org.models import Position
from apps.workflow.models import ApprovalRule, Case
from apps.workflow.services import TransitionError

from .conftest import MONDAY
from .factories import approve_all, approvers, file_leave

pytestmark = pytest.mark.django_db

TUESDAY, WEDNESDAY, FRIDAY = date(2026, 11, 17), date(2026, 11, 18), date(2026, 11, 20)


def signers(case):
    return [names for _, names in approvers(case)]


def test_staff_half_a_day_goes_to_the_chief_and_the_division_leader(staff, today):
    case = file_leave(staff.clerk, start=TUESDAY, end_part=HalfDay.AM)
    assert case.leave.days == Decimal("0.5")
    assert signers(case) == [["chief"], ["leader"]]
    assert approve_all(case) == ["chief", "leader"]
    assert case.status == Case.Status.CLOSED


def test_staff_one_day_adds_the_personnel_leader(staff, today):
    case = file_leave(staff.clerk, start=TUESDAY)
    assert case.leave.days == 1
    assert [label for label, _ in approvers(case)] == ["科室负责人审批", "分管领导审批", "分管政工领导审批"]
    assert signers(case) == [["chief"], ["leader"], ["leader2"]]


def test_staff_two_days_or_more_adds_the_main_leader(staff, today):
    two = file_leave(staff.clerk, start=TUESDAY, end=WEDNESDAY)
    assert signers(two) == [["chief"], ["leader"], ["leader2"], ["director"]]
    # one and a half days is still under two
    one_and_half = file_leave(staff.colleague, start=TUESDAY, end=WEDNESDAY, end_part=HalfDay.AM)
    assert one_and_half.leave.days == Decimal("1.5")
    assert signers(one_and_half) == [["chief"], ["leader"], ["leader2"]]


def test_section_chief_half_day_goes_to_the_division_leader_only(staff, today):
    case = file_leave(staff.chief, start=TUESDAY, start_part=HalfDay.PM)
    assert signers(case) == [["leader"]]
    assert signers(file_leave(staff.chief, start=WEDNESDAY)) == [["leader"], ["leader2"]]
    assert signers(file_leave(staff.chief, start=FRIDAY, end=date(2026, 11, 24))) == [
        ["leader"],
        ["leader2"],
        ["director"],
    ]


def test_leadership_members_go_to_the_main_leader(staff, today):
    assert signers(file_leave(staff.leader, start=TUESDAY, end_part=HalfDay.AM)) == [["director"]]
    assert signers(file_leave(staff.personnel_leader, start=TUESDAY, end=FRIDAY)) == [["director"]]


def test_the_main_leader_has_no_chain_here(staff, today):
    with pytest.raises(TransitionError, match="主要领导请假按干部管理权限报上级审批"):
        file_leave(staff.director, start=TUESDAY)


def test_working_days_come_from_the_calendar(staff, today):
    """Over the National Day holiday: Sep 30, Oct 8, 9 and the make-up Saturday Oct 10 count."""
    today.set(date(2026, 9, 1))
    case = file_leave(staff.clerk, start=date(2026, 9, 30), end=date(2026, 10, 10))
    assert case.leave.days == 4
    assert case.leave.calendar_days == 11
    # a Friday to Monday leave is two working days: the main leader signs
    case = file_leave(staff.colleague, start=date(2026, 9, 11), end=date(2026, 9, 14))
    assert case.leave.days == 2
    assert ["director"] in signers(case)


def test_leave_on_rest_days_only_is_refused(staff, today):
    with pytest.raises(TransitionError, match="没有工作日"):
        file_leave(staff.clerk, start=date(2026, 11, 21), end=date(2026, 11, 22))


def test_one_person_holding_two_links_signs_once(staff, today):
    position = Position.objects.get(key="personnel_leader")
    position.holder = staff.leader
    position.save()
    case = file_leave(staff.clerk, start=TUESDAY, end=WEDNESDAY)
    assert approvers(case) == [
        ("科室负责人审批", ["chief"]),
        ("分管领导审批（兼分管政工领导）", ["leader"]),
        ("主要领导审批", ["director"]),
    ]
    assert approve_all(case) == ["chief", "leader", "director"]


def test_a_rule_change_applies_to_the_next_request_only(staff, today):
    on_its_way = file_leave(staff.clerk, start=TUESDAY, end=WEDNESDAY)
    rule = ApprovalRule.objects.get(process="hr.leave", role="director", applicant_ranks="staff,chief")
    rule.min_value = Decimal("3")
    rule.save()
    after = file_leave(staff.colleague, start=TUESDAY, end=WEDNESDAY)
    assert ["director"] not in signers(after)
    assert ["director"] in signers(on_its_way)
    assert approve_all(on_its_way)[-1] == "director"


def test_unfilled_personnel_leader_stops_the_case_with_a_clear_message(staff, today):
    position = Position.objects.get(key="personnel_leader")
    position.holder = None
    position.save()
    case = file_leave(staff.clerk, start=TUESDAY)
    with pytest.raises(TransitionError, match="分管人事的局领导.*无人担任"):
        approve_all(case)


def test_monday_fixture_is_a_working_day(today):
    from apps.workflow.calendar import is_working_day

    assert today.date == MONDAY and is_working_day(MONDAY)
