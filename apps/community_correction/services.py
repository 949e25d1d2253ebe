"""Every state change of 社区矫正: one @transaction.atomic function per move.

Each locks its row, re-checks who acts and the state the row is in now, and raises
TransitionError with the Chinese reason; each writes a line of the subject's timeline and an
audit record. Limits come from the rule rows (fixtures/community_correction_deadlines.json).
"""

from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from apps.audit.log import record
from apps.workflow import calendar, deadlines
from apps.workflow.api import TransitionError
from apps.workflow.models import DeadlineRule
from apps.workflow.rules import deadline_rule

from . import access
from .models import (
    Assessment,
    DailyReport,
    Hazard,
    MajorEvent,
    Monitoring,
    Proposal,
    Sanction,
    SentenceType,
    Subject,
    SubjectEvent,
    Travel,
    WorkRecord,
)

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


# --- intake ----------------------------------------------------------------------------------


@transaction.atomic
def register_subject(actor, data):
    """接收: the deciding body's notice and documents. The report-in limit (§21) starts from the
    judgment's effective date: 10 days to report (管制、缓刑、假释) or 10 days for the handover
    (暂予监外执行)."""
    if not access.in_section(actor):
        raise TransitionError("只有社区矫正工作科可以登记接收社区矫正对象。")
    subject = Subject(created_by=actor, **data)
    if subject.end_on <= subject.start_on:
        raise TransitionError("矫正期满日应晚于起始日。")
    code = HANDOVER_RULE if subject.sentence_type == SentenceType.MEDICAL else REPORT_RULE
    subject.report_due = due_after(code, subject.effective_on)
    subject.status = Subject.Status.AWAITING
    subject.save()
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


@transaction.atomic
def record_report_in(subject_id, actor, on):
    subject = _lock_subject(subject_id)
    _handler(actor, subject)
    if subject.status not in (Subject.Status.AWAITING, Subject.Status.MISSING):
        raise TransitionError("该对象已经报到。")
    if on > _today():
        raise TransitionError("报到日不能晚于今天。")
    subject.reported_on = on
    subject.status = Subject.Status.REPORTED
    subject.save(update_fields=["reported_on", "status"])
    late = subject.report_due and on > subject.report_due
    _log(
        subject, actor, "报到", f"{on:%Y-%m-%d} 报到{'（逾期报到）' if late else '（按时）'}", on=on, event="report_in"
    )
    return subject


@transaction.atomic
def record_search(subject_id, actor, text, notified_body_on=None):
    """未按时报到 / 失去联系: the search (§30) and the notice to the deciding body."""
    subject = _lock_subject(subject_id)
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
    _log(subject, actor, "查找", note, event="search")
    return subject


@transaction.atomic
def announce(subject_id, actor, on, group_members, plan):
    """入矫宣告, with the correction group (§25) and the individual plan."""
    subject = _lock_subject(subject_id)
    _handler(actor, subject)
    if subject.status != Subject.Status.REPORTED:
        raise TransitionError("对象报到后才能入矫宣告。" if subject.is_open else "该对象的社区矫正已经结束。")
    if not group_members.strip() or not plan.strip():
        raise TransitionError("请填写矫正小组成员和矫正方案。")
    if subject.reported_on and on < subject.reported_on:
        raise TransitionError("宣告日不能早于报到日。")
    subject.announced_on = on
    subject.group_members = group_members.strip()
    subject.plan = plan.strip()
    subject.plan_on = on
    subject.status = Subject.Status.SUPERVISED
    subject.save(update_fields=["announced_on", "group_members", "plan", "plan_on", "status"])
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


SUPERVISION_KINDS = ["报告", "实地查访", "信息化核查", "通信联络", "教育学习", "公益活动", "迁居/变更执行地", "其他"]


