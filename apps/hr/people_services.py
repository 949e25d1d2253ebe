"""State changes for people: staff records, passports and private trips, union benefits, and
appraisals. Each runs in one transaction, checks the actor, and writes the audit log."""

from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from apps.audit.log import record
from apps.workflow import deadlines
from apps.workflow import services as engine
from apps.workflow.models import Case, Task
from apps.workflow.services import TransitionError

from .models import (
    AppraisalGrade,
    AppraisalRound,
    AttendancePolicy,
    MonthlyAttendance,
    Passport,
    PassportTrip,
    StaffRecord,
    UnionBenefit,
    is_personnel_officer,
)
from .processes import APPRAISAL_PROCESS, COLLECT, HANDOUT, NOTICE, PASSPORT_PROCESS, RETURN
from .services import share_with_personnel_section

PASSPORT_RULE = "passport-return"
NOTICE_RULE = "appraisal-public-notice"


def _officer(actor, what):
    if not is_personnel_officer(actor):
        raise TransitionError(f"只有政工科可以{what}。")


# --- staff records ----------------------------------------------------------------------------


@transaction.atomic
def save_staff_record(actor, person, data):
    _officer(actor, "维护人员档案")
    record_row = StaffRecord.objects.select_for_update(of=("self",)).filter(person=person).order_by().first() or StaffRecord(person=person)
    for name, value in data.items():
        setattr(record_row, name, value)
    record_row.attendance_no = record_row.attendance_no or None
    record_row.full_clean()
    record_row.save()
    record("hr.staff_record", actor=actor, obj=record_row, detail={"person": person.pk, "fields": sorted(data)})
    return record_row


# --- passports --------------------------------------------------------------------------------


@transaction.atomic
def register_passport(actor, data):
    _officer(actor, "登记证件")
    passport = Passport.objects.create(**data)
    record("hr.passport.register", actor=actor, obj=passport, detail={"holder": passport.holder_id})
    return passport


@transaction.atomic
def save_trip(actor, data, submit=False):
    """A 因私出国（境） request (限定知悉范围: the applicant, the approvers, the personnel section)."""
    passport = data["passport"]
    if passport.holder_id != actor.pk:
        raise TransitionError("只能申请使用本人的证件。")
    case = engine.create_case(
        PASSPORT_PROCESS, initiator=actor, section=actor.section, is_confidential=True,
        title=f"{actor.full_name}因私出国（境）申请（{data['destination']}，{data['depart_on']:%Y-%m-%d}）",
    )
    PassportTrip.objects.create(case=case, **data)
    if submit:
        engine.submit(case.pk, actor)
        case.refresh_from_db()
    return case


def trip_problem(trip, today=None):
    today = today or timezone.localdate()
    if trip.return_on < trip.depart_on:
        return "回国（境）日期不能早于出发日期。"
    if trip.depart_on < today:
        return "出发日期已过：因私出国（境）须事先书面申请并经批准。"
    passport = trip.passport
    if passport.status != Passport.Status.KEPT:
        return f"{passport}当前{passport.get_status_display()}，不能申请发放。"
    if passport.expires_on < trip.return_on:
        return f"{passport}有效期至 {passport.expires_on:%Y-%m-%d}，不足以覆盖行程。"
    return ""


def passport_submitted(case, actor):
    """Process.on_submit: check the trip, and share it with the personnel section that keeps the
    document."""
    problem = trip_problem(case.passport_trip)
    if problem:
        raise TransitionError(problem)
    share_with_personnel_section(case, actor)


def _my_task(case, actor, step):
    tasks = case.tasks.select_for_update(of=("self",)).filter(status=Task.Status.PENDING, step=step)
    for task in tasks:
        if task.assignee_id == actor.pk or engine.is_delegate_of(actor, task.assignee_id):
            return task
    raise TransitionError("您不是该环节的办理人，或该环节已办理。")


def _lock(case_id):
    case = Case.objects.select_for_update(of=("self",)).filter(pk=case_id, process=PASSPORT_PROCESS).first()
    if case is None:
        raise TransitionError("申请不存在。")
    return case, PassportTrip.objects.select_for_update(of=("self",)).select_related("passport").get(case=case)


