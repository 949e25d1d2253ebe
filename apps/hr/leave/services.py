"""State changes of the leave app: drafting and submitting a request, what happens on approval
(the stand-in's delegation), 销假, and the personnel section's allowance entries.

Each function runs in one transaction, locks the rows it changes, re-checks who may act, and
writes the audit log. Routing, opinions and the case's own log are the engine's (apps.workflow.api).
"""

from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from apps.audit.log import record
from apps.workflow import api
from apps.workflow.api import TransitionError, save_attachment
from apps.workflow.models import Case, Delegation

from ..models import APPROVED_STATUSES, HalfDay, LeaveBalance, LeaveRequest, is_personnel_officer
from ..personnel import require_officer
from . import days as leave_days
from .balances import days_text, leave_year
from .processes import LEAVE_PROCESS

OPEN_OR_APPROVED = (Case.Status.ACTIVE, Case.Status.RETURNED, *APPROVED_STATUSES)


# --- drafting ---------------------------------------------------------------------------------


def measure(leave):
    """Fill in the days a leave takes and the part beyond what its type allows."""
    ltype = leave.leave_type
    leave.days = leave_days.working_days(leave.start_date, leave.start_part, leave.end_date, leave.end_part)
    leave.calendar_days = leave_days.calendar_days(leave.start_date, leave.end_date)
    counted = Decimal(leave.calendar_days) if ltype.counting == ltype.Counting.CALENDAR else leave.days
    excess = Decimal("0")
    if ltype.entitled_days is not None and not ltype.is_annual and not ltype.is_personal:
        allowed = Decimal(ltype.entitled_days)
        if leave.extends_id:
            allowed -= _chain_counted(leave.extends)
        excess = max(counted - max(allowed, Decimal("0")), Decimal("0"))
        if ltype.counting == ltype.Counting.CALENDAR and excess:
            # the excess in calendar days, expressed as the working days it covers (the last ones)
            excess = min(excess, leave.days)
    leave.personal_excess = excess


def _chain_counted(leave):
    total = Decimal("0")
    while leave is not None:
        ltype = leave.leave_type
        total += Decimal(leave.calendar_days) if ltype.counting == ltype.Counting.CALENDAR else leave.days
        leave = leave.extends
    return total


def leave_title(leave):
    kind = "续假" if leave.extends_id else "请假"
    return f"{leave.person.full_name}{kind}（{leave.start_date:%Y-%m-%d}起，{days_text(leave.days)}个工作日）"


def leave_problem(leave):
    """Why this request cannot go for approval as it stands (a Chinese sentence), or ''."""
    ltype = leave.leave_type
    if not ltype.active:
        return f"假别“{ltype.name}”已停用，请选择其他假别。"
    if leave.days <= 0:
        return "所选期间没有工作日（均为休息日或法定节假日），无需请假。"
    if leave.stand_in_id == leave.person_id:
        return "工作代理人不能是本人。"
    if leave.stand_in_id and (not leave.stand_in.is_active or leave.stand_in.admin_role):
        return "工作代理人无效，请重新选择。"
    if ltype.requires_certificate and not leave.case.attachments.exists():
        note = ltype.certificate_note or "相关证明"
        return f"请{ltype.name}须上传{note}（可拍照上传）。"
    overlapping = (
        LeaveRequest.objects.filter(
            person_id=leave.person_id,
            case__status__in=OPEN_OR_APPROVED,
            start_date__lte=leave.end_date,
            end_date__gte=leave.start_date,
        )
        .exclude(pk=leave.pk)
        .select_related("case")
    )
    for other in overlapping:
        if _overlaps(leave, other):
            return f"与已有请假（{other.period_text()}，{other.case.get_status_display()}）时间重叠。"
    if leave.extends_id:
        parent = leave.extends
        if parent.person_id != leave.person_id:
            return "只能为本人的请假续假。"
        if parent.case.status not in APPROVED_STATUSES:
            return "原请假尚未批准，不能续假。"
        if parent.returned_on is not None:
            return "原请假已销假，不能续假。"
        if timezone.localdate() > parent.end_date:
            return (
                f"原假期已于 {parent.end_date:%Y-%m-%d} 届满，续假须在假期届满前报告并经批准；"
                "届满后未到岗的按缺勤处理，特殊情况请联系政工科补办手续。"
            )
        start, part = leave_days.next_start_after(parent.end_date, parent.end_part)
        if (leave.start_date, leave.start_part) != (start, part):
            return f"续假应自 {start:%Y-%m-%d}{HalfDay(part).label}起，紧接原假期。"
    if ltype.is_annual:
        year = leave_year(leave.person, leave.start_date.year)
        if leave.end_date.year != leave.start_date.year:
            return "年休假不能跨年度申请，请按年度分开填写。"
        if year.annual_allowance is None:
            return f"{year.year}年年休假天数尚未核定，请联系政工科。"
        if year.forfeited:
            return f"全年事假已累计 {days_text(year.personal_total)} 天，不享受{year.year}年年休假。"
        pending = sum(
            (
                o.days
                for o in LeaveRequest.objects.filter(
                    person_id=leave.person_id,
                    leave_type=ltype,
                    case__status__in=(Case.Status.ACTIVE, Case.Status.RETURNED),
                    start_date__year=year.year,
                ).exclude(pk=leave.pk)
            ),
            Decimal("0"),
        )
        left = year.annual_remaining - pending
        if leave.days > left:
            return (
                f"年休假余额不足：{year.year}年剩余 {days_text(max(left, 0))} 天（已扣除审批中的申请），"
                f"本次 {days_text(leave.days)} 天。"
            )
    return ""


