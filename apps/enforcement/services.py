"""State changes of the 行政执法监督科's records. Each move locks its row (a case through the
engine, a register row with SELECT ... FOR UPDATE), re-checks the state and raises
TransitionError with the reason in Chinese; the clocks are rule rows
(fixtures/enforcement_deadlines.json, editable in the admin).

Clocks of a complaint (enforcement.complaint):
- enforcement-complaint-accept: 立案审查 from receipt (stopped by 立案 or 不予立案).
- enforcement-complaint-handle: 调查处理 from 立案 (stopped when the document is issued).
- enforcement-opinion-correction (§28, 30 days): the body corrects itself after receiving the
  《行政执法监督意见书》; enforcement-decision-report (§29 ¶2, 30 days): the body reports on the
  《行政执法监督决定书》. Stopped when the correction or the report is recorded.
"""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from apps.audit.log import record
from apps.numbering.services import NumberingError, allocate
from apps.org.models import ExternalUnit
from apps.workflow import api, calendar, deadlines
from apps.workflow.api import RouteStep, TransitionError
from apps.workflow.models import CaseClock, DeadlineRule
from apps.workflow.rules import deadline_rule

from .access import is_section_handler
from .models import (
    SCORE_ITEMS,
    ActKind,
    Certificate,
    CertificateReview,
    CertKind,
    CertStatus,
    Complaint,
    ComplaintStage,
    Compliance,
    DecisionKind,
    Dispute,
    DisputeStatus,
    EnforcementBody,
    EvaluatedFile,
    Evaluation,
    Finding,
    ListKind,
    ListReview,
    ListReviewStage,
    ReviewConclusion,
    ReviewResult,
    ThreeSystemsCheck,
)
from .processes import (
    ACCEPT_STEP,
    COMPLAINT_PROCESS,
    FEEDBACK_STEP,
    FOLLOWUP_STEP,
    INVESTIGATE_STEP,
    ISSUE_STEP,
    LIST_REVIEW_PROCESS,
    REVIEW_STEP,
)

ACCEPT_RULE = deadline_rule("enforcement-complaint-accept")
HANDLE_RULE = deadline_rule("enforcement-complaint-handle")
CORRECTION_RULE = deadline_rule("enforcement-opinion-correction")
REPORT_RULE = deadline_rule("enforcement-decision-report")
LIST_REVIEW_RULE = deadline_rule("enforcement-list-review")
ANNUAL_REVIEW_RULE = deadline_rule("enforcement-cert-annual-review")
EXPIRY_RULE = deadline_rule("enforcement-cert-expiry")
# The complaint documents' number schemes (fixtures/number_schemes.json, apps.numbering): one
# series a year each, e.g. 临司执监意〔2026〕1号.
DOCUMENT_SCHEMES = {
    Finding.OPINION: "enforcement-opinion",
    Finding.DECISION: "enforcement-decision",
    Finding.UNFOUNDED: "enforcement-notice",
}
EXAM_PASS_MARK = Decimal("60")


# --- helpers ---------------------------------------------------------------------------------


def _text(value, what):
    value = (value or "").strip()
    if not value:
        raise TransitionError(f"请填写{what}。")
    return value


def _date(value, what):
    if not isinstance(value, date):
        raise TransitionError(f"请填写{what}。")
    if value > timezone.localdate():
        raise TransitionError(f"{what}不能晚于今天。")
    return value


def _not_before(day, earliest, what, earlier_what):
    if earliest is not None and day < earliest:
        raise TransitionError(f"{what}不能早于{earlier_what}（{earliest:%Y-%m-%d}）。")


def _handler(actor):
    if not is_section_handler(actor):
        raise TransitionError("只有行政执法监督科工作人员可以办理此事项。")


def _unit(value, what="单位"):
    unit = value if isinstance(value, ExternalUnit) else ExternalUnit.objects.filter(pk=value).first()
    if unit is None or not unit.is_active:
        raise TransitionError(f"请选择{what}。")
    return unit


def _clean(obj, exclude=()):
    try:
        obj.full_clean(exclude=list(exclude))
    except ValidationError as exc:
        raise TransitionError("；".join(str(m) for ms in exc.message_dict.values() for m in ms)) from None


