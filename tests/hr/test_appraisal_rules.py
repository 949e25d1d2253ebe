"""The corrections to the appraisal and personnel rules (issue 18), each pinned at its boundary:
the 好 cap of seed 002 rule 16 三 counts everyone appraised bureau-wide (a section of 3 can have
a 好), the annual 优秀 share, the link rule 16 五 sets between quarterly and annual grades, and
the rotation / near-retirement / temporary-staff age boundaries of rules 15 and 21."""

from datetime import date

import pytest

from apps.accounts.models import Rank
from apps.hr.appraisal import services as appraisal
from apps.hr.models import AppraisalRound, StaffRecord
from apps.hr.people.flags import flags
from apps.workflow.services import TransitionError
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

M, F = StaffRecord.Gender.MALE, StaffRecord.Gender.FEMALE
ON = date(2026, 11, 16)


def record(person, **fields):
    defaults = {
        "gender": M,
        "birth_date": date(1980, 5, 1),
        "staffing_type": "civil_service",
        "work_start_date": date(2002, 8, 1),
        "entry_date": date(2010, 3, 1),
    }
    return StaffRecord.objects.create(person=person, **{**defaults, **fields})


def kinds(rec, on=ON):
    return [kind for kind, _ in flags(rec, on)]


# --- rule 15: rotation at MORE than 10 years; exemption at LESS than 3 years -----------------


def test_exactly_ten_years_in_a_key_post_is_not_yet_rotated(staff):
    rec = record(staff.chief, key_post=True, post_since=date(2016, 11, 16))
    assert kinds(rec, date(2026, 11, 16)) == []  # the tenth anniversary: 满10年, not 超过
    assert kinds(rec, date(2026, 11, 17)) == ["rotation"]  # one day more than ten years


def test_exactly_three_years_to_retirement_is_not_exempt(staff):
    # more than ten years in a key post, retiring (an agreed date) exactly three years ahead
    rec = record(staff.chief, key_post=True, post_since=date(2010, 1, 1), retirement_date=date(2029, 11, 16))
    assert kinds(rec, date(2026, 11, 16)) == ["rotation"]  # 不满3年 is false at exactly three years
    assert kinds(rec, date(2026, 11, 17)) == ["rotation-exempt"]  # a day less than three years


# --- rule 21: temporary staff up to AND including 60 (men) / 55 (women) ----------------------


@pytest.mark.parametrize(
    "gender, born, flagged",
    [
        (M, date(1966, 11, 16), False),  # 60 today
        (M, date(1965, 11, 17), False),  # 60 until tomorrow
        (M, date(1965, 11, 16), True),  # 61 today
        (F, date(1971, 11, 16), False),  # 55 today
        (F, date(1970, 11, 16), True),  # 56 today
    ],
)
def test_temporary_staff_may_be_up_to_and_including_the_age(staff, gender, born, flagged):
    rec = record(staff.outsider, staffing_type="dispatched", gender=gender, birth_date=born)
    assert ("over-age" in kinds(rec)) is flagged


# --- rule 16 三: 好 at most 30% of everyone appraised, bureau-wide ------------------------------


@pytest.fixture
def appraised(staff, bureau):
    """Eleven appraised: the office 4, leadership 2 (the director is not appraised), the
    lawyers' section 3 (a section of 3), the personnel section 2."""
    third = make_user("lawyer3", bureau["lawyers"], Rank.STAFF, full_name="律师科科员二")
    return {"third": third}


def test_a_section_of_three_can_have_a_good_grade_under_the_bureau_wide_cap(staff, appraised, today):
    round_ = appraisal.create_round(staff.officer, "quarterly", 2026, 3)
    grades = {g.person_id: "fair" for g in round_.grades.all()}
    assert len(grades) == 11 and staff.director.pk not in grades
    grades[staff.outsider.pk] = "good"  # the lawyers' section has 3: 3 x 30% rounds down to 0
    grades[staff.officer.pk] = "good"
    grades[staff.clerk.pk] = "good"  # 3 of 11 = 27%
    appraisal.set_grades(staff.officer, round_.pk, grades)
    appraisal.confirm_quarter(staff.officer, round_.pk)
    round_.refresh_from_db()
    assert round_.status == AppraisalRound.Status.FINAL


