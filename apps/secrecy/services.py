"""Every change to the secrecy records: one `@transaction.atomic` function each, refusing with a
Chinese reason (TransitionError) what is not the actor's to do or not legal in the record's state.

Reads the staff record of apps.hr (who is serving, since when, who has left) for the pledge
flags; the findings and rectification of the yearly self-inspection are apps.inspections'.
"""

from datetime import date

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone

from apps.audit.log import record
from apps.workflow import calendar
from apps.workflow.api import TransitionError
from apps.workflow.models import DeadlineRule
from apps.workflow.rules import deadline_rule

from .access import may_keep
from .models import Attendance, Carrier, CarrierCheck, CarrierCheckLine, Pledge, SelfInspection, Training

PLEDGE_RULE = deadline_rule("secrecy-pledge-new-staff")
CHECK_RULE = deadline_rule("secrecy-carrier-check")
TRAINING_RULE = deadline_rule("secrecy-training-yearly")
DEFAULT_PLEDGE_DAYS = 5
DEFAULT_CHECK_MONTHS = 3


def _require_keeper(actor):
    if not may_keep(actor):
        raise TransitionError("保密管理台账由办公室工作人员登记。")


def _text(value, what, limit=None):
    value = (value or "").strip()
    if not value:
        raise TransitionError(f"请填写{what}。")
    if limit and len(value) > limit:
        raise TransitionError(f"{what}不能超过 {limit} 个字。")
    return value


def _day(value, what):
    if not isinstance(value, date):
        raise TransitionError(f"请填写{what}。")
    if value > timezone.localdate():
        raise TransitionError(f"{what}不能晚于今天。")
    return value


def _rule(code):
    return DeadlineRule.objects.filter(code=code, active=True).first()


# --- pledges ------------------------------------------------------------------------------------


@transaction.atomic
def record_pledge(actor, data):
    """登记保密承诺书. `data`: person, kind, signed_on, period_months (离岗), note."""
    _require_keeper(actor)
    person = data.get("person")
    if person is None or person.admin_role:
        raise TransitionError("请选择签订承诺书的工作人员。")
    kind = data.get("kind")
    if kind not in Pledge.Kind.values:
        raise TransitionError("请选择承诺类别。")
    signed_on = _day(data.get("signed_on"), "签订日期")
    period = data.get("period_months")
    if kind == Pledge.Kind.DEPARTURE and not period:
        raise TransitionError("离岗保密承诺须填写脱密期（月）。")
    if kind == Pledge.Kind.APPOINTMENT:
        period = None
    if (
        kind == Pledge.Kind.DEPARTURE
        and not Pledge.objects.filter(person=person, kind=Pledge.Kind.APPOINTMENT).exists()
    ):
        # Not refused (a pledge may have been signed on paper before the portal), but said.
        note_missing = "（未登记上岗承诺）"
    else:
        note_missing = ""
    try:
        with transaction.atomic():
            pledge = Pledge.objects.create(
                person=person,
                kind=kind,
                signed_on=signed_on,
                period_months=period,
                note=((data.get("note") or "").strip() + note_missing)[:200],
                recorded_by=actor,
            )
    except IntegrityError:
        raise TransitionError(f"{person.full_name}的{Pledge.Kind(kind).label}已经登记过。") from None
    record("secrecy.pledge", actor=actor, obj=pledge, detail={"kind": kind, "person": person.pk})
    return pledge


def pledge_days():
    rule = _rule(PLEDGE_RULE)
    return rule.length if rule is not None else DEFAULT_PLEDGE_DAYS


def pledge_due(entry_date, days=None):
    """The last day to sign the appointment pledge: the rule row's working days from entry."""
    return calendar.add_working_days(entry_date, pledge_days() if days is None else days)


