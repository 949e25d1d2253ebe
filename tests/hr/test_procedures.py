"""Rule 15 rotation as a procedure, rule 17's 100-point sheet, and 1.13 pay changes."""

from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from django.test import Client
from openpyxl import load_workbook

from apps.hr.models import (
    AppraisalGrade,
    AppraisalRound,
    Exclusion,
    PayChange,
    PromotionRating,
    PromotionRound,
    Rotation,
    StaffRecord,
)
from apps.hr.pay import services as pay
from apps.hr.promotion import services as promotion
from apps.hr.promotion.sheet import retire_points, sheet, years_points
from apps.hr.rotation import services as rotation
from apps.workflow.models import Case, Task
from apps.workflow.services import TransitionError

from .factories import approve_all

pytestmark = pytest.mark.django_db


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def pending(case, step):
    return case.tasks.get(step=step, status=Task.Status.PENDING)


# --- rule 15: rotation ------------------------------------------------------------------------


def rotate(staff, middle_manager):
    return rotation.propose_rotation(
        staff.officer,
        {
            "person": staff.chief,
            "reason": Rotation.Reason.TENURE,
            "from_post": "办公室主任",
            "to_post": "公共法律服务管理科科长",
            "middle_manager": middle_manager,
        },
    )


def test_a_middle_manager_rotates_through_the_committee_notice_and_filing(staff, today):
    record = StaffRecord.objects.create(
        person=staff.chief,
        gender="M",
        birth_date=date(1975, 1, 1),
        staffing_type="civil_service",
        work_start_date=date(1996, 8, 1),
        entry_date=date(2000, 1, 1),
        post_since=date(2014, 1, 1),
        key_post=True,
    )
    r = rotate(staff, middle_manager=True)
    case = Case.objects.get(pk=r.case_id)
    assert [s["code"] for s in case.route][-4:] == ["talk", "committee", "notice", "filing"]
    assert approve_all(case) == ["director"]  # 局党组集体讨论决定
    with pytest.raises(TransitionError, match="不是该环节的办理人"):
        rotation.record_step(case.pk, staff.clerk, "talk", {"talk_on": date(2026, 11, 16), "talk_note": "服从"})
    rotation.record_step(case.pk, staff.officer, "talk", {"talk_on": date(2026, 11, 16), "talk_note": "服从安排"})
    with pytest.raises(TransitionError, match="不是该环节的办理人，或该环节已办理"):  # a second click
        rotation.record_step(case.pk, staff.officer, "talk", {"talk_on": date(2026, 11, 16), "talk_note": "x"})
    rotation.record_step(
        case.pk, staff.officer, "committee", {"committee_doc": "赫政法〔2026〕8号", "committee_on": date(2026, 11, 16)}
    )
    with pytest.raises(TransitionError, match="公示结束日期不能早于开始日期"):
        rotation.record_step(
            case.pk,
            staff.officer,
            "notice",
            {"notice_from": date(2026, 11, 16), "notice_to": date(2026, 11, 10), "notice_result": "无异议"},
        )
    rotation.record_step(
        case.pk,
        staff.officer,
        "notice",
        {"notice_from": date(2026, 11, 16), "notice_to": date(2026, 11, 16), "notice_result": "无异议"},
    )
    with pytest.raises(TransitionError, match="写明理由"):
        rotation.record_step(
            case.pk, staff.officer, "filing", {"effective_on": date(2026, 11, 20), "filed": False, "filing_note": ""}
        )
    rotation.record_step(
        case.pk, staff.officer, "filing", {"effective_on": date(2026, 11, 20), "filed": True, "filing_note": ""}
    )
    case.refresh_from_db()
    record.refresh_from_db()
    assert case.status == Case.Status.CLOSED and record.post_since == date(2026, 11, 20)


def test_other_staff_skip_the_committee_and_only_the_personnel_section_starts(staff, today):
    with pytest.raises(TransitionError, match="只有政工科"):
        rotation.propose_rotation(staff.clerk, {"person": staff.chief})
    r = rotate(staff, middle_manager=False)
    assert "committee" not in [s["code"] for s in Case.objects.get(pk=r.case_id).route]
    with pytest.raises(TransitionError, match="已有办理中的交流轮岗"):
        rotate(staff, middle_manager=False)
    assert client_for(staff.officer).get("/hr/rotations/").status_code == 200
    assert client_for(staff.clerk).get("/hr/rotations/").status_code == 403