def _clock(case, code):
    return case.clocks.filter(rule__code=code, status__in=CaseClock.OPEN_STATUSES).first()


def _stop(case, code, actor, on_date):
    clock = _clock(case, code)
    if clock is not None:
        deadlines.stop_clock(clock.pk, actor, on_date)
    return clock


def _task(case, actor, step):
    return api.pending_task(case, actor, step=step, refusal="该事项当前不在您的办理环节（可能已被处理，请刷新页面）。")


# --- 5.2 投诉举报 ----------------------------------------------------------------------------

COMPLAINT_KEYS = ("complainant", "id_number", "phone", "unit", "act_kind", "content", "received_on")


@transaction.atomic
def register_complaint(actor, data):
    """登记 a complaint about an enforcement act; the 立案审查 clock runs from its receipt."""
    _handler(actor)
    unknown = set(data) - set(COMPLAINT_KEYS)
    if unknown:
        raise TransitionError(f"登记信息包含未知字段：{'、'.join(sorted(unknown))}。")
    complainant = _text(data.get("complainant"), "投诉人姓名或名称")
    content = _text(data.get("content"), "投诉举报事项及理由")
    unit = _unit(data.get("unit"), "被投诉的行政执法机关")
    if data.get("act_kind") not in ActKind.values:
        raise TransitionError("请选择执法行为类别。")
    received_on = _date(data.get("received_on"), "收到日期")
    title = f"{complainant}投诉{unit.name}：{' '.join(content.split())}"
    case = api.create_case(COMPLAINT_PROCESS, initiator=actor, section=actor.section, title=title[:200])
    complaint = Complaint(
        case=case,
        complainant=complainant,
        id_number=str(data.get("id_number") or "").strip(),
        phone=str(data.get("phone") or "").strip(),
        unit=unit,
        act_kind=data["act_kind"],
        content=content,
        received_on=received_on,
    )
    _clean(complaint, exclude=["case"])
    complaint.save()
    api.submit(case.pk, actor)
    deadlines.start_clock(case, ACCEPT_RULE, received_on, actor)
    case.refresh_from_db()
    return case


def _locked_complaint(case_id, actor, step, stages):
    case = api.lock_case(case_id, process=COMPLAINT_PROCESS)
    task = _task(case, actor, step)
    complaint = Complaint.objects.select_for_update().get(case=case)
    if complaint.stage not in stages:
        raise TransitionError(f"该投诉目前“{complaint.get_stage_display()}”，不能进行此操作。")
    return case, complaint, task


@transaction.atomic
def accept_complaint(case_id, actor, on_date):
    """立案: the 调查处理 clock starts."""
    case, c, task = _locked_complaint(case_id, actor, ACCEPT_STEP, {ComplaintStage.RECEIVED})
    on_date = _date(on_date, "立案日期")
    _not_before(on_date, c.received_on, "立案日期", "收到日期")
    _stop(case, ACCEPT_RULE, actor, on_date)
    deadlines.start_clock(case, HANDLE_RULE, on_date, actor)
    c.stage, c.accepted_on = ComplaintStage.INVESTIGATING, on_date
    c.save(update_fields=["stage", "accepted_on"])
    api.finish_own_step(case.pk, task.pk, actor, f"{on_date:%Y-%m-%d} 立案调查。", keep_result=False)
    return case


@transaction.atomic
def decline_complaint(case_id, actor, on_date, reason):
    """不予立案 (not an enforcement act, outside the district's supervision, already in
    复议/诉讼 ...): the case ends here with the reason told to the complainant."""
    case, c, task = _locked_complaint(case_id, actor, ACCEPT_STEP, {ComplaintStage.RECEIVED})
    reason = _text(reason, "不予立案的理由")
    on_date = _date(on_date, "决定日期")
    _not_before(on_date, c.received_on, "决定日期", "收到日期")
    _stop(case, ACCEPT_RULE, actor, on_date)
    c.stage, c.decline_reason, c.concluded_on = ComplaintStage.DECLINED, reason, on_date
    c.save(update_fields=["stage", "decline_reason", "concluded_on"])
    api.replace_route_after(case, ACCEPT_STEP, [])
    api.finish_own_step(case.pk, task.pk, actor, f"不予立案：{reason}")
    return case