@transaction.atomic
def record_supervision(subject_id, actor, kind, on, text):
    """A report, visit or check (§26), or a change of residence (§27 ¶2)."""
    subject = _lock_subject(subject_id)
    _handler(actor, subject)
    _open(subject)
    if kind not in SUPERVISION_KINDS:
        raise TransitionError("请选择记录类别。")
    if on > _today():
        raise TransitionError("日期不能晚于今天。")
    if kind == "迁居/变更执行地":
        text = f"{text}（变更执行地的，对象应于 {due_after(RELOCATION_RULE, on):%Y-%m-%d} 前到新执行地报到，{basis(RELOCATION_RULE)}）"
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


@transaction.atomic
def request_travel(subject_id, actor, destination, reason, start_on, end_on):
    subject = _lock_subject(subject_id)
    _handler(actor, subject)
    if subject.status != Subject.Status.SUPERVISED:
        raise TransitionError("在矫对象才能申请外出。")
    tier = travel_tier(start_on, end_on)
    if subject.travels.filter(status__in=[Travel.Status.REQUESTED, Travel.Status.APPROVED]).exists():
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
    _log(
        subject,
        actor,
        "外出申请",
        f"{destination}，{start_on:%Y-%m-%d}至{end_on:%Y-%m-%d}，共{travel.days}日，{travel.get_tier_display()}",
        event="travel",
    )
    return travel


def may_decide_travel(user, travel):
    if travel.tier == Travel.Tier.OFFICE:
        return access.office_chief(user, travel.subject.office_id) or access.section_chief(user)
    return access.section_chief(user)


@transaction.atomic
def decide_travel(travel_id, actor, approve, note=""):
    travel = Travel.objects.select_for_update().select_related("subject").filter(pk=travel_id).first()
    if travel is None:
        raise TransitionError("外出申请不存在。")
    if travel.status != Travel.Status.REQUESTED:
        raise TransitionError("该外出申请已经审批。")
    if not may_decide_travel(actor, travel):
        who = (
            "司法所所长（或社区矫正工作科科长）"
            if travel.tier == Travel.Tier.OFFICE
            else "区社区矫正机构负责人（社区矫正工作科科长）"
        )
        raise TransitionError(f"外出{travel.days}日，应由{who}审批。")
    travel.status = Travel.Status.APPROVED if approve else Travel.Status.REFUSED
    travel.decided_by, travel.decided_on, travel.decision_note = actor, _today(), note[:200]
    travel.save(update_fields=["status", "decided_by", "decided_on", "decision_note"])
    verdict = f"批准，应于 {travel.end_on:%Y-%m-%d} 前返回并报告" if approve else "不予批准"
    _log(travel.subject, actor, "外出审批", f"{verdict}（{travel.get_tier_display()}）{note}", event="travel_decision")
    return travel


@transaction.atomic
def record_return(travel_id, actor, on):
    travel = Travel.objects.select_for_update().select_related("subject").filter(pk=travel_id).first()
    if travel is None:
        raise TransitionError("外出申请不存在。")
    _handler(actor, travel.subject)
    if travel.status != Travel.Status.APPROVED:
        raise TransitionError("该外出未批准或已销假。")
    if on > _today():
        raise TransitionError("返回日不能晚于今天。")
    travel.status, travel.returned_on = Travel.Status.RETURNED, on
    travel.save(update_fields=["status", "returned_on"])
    late = on > travel.end_on
    _log(
        travel.subject,
        actor,
        "返回销假",
        f"{on:%Y-%m-%d} 返回{'（逾期返回）' if late else '（按期）'}",
        on=on,
        event="travel_return",
    )
    return travel


# --- electronic monitoring (§29) -------------------------------------------------------------


def monitoring_end(start_on):
    """Three months from the start (民法典 §202: the corresponding day), the last day of use."""
    return deadlines.add_months(start_on, rule(MONITOR_RULE).length) - timedelta(days=1)


