"""People: retirement dates and the ledger, rotation and temporary-staff flags, private passports
(handed out for an approved trip, back within 10 days, chased by the sweep), union benefits
(hospital once a year), quarterly appraisals (好 at most 30% of a unit), the annual appraisal's
public notice of at least 5 working days, and who may see what."""

from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from django.test import Client
from openpyxl import load_workbook

from apps.hr.appraisal import services as appraisal
from apps.hr.models import (
    AppraisalRound,
    BenefitType,
    MonthlyAttendance,
    Passport,
    StaffRecord,
    statutory_retirement,
)
from apps.hr.people import services
from apps.hr.people.flags import flags, retiring_in
from apps.org.models import Position
from apps.workflow.models import Case, CaseClock, Notification, Task
from apps.workflow.services import TransitionError
from apps.workflow.sweep import run_sweep

from .factories import approve_all

pytestmark = pytest.mark.django_db

M, F = StaffRecord.Gender.MALE, StaffRecord.Gender.FEMALE


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def staff_record(person, **fields):
    defaults = {
        "gender": M,
        "birth_date": date(1980, 5, 1),
        "staffing_type": "civil_service",
        "work_start_date": date(2002, 8, 1),
        "entry_date": date(2010, 3, 1),
    }
    return StaffRecord.objects.create(person=person, **{**defaults, **fields})


@pytest.mark.parametrize(
    "born, gender, retires",
    [
        (date(1964, 6, 15), M, date(2024, 6, 15)),  # before the reform: 60
        (date(1965, 1, 10), M, date(2025, 2, 10)),  # first cohort: one month later
        (date(1965, 5, 1), M, date(2025, 7, 1)),  # every four months one more
        (date(1977, 1, 1), M, date(2040, 1, 1)),  # capped at three years: 63
        (date(1970, 1, 20), F, date(2025, 2, 20)),  # women cadres from 55
        (date(1969, 12, 31), F, date(2024, 12, 31)),
    ],
)
def test_statutory_retirement_under_the_gradual_reform(born, gender, retires):
    assert statutory_retirement(born, gender) == retires


def test_retirement_ledger_rotation_and_temporary_staff_flags(staff, today):
    on = date(2026, 11, 16)
    leaving = staff_record(staff.clerk, birth_date=date(1966, 3, 3))  # 60 years and 4 months
    long_post = staff_record(staff.chief, key_post=True, post_since=date(2014, 1, 1))
    near_retirement = staff_record(
        staff.colleague, key_post=True, post_since=date(2010, 1, 1), birth_date=date(1966, 12, 1)
    )
    temp = staff_record(staff.outsider, staffing_type="dispatched", gender=F, birth_date=date(1970, 6, 1))
    rehired = staff_record(
        staff.other_chief, staffing_type="dispatched", birth_date=date(1963, 1, 1), rehired_since=date(2024, 10, 1)
    )
    records = [leaving, long_post, near_retirement, temp, rehired]
    kinds = {r.person.username: [kind for kind, _ in flags(r, on)] for r in records}
    assert kinds["chief"] == ["rotation"]
    assert "rotation-exempt" in kinds["colleague"]  # within 3 years of retirement
    assert kinds["outsider"] == ["over-age"]  # 56, a woman on a temporary post, no re-hire agreement
    assert kinds["otherchief"] == ["rehire"]  # re-hired more than two years ago
    ledger = [(r.person.username, d) for r, d in retiring_in(2026, records)]
    assert ledger == [("clerk", statutory_retirement(date(1966, 3, 3), M))]
    assert ledger[0][1] == date(2026, 7, 3)


@pytest.fixture
def keeper(staff):
    position = Position.objects.get(key="passport_keeper")
    position.holder = staff.officer
    position.save()
    return staff.officer


def passport_for(person, **fields):
    data = {
        "holder": person,
        "kind": Passport.Kind.PASSPORT,
        "number_tail": "1234",
        "expires_on": date(2030, 1, 1),
        "received_on": date(2020, 1, 1),
    }
    return Passport.objects.create(**{**data, **fields})


def pending(case, step):
    return case.tasks.get(status=Task.Status.PENDING, step=step)


