"""Every state change of 社区矫正: one @transaction.atomic function per move.

Each procedure with a deadline or an approval is a workflow case (processes.py): a service
locks the case (api.lock_case) and then its record, takes the actor's pending task of the step
(api.pending_task: a second click or the wrong person is refused), changes the record, moves the
case's clocks (api.start_clock / stop_clock) and finishes the step through the engine
(api.finish_own_step). Approvals are the cases' ApprovalRule chains, decided on the case page or
on this app's pages through api.approve / api.reject. Each move writes a line of the subject's
timeline and an audit record. Limits are the rule rows (fixtures/community_correction_deadlines.json).
"""

from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from apps.audit.log import record
from apps.org.models import Section
from apps.workflow import api, calendar, deadlines
from apps.workflow.api import TransitionError
from apps.workflow.models import CaseClock, DeadlineRule, Task
from apps.workflow.rules import deadline_rule

from . import access
from .models import (
    Assessment,
    DailyReport,
    Hazard,
    MajorEvent,
    Monitoring,
    Proposal,
    Relocation,
    Sanction,
    SentenceType,
    Subject,
    SubjectEvent,
    Travel,
    WorkRecord,
    masked_name,
)
from .processes import ASSESSMENT, MONITORING, PROPOSAL, RELOCATION, SANCTION, SUBJECT, TRAVEL

NOTIFY_RULE = deadline_rule("correction-notify-executing-body")
SERVE_RULE = deadline_rule("correction-serve-documents")
REPORT_RULE = deadline_rule("correction-report-in")
HANDOVER_RULE = deadline_rule("correction-medical-parole-handover")
MONITOR_RULE = deadline_rule("correction-electronic-monitoring")
COMMUTATION_RULE = deadline_rule("correction-commutation-ruling")
REVOCATION_RULE = deadline_rule("correction-revocation-ruling")
PRISON_RULE = deadline_rule("correction-return-to-prison-decision")
ARREST_RULE = deadline_rule("correction-arrest-decision")
DETENTION_RULE = deadline_rule("correction-detention-limit")
CERTIFICATE_RULE = deadline_rule("correction-termination-certificate")
ASSESS_RULE = deadline_rule("correction-investigation-assessment")
ASSESS_FAST_RULE = deadline_rule("correction-investigation-assessment-fast")
TRAVEL_OFFICE_RULE = deadline_rule("correction-leave-short")
TRAVEL_AGENCY_RULE = deadline_rule("correction-leave-long")
TRAVEL_RETURN_RULE = deadline_rule("correction-travel-return")
RELOCATION_APPLY_RULE = deadline_rule("correction-relocation-apply")
RELOCATION_DECISION_RULE = deadline_rule("correction-relocation-decision")
RELOCATION_RULE = deadline_rule("correction-relocation-report")

PROPOSAL_RULES = {
    Proposal.Kind.COMMUTATION: COMMUTATION_RULE,
    Proposal.Kind.REVOCATION: REVOCATION_RULE,
    Proposal.Kind.PRISON: PRISON_RULE,
    Proposal.Kind.ARREST: ARREST_RULE,
}


def rule(code):
    return DeadlineRule.objects.get(code=code)


def due_after(code, start):
    """The due date of the rule `code` counted from `start` (民法典 §201, §203 as the engine counts)."""
    r = rule(code)
    return deadlines.end_of_period(r, start, r.length)[1]


def basis(code):
    r = rule(code)
    return f"{r.basis}{'' if r.verified else '（待核实）'}"


def _today():
    return timezone.localdate()


def _log(subject, actor, kind, text="", on=None, event=""):
    SubjectEvent.objects.create(subject=subject, on=on or _today(), kind=kind, text=text, actor=actor)
    record(f"correction.{event or 'event'}", actor=actor, obj=subject, object_repr=str(subject), detail={"kind": kind})


def _lock_subject(pk):
    subject = Subject.objects.select_for_update().filter(pk=pk).first()
    if subject is None:
        raise TransitionError("该社区矫正对象不存在。")
    return subject


def _handler(actor, subject):
    if not access.handles(actor, subject.office_id):
        raise TransitionError("只有社区矫正工作科和负责司法所的工作人员可以办理。")


def _open(subject):
    if not subject.is_open:
        raise TransitionError("该对象的社区矫正已经解除或终止。")


def _not_future(on, what):
    if on > _today():
        raise TransitionError(f"{what}不能晚于今天。")


# --- the engine: starting a case, taking a step, the clocks ----------------------------------


def correction_section():
    section = Section.objects.filter(code=access.SECTION_CODE).first()
    if section is None:
        raise TransitionError("未设置社区矫正工作科，请系统管理员在组织机构中补充。")
    return section


def _start_case(process, actor, title, row):
    """A 限定知悉范围 case of `process` for the saved record `row`, submitted: its route is
    fixed and its first step's tasks are in the holders' inboxes."""
    case = api.create_case(
        process, initiator=actor, section=correction_section(), title=title[:200], is_confidential=True
    )
    row.case = case
    row.save(update_fields=["case"])
    api.submit(case.pk, actor)
    case.refresh_from_db()  # the route, step and holders the submission fixed
    return case


def _lock(row_model, pk, process, missing):
    """Lock the case of the record `pk` (the one lock ordering every change), then the record."""
    case_id = row_model.objects.filter(pk=pk).values_list("case_id", flat=True).first()
    if case_id is None:
        raise TransitionError(missing)
    case = api.lock_case(case_id, process=process)
    return case, row_model.objects.select_for_update().get(pk=pk)


def _take(case, actor, step, refusal):
    """The actor's pending task of `step`; the other holders' tasks of the step are withdrawn
    (one person of the 司法所 does what any of them could)."""
    task = api.pending_task(case, actor, step=step, refusal=refusal)
    api.cancel_other_tasks(case, task)
    return task