@transaction.atomic
def request_monitoring(subject_id, actor, reason, start_on, renewal_of=None):
    subject = _lock_subject(subject_id)
    _handler(actor, subject)
    if subject.status != Subject.Status.SUPERVISED:
        raise TransitionError("在矫对象才能使用电子定位装置。")
    if subject.monitorings.filter(status=Monitoring.Status.REQUESTED).exists():
        raise TransitionError("已有待批准的电子定位申请。")
    previous = None
    if renewal_of is not None:
        previous = subject.monitorings.filter(pk=renewal_of, status=Monitoring.Status.ACTIVE).first()
        if previous is None:
            raise TransitionError("只有使用中的电子定位可以申请延长。")
        start_on = previous.end_on + timedelta(days=1)
    elif subject.monitorings.filter(status=Monitoring.Status.ACTIVE).exists():
        raise TransitionError("该对象正在使用电子定位装置；期满需继续使用的请申请延长。")
    monitoring = Monitoring.objects.create(
        subject=subject, reason=reason, start_on=start_on, renewal_of=previous, requested_by=actor
    )
    _log(subject, actor, "电子定位申请", f"{'延长' if previous else '使用'}：{reason}", event="monitoring")
    return monitoring


@transaction.atomic
def approve_monitoring(monitoring_id, actor, approve=True):
    """Only the 县级司法行政部门负责人 approves (§29): the director or the division leader."""
    monitoring = Monitoring.objects.select_for_update().select_related("subject").filter(pk=monitoring_id).first()
    if monitoring is None:
        raise TransitionError("电子定位申请不存在。")
    if not access.head(actor):
        raise TransitionError("使用电子定位装置须经区司法局负责人批准（社区矫正法第二十九条）。")
    if monitoring.status != Monitoring.Status.REQUESTED:
        raise TransitionError("该申请已经审批。")
    today = _today()
    if approve:
        if monitoring.renewal_of_id:
            previous = Monitoring.objects.select_for_update().get(pk=monitoring.renewal_of_id)
            if previous.status != Monitoring.Status.ACTIVE:
                raise TransitionError("原电子定位已解除，不能延长。")
            previous.status, previous.ended_on = Monitoring.Status.ENDED, previous.end_on
            previous.save(update_fields=["status", "ended_on"])
        monitoring.end_on = monitoring_end(monitoring.start_on)
        monitoring.status = Monitoring.Status.ACTIVE
    else:
        monitoring.status = Monitoring.Status.REFUSED
    monitoring.approved_by, monitoring.approved_on = actor, today
    monitoring.save(update_fields=["status", "start_on", "end_on", "approved_by", "approved_on"])
    text = (
        f"批准{'延长' if monitoring.renewal_of_id else '使用'}，{monitoring.start_on:%Y-%m-%d}至{monitoring.end_on:%Y-%m-%d}"
        if approve
        else "不予批准"
    )
    _log(monitoring.subject, actor, "电子定位审批", text, event="monitoring_decision")
    return monitoring


@transaction.atomic
def end_monitoring(monitoring_id, actor, on):
    monitoring = Monitoring.objects.select_for_update().select_related("subject").filter(pk=monitoring_id).first()
    if monitoring is None or monitoring.status != Monitoring.Status.ACTIVE:
        raise TransitionError("只有使用中的电子定位可以解除。")
    _handler(actor, monitoring.subject)
    monitoring.status, monitoring.ended_on = Monitoring.Status.ENDED, on
    monitoring.save(update_fields=["status", "ended_on"])
    _log(monitoring.subject, actor, "解除电子定位", f"{on:%Y-%m-%d} 解除", event="monitoring_end")
    return monitoring


# --- sanctions and proposals (§28, §33, §46–§49) ---------------------------------------------


def may_sanction(user, subject, kind):
    if kind in (Sanction.Kind.WARNING, Sanction.Kind.POLICE):
        return access.section_chief(user)
    return access.handles(user, subject.office_id)