@transaction.atomic
def propose(case_id, actor, findings, finding, proposal, on_date, decision_kind=""):
    """调查情况 and the 处理意见, sent for approval. A 决定书 goes up to the director (rule rows of
    the chain "approval" with the fact `decision`), so the approval steps are expanded again
    from the rules now that the 处理意见 is known (and again after a return)."""
    case, c, task = _locked_complaint(case_id, actor, INVESTIGATE_STEP, {ComplaintStage.INVESTIGATING})
    findings = _text(findings, "调查情况（查明的事实和证据）")
    if finding not in Finding.values:
        raise TransitionError("请选择处理意见。")
    proposal = _text(proposal, "处理意见内容（纠正要求、理由和依据）")
    if finding == Finding.DECISION:
        if decision_kind not in DecisionKind.values:
            raise TransitionError("作出监督决定的，请选择处理决定的种类（责令履行、补正改正、撤销、确认违法或无效）。")
    else:
        decision_kind = ""
    on_date = _date(on_date, "提出处理意见日期")
    _not_before(on_date, c.accepted_on, "提出处理意见日期", "立案日期")
    c.findings, c.finding, c.decision_kind, c.proposal, c.proposed_on = (
        findings,
        finding,
        decision_kind,
        proposal,
        on_date,
    )
    c.save(update_fields=["findings", "finding", "decision_kind", "proposal", "proposed_on"])
    process = api.process_of(case)
    route = process.route_for(case)
    index = next(i for i, step in enumerate(route) if step["code"] == INVESTIGATE_STEP)
    api.replace_route_after(case, INVESTIGATE_STEP, [RouteStep.from_dict(step) for step in route[index + 1 :]])
    api.finish_own_step(case.pk, task.pk, actor, f"处理意见：{c.get_finding_display()}。{proposal}", keep_result=False)
    return case


@transaction.atomic
def issue(case_id, actor, issued_on, served_on):
    """The approved document is issued and served: for a 意见书 or 决定书 the enforcement body's
    30 days (§28 / §29) start from its receipt; an unfounded complaint is answered and closed.
    The document's number is the next of its scheme for the year of issue (DOCUMENT_SCHEMES),
    allocated here, in the transaction that records the issue: once, never typed."""
    case, c, task = _locked_complaint(case_id, actor, ISSUE_STEP, {ComplaintStage.INVESTIGATING})
    issued_on = _date(issued_on, "制发日期")
    served_on = _date(served_on, "送达日期")
    _not_before(issued_on, c.proposed_on, "制发日期", "提出处理意见日期")
    _not_before(served_on, issued_on, "送达日期", "制发日期")
    if c.document_number:  # the stage check above makes this unreachable; never number twice
        raise TransitionError(f"该文书已编号（{c.document_number}），不能重复制发。")
    try:
        number = allocate(DOCUMENT_SCHEMES[c.finding], issued_on.year, actor=actor, target=f"case:{case.pk}").formatted
    except NumberingError as exc:
        raise TransitionError(str(exc)) from None
    _stop(case, HANDLE_RULE, actor, issued_on)
    c.document_number, c.issued_on, c.served_on = number, issued_on, served_on
    fields = ["document_number", "issued_on", "served_on", "stage"]
    if c.finding == Finding.UNFOUNDED:
        c.stage, c.concluded_on = ComplaintStage.CLOSED, served_on
        c.save(update_fields=[*fields, "concluded_on"])
        api.replace_route_after(case, ISSUE_STEP, [])
        api.finish_own_step(case.pk, task.pk, actor, f"投诉不成立，已告知投诉人（{number}）。")
        return case
    rule = CORRECTION_RULE if c.finding == Finding.OPINION else REPORT_RULE
    deadlines.start_clock(case, rule, served_on, actor)
    c.stage = ComplaintStage.FOLLOWUP
    c.save(update_fields=fields)
    api.finish_own_step(
        case.pk, task.pk, actor, f"{c.document_title}（{number}）已于{served_on:%Y-%m-%d}送达{c.unit.name}。"
    )
    return case