def _clock(case, code):
    return case.clocks.filter(rule__code=code, status__in=CaseClock.OPEN_STATUSES).first()


def _stop(case, code, actor, on):
    clock = _clock(case, code)
    if clock is not None:
        api.stop_clock(clock.pk, actor, on)
    return clock


def clock_of(case, code):
    """The clock of rule `code` on `case` (any state), for pages: its due date and explanation."""
    if case is None:
        return None
    return next((c for c in case.clocks.all() if c.rule.code == code), None)


def _approval_day(case):
    tasks = case.tasks.filter(kind=Task.Kind.APPROVE, status=Task.Status.DONE).order_by("-acted_at")
    task = tasks.first()
    return timezone.localdate(task.acted_at) if task else _today()


def _decide(case, actor, approve, note, refusal):
    """Agree or disagree at the actor's approval link of the case's chain (the same move as
    同意/不同意 on the case page)."""
    task = api.pending_task(case, actor, kinds=[Task.Kind.APPROVE], refusal=refusal)
    if approve:
        return api.approve(case.pk, task.pk, actor, note.strip() or "同意")
    if not note.strip():
        raise TransitionError("不同意的，请写明理由。")
    return api.reject(case.pk, task.pk, actor, note.strip())


# --- intake ----------------------------------------------------------------------------------


def _title(subject, what):
    return f"社区矫正对象{masked_name(subject.name)}（{subject.office.name}）{what}"


@transaction.atomic
def register_subject(actor, data):
    """接收: the deciding body's notice and documents. A case of the subject's execution starts
    with the 司法所's report-in step; its clock (§21) runs from the judgment's effective date:
    10 days to report (管制、缓刑、假释) or 10 days for the handover (暂予监外执行)."""
    if not access.in_section(actor):
        raise TransitionError("只有社区矫正工作科可以登记接收社区矫正对象。")
    subject = Subject(created_by=actor, **data)
    if subject.end_on <= subject.start_on:
        raise TransitionError("矫正期满日应晚于起始日。")
    _not_future(subject.effective_on, "判决、裁定、决定生效日")
    code = HANDOVER_RULE if subject.sentence_type == SentenceType.MEDICAL else REPORT_RULE
    subject.status = Subject.Status.AWAITING
    subject.save()
    case = _start_case(SUBJECT, actor, _title(subject, "报到与执行"), subject)
    clock = api.start_clock(case, code, subject.effective_on, actor)
    subject.report_due = clock.due_date
    subject.save(update_fields=["report_due"])
    notes = [f"决定机关：{subject.deciding_body.name}，{subject.judgment_no}，{subject.effective_on:%Y-%m-%d}生效"]
    for what, limit, got in (
        ("通知执行地社区矫正机构", NOTIFY_RULE, subject.notified_on),
        ("送达法律文书", SERVE_RULE, subject.documents_on),
    ):
        due = due_after(limit, subject.effective_on)
        late = got and got > due
        notes.append(f"决定机关{what}期限 {due:%Y-%m-%d}{'（逾期）' if late else ''}")
    notes.append(f"{'移送' if code == HANDOVER_RULE else '报到'}期限 {subject.report_due:%Y-%m-%d}（{basis(code)}）")
    _log(subject, actor, "接收登记", "；".join(notes), event="register")
    return subject


def _subject_step(subject_id, actor, step, refusal):
    case, subject = _lock(Subject, subject_id, SUBJECT, "该社区矫正对象不存在。")
    _handler(actor, subject)
    return case, subject, _take(case, actor, step, refusal)


@transaction.atomic
def record_report_in(subject_id, actor, on):
    case, subject, task = _subject_step(
        subject_id, actor, "report", "该对象已经报到，或不在您所的报到待办中（报到由负责司法所登记）。"
    )
    _not_future(on, "报到日")
    subject.reported_on = on
    subject.status = Subject.Status.REPORTED
    subject.save(update_fields=["reported_on", "status"])
    late = subject.report_due and on > subject.report_due
    code = HANDOVER_RULE if subject.sentence_type == SentenceType.MEDICAL else REPORT_RULE
    _stop(case, code, actor, on)
    text = f"{on:%Y-%m-%d} 报到{'（逾期报到）' if late else '（按时）'}"
    api.finish_own_step(case.pk, task.pk, actor, text, keep_result=False)
    _log(subject, actor, "报到", text, on=on, event="report_in")
    return subject


@transaction.atomic
def record_search(subject_id, actor, text, notified_body_on=None):
    """未按时报到 / 失去联系: the search (§30) and the notice to the deciding body."""
    case, subject = _lock(Subject, subject_id, SUBJECT, "该社区矫正对象不存在。")
    _handler(actor, subject)
    _open(subject)
    if not text.strip():
        raise TransitionError("请填写查找情况。")
    if subject.status == Subject.Status.AWAITING:
        if subject.report_due and _today() <= subject.report_due:
            raise TransitionError("报到期限尚未届满，不能登记为未按时报到。")
        subject.status = Subject.Status.MISSING
        subject.save(update_fields=["status"])
    note = text.strip()
    if notified_body_on:
        note += f"；{notified_body_on:%Y-%m-%d} 已通报决定机关"
    api.log_event(case, actor, step_label="查找", opinion=note)
    _log(subject, actor, "查找", note, event="search")
    return subject


