"""State changes for people: staff records, passports and private trips, union benefits.
Each runs in one transaction, checks the actor, and writes the audit log."""

from django.db import transaction
from django.utils import timezone

from apps.audit.log import record
from apps.workflow import api, deadlines
from apps.workflow.api import TransitionError
from apps.workflow.rules import deadline_rule

from ..models import Passport, PassportTrip, StaffRecord, UnionBenefit
from ..personnel import require_officer, share_with_personnel_section
from .processes import COLLECT, HANDOUT, PASSPORT_PROCESS, RETURN

PASSPORT_RULE = deadline_rule("passport-return")
NOT_YOUR_STEP = "您不是该环节的办理人，或该环节已办理。"


# --- staff records ----------------------------------------------------------------------------


@transaction.atomic
def save_staff_record(actor, person, data):
    require_officer(actor, "维护人员档案")
    record_row = StaffRecord.objects.select_for_update(of=("self",)).filter(
        person=person
    ).order_by().first() or StaffRecord(person=person)
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
    require_officer(actor, "登记证件")
    passport = Passport.objects.create(**data)
    record("hr.passport.register", actor=actor, obj=passport, detail={"holder": passport.holder_id})
    return passport


@transaction.atomic
def save_trip(actor, data, submit=False):
    """A 因私出国（境） request (限定知悉范围: the applicant, the approvers, the personnel section)."""
    passport = data["passport"]
    if passport.holder_id != actor.pk:
        raise TransitionError("只能申请使用本人的证件。")
    case = api.create_case(
        PASSPORT_PROCESS,
        initiator=actor,
        section=actor.section,
        is_confidential=True,
        title=f"{actor.full_name}因私出国（境）申请（{data['destination']}，{data['depart_on']:%Y-%m-%d}）",
    )
    PassportTrip.objects.create(case=case, **data)
    if submit:
        api.submit(case.pk, actor)
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


def lock_trip(case_id, actor, step):
    """Lock a private trip's case and record, and the actor's pending task at `step`."""
    case = api.lock_case(case_id, process=PASSPORT_PROCESS)
    task = api.pending_task(case, actor, step=step, refusal=NOT_YOUR_STEP)
    trip = PassportTrip.objects.select_for_update(of=("self",)).select_related("passport").get(case=case)
    return case, trip, task


def hand_out(case_id, actor, on_date):
    """发放证件: the keeper hands the document out for the approved trip."""
    with transaction.atomic():
        case, trip, task = lock_trip(case_id, actor, HANDOUT)
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
        api.finish_own_step(case.pk, task.pk, actor, f"{on_date:%Y-%m-%d} 发放{passport}。")


def report_return(case_id, actor, returned_on, report):
    """回国报告: the traveller says when they came back; the 10-day clock starts from that day and
    the sweep chases the traveller (who holds the step) until the document is handed back."""
    with transaction.atomic():
        case, trip, _task = lock_trip(case_id, actor, RETURN)
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
        case, trip, task = lock_trip(case_id, actor, RETURN)
        if trip.returned_on is None:
            raise TransitionError("请先填写回国报告。")
        api.finish_own_step(case.pk, task.pk, actor, "证件已交回政工科。")


def confirm_received(case_id, actor, on_date):
    """收回证件: the keeper puts the document back in the cabinet; the clock stops on that day."""
    with transaction.atomic():
        case, trip, task = lock_trip(case_id, actor, COLLECT)
        if on_date > timezone.localdate():
            raise TransitionError("收回日期不能晚于今天。")
        if trip.returned_on and on_date < trip.returned_on:
            raise TransitionError("收回日期不能早于回国（境）日期。")
        trip.handed_back_on, trip.received_by = on_date, actor
        trip.save(update_fields=["handed_back_on", "received_by"])
        clock = case.clocks.filter(rule__code=PASSPORT_RULE).first()
        if clock is not None and clock.is_open:
            deadlines.stop_clock(clock.pk, actor, on_date)
        api.finish_own_step(case.pk, task.pk, actor, f"{on_date:%Y-%m-%d} 收回证件，存入专柜。")


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
    require_officer(actor, "登记工会慰问")
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
        person=person,
        benefit_type=benefit_type,
        event_date=event_date,
        amount=benefit_type.amount,
        note=note.strip()[:200],
        registered_by=actor,
    )
    record("hr.union_benefit", actor=actor, obj=benefit, detail={"person": person.pk, "type": benefit_type.code})
    return benefit


def step_done_problem(case, task):
    """Process.check_complete of hr.passport: a handling step is finished only once the passport
    forms have recorded what happened (so a generic 办结 is refused with what is missing)."""
    trip = case.passport_trip
    done = {HANDOUT: trip.handed_out_on, RETURN: trip.returned_on, COLLECT: trip.received_by_id}
    if task.step in done and not done[task.step]:
        return "请在“事项信息”中填写证件发放、回国或收回情况后办理。"
    return ""