@transaction.atomic
def record_compliance(case_id, actor, compliance, note, on_date):
    """The body's correction (意见书) or its report on the decision (决定书): the case closes."""
    case, c, task = _locked_complaint(case_id, actor, FOLLOWUP_STEP, {ComplaintStage.FOLLOWUP})
    if compliance not in Compliance.values:
        raise TransitionError("请选择纠正/执行情况。")
    note = _text(note, "纠正/执行情况说明")
    on_date = _date(on_date, "日期")
    _not_before(on_date, c.served_on, "日期", "送达日期")
    clock = _stop(case, CORRECTION_RULE if c.finding == Finding.OPINION else REPORT_RULE, actor, on_date)
    if compliance == Compliance.DONE and clock is not None and on_date > clock.due_date:
        raise TransitionError(f"期限已于 {clock.due_date:%Y-%m-%d} 届满，请选择“逾期后纠正/报告”或“拒不纠正”。")
    c.compliance, c.compliance_note, c.stage, c.concluded_on = compliance, note, ComplaintStage.CLOSED, on_date
    c.save(update_fields=["compliance", "compliance_note", "stage", "concluded_on"])
    api.finish_own_step(case.pk, task.pk, actor, f"{Compliance(compliance).label}：{note}")
    return case


# --- 5.7–5.8 清单合法性审查 --------------------------------------------------------------------

LIST_KEYS = ("kind", "submitter", "departments", "items", "received_on")


@transaction.atomic
def register_list_review(actor, data):
    _handler(actor)
    if data.get("kind") not in ListKind.values:
        raise TransitionError("请选择审查类别。")
    submitter = _unit(data.get("submitter"), "提报单位")
    departments = _text(data.get("departments"), "涉及的行政执法部门")
    items = _text(data.get("items"), "调整事项及机构编制部门审核意见")
    received_on = _date(data.get("received_on"), "收到日期")
    title = f"{ListKind(data['kind']).label.split('（')[0]}合法性审查：{departments}"
    case = api.create_case(LIST_REVIEW_PROCESS, initiator=actor, section=actor.section, title=title[:200])
    ListReview.objects.create(
        case=case, kind=data["kind"], submitter=submitter, departments=departments, items=items, received_on=received_on
    )
    api.submit(case.pk, actor)
    deadlines.start_clock(case, LIST_REVIEW_RULE, received_on, actor)
    case.refresh_from_db()
    return case


@transaction.atomic
def review_list(case_id, actor, conclusion, opinion, consultation, on_date):
    case = api.lock_case(case_id, process=LIST_REVIEW_PROCESS)
    task = _task(case, actor, REVIEW_STEP)
    r = ListReview.objects.select_for_update().get(case=case)
    if conclusion not in ReviewConclusion.values:
        raise TransitionError("请选择审查结论。")
    opinion = _text(opinion, "合法性审查意见")
    on_date = _date(on_date, "审查意见日期")
    _not_before(on_date, r.received_on, "审查意见日期", "收到日期")
    r.conclusion, r.opinion, r.consultation, r.reviewed_on = conclusion, opinion, (consultation or "").strip(), on_date
    r.stage = ListReviewStage.APPROVING
    r.save(update_fields=["conclusion", "opinion", "consultation", "reviewed_on", "stage"])
    api.finish_own_step(case.pk, task.pk, actor, f"审查结论：{r.get_conclusion_display()}。", keep_result=False)
    return case


@transaction.atomic
def feed_back(case_id, actor, on_date):
    case = api.lock_case(case_id, process=LIST_REVIEW_PROCESS)
    task = _task(case, actor, FEEDBACK_STEP)
    r = ListReview.objects.select_for_update().get(case=case)
    if r.stage == ListReviewStage.DONE:
        raise TransitionError("审查意见已反馈。")
    on_date = _date(on_date, "反馈日期")
    _not_before(on_date, r.reviewed_on, "反馈日期", "审查意见日期")
    _stop(case, LIST_REVIEW_RULE, actor, on_date)
    r.fed_back_on, r.stage = on_date, ListReviewStage.DONE
    r.save(update_fields=["fed_back_on", "stage"])
    api.finish_own_step(
        case.pk, task.pk, actor, f"合法性审查意见（{r.get_conclusion_display()}）已反馈{r.submitter.name}。"
    )
    return case