@transaction.atomic
def announce(subject_id, actor, on, group_members, plan):
    """入矫宣告, with the correction group (§25) and the individual plan; the term's clock starts
    (its due date is the end of the term: the 解除 on that day, §44)."""
    case, subject, task = _subject_step(subject_id, actor, "announce", "对象报到后才能入矫宣告（由负责司法所办理）。")
    if not group_members.strip() or not plan.strip():
        raise TransitionError("请填写矫正小组成员和矫正方案。")
    if subject.reported_on and on < subject.reported_on:
        raise TransitionError("宣告日不能早于报到日。")
    _not_future(on, "宣告日")
    subject.announced_on = on
    subject.group_members = group_members.strip()
    subject.plan = plan.strip()
    subject.plan_on = on
    subject.status = Subject.Status.SUPERVISED
    subject.save(update_fields=["announced_on", "group_members", "plan", "plan_on", "status"])
    api.finish_own_step(case.pk, task.pk, actor, f"{on:%Y-%m-%d} 入矫宣告", keep_result=False)
    start = min(subject.start_on, _today())
    api.start_clock(case, CERTIFICATE_RULE, start, actor, length=(subject.end_on - start).days)
    _log(
        subject, actor, "入矫宣告", f"宣告日 {on:%Y-%m-%d}；矫正小组：{subject.group_members}", on=on, event="announce"
    )
    return subject


@transaction.atomic
def update_plan(subject_id, actor, category, group_members, plan):
    subject = _lock_subject(subject_id)
    _handler(actor, subject)
    _open(subject)
    subject.category = category
    subject.group_members = group_members.strip()
    subject.plan = plan.strip()
    subject.plan_on = _today()
    subject.save(update_fields=["category", "group_members", "plan", "plan_on"])
    _log(subject, actor, "调整方案", f"管理类别：{subject.get_category_display()}", event="plan")
    return subject


SUPERVISION_KINDS = ["报告", "实地查访", "信息化核查", "通信联络", "教育学习", "公益活动", "其他"]


@transaction.atomic
def record_supervision(subject_id, actor, kind, on, text):
    """A report, visit or check (§26). A change of residence is its own procedure (relocation)."""
    subject = _lock_subject(subject_id)
    _handler(actor, subject)
    _open(subject)
    if kind not in SUPERVISION_KINDS:
        raise TransitionError("请选择记录类别。")
    _not_future(on, "日期")
    _log(subject, actor, kind, text, on=on, event="supervision")
    return subject


# --- travel ----------------------------------------------------------------------------------


def travel_tier(start_on, end_on):
    """The approving level by length: ≤7 days the 司法所, longer the county agency, ≤30 days."""
    days = (end_on - start_on).days + 1
    if days < 1:
        raise TransitionError("返回日期不能早于外出起始日。")
    if days <= rule(TRAVEL_OFFICE_RULE).length:
        return Travel.Tier.OFFICE
    if days <= rule(TRAVEL_AGENCY_RULE).length:
        return Travel.Tier.AGENCY
    raise TransitionError(
        f"单次外出不得超过{rule(TRAVEL_AGENCY_RULE).length}日（{basis(TRAVEL_AGENCY_RULE)}）；确需更长的报上一级社区矫正机构审批。"
    )


def _open_case(qs):
    return qs.filter(case__status__in=["draft", "active", "returned"])


@transaction.atomic
def request_travel(subject_id, actor, destination, reason, start_on, end_on):
    """外出申请: a case whose chain (by the rows' 天数 condition) is the 司法所's or the agency's,
    and whose clock is the return date applied for (the approved end date)."""
    subject = _lock_subject(subject_id)
    _handler(actor, subject)
    if subject.status != Subject.Status.SUPERVISED:
        raise TransitionError("在矫对象才能申请外出。")
    if start_on < _today():
        raise TransitionError("外出起始日不能早于今天。")
    tier = travel_tier(start_on, end_on)
    if _open_case(subject.travels.all()).exists():
        raise TransitionError("该对象还有未办结的外出申请。")
    travel = Travel.objects.create(
        subject=subject,
        destination=destination,
        reason=reason,
        start_on=start_on,
        end_on=end_on,
        tier=tier,
        requested_by=actor,
    )
    case = _start_case(TRAVEL, actor, _title(subject, f"外出审批（{travel.days}日）"), travel)
    today = _today()
    api.start_clock(case, TRAVEL_RETURN_RULE, today, actor, length=(end_on - today).days)
    _log(
        subject,
        actor,
        "外出申请",
        f"{destination}，{start_on:%Y-%m-%d}至{end_on:%Y-%m-%d}，共{travel.days}日，{travel.get_tier_display()}",
        event="travel",
    )
    return travel


def may_decide_travel(user, travel):
    """Whether `user` holds the pending approval of the travel's case (its chain decides who)."""
    if travel.case_id is None:
        return False
    return api.find_pending_task(travel.case, user, kinds=[Task.Kind.APPROVE]) is not None


@transaction.atomic
def decide_travel(travel_id, actor, approve, note=""):
    case, travel = _lock(Travel, travel_id, TRAVEL, "外出申请不存在。")
    who = "负责司法所所长" if travel.tier == Travel.Tier.OFFICE else "区社区矫正机构负责人（社区矫正工作科科长）"
    _decide(case, actor, approve, note, f"该外出申请已经审批，或外出{travel.days}日应由{who}审批。")
    travel.refresh_from_db()
    verdict = f"批准，应于 {travel.end_on:%Y-%m-%d} 前返回并报告" if approve else "不予批准"
    _log(travel.subject, actor, "外出审批", f"{verdict}（{travel.get_tier_display()}）{note}", event="travel_decision")
    return travel


