"""State changes of 驻村帮扶. Each runs in one transaction, locks the member row and re-checks."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from apps.audit.log import record
from apps.hr.leave.services import approved_leave_on
from apps.training.access import is_keeper
from apps.workflow.api import TransitionError

from .models import MIN_DAYS, Member, MonthlyReturn, TermAppraisal, term_end

# The appraisal may be recorded from this many days before the term ends (到期统一考核).
APPRAISAL_WINDOW_DAYS = 30


def _require_keeper(actor, what):
    if not is_keeper(actor):
        raise TransitionError(f"只有政工科可以{what}。")


def month_start(day):
    return day.replace(day=1)


def next_month(month):
    return (month + timedelta(days=32)).replace(day=1)


def days_in_month(month):
    return (next_month(month) - month).days


@transaction.atomic
def appoint(actor, data):
    _require_keeper(actor, "登记驻村干部")
    person = data["person"]
    if Member.objects.select_for_update().filter(person=person, status=Member.Status.SERVING).exists():
        raise TransitionError(f"{person.full_name}已在村帮扶，不能重复选派。")
    member = Member.objects.create(
        person=person,
        village=data["village"],
        town=data["town"],
        role=data["role"],
        term_start=data["term_start"],
        term_end=term_end(data["term_start"]),
        created_by=actor,
    )
    record("village.appointed", actor=actor, obj=member, detail={"village": member.village})
    return member


@transaction.atomic
def file_return(actor, member_id, month, days_in_village, days_on_business, work_summary=""):
    """The member's own return, or one the personnel section enters for them."""
    member = Member.objects.select_for_update().get(pk=member_id)
    if actor.pk != member.person_id and not is_keeper(actor):
        raise TransitionError("只有驻村干部本人或政工科可以填报驻村情况月报。")
    month = month_start(month)
    if month < month_start(member.term_start) or month > month_start(member.ended_on or member.term_end):
        raise TransitionError("该月份不在驻村任期内。")
    if month > month_start(timezone.localdate()):
        raise TransitionError("不能填报将来月份的驻村情况。")
    total = days_in_village + days_on_business
    if total > days_in_month(month):
        raise TransitionError(
            f"在村天数与因公出差、开会、培训天数合计 {total} 天，超过当月天数 {days_in_month(month)} 天。"
        )
    row, created = MonthlyReturn.objects.select_for_update().get_or_create(
        member=member,
        month=month,
        defaults={
            "days_in_village": days_in_village,
            "days_on_business": days_on_business,
            "work_summary": work_summary,
            "filed_by": actor,
        },
    )
    if not created:
        row.days_in_village, row.days_on_business, row.work_summary, row.filed_by = (
            days_in_village,
            days_on_business,
            work_summary,
            actor,
        )
        row.save()
    record("village.return", actor=actor, obj=row, detail={"month": f"{month:%Y-%m}", "days": total})
    return row


@transaction.atomic
def end_term(actor, member_id, ended_on, reason, replaced=False):
    """离任: at the end of the term after the appraisal, or a 中途调整 (the party group's
    decision and the district village office's approval, as the reason states)."""
    _require_keeper(actor, "办理驻村干部离任")
    member = Member.objects.select_for_update().get(pk=member_id)
    if not member.serving:
        raise TransitionError("该驻村干部已离任。")
    if not replaced and not TermAppraisal.objects.filter(member=member).exists():
        raise TransitionError("任期届满须先进行考核，再办理轮换。")
    if replaced and not reason.strip():
        raise TransitionError("中途调整须写明原因以及局党组研究、区驻村办审批情况。")
    member.status = Member.Status.REPLACED if replaced else Member.Status.ENDED
    member.ended_on, member.end_reason = ended_on, reason.strip()
    member.save()
    record("village.ended", actor=actor, obj=member, detail={"status": member.status})
    return member


def appraisal_open(member, today=None):
    """Whether the term-end appraisal may be recorded now (or the member has left)."""
    today = today or timezone.localdate()
    return not member.serving or today >= member.term_end - timedelta(days=APPRAISAL_WINDOW_DAYS)


@transaction.atomic
def appraise(actor, member_id, grade, comment, decided_on):
    _require_keeper(actor, "登记任期考核")
    member = Member.objects.select_for_update().get(pk=member_id)
    if TermAppraisal.objects.filter(member=member).exists():
        raise TransitionError("该驻村干部的任期考核已登记。")
    opens = member.term_end - timedelta(days=APPRAISAL_WINDOW_DAYS)
    if member.serving and decided_on < opens:
        raise TransitionError(
            f"任期至 {member.term_end:%Y-%m-%d} 届满，任期考核自 {opens:%Y-%m-%d} 起进行（到期统一考核）；中途调整请办理离任。"
        )
    if not comment.strip():
        raise TransitionError("请填写考核意见。")
    appraisal = TermAppraisal.objects.create(
        member=member, grade=grade, comment=comment.strip(), decided_on=decided_on, recorded_by=actor
    )
    record("village.appraised", actor=actor, obj=appraisal, detail={"grade": grade})
    return appraisal


# --- reading ----------------------------------------------------------------------------------


def leave_days(member, month):
    """Days of `month` on approved leave (the leave chain in hr): one look-up per day, on one
    member's page only."""
    days = []
    day = month
    while day < next_month(month):
        if approved_leave_on(day, [member.person_id]):
            days.append(day)
        day += timedelta(days=1)
    return days


def months_of(member, today):
    """The months of the member's term up to this month, newest first."""
    last = month_start(min(today, member.ended_on or member.term_end))
    month, months = month_start(member.term_start), []
    while month <= last:
        months.append(month)
        month = next_month(month)
    return list(reversed(months))


def shortfall_text(row):
    return f"{row.month:%Y年%m月}驻村 {row.counted_days} 天，少于每月 {MIN_DAYS} 天"