# --- rule 17: the 100-point sheet -----------------------------------------------------------


@pytest.mark.parametrize(
    "since, sufficient, points",
    [
        (date(2023, 12, 31), False, 5),  # exactly the base 3 years at 12-31: 5
        (date(2024, 1, 1), False, 0),  # a day short of the base
        (date(2020, 12, 31), False, 8),  # 6 years: 5 + 3
        (date(2016, 12, 31), False, 12),  # exactly 10 years: 5 + 7, not yet full
        (date(2015, 12, 31), False, 15),  # more than 10 years: full
        (date(2023, 12, 31), True, 15),  # slots sufficient: full at the base
    ],
)
def test_years_at_the_grade(since, sufficient, points):
    assert years_points(since, 3, sufficient, date(2026, 12, 31))[0] == points


@pytest.mark.parametrize(
    "retires, points",
    [(date(2027, 12, 30), 5), (date(2027, 12, 31), 3), (date(2028, 12, 31), 2), (date(2029, 12, 31), 0)],
)
def test_near_retirement_points(retires, points):
    assert retire_points(retires, date(2026, 12, 31))[0] == points


def test_the_sheet_ranks_by_the_hundred_points_and_the_party_group_fixes_the_list(staff, today):
    for person, since in ((staff.clerk, date(2020, 1, 1)), (staff.colleague, date(2023, 1, 1))):
        StaffRecord.objects.create(
            person=person,
            gender="M",
            birth_date=date(1985, 1, 1),
            staffing_type="civil_service",
            work_start_date=date(2008, 8, 1),
            entry_date=date(2010, 1, 1),
            grade="四级主任科员",
            grade_since=since,
        )
    annual = AppraisalRound.objects.create(
        kind="annual", year=2025, status=AppraisalRound.Status.FINAL, created_by=staff.officer
    )
    AppraisalGrade.objects.create(round=annual, person=staff.clerk, unit=staff.clerk.section, grade="excellent")
    r = promotion.create_round(
        staff.officer,
        {"title": "2026年晋升三级主任科员推荐", "year": 2026, "slots": 1, "slots_sufficient": False, "base_years": 2},
        [staff.clerk, staff.colleague, staff.chief],
    )
    chief = r.candidates.get(person=staff.chief)
    promotion.save_candidates(
        staff.officer, r.pk, {chief.pk: {"exclusion": Exclusion.DISCIPLINE, "exclusion_note": "2026年受警告处分"}}
    )
    aspects = dict.fromkeys(("de", "neng", "qin", "ji", "lian"), "4")
    ids = {c.person.username: c.pk for c in r.candidates.select_related("person")}
    with pytest.raises(TransitionError, match="应在 0～4 分之间"):
        promotion.rate(staff.hr_chief, r.pk, "peer", {ids["clerk"]: {**aspects, "de": "5"}})
    with pytest.raises(TransitionError, match="不能参加该项打分"):
        promotion.rate(staff.hr_chief, r.pk, "leader", {ids["clerk"]: aspects})
    promotion.rate(staff.hr_chief, r.pk, "peer", {ids["clerk"]: aspects, ids["colleague"]: {**aspects, "ji": "3"}})
    leader = dict.fromkeys(aspects, "8")
    promotion.rate(staff.director, r.pk, "leader", {ids["clerk"]: leader, ids["colleague"]: leader})
    promotion.rate(staff.leader, r.pk, "leader", {ids["clerk"]: {**leader, "lian": "6"}, ids["colleague"]: leader})
    assert PromotionRating.objects.filter(candidate_id=ids["chief"]).count() == 0  # excluded: not rated
    rows = {row.candidate.person.username: row for row in sheet(r)}
    clerk = rows["clerk"]
    # 6 years at the grade: 5 + 4 = 9; annual 优秀 2025: 2; peer 20; leader (40 + 38) / 2 = 39
    assert [p for _, p, _, _ in clerk.parts] == [9, 0, 2, 0, 0]
    assert (clerk.peer, clerk.leader, clerk.total, clerk.rank) == (20, 39, Decimal("70"), 1)
    assert rows["colleague"].total == 6 + 19 + 40 and rows["colleague"].rank == 2  # 3 years: 5 + 1
    assert rows["chief"].excluded and rows["chief"].rank == 0
    r = promotion.submit_list(staff.officer, r.pk)
    assert [c.person.username for c in r.candidates.filter(recommended=True)] == ["clerk"]
    with pytest.raises(TransitionError, match="不能再修改"):
        promotion.rate(staff.director, r.pk, "leader", {ids["clerk"]: leader})
    assert approve_all(r.case) == ["director"]
    r.refresh_from_db()
    assert r.status == PromotionRound.Status.FINAL
    assert client_for(staff.officer).get(f"/hr/promotions/{r.pk}/").status_code == 200
    assert client_for(staff.clerk).get(f"/hr/promotions/{r.pk}/").status_code == 403