@transaction.atomic
def record_return(travel_id, actor, on):
    case, travel = _lock(Travel, travel_id, TRAVEL, "外出申请不存在。")
    _handler(actor, travel.subject)
    task = _take(case, actor, "return", "该外出未批准或已销假。")
    _not_future(on, "返回日")
    if on < travel.start_on:
        raise TransitionError("返回日不能早于外出起始日。")
    travel.returned_on = on
    travel.save(update_fields=["returned_on"])
    _stop(case, TRAVEL_RETURN_RULE, actor, on)
    late = on > travel.end_on
    text = f"{on:%Y-%m-%d} 返回{'（逾期返回）' if late else '（按期）'}"
    api.finish_own_step(case.pk, task.pk, actor, text)
    _log(travel.subject, actor, "返回销假", text, on=on, event="travel_return")
    return travel


# --- electronic monitoring (§29) -------------------------------------------------------------


@transaction.atomic
def request_monitoring(subject_id, actor, reason, start_on=None, renewal_of=None):
    """A first use or a renewal, each approved by the chain ending with the 负责人 (§29)."""
    subject = _lock_subject(subject_id)
    _handler(actor, subject)
    if subject.status != Subject.Status.SUPERVISED:
        raise TransitionError("在矫对象才能使用电子定位装置。")
    if not reason.strip():
        raise TransitionError("请填写使用（延长）的情形和理由。")
    mine = subject.monitorings.select_related("case")
    if any(m.status == Monitoring.Status.REQUESTED for m in mine):
        raise TransitionError("已有待批准的电子定位申请。")
    previous = None
    if renewal_of is not None:
        previous = next((m for m in mine if m.pk == renewal_of and not m.renewal_of_id), None)
        if previous is None or previous.status != Monitoring.Status.ACTIVE or previous.end_on is None:
            raise TransitionError("只有使用中的电子定位可以申请延长。")
        start_on = previous.end_on + timedelta(days=1)
    elif any(m.status == Monitoring.Status.ACTIVE and not m.renewal_of_id for m in mine):
        raise TransitionError("该对象正在使用电子定位装置；期满需继续使用的请申请延长。")
    monitoring = Monitoring.objects.create(
        subject=subject, reason=reason.strip(), start_on=start_on or _today(), renewal_of=previous, requested_by=actor
    )
    what = "延长使用电子定位装置" if previous else "使用电子定位装置"
    _start_case(MONITORING, actor, _title(subject, what), monitoring)
    _log(subject, actor, "电子定位申请", f"{'延长' if previous else '使用'}：{reason}", event="monitoring")
    return monitoring


@transaction.atomic
def approve_monitoring(monitoring_id, actor, approve=True, note=""):
    """The actor's link of the chain (科长审核, then the 负责人's approval)."""
    case, monitoring = _lock(Monitoring, monitoring_id, MONITORING, "电子定位申请不存在。")
    _decide(
        case,
        actor,
        approve,
        note or ("同意" if approve else ""),
        "该申请已经审批，或不在您的审批环节（使用电子定位装置须经区司法局负责人批准，社区矫正法第二十九条）。",
    )
    monitoring.refresh_from_db()
    _log(
        monitoring.subject, actor, "电子定位审批", "同意" if approve else f"不同意：{note}", event="monitoring_decision"
    )
    return monitoring


def monitoring_approved(case, actor):
    """Process.on_close of a monitoring case (its chain approved a renewal, or a use ended): a
    renewal extends the first use's clock by the rule's months, approved by the 负责人."""
    monitoring = Monitoring.objects.select_related("renewal_of").get(case=case)
    first = monitoring.renewal_of
    if first is None or case.status != "closed":
        return
    clock = _clock(first.case, MONITOR_RULE) if first.case_id else None
    if clock is None:
        raise TransitionError("原电子定位已解除或尚未开始使用，不能延长。")
    months = rule(MONITOR_RULE).length
    clock = api.extend_clock(clock.pk, actor, months, "经负责人批准延长使用电子定位装置", approved_by=actor)
    first.end_on = clock.due_date
    first.save(update_fields=["end_on"])
    monitoring.end_on = clock.due_date
    monitoring.save(update_fields=["end_on"])
    _log(
        first.subject,
        actor,
        "电子定位审批",
        f"批准延长，{monitoring.start_on:%Y-%m-%d}至{clock.due_date:%Y-%m-%d}",
        event="monitoring_decision",
    )


@transaction.atomic
def start_monitoring(monitoring_id, actor, on):
    """The device is fitted: the 3 months (§29) run from that day on the case's clock."""
    case, monitoring = _lock(Monitoring, monitoring_id, MONITORING, "电子定位申请不存在。")
    _handler(actor, monitoring.subject)
    api.pending_task(case, actor, step="use", refusal="该电子定位尚未批准，或不在您所的待办中。")
    if _clock(case, MONITOR_RULE) is not None or case.clocks.filter(rule__code=MONITOR_RULE).exists():
        raise TransitionError("已登记开始使用。")
    _not_future(on, "开始使用日")
    clock = api.start_clock(case, MONITOR_RULE, on, actor)
    monitoring.start_on, monitoring.end_on = on, clock.due_date
    monitoring.save(update_fields=["start_on", "end_on"])
    _log(
        monitoring.subject,
        actor,
        "电子定位使用",
        f"{on:%Y-%m-%d} 起使用，至 {clock.due_date:%Y-%m-%d}",
        event="monitoring_start",
    )
    return monitoring


@transaction.atomic
def end_monitoring(monitoring_id, actor, on):
    case, monitoring = _lock(Monitoring, monitoring_id, MONITORING, "电子定位申请不存在。")
    _handler(actor, monitoring.subject)
    task = _take(case, actor, "use", "只有使用中的电子定位可以解除。")
    _not_future(on, "解除日")
    if _clock(case, MONITOR_RULE) is not None:
        _stop(case, MONITOR_RULE, actor, on)
    monitoring.ended_on = on
    monitoring.save(update_fields=["ended_on"])
    api.finish_own_step(case.pk, task.pk, actor, f"{on:%Y-%m-%d} 解除电子定位装置")
    _log(monitoring.subject, actor, "解除电子定位", f"{on:%Y-%m-%d} 解除", event="monitoring_end")
    return monitoring