# --- 5.1 执法主体 ----------------------------------------------------------------------------

BODY_FIELDS = (
    "unit",
    "kind",
    "entrusted_by",
    "functions",
    "legal_basis",
    "confirmed_on",
    "approved_on",
    "announced_on",
    "is_active",
    "note",
)


@transaction.atomic
def save_body(actor, data, pk=None):
    """Record or correct one entry of the list of enforcement bodies (审核确认, 区政府批准, 公告)."""
    _handler(actor)
    body = EnforcementBody.objects.select_for_update().get(pk=pk) if pk else EnforcementBody()
    for name in BODY_FIELDS:
        if name in data:
            setattr(body, name, data[name])
    _clean(body)
    body.save()
    record("enforcement.body_saved", actor=actor, obj=body, detail={"created": pk is None})
    return body


# --- 5.3 执法争议协调 -------------------------------------------------------------------------


@transaction.atomic
def register_dispute(actor, title, applicant, parties, received_on, description):
    _handler(actor)
    applicant = _unit(applicant, "提请协调的单位")
    parties = [_unit(p, "争议相对单位") for p in parties or []]
    if not parties:
        raise TransitionError("请选择争议相对单位。")
    if applicant in parties:
        raise TransitionError("提请协调的单位不能同时是争议相对单位。")
    dispute = Dispute.objects.create(
        title=_text(title, "争议事项"),
        applicant=applicant,
        received_on=_date(received_on, "受理日期"),
        description=_text(description, "争议情况及各方意见"),
        registered_by=actor,
    )
    dispute.parties.set(parties)
    record("enforcement.dispute_registered", actor=actor, obj=dispute)
    return dispute


def _locked_dispute(pk, actor):
    _handler(actor)
    dispute = Dispute.objects.select_for_update().filter(pk=pk).first()
    if dispute is None:
        raise TransitionError("该争议不存在。")
    return dispute


@transaction.atomic
def record_meeting(pk, actor, meeting_on, minutes):
    dispute = _locked_dispute(pk, actor)
    if dispute.status != DisputeStatus.OPEN:
        raise TransitionError(f"该争议已“{dispute.get_status_display()}”，不能再登记协调会。")
    meeting_on = _date(meeting_on, "协调会日期")
    _not_before(meeting_on, dispute.received_on, "协调会日期", "受理日期")
    dispute.meeting_on, dispute.minutes = meeting_on, _text(minutes, "协调会纪要")
    dispute.save(update_fields=["meeting_on", "minutes"])
    record("enforcement.dispute_meeting", actor=actor, obj=dispute)
    return dispute


# status -> the statuses it may follow
DISPUTE_MOVES = {
    DisputeStatus.AGREED: {DisputeStatus.OPEN},
    DisputeStatus.REFERRED: {DisputeStatus.OPEN},
    DisputeStatus.WITHDRAWN: {DisputeStatus.OPEN},
    DisputeStatus.RULED: {DisputeStatus.REFERRED},
}


@transaction.atomic
def conclude_dispute(pk, actor, status, outcome, on_date):
    dispute = _locked_dispute(pk, actor)
    if status not in DISPUTE_MOVES:
        raise TransitionError("请选择协调结果。")
    if dispute.status not in DISPUTE_MOVES[status]:
        raise TransitionError(
            f"该争议目前“{dispute.get_status_display()}”，不能登记为“{DisputeStatus(status).label}”。"
        )
    if status in (DisputeStatus.AGREED, DisputeStatus.REFERRED) and not dispute.minutes:
        raise TransitionError("请先登记协调会纪要。")
    on_date = _date(on_date, "日期")
    _not_before(on_date, dispute.meeting_on or dispute.received_on, "日期", "协调会或受理日期")
    outcome = _text(outcome, "协调结果或裁决内容")
    dispute.outcome = f"{dispute.outcome}\n{on_date:%Y-%m-%d} {outcome}".strip() if dispute.outcome else outcome
    dispute.status = status
    dispute.concluded_on = None if status == DisputeStatus.REFERRED else on_date
    dispute.save(update_fields=["outcome", "status", "concluded_on"])
    record("enforcement.dispute_concluded", actor=actor, obj=dispute, detail={"status": status})
    return dispute