# --- 1.13: pay changes (an office procedure) and the month's change list ---------------------


def change(staff, person, effective, **kwargs):
    data = {
        "person": person,
        "kind": PayChange.Kind.SALARY,
        "item": "薪级工资",
        "old_amount": Decimal("1200"),
        "new_amount": Decimal("1290"),
        "effective_from": effective,
        "basis": "正常晋升薪级工资",
        "reason": "年度考核称职以上正常晋升薪级",
        **kwargs,
    }
    return pay.propose_change(staff.clerk, data)  # the office runs 1.13


def through(staff, c, result="approved"):
    assert approve_all(c.case) == ["chief", "leader", "director"]  # 单位领导签字同意
    pay.record_external(c.case_id, staff.clerk, result, "区人社局工资审批表", date(2026, 11, 16))
    if result == "approved":
        pay.hand_over(c.case_id, staff.clerk, date(2026, 11, 16))
    return Case.objects.get(pk=c.case_id)


def test_an_approved_change_enters_its_month_change_list(staff, today):
    approved = change(staff, staff.colleague, date(2026, 12, 1))
    assert through(staff, approved).status == Case.Status.CLOSED
    change(staff, staff.officer, date(2026, 12, 1))  # still with the leaders: not on the list
    refused = change(staff, staff.outsider, date(2026, 12, 1))
    case = through(staff, refused, "refused")
    assert case.status == Case.Status.CLOSED and "handover" not in [s["code"] for s in case.route]
    through(staff, change(staff, staff.other_chief, date(2027, 1, 1)))  # January: not on December's list
    office = client_for(staff.clerk)
    page = office.get("/hr/pay/?month=2026-12")
    assert [c.person for c in page.context["page"]] == [staff.colleague]
    book = load_workbook(BytesIO(office.get("/hr/pay/?month=2026-12&export=xlsx").content))
    cells = [[c.value for c in row] for row in book.active.iter_rows()]
    assert any(row[1] == "办公室同事" and row[6] == 90 for row in cells)
    assert not any("律师科科员" in str(row) or "政工科科员" in str(row) for row in cells)
    # outside the office a member sees only their own approved changes; the form is the office's
    mine = client_for(staff.other_chief).get("/hr/pay/")
    assert [c.person for c in mine.context["page"]] == [staff.other_chief] and mine.context["form"] is None
    outsider = client_for(staff.outsider).get("/hr/pay/")
    assert list(outsider.context["page"]) == [] and outsider.context["form"] is None
    assert client_for(staff.outsider).post("/hr/pay/", {}).status_code == 403


def test_a_change_is_refused_when_equal_or_handed_over_twice(staff, today):
    with pytest.raises(TransitionError, match="变动前后金额相同"):
        change(staff, staff.colleague, date(2026, 12, 1), new_amount=Decimal("1200"))
    with pytest.raises(TransitionError, match="由办公室办理"):
        pay.propose_change(staff.officer, {})
    c = change(staff, staff.colleague, date(2026, 12, 1))
    through(staff, c)
    with pytest.raises(TransitionError, match="不是该环节的办理人，或该环节已办理"):
        pay.hand_over(c.case_id, staff.clerk, date(2026, 11, 16))