# --- sanctions and proposals (§28, §33, §46–§49) ---------------------------------------------


def _sanction_number(kind, year):
    seq = Sanction.objects.filter(kind=kind, decided_on__year=year).exclude(number="").count() + 1
    return f"临司矫{dict(Sanction.Kind.choices)[kind][:2]}〔{year}〕{seq}号"


@transaction.atomic
def record_sanction(subject_id, actor, kind, on, facts):
    """表扬 and 训诫 are recorded by the handlers; 警告 and 提请治安管理处罚 go to the agency's
    chain (a case), and are decided when it approves."""
    subject = _lock_subject(subject_id)
    _handler(actor, subject)
    if subject.status != Subject.Status.SUPERVISED:
        raise TransitionError("在矫对象才能考核奖惩。")
    if not facts.strip():
        raise TransitionError("请填写事实和理由。")
    if kind in Sanction.NEEDS_APPROVAL:
        sanction = Sanction.objects.create(subject=subject, kind=kind, facts=facts)
        _start_case(SANCTION, actor, _title(subject, f"{sanction.get_kind_display()}审批"), sanction)
        _log(subject, actor, f"{sanction.get_kind_display()}（报批）", facts, on=on, event="sanction_request")
        return sanction
    sanction = Sanction.objects.create(
        subject=subject, kind=kind, decided_on=on, facts=facts, number=_sanction_number(kind, on.year), decided_by=actor
    )
    _log(subject, actor, sanction.get_kind_display(), f"{sanction.number}：{facts}", on=on, event="sanction")
    return sanction


@transaction.atomic
def decide_sanction(sanction_id, actor, approve, note=""):
    case, sanction = _lock(Sanction, sanction_id, SANCTION, "该奖惩事项不存在。")
    _decide(case, actor, approve, note, "该事项已经审批，或不在您的审批环节。")
    sanction.refresh_from_db()
    return sanction


def sanction_approved(case, actor):
    """Process.on_close of a sanction case: the chain approved; the decision gets its number."""
    sanction = Sanction.objects.select_for_update().get(case=case)
    today = _today()
    sanction.decided_on, sanction.decided_by = today, actor
    sanction.number = _sanction_number(sanction.kind, today.year)
    sanction.save(update_fields=["decided_on", "decided_by", "number"])
    _log(sanction.subject, actor, sanction.get_kind_display(), f"{sanction.number}：{sanction.facts}", event="sanction")


def proposal_due(kind, submitted_at):
    code = PROPOSAL_RULES[kind]
    r = rule(code)
    if r.unit == DeadlineRule.Unit.HOUR:
        return submitted_at + timedelta(hours=r.length)
    due = deadlines.end_of_period(r, timezone.localtime(submitted_at).date(), r.length)[1]
    return timezone.make_aware(datetime.combine(due, time(23, 59)))


@transaction.atomic
def submit_proposal(subject_id, actor, kind, body, reasons):
    """A proposal drafted by the section goes to the chain; once approved it is served."""
    subject = _lock_subject(subject_id)
    if not access.in_section(actor):
        raise TransitionError("提请事项由区社区矫正机构（社区矫正工作科）提出。")
    _open(subject)
    if kind == Proposal.Kind.PRISON and subject.sentence_type != SentenceType.MEDICAL:
        raise TransitionError("收监执行建议只适用于暂予监外执行的对象。")
    if kind in (Proposal.Kind.REVOCATION, Proposal.Kind.ARREST) and subject.sentence_type not in (
        SentenceType.PROBATION,
        SentenceType.PAROLE,
    ):
        raise TransitionError("撤销建议和提请逮捕只适用于缓刑、假释的对象。")
    if kind == Proposal.Kind.ARREST and not subject.proposals.filter(kind=Proposal.Kind.REVOCATION).exists():
        raise TransitionError("提请逮捕应在提出撤销缓刑、假释建议的同时提出（第四十七条），请先登记撤销建议。")
    if not reasons.strip():
        raise TransitionError("请填写理由和证据。")
    proposal = Proposal.objects.create(
        subject=subject, kind=kind, body=body, reasons=reasons, submitted_by=actor, status=Proposal.Status.APPROVING
    )
    _start_case(PROPOSAL, actor, _title(subject, proposal.get_kind_display()), proposal)
    _log(subject, actor, proposal.get_kind_display(), f"拟送{body.name}，报请审批", event="proposal")
    return proposal


@transaction.atomic
def decide_proposal(proposal_id, actor, approve, note=""):
    case, proposal = _lock(Proposal, proposal_id, PROPOSAL, "提请事项不存在。")
    _decide(case, actor, approve, note, "该提请不在您的审批环节。")
    _log(proposal.subject, actor, f"{proposal.get_kind_display()}审批", "同意" if approve else f"不同意：{note}")
    return proposal


@transaction.atomic
def serve_proposal(proposal_id, actor, submitted_at):
    """Served on the outside body: its limit (30 days; 48 hours for an arrest) is the case's clock."""
    case, proposal = _lock(Proposal, proposal_id, PROPOSAL, "提请事项不存在。")
    api.pending_task(case, actor, step="await", refusal="该提请尚未批准，或不由您送达。")
    if proposal.submitted_at is not None:
        raise TransitionError("已登记送达。")
    if submitted_at > timezone.now():
        raise TransitionError("送达时间不能晚于现在。")
    code = PROPOSAL_RULES[proposal.kind]
    api.start_clock(case, code, timezone.localtime(submitted_at).date(), actor)
    proposal.submitted_at = submitted_at
    proposal.due_at = proposal_due(proposal.kind, submitted_at)
    proposal.status = Proposal.Status.PENDING
    proposal.save(update_fields=["submitted_at", "due_at", "status"])
    _log(
        proposal.subject,
        actor,
        proposal.get_kind_display(),
        f"送{proposal.body.name}，对方应于 {timezone.localtime(proposal.due_at):%Y-%m-%d %H:%M} 前作出（{basis(code)}）",
        event="proposal_served",
    )
    return proposal