# --- 5.4–5.6 证件 ----------------------------------------------------------------------------


def reminder_horizons(today):
    """{date field: the last date reminded today}: a certificate whose annual review or expiry
    falls on or before it is in its reminder period (the rule's farthest lead, working days)."""
    leads = {
        rule.code: max(rule.remind_leads, default=0)
        for rule in DeadlineRule.objects.filter(code__in=[ANNUAL_REVIEW_RULE, EXPIRY_RULE], active=True)
    }
    return {
        "review_due": calendar.add_working_days(today, leads.get(ANNUAL_REVIEW_RULE, 0)),
        "expires_on": calendar.add_working_days(today, leads.get(EXPIRY_RULE, 0)),
    }


def review_months():
    rule = DeadlineRule.objects.filter(code=ANNUAL_REVIEW_RULE).first()
    return rule.length if rule is not None and rule.unit == DeadlineRule.Unit.MONTH else 12


@transaction.atomic
def apply_certificate(actor, data):
    """网上申请 registered: a holder's application for one of the three certificates."""
    _handler(actor)
    if data.get("kind") not in CertKind.values:
        raise TransitionError("请选择证件类别。")
    cert = Certificate(
        kind=data["kind"],
        holder=_text(data.get("holder"), "姓名"),
        id_number=str(data.get("id_number") or "").strip(),
        unit=_unit(data.get("unit"), "所在单位"),
        post=(data.get("post") or "").strip(),
        areas=(data.get("areas") or "").strip(),
        applied_on=_date(data.get("applied_on"), "申请日期"),
        registered_by=actor,
    )
    if not cert.id_number:
        raise TransitionError("请填写身份证号码。")
    _clean(cert, exclude=["registered_by"])
    cert.save()
    record("enforcement.certificate_applied", actor=actor, obj=cert, detail={"kind": cert.kind})
    return cert


def _locked_cert(pk, actor, statuses):
    _handler(actor)
    cert = Certificate.objects.select_for_update().filter(pk=pk).first()
    if cert is None:
        raise TransitionError("该证件记录不存在。")
    if cert.status not in statuses:
        raise TransitionError(f"该证件目前“{cert.get_status_display()}”，不能进行此操作。")
    return cert


def _cert_saved(cert, actor, event, fields, **detail):
    cert.save(update_fields=fields)
    record(f"enforcement.certificate_{event}", actor=actor, obj=cert, detail={"status": cert.status, **detail})
    return cert


@transaction.atomic
def check_certificate(pk, actor, passed, note, on_date):
    """资格审查 by the district bureau (the province's 资格审定 follows outside the portal)."""
    cert = _locked_cert(pk, actor, {CertStatus.APPLIED})
    on_date = _date(on_date, "资格审查日期")
    _not_before(on_date, cert.applied_on, "资格审查日期", "申请日期")
    note = (note or "").strip()
    if not passed and not note:
        raise TransitionError("资格审查未通过的，请写明理由。")
    cert.status = CertStatus.CHECKED if passed else CertStatus.REJECTED
    cert.checked_on, cert.check_note = on_date, note
    return _cert_saved(cert, actor, "checked", ["status", "checked_on", "check_note"])


@transaction.atomic
def record_exam(pk, actor, score, on_date):
    """培训考试 result: 60 points pass."""
    cert = _locked_cert(pk, actor, {CertStatus.CHECKED})
    try:
        score = Decimal(str(score))
    except (InvalidOperation, TypeError):
        raise TransitionError("请填写考试成绩。") from None
    if not Decimal("0") <= score <= Decimal("100"):
        raise TransitionError("考试成绩应在 0 到 100 分之间。")
    on_date = _date(on_date, "考试日期")
    _not_before(on_date, cert.checked_on, "考试日期", "资格审查日期")
    cert.exam_score, cert.exam_on = score, on_date
    cert.status = CertStatus.PASSED if score >= EXAM_PASS_MARK else CertStatus.FAILED
    return _cert_saved(cert, actor, "exam", ["exam_score", "exam_on", "status"])