def hand_out(case_id, actor, on_date):
    """发放证件: the keeper hands the document out for the approved trip."""
    with transaction.atomic():
        case, trip = _lock(case_id)
        task = _my_task(case, actor, HANDOUT)
        passport = Passport.objects.select_for_update().get(pk=trip.passport_id)
        if passport.status != Passport.Status.KEPT:
            raise TransitionError(f"{passport}当前{passport.get_status_display()}，不能发放。")
        if on_date > timezone.localdate():
            raise TransitionError("发放日期不能晚于今天。")
        trip.handed_out_on, trip.handed_out_by = on_date, actor
        trip.save(update_fields=["handed_out_on", "handed_out_by"])
        passport.status = Passport.Status.ISSUED
        passport.save(update_fields=["status"])
        record("hr.passport.hand_out", actor=actor, obj=passport, detail={"case": case.pk})
        engine.complete(case.pk, task.pk, actor, f"{on_date:%Y-%m-%d} 发放{passport}。")


def report_return(case_id, actor, returned_on, report):
    """回国报告: the traveller says when they came back; the 10-day clock starts from that day and
    the sweep chases the traveller (who holds the step) until the document is handed back."""
    with transaction.atomic():
        case, trip = _lock(case_id)
        _my_task(case, actor, RETURN)
        if trip.returned_on is not None:
            raise TransitionError("已登记回国，请交回证件。")
        if returned_on > timezone.localdate():
            raise TransitionError("回国（境）日期不能晚于今天。")
        if trip.handed_out_on and returned_on < trip.handed_out_on:
            raise TransitionError("回国（境）日期不能早于证件发放日期。")
        if not report.strip():
            raise TransitionError("请填写回国报告（行程、事项完成情况）。")
        trip.returned_on, trip.report = returned_on, report.strip()
        trip.save(update_fields=["returned_on", "report"])
        deadlines.start_clock(case, PASSPORT_RULE, returned_on, actor)


def hand_back(case_id, actor):
    """The traveller has handed the document to the personnel section: the keeper confirms next."""
    with transaction.atomic():
        case, trip = _lock(case_id)
        task = _my_task(case, actor, RETURN)
        if trip.returned_on is None:
            raise TransitionError("请先填写回国报告。")
        engine.complete(case.pk, task.pk, actor, "证件已交回政工科。")


def confirm_received(case_id, actor, on_date):
    """收回证件: the keeper puts the document back in the cabinet; the clock stops on that day."""
    with transaction.atomic():
        case, trip = _lock(case_id)
        task = _my_task(case, actor, COLLECT)
        if on_date > timezone.localdate():
            raise TransitionError("收回日期不能晚于今天。")
        if trip.returned_on and on_date < trip.returned_on:
            raise TransitionError("收回日期不能早于回国（境）日期。")
        trip.handed_back_on, trip.received_by = on_date, actor
        trip.save(update_fields=["handed_back_on", "received_by"])
        clock = case.clocks.filter(rule__code=PASSPORT_RULE).first()
        if clock is not None and clock.is_open:
            deadlines.stop_clock(clock.pk, actor, on_date)
        engine.complete(case.pk, task.pk, actor, f"{on_date:%Y-%m-%d} 收回证件，存入专柜。")


def passport_back_in_cabinet(case, actor):
    """Process.on_close: the document is in the cabinet again."""
    trip = case.passport_trip
    passport = Passport.objects.select_for_update().get(pk=trip.passport_id)
    if passport.status == Passport.Status.ISSUED:
        passport.status = Passport.Status.KEPT
        passport.save(update_fields=["status"])
        record("hr.passport.received", actor=actor, obj=passport, detail={"case": case.pk})


# --- union benefits ---------------------------------------------------------------------------


@transaction.atomic
def register_benefit(actor, person, benefit_type, event_date, note=""):
    """工会慰问 at the seed's amounts; the hospital benefit once a year (一年内多次住院的限慰问一次)."""
    _officer(actor, "登记工会慰问")
    member = StaffRecord.objects.filter(person=person).values_list("union_member", flat=True).first()
    if member is False:
        raise TransitionError(f"{person.full_name}不是工会会员。")
    if not benefit_type.active:
        raise TransitionError(f"“{benefit_type.name}”已停用。")
    if benefit_type.once_per_year:
        earlier = (
            UnionBenefit.objects.select_for_update()
            .filter(person=person, benefit_type=benefit_type, event_date__year=event_date.year)
            .first()
        )
        if earlier is not None:
            raise TransitionError(
                f"{person.full_name}{event_date.year}年已于 {earlier.event_date:%Y-%m-%d} 领取“{benefit_type.name}”，一年内限一次。"
            )
    benefit = UnionBenefit.objects.create(
        person=person, benefit_type=benefit_type, event_date=event_date, amount=benefit_type.amount,
        note=note.strip()[:200], registered_by=actor,
    )
    record("hr.union_benefit", actor=actor, obj=benefit, detail={"person": person.pk, "type": benefit_type.code})
    return benefit