@transaction.atomic
def record_proposal_result(proposal_id, actor, granted, result, on):
    case, proposal = _lock(Proposal, proposal_id, PROPOSAL, "提请事项不存在。")
    task = _take(case, actor, "await", "该提请事项已登记结果，或不由您登记。")
    if proposal.submitted_at is None:
        raise TransitionError("请先登记送达时间。")
    _not_future(on, "结果日")
    proposal.status = Proposal.Status.GRANTED if granted else Proposal.Status.DENIED
    proposal.result, proposal.result_on = result[:200], on
    proposal.save(update_fields=["status", "result", "result_on"])
    _stop(case, PROPOSAL_RULES[proposal.kind], actor, on)
    text = f"{proposal.get_status_display()}：{result}"
    api.finish_own_step(case.pk, task.pk, actor, text)
    _log(proposal.subject, actor, f"{proposal.get_kind_display()}结果", text, on=on, event="proposal_result")
    ends = {Proposal.Kind.REVOCATION: "撤销缓刑、假释", Proposal.Kind.PRISON: "收监执行"}
    if granted and proposal.kind in ends and proposal.subject.is_open:
        _log(
            proposal.subject,
            actor,
            "待终止",
            f"已{ends[proposal.kind]}，请负责司法所登记矫正终止（第四十五条）",
            on=on,
            event="terminate_due",
        )
    return proposal


# --- 变更执行地 (§27 ¶2; 实施办法 §30) -----------------------------------------------------------


@transaction.atomic
def request_relocation(subject_id, actor, new_place, reason, applied_on, move_on):
    """The subject's written application: the agency's 5 working days run from its receipt."""
    subject = _lock_subject(subject_id)
    _handler(actor, subject)
    if subject.status != Subject.Status.SUPERVISED:
        raise TransitionError("在矫对象才能申请变更执行地。")
    if not new_place.strip() or not reason.strip():
        raise TransitionError("请填写新执行地和变更事由。")
    _not_future(applied_on, "申请日")
    if move_on < applied_on:
        raise TransitionError("拟迁居日不能早于申请日。")
    if _open_case(subject.relocations.all()).exists():
        raise TransitionError("该对象还有未办结的变更执行地申请。")
    relocation = Relocation.objects.create(
        subject=subject,
        new_place=new_place.strip(),
        reason=reason.strip(),
        applied_on=applied_on,
        move_on=move_on,
        requested_by=actor,
    )
    case = _start_case(RELOCATION, actor, _title(subject, "变更执行地"), relocation)
    api.start_clock(case, RELOCATION_DECISION_RULE, applied_on, actor)
    lead = rule(RELOCATION_APPLY_RULE)
    late = applied_on > deadlines.add_months(move_on, -lead.length)
    note = f"拟迁往{new_place}，拟迁居日 {move_on:%Y-%m-%d}"
    if late:
        note += f"（未提前{lead.length}个月申请：{basis(RELOCATION_APPLY_RULE)}）"
    _log(subject, actor, "变更执行地申请", note, on=applied_on, event="relocation")
    return relocation


@transaction.atomic
def decide_relocation(relocation_id, actor, approve, note=""):
    case, relocation = _lock(Relocation, relocation_id, RELOCATION, "变更执行地申请不存在。")
    _decide(case, actor, approve, note, "该申请已经决定，或不在您的审批环节。")
    case.refresh_from_db()
    if not approve:
        _stop(case, RELOCATION_DECISION_RULE, actor, _today())
    _log(
        relocation.subject,
        actor,
        "变更执行地决定",
        "同意" if approve else f"不同意：{note}",
        event="relocation_decision",
    )
    return relocation


@transaction.atomic
def serve_relocation(relocation_id, actor, on):
    """The decision is served on the subject: the 7 days to report at the new place start."""
    case, relocation = _lock(Relocation, relocation_id, RELOCATION, "变更执行地申请不存在。")
    _handler(actor, relocation.subject)
    api.pending_task(case, actor, step="report", refusal="该申请尚未决定，或不在您所的待办中。")
    if relocation.served_on:
        raise TransitionError("已登记送达。")
    _not_future(on, "送达日")
    _stop(case, RELOCATION_DECISION_RULE, actor, _approval_day(case))
    if on < _approval_day(case):
        raise TransitionError("送达日不能早于决定日。")
    api.start_clock(case, RELOCATION_RULE, on, actor)
    relocation.served_on = on
    relocation.save(update_fields=["served_on"])
    due = _clock(case, RELOCATION_RULE).due_date
    _log(
        relocation.subject,
        actor,
        "变更执行地决定送达",
        f"应于 {due:%Y-%m-%d} 前到新执行地报到",
        on=on,
        event="relocation_served",
    )
    return relocation