@transaction.atomic
def issue_certificate(pk, actor, number, issued_on, expires_on):
    """发证: the certificate's number and validity as the province issued it; the first annual
    review falls due one review period (rule enforcement-cert-annual-review) after issue."""
    cert = _locked_cert(pk, actor, {CertStatus.PASSED})
    number = _text(number, "证件编号")
    issued_on = _date(issued_on, "发证日期")
    _not_before(issued_on, cert.exam_on, "发证日期", "考试日期")
    if not isinstance(expires_on, date) or expires_on <= issued_on:
        raise TransitionError("请填写证件有效期（须晚于发证日期）。")
    if Certificate.objects.filter(kind=cert.kind, number=number).exclude(pk=cert.pk).exists():
        raise TransitionError(f"证件编号 {number} 已登记给他人。")
    cert.number, cert.issued_on, cert.expires_on = number, issued_on, expires_on
    cert.review_due = min(deadlines.add_months(issued_on, review_months()), expires_on)
    cert.status = CertStatus.ISSUED
    try:
        with transaction.atomic():
            return _cert_saved(cert, actor, "issued", ["number", "issued_on", "expires_on", "review_due", "status"])
    except IntegrityError:
        raise TransitionError(f"证件编号 {number} 已登记给他人。") from None


@transaction.atomic
def annual_review(pk, actor, year, result, on_date, note=""):
    """年审: once a year; a pass moves the next review on by one period (never past expiry)."""
    cert = _locked_cert(pk, actor, {CertStatus.ISSUED})
    if result not in ReviewResult.values:
        raise TransitionError("请选择年审结果。")
    on_date = _date(on_date, "年审日期")
    _not_before(on_date, cert.issued_on, "年审日期", "发证日期")
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise TransitionError("请填写年审年度。") from None
    if cert.reviews.filter(year=year).exists():
        raise TransitionError(f"该证件{year}年度已年审。")
    note = (note or "").strip()
    if result == ReviewResult.FAILED and not note:
        raise TransitionError("年审不合格的，请写明原因和整改要求。")
    CertificateReview.objects.create(
        certificate=cert, year=year, reviewed_on=on_date, result=result, note=note, reviewed_by=actor
    )
    if result == ReviewResult.PASSED:
        cert.review_due = min(deadlines.add_months(cert.review_due or on_date, review_months()), cert.expires_on)
    return _cert_saved(cert, actor, "reviewed", ["review_due"], year=year, result=result)


@transaction.atomic
def report_loss(pk, actor, on_date, new_number="", reissued_on=None):
    """挂失 (and, with a new number, 补发: a new certificate of the same holder and validity)."""
    cert = _locked_cert(pk, actor, {CertStatus.ISSUED})
    on_date = _date(on_date, "挂失日期")
    _not_before(on_date, cert.issued_on, "挂失日期", "发证日期")
    cert.status, cert.lost_on = CertStatus.LOST, on_date
    _cert_saved(cert, actor, "lost", ["status", "lost_on"])
    new_number = (new_number or "").strip()
    if not new_number:
        return None
    reissued_on = _date(reissued_on, "补发日期")
    _not_before(reissued_on, on_date, "补发日期", "挂失日期")
    if Certificate.objects.filter(kind=cert.kind, number=new_number).exists():
        raise TransitionError(f"证件编号 {new_number} 已登记。")
    new = Certificate.objects.create(
        kind=cert.kind,
        holder=cert.holder,
        id_number=cert.id_number,
        unit=cert.unit,
        post=cert.post,
        areas=cert.areas,
        applied_on=on_date,
        status=CertStatus.ISSUED,
        checked_on=cert.checked_on,
        exam_on=cert.exam_on,
        exam_score=cert.exam_score,
        number=new_number,
        issued_on=reissued_on,
        expires_on=cert.expires_on,
        review_due=cert.review_due,
        replaces=cert,
        registered_by=actor,
    )
    record("enforcement.certificate_reissued", actor=actor, obj=new, detail={"replaces": cert.pk})
    return new


@transaction.atomic
def revoke_certificate(pk, actor, on_date, reason):
    """注销 (left enforcement work, retired) or 吊销/收回 (§40): the certificate is void."""
    cert = _locked_cert(pk, actor, {CertStatus.ISSUED, CertStatus.LOST})
    on_date = _date(on_date, "注销日期")
    cert.status, cert.revoked_on, cert.revoke_reason = CertStatus.REVOKED, on_date, _text(reason, "注销/吊销原因")
    return _cert_saved(cert, actor, "revoked", ["status", "revoked_on", "revoke_reason"])