@transaction.atomic
def record_sanction(subject_id, actor, kind, on, facts):
    subject = _lock_subject(subject_id)
    _handler(actor, subject)
    if subject.status != Subject.Status.SUPERVISED:
        raise TransitionError("在矫对象才能考核奖惩。")
    if not may_sanction(actor, subject, kind):
        raise TransitionError("警告和提请治安管理处罚由区社区矫正机构（社区矫正工作科科长）决定。")
    year = on.year
    seq = Sanction.objects.filter(kind=kind, decided_on__year=year).count() + 1
    sanction = Sanction.objects.create(
        subject=subject,
        kind=kind,
        decided_on=on,
        facts=facts,
        number=f"临司矫{dict(Sanction.Kind.choices)[kind][:2]}〔{year}〕{seq}号",
        decided_by=actor,
    )
    _log(subject, actor, sanction.get_kind_display(), f"{sanction.number}：{facts}", on=on, event="sanction")
    return sanction


def proposal_due(kind, submitted_at):
    code = PROPOSAL_RULES[kind]
    r = rule(code)
    if r.unit == DeadlineRule.Unit.HOUR:
        return submitted_at + timedelta(hours=r.length)
    due = deadlines.end_of_period(r, timezone.localtime(submitted_at).date(), r.length)[1]
    return timezone.make_aware(datetime.combine(due, time(23, 59)))


@transaction.atomic
def submit_proposal(subject_id, actor, kind, body, submitted_at, reasons):
    subject = _lock_subject(subject_id)
    if not access.section_chief(actor):
        raise TransitionError("提请事项由区社区矫正机构（社区矫正工作科科长）提出。")
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
    proposal = Proposal.objects.create(
        subject=subject,
        kind=kind,
        body=body,
        submitted_at=submitted_at,
        due_at=proposal_due(kind, submitted_at),
        reasons=reasons,
        submitted_by=actor,
    )
    _log(
        subject,
        actor,
        proposal.get_kind_display(),
        f"送{body.name}，对方应于 {timezone.localtime(proposal.due_at):%Y-%m-%d %H:%M} 前作出（{basis(PROPOSAL_RULES[kind])}）",
        event="proposal",
    )
    return proposal


@transaction.atomic
def record_proposal_result(proposal_id, actor, granted, result, on):
    proposal = Proposal.objects.select_for_update().select_related("subject").filter(pk=proposal_id).first()
    if proposal is None:
        raise TransitionError("提请事项不存在。")
    _handler(actor, proposal.subject)
    if proposal.status != Proposal.Status.PENDING:
        raise TransitionError("该提请事项已登记结果。")
    proposal.status = Proposal.Status.GRANTED if granted else Proposal.Status.DENIED
    proposal.result, proposal.result_on = result[:200], on
    proposal.save(update_fields=["status", "result", "result_on"])
    _log(
        proposal.subject,
        actor,
        f"{proposal.get_kind_display()}结果",
        f"{proposal.get_status_display()}：{result}",
        on=on,
        event="proposal_result",
    )
    subject = proposal.subject
    ends = {Proposal.Kind.REVOCATION: "撤销缓刑、假释", Proposal.Kind.PRISON: "收监执行"}
    if granted and proposal.kind in ends and subject.is_open:
        subject = _lock_subject(subject.pk)
        subject.status, subject.ended_on, subject.end_reason = Subject.Status.TERMINATED, on, ends[proposal.kind]
        subject.save(update_fields=["status", "ended_on", "end_reason"])
        _log(subject, actor, "矫正终止", f"因{ends[proposal.kind]}终止（第四十五条）", on=on, event="terminate")
    return proposal


# --- the end (§44, §45) ----------------------------------------------------------------------