@transaction.atomic
def record_arrival(relocation_id, actor, on):
    """Reported at the new place: the file moves there, the correction here ends (移交)."""
    case, relocation = _lock(Relocation, relocation_id, RELOCATION, "变更执行地申请不存在。")
    _handler(actor, relocation.subject)
    task = _take(case, actor, "report", "该申请尚未决定，或已登记报到。")
    if not relocation.served_on:
        raise TransitionError("请先登记决定送达对象的日期。")
    _not_future(on, "报到日")
    if on < relocation.served_on:
        raise TransitionError("报到日不能早于送达日。")
    _stop(case, RELOCATION_RULE, actor, on)
    relocation.arrived_on = on
    relocation.save(update_fields=["arrived_on"])
    api.finish_own_step(case.pk, task.pk, actor, f"{on:%Y-%m-%d} 到新执行地报到")
    _log(
        relocation.subject,
        actor,
        "到新执行地报到",
        f"{on:%Y-%m-%d} 到{relocation.new_place}报到",
        on=on,
        event="relocation_done",
    )
    _end_subject(relocation.subject_id, actor, on, Subject.Status.TERMINATED, f"变更执行地至{relocation.new_place}")
    return relocation


# --- the end (§44, §45) ----------------------------------------------------------------------


def _end_subject(subject_id, actor, on, status, reason, locked=None):
    """Close the subject's case at its current step (the actor must hold it) and its clocks."""
    case, subject = locked or _lock(Subject, subject_id, SUBJECT, "该社区矫正对象不存在。")
    _open(subject)
    task = _take(case, actor, case.current_step, "由负责司法所在其待办中办理。")
    api.replace_route_after(case, case.current_step, [])
    for clock in case.clocks.filter(status__in=CaseClock.OPEN_STATUSES).select_related("rule"):
        if clock.rule.code == CERTIFICATE_RULE and status == Subject.Status.RELEASED:
            api.stop_clock(clock.pk, actor, on)
        else:
            api.cancel_clock(clock.pk, actor, reason)
    subject.status, subject.ended_on, subject.end_reason = status, on, reason[:100]
    subject.save(update_fields=["status", "ended_on", "end_reason"])
    api.finish_own_step(case.pk, task.pk, actor, reason)
    return subject


@transaction.atomic
def release(subject_id, actor, on):
    """期满解除: the certificate (解除社区矫正证明书) and the notices, and the 解除宣告."""
    case, subject = _lock(Subject, subject_id, SUBJECT, "该社区矫正对象不存在。")
    _handler(actor, subject)
    if subject.status != Subject.Status.SUPERVISED:
        raise TransitionError("在矫对象才能解除矫正。")
    if on < subject.end_on:
        raise TransitionError(f"矫正期满日为 {subject.end_on:%Y-%m-%d}，期满前不能解除。")
    _not_future(on, "解除日")
    if any(m.status == Monitoring.Status.ACTIVE for m in subject.monitorings.select_related("case")):
        raise TransitionError("请先解除电子定位装置。")
    if any(t.status == Travel.Status.APPROVED for t in subject.travels.select_related("case")):
        raise TransitionError("对象外出尚未销假。")
    year = on.year
    seq = Subject.objects.filter(ended_on__year=year, status=Subject.Status.RELEASED).count() + 1
    subject = _end_subject(subject.pk, actor, on, Subject.Status.RELEASED, "期满解除", locked=(case, subject))
    subject.release_announced_on = on
    subject.certificate_no = f"临司矫解〔{year}〕{seq}号"
    subject.save(update_fields=["release_announced_on", "certificate_no"])
    _log(
        subject,
        actor,
        "期满解除",
        f"发放解除社区矫正证明书（{subject.certificate_no}），解除宣告，书面通知决定机关、检察院、公安机关",
        on=on,
        event="release",
    )
    return subject


@transaction.atomic
def terminate(subject_id, actor, on, reason):
    """矫正终止 for other causes (death, revocation, 收监): by the 司法所 holding the file's step."""
    if not reason.strip():
        raise TransitionError("请填写终止原因。")
    _not_future(on, "终止日")
    subject = _end_subject(subject_id, actor, on, Subject.Status.TERMINATED, reason.strip())
    _log(subject, actor, "矫正终止", reason, on=on, event="terminate")
    return subject


def record_view(user, subject):
    """Every view of a subject's file is in the audit log."""
    record("correction.view", actor=user, obj=subject, object_repr=str(subject))


def record_print(user, subject, form):
    """Every print (an official form shows the ID number in full to its handlers) is audited."""
    record("correction.print", actor=user, obj=subject, object_repr=str(subject), detail={"form": form})


# --- 调查评估 --------------------------------------------------------------------------------


@transaction.atomic
def register_assessment(actor, data):
    if not access.in_section(actor):
        raise TransitionError("只有社区矫正工作科可以登记调查评估委托。")
    assessment = Assessment(created_by=actor, **data)
    _not_future(assessment.received_on, "收到委托函日")
    code = ASSESS_FAST_RULE if assessment.fast_track else ASSESS_RULE
    assessment.due_on = due_after(code, assessment.received_on)
    assessment.save()
    title = f"调查评估：{masked_name(assessment.person)}（{assessment.office.name}）"
    case = _start_case(ASSESSMENT, actor, title, assessment)
    clock = api.start_clock(case, code, assessment.received_on, actor)
    if clock.due_date != assessment.due_on:
        assessment.due_on = clock.due_date
        assessment.save(update_fields=["due_on"])
    record("correction.assessment_register", actor=actor, obj=assessment, object_repr=str(assessment))
    return assessment


@transaction.atomic
def submit_assessment(assessment_id, actor, findings, opinion):
    case, assessment = _lock(Assessment, assessment_id, ASSESSMENT, "调查评估不存在。")
    if not access.handles(actor, assessment.office_id):
        raise TransitionError("由承担调查的司法所提交评估意见。")
    task = _take(case, actor, "investigate", "评估意见已经提交，或不在您所的待办中。")
    if not findings.strip() or opinion not in Assessment.Opinion.values:
        raise TransitionError("请填写调查情况和评估意见。")
    assessment.findings, assessment.opinion = findings.strip(), opinion
    assessment.drafted_by = actor
    assessment.save(update_fields=["findings", "opinion", "drafted_by"])
    api.finish_own_step(case.pk, task.pk, actor, f"评估意见：{assessment.get_opinion_display()}", keep_result=False)
    record("correction.assessment_submit", actor=actor, obj=assessment, object_repr=str(assessment))
    return assessment