def test_the_fourth_good_grade_of_eleven_is_refused(staff, appraised, today):
    round_ = appraisal.create_round(staff.officer, "quarterly", 2026, 2)
    grades = {g.person_id: "fair" for g in round_.grades.all()}
    for person in (staff.outsider, staff.officer, staff.clerk, staff.colleague):
        grades[person.pk] = "good"
    appraisal.set_grades(staff.officer, round_.pk, grades)
    with pytest.raises(TransitionError, match="全局参评 11 人，“好”等次至多 3 人（参评总人数的30%以内），现 4 人"):
        appraisal.confirm_quarter(staff.officer, round_.pk)


@pytest.mark.parametrize("total, allowed", [(10, 3), (11, 3), (13, 3), (14, 4), (3, 0)])
def test_the_share_never_exceeds_the_percentage(total, allowed):
    assert appraisal.share_allowed(total, 30) == allowed


# --- annual: the 优秀 share and the link with the quarterly grades (rule 16 五) -----------------


def confirmed_quarter(staff, quarter, grades_by_person):
    round_ = appraisal.create_round(staff.officer, "quarterly", 2026, quarter)
    grades = {g.person_id: "fair" for g in round_.grades.all()}
    grades.update({p.pk: g for p, g in grades_by_person.items()})
    appraisal.set_grades(staff.officer, round_.pk, grades)
    appraisal.confirm_quarter(staff.officer, round_.pk)


def test_annual_excellent_share_is_twenty_percent_of_all_appraised(staff, appraised, today):
    round_ = appraisal.create_round(staff.officer, "annual", 2026)
    assert round_.excellent_cap_percent == 20
    grades = {g.person_id: "competent" for g in round_.grades.all()}
    for person in (staff.clerk, staff.colleague, staff.chief):
        grades[person.pk] = "excellent"
    appraisal.set_grades(staff.officer, round_.pk, grades)
    with pytest.raises(TransitionError, match="全局参加年度考核 11 人，“优秀”等次至多 2 人.*待核实.*现 3 人"):
        appraisal.submit_annual(staff.officer, round_.pk)
    grades[staff.chief.pk] = "competent"
    appraisal.set_grades(staff.officer, round_.pk, grades)
    assert appraisal.submit_annual(staff.officer, round_.pk).status == AppraisalRound.Status.SUBMITTED


def test_excellent_with_an_average_quarter_needs_a_written_reason(staff, appraised, today):
    confirmed_quarter(staff, 1, {staff.clerk: "good"})
    confirmed_quarter(staff, 2, {staff.clerk: "good"})
    confirmed_quarter(staff, 3, {staff.clerk: "average"})
    round_ = appraisal.create_round(staff.officer, "annual", 2026)
    grades = {g.person_id: "competent" for g in round_.grades.all()}
    grades[staff.clerk.pk] = "excellent"
    appraisal.set_grades(staff.officer, round_.pk, grades)
    with pytest.raises(TransitionError, match="办公室科员：优秀等次原则上应从.*好、好、一般.*写明理由"):
        appraisal.submit_annual(staff.officer, round_.pk)
    appraisal.set_grades(staff.officer, round_.pk, grades, {staff.clerk.pk: "第三季度因病休假，党组研究同意"})
    assert appraisal.submit_annual(staff.officer, round_.pk).status == AppraisalRound.Status.SUBMITTED


@pytest.mark.parametrize(
    "quarters, annual, departs",
    [
        (["good", "good", "fair"], "excellent", False),  # more 好 than others, no 一般/较差
        (["good", "fair"], "excellent", True),  # 好 not more than the others
        (["average", "average", "fair", "fair"], "competent", False),  # exactly half: not over half
        (["average", "poor", "fair"], "competent", True),  # over half 一般/较差
        (["average", "poor", "fair"], "basic", False),
        ([], "excellent", False),  # no confirmed quarter: nothing to compare
    ],
)
def test_the_link_between_quarterly_and_annual_grades(quarters, annual, departs):
    assert bool(appraisal.link_problem(annual, quarters)) is departs