# --- appraisals -------------------------------------------------------------------------------


def appraisal_staff():
    """Everyone on the roll but the main leader (党组书记、局长除外)."""
    from .attendance_services import attendance_staff

    return attendance_staff().exclude(rank="director")


@transaction.atomic
def create_round(actor, kind, year, quarter=None):
    _officer(actor, "组织考核")
    if kind == AppraisalRound.Kind.QUARTERLY and quarter not in (1, 2, 3, 4):
        raise TransitionError("请选择季度。")
    if AppraisalRound.objects.filter(kind=kind, year=year, quarter=quarter if kind == "quarterly" else None).exists():
        raise TransitionError("该考核已经建立。")
    round_ = AppraisalRound.objects.create(
        kind=kind, year=year, quarter=quarter if kind == AppraisalRound.Kind.QUARTERLY else None, created_by=actor
    )
    AppraisalGrade.objects.bulk_create(
        [AppraisalGrade(round=round_, person=p, unit_id=p.section_id) for p in appraisal_staff()]
    )
    record("hr.appraisal.create", actor=actor, obj=round_, detail={"kind": kind, "year": year, "quarter": quarter})
    return round_


def yearly_absences(person_ids, year):
    """{person: absences (days/times)} from the year's published attendance (考勤情况列入年终考核)."""
    rows = (
        MonthlyAttendance.objects.filter(person_id__in=person_ids, month__month__year=year)
        .values("person_id")
        .annotate(total=Sum("absences"))
    )
    return {row["person_id"]: row["total"] or Decimal("0") for row in rows}


def cap_problems(round_, grades):
    """Units whose 好 exceed the cap: ["办公室：5 人参评，“好”至多 1 人，现 2 人"]."""
    if round_.kind != AppraisalRound.Kind.QUARTERLY:
        return []
    units = {}
    for grade in grades:
        count, good, name = units.get(grade.unit_id, (0, 0, grade.unit.name))
        units[grade.unit_id] = (count + 1, good + (grade.grade == "good"), name)
    problems = []
    for count, good, name in units.values():
        allowed = count * round_.good_cap_percent // 100
        if good > allowed:
            problems.append(f"{name}：{count} 人参评，“好”等次至多 {allowed} 人（{round_.good_cap_percent}%以内），现 {good} 人")
    return problems


def excellent_problems(round_, grades):
    """Nobody with three absences in the year may be 优秀 (一年内缺勤三天（次）以上不能评先评优)."""
    if round_.kind != AppraisalRound.Kind.ANNUAL:
        return []
    limit = AttendancePolicy.objects.current().absence_limit
    absences = yearly_absences([g.person_id for g in grades if g.grade == "excellent"], round_.year)
    return [
        f"{g.person.full_name}全年缺勤 {absences[g.person_id]} 天（次），不能评为优秀"
        for g in grades
        if g.grade == "excellent" and absences.get(g.person_id, 0) >= limit
    ]


@transaction.atomic
def set_grades(actor, round_id, grades, notes=None):
    """Save the grades typed on the round's page ({person pk: grade}); the rules are checked
    when the round is confirmed or sent to the party group, so a draft can be saved as it is."""
    _officer(actor, "评定考核等次")
    round_ = AppraisalRound.objects.select_for_update().get(pk=round_id)
    if round_.status != AppraisalRound.Status.DRAFT:
        raise TransitionError("考核已提交或确定，不能再修改等次。")
    allowed = {value for value, _ in (AppraisalGrade._meta.get_field("grade").choices)}
    rows = {g.person_id: g for g in round_.grades.select_for_update()}
    for person_id, grade in grades.items():
        row = rows.get(person_id)
        if row is None or (grade and grade not in allowed):
            continue
        row.grade = grade
        if notes and person_id in notes:
            row.note = notes[person_id][:200]
        row.save(update_fields=["grade", "note"])
    record("hr.appraisal.grades", actor=actor, obj=round_, detail={"count": len(grades)})
    return round_