def test_a_private_trip_from_request_to_the_cabinet_chased_by_the_sweep(staff, keeper, today):
    passport = passport_for(staff.clerk)
    trip = {
        "passport": passport,
        "destination": "泰国",
        "purpose": "探亲旅游",
        "depart_on": date(2026, 11, 23),
        "return_on": date(2026, 11, 30),
    }
    case = services.save_trip(staff.clerk, trip, submit=True)
    assert [s["label"] for s in case.route] == [
        "科室负责人审核",
        "政工科初审",
        "局党组（主要领导）审批",
        "发放证件",
        "回国报告、交回证件",
        "收回证件",
    ]
    assert approve_all(case) == ["chief", "hr.clerk", "director"]
    # the generic 办结 does not hand a document out: the keeper's form does
    from apps.workflow import services as engine

    with pytest.raises(TransitionError, match="证件发放"):
        engine.complete(case.pk, pending(case, "handout").pk, keeper, "已发放")
    today.set(date(2026, 11, 20))
    services.hand_out(case.pk, keeper, date(2026, 11, 20))
    passport.refresh_from_db()
    assert passport.status == Passport.Status.ISSUED
    today.set(date(2026, 12, 1))
    services.report_return(case.pk, staff.clerk, date(2026, 11, 30), "按期回国，行程顺利。")
    clock = CaseClock.objects.get(case=case)
    assert clock.rule.code == "passport-return" and clock.due_date == date(2026, 12, 10)
    # the traveller holds the step: the sweep reminds them, then tells them it is overdue and
    # asks their section chief to see to it
    run_sweep(today=date(2026, 12, 8))
    assert Notification.objects.filter(user=staff.clerk, kind="remind", clock=clock).exists()
    run_sweep(today=date(2026, 12, 11))
    assert Notification.objects.filter(user=staff.clerk, kind="overdue", clock=clock).exists()
    assert Notification.objects.filter(user=staff.chief, kind="escalate", clock=clock).exists()
    today.set(date(2026, 12, 11))
    services.hand_back(case.pk, staff.clerk)
    services.confirm_received(case.pk, keeper, date(2026, 12, 11))
    case.refresh_from_db()
    clock.refresh_from_db()
    passport.refresh_from_db()
    assert case.status == Case.Status.CLOSED
    assert clock.status == CaseClock.Status.LATE  # one day late, on the record
    assert passport.status == Passport.Status.KEPT


def test_a_trip_needs_a_kept_valid_document_and_a_future_departure(staff, keeper, today):
    passport = passport_for(staff.clerk, expires_on=date(2026, 12, 1))
    trip = {
        "passport": passport,
        "destination": "日本",
        "purpose": "旅游",
        "depart_on": date(2026, 11, 25),
        "return_on": date(2026, 12, 5),
    }
    with pytest.raises(TransitionError, match="有效期至 2026-12-01"):
        services.save_trip(staff.clerk, trip, submit=True)
    with pytest.raises(TransitionError, match="只能申请使用本人的证件"):
        services.save_trip(staff.colleague, trip, submit=True)
    assert not Case.objects.filter(process="hr.passport").exclude(status="draft").exists()


def test_union_benefits_at_the_standard_and_hospital_once_a_year(staff, today):
    hospital = BenefitType.objects.get(code="hospital")
    benefit = services.register_benefit(staff.officer, staff.clerk, hospital, date(2026, 3, 2))
    assert benefit.amount == Decimal("500.00")
    with pytest.raises(TransitionError, match="一年内限一次"):
        services.register_benefit(staff.officer, staff.clerk, hospital, date(2026, 9, 9))
    services.register_benefit(staff.officer, staff.clerk, hospital, date(2027, 1, 5))
    services.register_benefit(staff.officer, staff.clerk, BenefitType.objects.get(code="wedding"), date(2026, 5, 1))
    staff_record(staff.colleague, union_member=False)
    with pytest.raises(TransitionError, match="不是工会会员"):
        services.register_benefit(
            staff.officer, staff.colleague, BenefitType.objects.get(code="birth"), date(2026, 5, 1)
        )
    with pytest.raises(TransitionError, match="只有政工科"):
        services.register_benefit(staff.chief, staff.clerk, BenefitType.objects.get(code="birth"), date(2026, 5, 1))
    response = client_for(staff.officer).get("/hr/benefits/", {"year": "2026", "export": "xlsx"})
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(min_row=2, values_only=True))
    assert sorted(r[2] for r in rows) == ["会员生病住院", "会员结婚"]
    # a member sees only their own
    assert {b.person_id for b in client_for(staff.colleague).get("/hr/benefits/").context["benefits"]} == set()