def _overlaps(a, b):
    """Half-day precision: a morning leave and an afternoon leave on one day do not overlap."""
    a_start = (a.start_date, a.start_part == HalfDay.PM)
    a_end = (a.end_date, a.end_part == HalfDay.PM)
    b_start = (b.start_date, b.start_part == HalfDay.PM)
    b_end = (b.end_date, b.end_part == HalfDay.PM)
    # an interval runs from its start half to its end half inclusive
    return a_start <= b_end and b_start <= a_end


@transaction.atomic
def save_leave(actor, data, case=None, uploads=(), submit=False):
    """Create or update a draft leave request (and its case); optionally submit it."""
    if case is None:
        if actor.admin_role or actor.section_id is None:
            raise TransitionError("管理员账号不能请假。")
        leave = LeaveRequest(person=actor)
    else:
        case = lock_own_draft(case.pk, actor)
        leave = case.leave
    for name in ("leave_type", "start_date", "start_part", "end_date", "end_part", "reason", "destination", "stand_in"):
        setattr(leave, name, data[name])
    if "extends" in data:
        leave.extends = data["extends"]
    measure(leave)
    title = leave_title(leave)
    if case is None:
        # 限定知悉范围: a leave (a sick note above all) is for the applicant, the approvers and the
        # personnel section, not the whole section.
        case = api.create_case(LEAVE_PROCESS, initiator=actor, section=actor.section, title=title, is_confidential=True)
        leave.case = case
    else:
        api.save_draft(case, actor, title=title)
    leave.save()
    for upload in uploads:
        save_attachment(case, upload, actor)
    if submit:
        api.submit(case.pk, actor)
    return case


def lock_own_draft(case_id, actor):
    """Lock the actor's own leave request while it may still be edited (a draft, or returned)."""
    case = api.lock_case(case_id)
    if case.initiator_id != actor.pk or case.process != LEAVE_PROCESS:
        raise TransitionError("只能修改本人的请假。")
    if case.status not in api.EDITABLE:
        raise TransitionError("该请假已提交，不能再修改。")
    return case


# --- approval ---------------------------------------------------------------------------------


def leave_approved(case, actor):
    """Process.on_close: the last approver agreed. Record it, and hand the applicant's inbox to
    the named stand-in for the days away (an engine Delegation, visible in 我的委托)."""
    leave = (
        LeaveRequest.objects.select_for_update(of=("self",))
        .select_related("extends", "stand_in", "leave_type")
        .get(case=case)
    )
    now = timezone.now()
    today = timezone.localdate()
    leave.approved_at = now
    leave.approved_after_expiry = leave.extends_id is not None and today > leave.extends.end_date
    fields = ["approved_at", "approved_after_expiry"]
    if leave.stand_in_id:
        leave.delegation, leave.delegation_note = _delegate(leave, today)
        fields += ["delegation", "delegation_note"]
    leave.save(update_fields=fields)
    record("hr.leave.approved", actor=actor, obj=leave, detail={"case": case.pk, "days": str(leave.days)})


def _delegate(leave, today):
    start, end = max(leave.start_date, today), leave.end_date
    if end < today:
        return None, "假期已过，未设置待办委托。"
    stand_in = leave.stand_in
    if not stand_in.is_active or stand_in.admin_role:
        return None, f"代理人{stand_in.full_name}账号已停用，未设置待办委托。"
    clash = (
        Delegation.objects.filter(
            principal_id=leave.person_id, cancelled_at__isnull=True, start_date__lte=end, end_date__gte=start
        )
        .select_related("delegate")
        .first()
    )
    if clash is not None:
        return (
            None,
            f"该期间已有委托（{clash.delegate.full_name}，{clash.start_date:%m-%d}～{clash.end_date:%m-%d}），未重复设置。",
        )
    reason = f"{leave.leave_type.name}（请假单批准后自动委托）"
    delegation = api.create_delegation(leave.person, stand_in, start, end, reason)
    return delegation, f"假期内待办已委托{stand_in.full_name}代为处理（{start:%m-%d}～{end:%m-%d}）。"