@transaction.atomic
def review_assessment(assessment_id, actor, approve, note=""):
    """The actor's link of the review chain: 同意, or 退回 the 司法所 for more investigation."""
    case, assessment = _lock(Assessment, assessment_id, ASSESSMENT, "调查评估不存在。")
    task = api.pending_task(case, actor, kinds=[Task.Kind.APPROVE], refusal="该评估意见不在您的审核环节。")
    if approve:
        api.approve(case.pk, task.pk, actor, note.strip() or "同意")
    else:
        api.return_case(case.pk, task.pk, actor, api.step_index(case, "investigate"), note.strip() or "请补充调查")
    record(
        "correction.assessment_review",
        actor=actor,
        obj=assessment,
        object_repr=str(assessment),
        detail={"approved": approve},
    )
    return assessment


@transaction.atomic
def return_assessment(assessment_id, actor, on):
    case, assessment = _lock(Assessment, assessment_id, ASSESSMENT, "调查评估不存在。")
    task = _take(case, actor, "reply", "评估意见审核后由登记人反馈委托机关。")
    _not_future(on, "反馈日")
    assessment.returned_on = on
    assessment.save(update_fields=["returned_on"])
    code = ASSESS_FAST_RULE if assessment.fast_track else ASSESS_RULE
    _stop(case, code, actor, on)
    api.finish_own_step(case.pk, task.pk, actor, f"{on:%Y-%m-%d} 反馈{assessment.requester.name}")
    record("correction.assessment_return", actor=actor, obj=assessment, object_repr=str(assessment))
    return assessment


# --- the section's registers -----------------------------------------------------------------


@transaction.atomic
def open_major_event(actor, name, start_on, end_on, requirement=""):
    if not access.in_section(actor):
        raise TransitionError("重大活动报告期由社区矫正工作科设立。")
    if end_on < start_on:
        raise TransitionError("结束日不能早于起始日。")
    event = MajorEvent.objects.create(
        name=name, start_on=start_on, end_on=end_on, requirement=requirement, created_by=actor
    )
    record("correction.major_event", actor=actor, obj=event, object_repr=f"重大活动报告期 #{event.pk}")
    return event


@transaction.atomic
def file_daily_report(event_id, actor, day, is_zero, content=""):
    office = access.office_of(actor)
    if office is None:
        raise TransitionError("每日报告由司法所填报。")
    event = MajorEvent.objects.select_for_update().filter(pk=event_id).first()
    if event is None or not (event.start_on <= day <= event.end_on):
        raise TransitionError("该日期不在报告期内。")
    if day > _today():
        raise TransitionError("不能预先报告。")
    if not is_zero and not content.strip():
        raise TransitionError("有异常情况的请填写情况。")
    if DailyReport.objects.filter(event=event, office_id=office, day=day).exists():
        raise TransitionError("本所当日已报告。")
    report = DailyReport.objects.create(
        event=event, office_id=office, day=day, is_zero=is_zero, content=content.strip(), reported_by=actor
    )
    record(
        "correction.daily_report",
        actor=actor,
        obj=event,
        object_repr=f"重大活动报告期 #{event.pk}",
        detail={"day": str(day)},
    )
    return report


@transaction.atomic
def record_hazard(actor, data):
    office = access.office_of(actor)
    if not access.in_section(actor):
        if office is None:
            raise TransitionError("隐患由社区矫正工作科或司法所登记。")
        data["office_id"] = office
        data.pop("office", None)
    hazard = Hazard.objects.create(recorded_by=actor, **data)
    record("correction.hazard", actor=actor, obj=hazard, object_repr=f"隐患排查 #{hazard.pk}")
    return hazard


@transaction.atomic
def resolve_hazard(hazard_id, actor, on, result):
    hazard = Hazard.objects.select_for_update().filter(pk=hazard_id).first()
    if hazard is None or not access.handles(actor, hazard.office_id):
        raise TransitionError("您不能办理该隐患。")
    if hazard.resolved_on:
        raise TransitionError("该隐患已整改完成。")
    hazard.resolved_on, hazard.result = on, result[:200]
    hazard.save(update_fields=["resolved_on", "result"])
    record("correction.hazard_resolve", actor=actor, obj=hazard, object_repr=f"隐患排查 #{hazard.pk}")
    return hazard


@transaction.atomic
def add_record(actor, data):
    if not access.in_section(actor):
        raise TransitionError("由社区矫正工作科登记。")
    item = WorkRecord.objects.create(recorded_by=actor, **data)
    record(
        "correction.work_record", actor=actor, obj=item, object_repr=f"工作记录 #{item.pk}", detail={"kind": item.kind}
    )
    return item


@transaction.atomic
def close_follow_up(record_id, actor, on):
    item = WorkRecord.objects.select_for_update().filter(pk=record_id).first()
    if item is None or not access.in_section(actor):
        raise TransitionError("由社区矫正工作科办结。")
    if not item.follow_up or item.follow_up_done:
        raise TransitionError("没有待办结的督办事项。")
    item.follow_up_done = on
    item.save(update_fields=["follow_up_done"])
    record("correction.follow_up_done", actor=actor, obj=item, object_repr=f"工作记录 #{item.pk}")
    return item


def working_days_left(due, today=None):
    today = today or _today()
    return calendar.working_days_between(today, due) if due >= today else -calendar.working_days_between(due, today)