def missing_pledges(today=None):
    """Staff flagged for a missing pledge, from the hr staff record: serving staff without an
    appointment pledge (with the due date, overdue or not), and staff who have left without a
    departure pledge. Returns a list of dicts (person, kind, since, due, overdue), two queries."""
    from apps.hr.models import StaffRecord

    today = today or timezone.localdate()
    signed = set(Pledge.objects.values_list("person_id", "kind"))
    days = pledge_days()
    rows = []
    records = StaffRecord.objects.select_related("person", "person__section").order_by("entry_date", "pk")
    for rec in records:
        person = rec.person
        if rec.status == StaffRecord.Status.SERVING and (person.pk, Pledge.Kind.APPOINTMENT) not in signed:
            due = pledge_due(rec.entry_date, days)
            kind = Pledge.Kind.APPOINTMENT
        elif rec.status == StaffRecord.Status.LEFT and (person.pk, Pledge.Kind.DEPARTURE) not in signed:
            due, kind = None, Pledge.Kind.DEPARTURE
        else:
            continue
        rows.append(
            {
                "person": person,
                "kind": kind,
                "kind_label": Pledge.Kind(kind).label,
                "since": rec.entry_date if kind == Pledge.Kind.APPOINTMENT else None,
                "due": due,
                "overdue": due is None or today > due,
            }
        )
    return rows


# --- training ------------------------------------------------------------------------------------


@transaction.atomic
def record_training(actor, data):
    """登记保密培训; every serving staff member is put on the attendance list as 到会, to be
    corrected to 请假/缺席. `data`: held_on, title, trainer, hours, place, content, people."""
    _require_keeper(actor)
    hours = data.get("hours")
    if hours is None or hours <= 0:
        raise TransitionError("学时应大于 0。")
    training = Training.objects.create(
        held_on=_day(data.get("held_on"), "培训日期"),
        title=_text(data.get("title"), "培训主题", 120),
        trainer=_text(data.get("trainer"), "授课人", 60),
        hours=hours,
        place=(data.get("place") or "").strip()[:60],
        content=(data.get("content") or "").strip(),
        created_by=actor,
    )
    people = data.get("people")
    if people is None:
        people = get_user_model().objects.filter(is_active=True, admin_role="", section__isnull=False)
    Attendance.objects.bulk_create([Attendance(training=training, person=p) for p in people])
    record("secrecy.training", actor=actor, obj=training)
    return training


@transaction.atomic
def set_attendance(actor, training_pk, statuses):
    """Correct the attendance: `statuses` maps Attendance pk -> status."""
    _require_keeper(actor)
    training = Training.objects.select_for_update().filter(pk=training_pk).first()
    if training is None:
        raise TransitionError("培训记录不存在。")
    rows = {a.pk: a for a in training.attendance.select_for_update().order_by("pk")}
    changed = 0
    for pk, status in statuses.items():
        row = rows.get(int(pk))
        if row is None or status not in Attendance.Status.values:
            raise TransitionError("签到名单已变化，请刷新后重新登记。")
        if row.status != status:
            row.status = status
            row.save(update_fields=["status"])
            changed += 1
    record("secrecy.attendance", actor=actor, obj=training, detail={"changed": changed})
    return changed


def training_due(year):
    """The yearly training: the last day of the year (seed 000 1.1.3 四：每年组织保密工作培训)."""
    return date(year, 12, 31)


# --- self-inspection ---------------------------------------------------------------------------


@transaction.atomic
def record_self_inspection(actor, data):
    """登记年度保密自查 (one a year). Findings and rectification: apps.inspections."""
    _require_keeper(actor)
    conducted_on = _day(data.get("conducted_on"), "自查日期")
    year = conducted_on.year
    if SelfInspection.objects.select_for_update().filter(year=year).exists():
        raise TransitionError(f"{year}年度保密自查已经登记。")
    inspection = SelfInspection.objects.create(
        year=year,
        conducted_on=conducted_on,
        scope=_text(data.get("scope"), "自查范围和内容"),
        summary=(data.get("summary") or "").strip(),
        created_by=actor,
    )
    record("secrecy.self_inspection", actor=actor, obj=inspection)
    return inspection


# --- carriers ------------------------------------------------------------------------------------


@transaction.atomic
def register_carrier(actor, data):
    _require_keeper(actor)
    number = _text(data.get("number"), "载体编号", 40)
    if Carrier.objects.filter(number=number).exists():
        raise TransitionError(f"载体编号 {number} 已经登记。")
    keeper = data.get("keeper")
    if keeper is None:
        raise TransitionError("请选择保管人。")
    carrier = Carrier.objects.create(
        number=number,
        kind=data.get("kind") or Carrier.Kind.OTHER,
        name=_text(data.get("name"), "载体名称", 120),
        level=data.get("level") or Carrier.Level.SECRET,
        keeper=keeper,
        location=_text(data.get("location"), "存放位置", 80),
        registered_on=_day(data.get("registered_on"), "登记日期"),
    )
    record("secrecy.carrier", actor=actor, obj=carrier)
    return carrier