# --- 销假 -------------------------------------------------------------------------------------


def may_register_return(leave, user):
    return user.pk == leave.person_id or is_personnel_officer(user)


def return_problem(leave):
    if leave.case.status not in APPROVED_STATUSES:
        return "请假尚未批准，不能销假。"
    if leave.returned_on is not None:
        return "该请假已销假。"
    pending = leave.extensions.exclude(case__status__in=(Case.Status.REJECTED, Case.Status.DRAFT))
    if pending.exists():
        return "该请假已续假，请在续假单上销假。"
    return ""


@transaction.atomic
def register_return(leave_id, actor, returned_on, returned_part, note=""):
    """销假: the day (and half) the person was back at work. Days not taken are given back to the
    balance; days beyond the approved end without an extension are recorded as absence."""
    leave = (
        LeaveRequest.objects.select_for_update(of=("self",))
        .select_related("case", "leave_type", "delegation")
        .filter(pk=leave_id)
        .first()
    )
    if leave is None:
        raise TransitionError("请假单不存在。")
    if not may_register_return(leave, actor):
        raise TransitionError("只有请假人本人或政工科可以登记销假。")
    problem = return_problem(leave)
    if problem:
        raise TransitionError(problem)
    today = timezone.localdate()
    if returned_on > today:
        raise TransitionError("销假日期不能晚于今天：到岗后再登记销假。")
    if returned_on < leave.start_date:
        raise TransitionError("销假日期不能早于请假开始日期；未休的请假请登记开始当日到岗。")
    leave.returned_on = returned_on
    leave.returned_part = returned_part
    leave.actual_days = sum(leave_days.effective_weights(leave).values(), Decimal("0"))
    leave.overstay_days = sum(leave_days.overstay_weights(leave).values(), Decimal("0"))
    leave.return_registered_by = actor
    leave.return_registered_at = timezone.now()
    leave.return_note = note.strip()[:200]
    leave.save(
        update_fields=[
            "returned_on",
            "returned_part",
            "actual_days",
            "overstay_days",
            "return_registered_by",
            "return_registered_at",
            "return_note",
        ]
    )
    _end_delegation_early(leave, actor)
    record(
        "hr.leave.return",
        actor=actor,
        obj=leave,
        detail={
            "case": leave.case_id,
            "actual_days": str(leave.actual_days),
            "overstay_days": str(leave.overstay_days),
        },
    )
    return leave


def _end_delegation_early(leave, actor):
    """Back before the end: the stand-in stops acting from the day of return."""
    delegation = leave.delegation
    if delegation is None or delegation.cancelled_at is not None:
        return
    delegation = Delegation.objects.select_for_update().get(pk=delegation.pk)
    last_day, part = leave_days.last_absent(leave.returned_on, leave.returned_part or HalfDay.AM)
    if part == HalfDay.AM:
        last_day -= timedelta(days=1)  # back in the afternoon: their own inbox from that day
    if last_day >= delegation.end_date:
        return
    if last_day < delegation.start_date:
        delegation.cancelled_at = timezone.now()
        delegation.save(update_fields=["cancelled_at"])
        record("delegation.cancel", actor=actor, obj=delegation, detail={"reason": "leave_return"})
    else:
        delegation.end_date = last_day
        delegation.save(update_fields=["end_date"])
        record(
            "delegation.shorten",
            actor=actor,
            obj=delegation,
            detail={"end": last_day.isoformat(), "reason": "leave_return"},
        )


# --- allowances -------------------------------------------------------------------------------


@transaction.atomic
def set_annual_allowance(actor, person, year, days, basis=""):
    """The personnel section fixes a person's annual-leave days for a year (historied, audited)."""
    require_officer(actor, "核定年休假天数")
    if person.admin_role or not person.is_active:
        raise TransitionError("请选择在职工作人员。")
    balance = LeaveBalance.objects.select_for_update().filter(person=person, year=year).first()
    if balance is None:
        balance = LeaveBalance(person=person, year=year)
    balance.annual_days = days
    balance.basis = basis.strip()[:100]
    balance.set_by = actor
    balance.set_at = timezone.now()
    balance.save()
    record(
        "hr.leave.allowance", actor=actor, obj=balance, detail={"person": person.pk, "year": year, "days": str(days)}
    )
    return balance


# --- for other apps ---------------------------------------------------------------------------


def approved_leave_on(day, person_ids):
    """{person_id: LeaveRequest} of approved leave covering `day` for `person_ids`: what another
    app (a meeting's sign-in sheet) reads of hr's leave, rather than querying its records."""
    rows = LeaveRequest.objects.approved().filter(person_id__in=person_ids, start_date__lte=day, end_date__gte=day)
    return {row.person_id: row for row in rows.order_by("start_date", "id")}