# --- 案卷评查、三项制度 ------------------------------------------------------------------------


@transaction.atomic
def open_evaluation(actor, year, title, started_on, scope=""):
    _handler(actor)
    evaluation = Evaluation.objects.create(
        year=int(year),
        title=_text(title, "评查活动名称"),
        started_on=_date(started_on, "开始日期"),
        scope=(scope or "").strip(),
        created_by=actor,
    )
    record("enforcement.evaluation_opened", actor=actor, obj=evaluation)
    return evaluation


@transaction.atomic
def score_file(evaluation_id, actor, data):
    """One file's scoring sheet: each item within its full marks; the total is their sum."""
    _handler(actor)
    evaluation = Evaluation.objects.select_for_update().filter(pk=evaluation_id).first()
    if evaluation is None:
        raise TransitionError("该评查活动不存在。")
    unit = _unit(data.get("unit"), "被评查单位")
    file_number = _text(data.get("file_number"), "案卷编号")
    if EvaluatedFile.objects.filter(evaluation=evaluation, unit=unit, file_number=file_number).exists():
        raise TransitionError(f"{unit.name}的案卷 {file_number} 已评查。")
    scores = {}
    for name, label, full in SCORE_ITEMS:
        try:
            value = Decimal(str(data.get(name)))
        except (InvalidOperation, TypeError):
            raise TransitionError(f"请填写“{label}”得分。") from None
        if not Decimal("0") <= value <= full:
            raise TransitionError(f"“{label}”得分应在 0 到 {full} 分之间。")
        scores[name] = value
    evaluated_on = _date(data.get("evaluated_on"), "评查日期")
    _not_before(evaluated_on, evaluation.started_on, "评查日期", "评查活动开始日期")
    row = EvaluatedFile.objects.create(
        evaluation=evaluation,
        unit=unit,
        file_number=file_number,
        file_title=_text(data.get("file_title"), "案件名称"),
        act_kind=data.get("act_kind") or ActKind.PENALTY,
        total=sum(scores.values()),
        problems=(data.get("problems") or "").strip(),
        evaluated_on=evaluated_on,
        evaluated_by=actor,
        **scores,
    )
    record("enforcement.file_scored", actor=actor, obj=row, detail={"evaluation": evaluation.pk})
    return row


@transaction.atomic
def record_check(actor, data):
    """A 三项制度 check of one department."""
    _handler(actor)
    checked_on = _date(data.get("checked_on"), "检查日期")
    check = ThreeSystemsCheck(
        unit=_unit(data.get("unit"), "被检查单位"),
        year=checked_on.year,
        checked_on=checked_on,
        publicity_ok=bool(data.get("publicity_ok")),
        recording_ok=bool(data.get("recording_ok")),
        legal_review_ok=bool(data.get("legal_review_ok")),
        findings=(data.get("findings") or "").strip(),
        rectify_by=data.get("rectify_by"),
        checked_by=actor,
    )
    if not check.passed and not check.findings:
        raise TransitionError("有制度未落实的，请写明发现的问题。")
    if not check.passed and not check.rectify_by:
        raise TransitionError("有制度未落实的，请填写整改期限。")
    if check.rectify_by and check.rectify_by < checked_on:
        raise TransitionError("整改期限不能早于检查日期。")
    check.save()
    record("enforcement.three_systems_checked", actor=actor, obj=check)
    return check


@transaction.atomic
def record_rectified(pk, actor, on_date):
    _handler(actor)
    check = ThreeSystemsCheck.objects.select_for_update().filter(pk=pk).first()
    if check is None:
        raise TransitionError("该检查记录不存在。")
    if check.rectified_on or check.passed:
        raise TransitionError("该检查无待整改事项或已登记整改完成。")
    on_date = _date(on_date, "整改完成日期")
    _not_before(on_date, check.checked_on, "整改完成日期", "检查日期")
    check.rectified_on = on_date
    check.save(update_fields=["rectified_on"])
    record("enforcement.three_systems_rectified", actor=actor, obj=check)
    return check