def test_annual_appraisal_absences_and_the_five_working_day_notice(staff, today, bureau):
    round_ = appraisal.create_round(staff.officer, "annual", 2026)
    grades = {g.person_id: "competent" for g in round_.grades.all()}
    grades[staff.clerk.pk] = "excellent"
    appraisal.set_grades(staff.officer, round_.pk, grades)
    # the clerk was absent three times this year (published attendance)
    from apps.hr.models import AttendanceMonth

    month = AttendanceMonth.objects.create(
        month=date(2026, 10, 1), file_name="x.xlsx", sha256="0" * 64, imported_by=staff.officer
    )
    MonthlyAttendance.objects.create(
        month=month,
        person=staff.clerk,
        section_name="办公室",
        working_days=18,
        present_days=17,
        leave_days=0,
        outing_days=0,
        late=6,
        early=0,
        missing=0,
        slip_absences=2,
        absent_days=1,
        absences=3,
    )
    with pytest.raises(TransitionError, match="全年缺勤 3.0 天（次），不能评为优秀"):
        appraisal.submit_annual(staff.officer, round_.pk)
    grades[staff.clerk.pk] = "competent"
    appraisal.set_grades(staff.officer, round_.pk, grades)
    round_ = appraisal.submit_annual(staff.officer, round_.pk)
    case = round_.case
    assert approve_all(case) == ["director"]
    appraisal.start_notice(case.pk, staff.officer, date(2026, 11, 16))
    clock = CaseClock.objects.get(case=case)
    assert clock.due_date == date(2026, 11, 23)  # five working days after Monday the 16th
    today.set(date(2026, 11, 20))
    with pytest.raises(TransitionError, match="至 2026-11-23 届满后方可确定"):
        appraisal.finish_notice(case.pk, staff.officer, "")
    from apps.workflow import services as engine

    with pytest.raises(TransitionError, match="届满后方可确定"):  # nor through the generic 办结
        engine.complete(case.pk, pending(case, "notice").pk, staff.officer, "确定")
    run_sweep(today=date(2026, 11, 23))
    assert Notification.objects.filter(user=staff.officer, clock=clock, key__startswith="elapsed:").exists()
    today.set(date(2026, 11, 23))
    appraisal.finish_notice(case.pk, staff.officer, "公示期满无异议。")
    round_.refresh_from_db()
    clock.refresh_from_db()
    assert round_.status == AppraisalRound.Status.FINAL and clock.status == CaseClock.Status.MET
    assert client_for(staff.clerk).get("/hr/appraisals/").context["mine"][0].get_grade_display() == "称职"


def test_people_pages_default_deny(staff, keeper, today):
    staff_record(staff.clerk)
    passport_for(staff.clerk)
    passport_for(staff.colleague, number_tail="9999")
    officer, clerk = client_for(staff.officer), client_for(staff.clerk)
    assert officer.get("/hr/people/").status_code == 200
    assert clerk.get("/hr/people/")["Location"] == f"/hr/people/{staff.clerk.pk}/"
    assert clerk.get(f"/hr/people/{staff.clerk.pk}/").status_code == 200
    assert clerk.get(f"/hr/people/{staff.colleague.pk}/").status_code == 404
    assert clerk.post(f"/hr/people/{staff.clerk.pk}/", {"gender": "F"}).status_code == 403
    assert [str(p) for p in clerk.get("/hr/passports/").context["passports"]] == ["普通护照（尾号1234）"]
    assert len(officer.get("/hr/passports/").context["passports"]) == 2
    assert clerk.get("/hr/appraisals/").context["rounds"] == []
    round_ = appraisal.create_round(staff.officer, "quarterly", 2026, 4)
    assert clerk.get(f"/hr/appraisals/{round_.pk}/").status_code == 403
    assert officer.get(f"/hr/appraisals/{round_.pk}/").status_code == 200
    response = officer.post(
        f"/hr/people/{staff.colleague.pk}/",
        {
            "gender": "F",
            "birth_date": "1985-02-03",
            "staffing_type": "civil_service",
            "work_start_date": "2007-08-01",
            "entry_date": "2012-01-01",
            "status": "serving",
            "union_member": "on",
        },
    )
    assert response.status_code == 302 and StaffRecord.objects.get(person=staff.colleague).birth_date == date(
        1985, 2, 3
    )