def _check_complete(round_):
    grades = list(round_.grades.select_related("person", "unit"))
    missing = [g.person.full_name for g in grades if not g.grade]
    if missing:
        raise TransitionError(f"尚有 {len(missing)} 人未评定等次：{'、'.join(missing[:10])}{'等' if len(missing) > 10 else ''}。")
    problems = cap_problems(round_, grades) + excellent_problems(round_, grades)
    if problems:
        raise TransitionError("；".join(problems) + "。")


@transaction.atomic
def confirm_quarter(actor, round_id):
    """平时考核: 政工室综合汇总，党组会议综合评议 — recorded as confirmed once the cap holds."""
    _officer(actor, "确定考核结果")
    round_ = AppraisalRound.objects.select_for_update().get(pk=round_id)
    if round_.kind != AppraisalRound.Kind.QUARTERLY or round_.status != AppraisalRound.Status.DRAFT:
        raise TransitionError("该考核不能确定。")
    _check_complete(round_)
    round_.status, round_.finalized_at = AppraisalRound.Status.FINAL, timezone.now()
    round_.save(update_fields=["status", "finalized_at"])
    record("hr.appraisal.final", actor=actor, obj=round_)
    return round_


@transaction.atomic
def submit_annual(actor, round_id):
    """年度考核: send the grades to the party group (engine case hr.appraisal); after its
    decision the result is published for at least 5 working days before it is final."""
    _officer(actor, "提交年度考核")
    round_ = AppraisalRound.objects.select_for_update().get(pk=round_id)
    if round_.kind != AppraisalRound.Kind.ANNUAL or round_.status != AppraisalRound.Status.DRAFT:
        raise TransitionError("该考核不能提交。")
    _check_complete(round_)
    case = engine.create_case(
        APPRAISAL_PROCESS, initiator=actor, section=actor.section, title=f"{round_}等次确定与公示", is_confidential=True
    )
    round_.case, round_.status = case, AppraisalRound.Status.SUBMITTED
    round_.save(update_fields=["case", "status"])
    engine.submit(case.pk, actor)
    share_with_personnel_section(case, actor)
    return round_


def start_notice(case_id, actor, on_date):
    """公示: the clock of appraisal-public-notice (at least 5 working days) runs from `on_date`."""
    with transaction.atomic():
        case = Case.objects.select_for_update(of=("self",)).filter(pk=case_id, process=APPRAISAL_PROCESS).first()
        if case is None:
            raise TransitionError("考核不存在。")
        _my_task(case, actor, NOTICE)
        deadlines.start_clock(case, NOTICE_RULE, on_date, actor)


def notice_problem(case):
    clock = case.clocks.filter(rule__code=NOTICE_RULE).first()
    if clock is None:
        return "尚未公示：请先登记公示开始日期。"
    if timezone.localdate() < clock.due_date:
        return f"公示期不少于5个工作日，至 {clock.due_date:%Y-%m-%d} 届满后方可确定结果。"
    return ""


def finish_notice(case_id, actor, result):
    with transaction.atomic():
        case = Case.objects.select_for_update(of=("self",)).filter(pk=case_id, process=APPRAISAL_PROCESS).first()
        if case is None:
            raise TransitionError("考核不存在。")
        task = _my_task(case, actor, NOTICE)
        problem = notice_problem(case)
        if problem:
            raise TransitionError(problem)
        clock = case.clocks.get(rule__code=NOTICE_RULE)
        if clock.is_open:
            deadlines.stop_clock(clock.pk, actor, clock.due_date)
        engine.complete(case.pk, task.pk, actor, result or "公示期满无异议，考核结果确定。")


def appraisal_final(case, actor):
    """Process.on_close of hr.appraisal: the annual round is final."""
    round_ = AppraisalRound.objects.select_for_update().get(case=case)
    round_.status, round_.finalized_at = AppraisalRound.Status.FINAL, timezone.now()
    round_.save(update_fields=["status", "finalized_at"])
    record("hr.appraisal.final", actor=actor, obj=round_)