@transaction.atomic
def close_carrier(actor, carrier_pk, status, on_date, note):
    """销毁 or 清退 a carrier: it leaves the periodic check."""
    _require_keeper(actor)
    carrier = Carrier.objects.select_for_update().filter(pk=carrier_pk).first()
    if carrier is None:
        raise TransitionError("载体不存在。")
    if carrier.status != Carrier.Status.IN_USE:
        raise TransitionError(f"该载体已{carrier.get_status_display()}。")
    if status not in (Carrier.Status.DESTROYED, Carrier.Status.RETURNED):
        raise TransitionError("请选择销毁或清退。")
    on_date = _day(on_date, "销毁/清退日期")
    if on_date < carrier.registered_on:
        raise TransitionError("销毁/清退日期不能早于登记日期。")
    carrier.status = status
    carrier.closed_on = on_date
    carrier.closed_note = _text(note, "销毁/清退说明（监销人、接收单位）", 200)
    carrier.save(update_fields=["status", "closed_on", "closed_note"])
    record("secrecy.carrier_closed", actor=actor, obj=carrier, detail={"status": status})
    return carrier


@transaction.atomic
def record_check(actor, data, results):
    """登记涉密载体定期检查: a line for every carrier in use. `results` maps carrier pk ->
    (result, note); a carrier not in use any more, or one missing from `results`, is refused."""
    _require_keeper(actor)
    checked_on = _day(data.get("checked_on"), "检查日期")
    checkers = _text(data.get("checkers"), "检查人（两人以上）", 80)
    in_use = {c.pk: c for c in Carrier.objects.select_for_update().filter(status=Carrier.Status.IN_USE)}
    results = {int(k): v for k, v in results.items()}
    if set(results) != set(in_use):
        raise TransitionError("在用载体清单已变化，请刷新后逐件检查。")
    if not in_use:
        raise TransitionError("台账中没有在用的涉密载体。")
    check = CarrierCheck.objects.create(
        checked_on=checked_on, checkers=checkers, note=(data.get("note") or "").strip(), created_by=actor
    )
    lines = []
    for pk, (result, note) in sorted(results.items()):
        if result not in CarrierCheckLine.Result.values:
            raise TransitionError("请为每件载体选择检查结果。")
        if result != CarrierCheckLine.Result.OK and not (note or "").strip():
            raise TransitionError(f"载体 {in_use[pk].number} 不在位或损坏，请写明情况。")
        lines.append(
            CarrierCheckLine(check_record=check, carrier_id=pk, result=result, note=(note or "").strip()[:200])
        )
    CarrierCheckLine.objects.bulk_create(lines)
    problems = sum(1 for line in lines if line.result != CarrierCheckLine.Result.OK)
    record("secrecy.carrier_check", actor=actor, obj=check, detail={"carriers": len(lines), "problems": problems})
    return check


def check_interval_months():
    rule = _rule(CHECK_RULE)
    return rule.length if rule is not None else DEFAULT_CHECK_MONTHS


def next_check_due(today=None):
    """The next periodic check: the rule row's months after the last one (or after the first
    carrier was registered). None when no carrier is in use."""
    first = Carrier.objects.filter(status=Carrier.Status.IN_USE).order_by("registered_on").first()
    if first is None:
        return None
    last = CarrierCheck.objects.order_by("-checked_on").first()
    start = max(last.checked_on, first.registered_on) if last else first.registered_on
    return add_months(start, check_interval_months())


def secrecy_officers():
    from apps.accounts.models import OfficeRole, Rank

    users = get_user_model().objects.filter(is_active=True, admin_role="", section__code="office")
    return [
        u
        for u in users.prefetch_related("office_roles")
        if u.rank == Rank.CHIEF or u.has_office_role(OfficeRole.CONFIDENTIAL_CLERK)
    ]


def add_months(day, months):
    """The same day `months` later (the month's last day when it has no such day)."""
    import calendar as months_calendar

    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, months_calendar.monthrange(year, month)[1]))