@transaction.atomic
def release(subject_id, actor, on):
    """期满解除: the certificate (解除社区矫正证明书) and the notices, and the 解除宣告."""
    subject = _lock_subject(subject_id)
    _handler(actor, subject)
    if subject.status != Subject.Status.SUPERVISED:
        raise TransitionError("在矫对象才能解除矫正。")
    if on < subject.end_on:
        raise TransitionError(f"矫正期满日为 {subject.end_on:%Y-%m-%d}，期满前不能解除。")
    if subject.monitorings.filter(status=Monitoring.Status.ACTIVE).exists():
        raise TransitionError("请先解除电子定位装置。")
    if subject.travels.filter(status=Travel.Status.APPROVED).exists():
        raise TransitionError("对象外出尚未销假。")
    year = on.year
    seq = Subject.objects.filter(ended_on__year=year, status=Subject.Status.RELEASED).count() + 1
    subject.status, subject.ended_on = Subject.Status.RELEASED, on
    subject.release_announced_on = on
    subject.certificate_no = f"临司矫解〔{year}〕{seq}号"
    subject.save(update_fields=["status", "ended_on", "release_announced_on", "certificate_no"])
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
    subject = _lock_subject(subject_id)
    if not access.in_section(actor):
        raise TransitionError("矫正终止由社区矫正工作科登记。")
    _open(subject)
    if not reason.strip():
        raise TransitionError("请填写终止原因。")
    subject.status, subject.ended_on, subject.end_reason = Subject.Status.TERMINATED, on, reason.strip()[:100]
    subject.save(update_fields=["status", "ended_on", "end_reason"])
    _log(subject, actor, "矫正终止", reason, on=on, event="terminate")
    return subject


def record_view(user, subject):
    """Every view of a subject's file is in the audit log."""
    record("correction.view", actor=user, obj=subject, object_repr=str(subject))


# --- 调查评估 --------------------------------------------------------------------------------


@transaction.atomic
def register_assessment(actor, data):
    if not access.in_section(actor):
        raise TransitionError("只有社区矫正工作科可以登记调查评估委托。")
    assessment = Assessment(created_by=actor, **data)
    code = ASSESS_FAST_RULE if assessment.fast_track else ASSESS_RULE
    assessment.due_on = due_after(code, assessment.received_on)
    assessment.save()
    record("correction.assessment_register", actor=actor, obj=assessment, object_repr=str(assessment))
    return assessment


def _lock_assessment(pk):
    assessment = Assessment.objects.select_for_update().filter(pk=pk).first()
    if assessment is None:
        raise TransitionError("调查评估不存在。")
    return assessment


@transaction.atomic
def submit_assessment(assessment_id, actor, findings, opinion):
    assessment = _lock_assessment(assessment_id)
    if not access.handles(actor, assessment.office_id):
        raise TransitionError("由承担调查的司法所或社区矫正工作科提交评估意见。")
    if assessment.status != Assessment.Status.INVESTIGATING:
        raise TransitionError("评估意见已经提交。")
    if not findings.strip() or opinion not in Assessment.Opinion.values:
        raise TransitionError("请填写调查情况和评估意见。")
    assessment.findings, assessment.opinion = findings.strip(), opinion
    assessment.drafted_by, assessment.status = actor, Assessment.Status.SUBMITTED
    assessment.save(update_fields=["findings", "opinion", "drafted_by", "status"])
    record("correction.assessment_submit", actor=actor, obj=assessment, object_repr=str(assessment))
    return assessment


@transaction.atomic
def review_assessment(assessment_id, actor, approve):
    assessment = _lock_assessment(assessment_id)
    if not access.section_chief(actor):
        raise TransitionError("评估意见由社区矫正工作科科长审核。")
    if assessment.status != Assessment.Status.SUBMITTED:
        raise TransitionError("该评估意见不在待审核状态。")
    if approve:
        assessment.status, assessment.approved_by, assessment.approved_on = Assessment.Status.APPROVED, actor, _today()
    else:
        assessment.status = Assessment.Status.INVESTIGATING
    assessment.save(update_fields=["status", "approved_by", "approved_on"])
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
    assessment = _lock_assessment(assessment_id)
    if not access.in_section(actor):
        raise TransitionError("评估意见由社区矫正工作科反馈委托机关。")
    if assessment.status != Assessment.Status.APPROVED:
        raise TransitionError("评估意见审核后才能反馈。")
    if on > _today():
        raise TransitionError("反馈日不能晚于今天。")
    assessment.status, assessment.returned_on = Assessment.Status.RETURNED, on
    assessment.save(update_fields=["status", "returned_on"])
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
