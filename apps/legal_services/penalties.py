"""6.11 基层法律服务违规执业处罚: every state change of a penalty case, one transaction each, which
locks the case, checks the step and the stage and raises TransitionError("中文原因").

What the district decides itself is a 警告 (司法部令第138号 §46, 第137号 §30); the rest goes to
the city bureau as a recommendation (see models.PenaltyOutcome). The procedure is the
行政处罚法's general one:

- 立案 starts the 90-day clock for the decision (§60: calendar days; §85 makes only 2/3/5/7 days
  working days);
- 调查 by two officers at least (§42, §55), each act recorded;
- before a penalty, the 告知书 (§44) states the facts, reasons, basis and proposed penalty and the
  right to 陈述、申辩 and, for the penalties §63 lists, to a hearing requested within 5 working
  days (§64(一), §85); the hearing is notified at least 7 working days before (§64(二)) and held by
  someone who did not investigate (§64(四)); no penalty before the party was heard (§62);
- the decision by the 负责人 along the ApprovalRule chain, after 集体讨论 for complex or serious
  cases (§57), recorded before the draft goes up;
- the 决定书 (§59) numbered and served within 7 working days when not handed over on the spot
  (§61, §85): a clock of the engine;
- 执行、结果报送市司法局 (seed 6.11 (四)) and 结案.
"""

import re

from django.db import transaction
from django.utils import timezone

from apps.numbering.services import NumberingError, allocate
from apps.workflow import api, deadlines
from apps.workflow.api import TransitionError
from apps.workflow.models import CaseClock
from apps.workflow.rules import deadline_rule

from .models import (
    PENALISING,
    PenaltyCase,
    PenaltyNote,
    PenaltyOutcome,
    PenaltyStage,
    PenaltySubject,
    PersonKind,
    UnitKind,
    is_section_staff,
)
from .processes import GRASSROOTS_PENALTY, INVESTIGATE_STEP, ISSUE_STEP
from .services import period_end

DECISION_RULE = deadline_rule("grassroots-penalty-decision")
HEARING_REQUEST_RULE = deadline_rule("grassroots-penalty-hearing-request")
HEARING_NOTICE_RULE = deadline_rule("grassroots-penalty-hearing-notice")
SERVICE_RULE = deadline_rule("grassroots-penalty-service")
NOTICE_SCHEME = "grassroots-penalty-notice"
DECISION_SCHEME = "grassroots-penalty-decision"

NOT_ON_THE_SPOT = "宣告后当场交付"


def _today():
    return timezone.localdate()


def _day(value, what, earliest=None, earliest_what=""):
    if value is None:
        raise TransitionError(f"请填写{what}。")
    if value > _today():
        raise TransitionError(f"{what}不能晚于今天。")
    if earliest is not None and value < earliest:
        raise TransitionError(f"{what}不能早于{earliest_what}（{earliest:%Y-%m-%d}）。")
    return value


def _text(value, what):
    value = (value or "").strip()
    if not value:
        raise TransitionError(f"请填写{what}。")
    return value


def hearing_request_due(p):
    """The last day the party may ask for a hearing: 5 working days from the notice (§64(一))."""
    return period_end(HEARING_REQUEST_RULE, p.notice_on) if p.notice_on and p.hearing_right else None


def latest_hearing_notice(hearing_on):
    """The last day to notify a hearing on `hearing_on`: 7 working days before it (§64(二))."""
    return period_end(HEARING_NOTICE_RULE, hearing_on)


def _open_clock(case, code):
    return case.clocks.filter(rule__code=code, status__in=CaseClock.OPEN_STATUSES).first()


def _stop(case, code, actor, on_date):
    clock = _open_clock(case, code)
    if clock is not None:
        deadlines.stop_clock(clock.pk, actor, on_date)


def _officers(text):
    """At least two named officers (行政处罚法 §42: 执法人员不得少于两人)."""
    names = [n for n in re.split(r"[、,，;；\s]+", (text or "").strip()) if n]
    if len(names) < 2:
        raise TransitionError("调查取证的执法人员不得少于两人，请填写二名以上执法人员姓名（用顿号分隔）。")
    return "、".join(names)


def _number(scheme, actor, target):
    try:
        return allocate(scheme, actor=actor, target=target).formatted
    except NumberingError as exc:
        raise TransitionError(str(exc)) from None


# --- 立案 ------------------------------------------------------------------------------------------


@transaction.atomic
def file_case(actor, data):
    """立案: a case of the section with the handler as its registrar; the 90 days run from today's
    filing date (or the date typed, not in the future)."""
    if not is_section_staff(actor):
        raise TransitionError("只有公共法律服务管理科工作人员可以立案。")
    subject = PenaltySubject(data["subject"])
    person, office = data.get("person"), data.get("office")
    if subject == PenaltySubject.WORKER:
        if person is None or person.kind != PersonKind.GRASSROOTS_WORKER:
            raise TransitionError("请选择被调查的基层法律服务工作者。")
        office = office or person.unit
    else:
        person = None
    if office is None or office.kind != UnitKind.GRASSROOTS_OFFICE:
        raise TransitionError("请选择基层法律服务所（工作者的执业机构）。")
    filed_on = _day(data.get("filed_on"), "立案日期")
    party = person.name if person else office.name
    case = api.create_case(
        GRASSROOTS_PENALTY,
        initiator=actor,
        section=actor.section,
        title=f"{party}违规执业案（{subject.label}）"[:200],
        step_label="立案",
    )
    PenaltyCase.objects.create(
        case=case,
        subject=subject,
        person=person,
        office=office,
        party_address=data.get("party_address") or "",
        source=data["source"],
        source_ref=(data.get("source_ref") or "").strip(),
        facts_alleged=_text(data.get("facts_alleged"), "涉嫌违法事实"),
        filed_on=filed_on,
    )
    api.submit(case.pk, actor)
    deadlines.start_clock(case, DECISION_RULE, filed_on, actor)
    case.refresh_from_db()
    return case


def _locked(case_id, actor, move, step=INVESTIGATE_STEP):
    case = api.lock_case(case_id, process=GRASSROOTS_PENALTY)
    task = api.pending_task(case, actor, step=step, refusal="该案件当前不在您的办理环节。")
    p = PenaltyCase.objects.select_for_update().get(case=case)
    if not p.may(move):
        raise TransitionError(f"该案件目前“{p.get_stage_display()}”，不能进行此操作。")
    return case, p, task


# --- 调查、告知、陈述申辩与听证 ----------------------------------------------------------------------


@transaction.atomic
def add_note(case_id, actor, data):
    case, p, task = _locked(case_id, actor, "note")
    note = PenaltyNote.objects.create(
        penalty=p,
        on_date=_day(data.get("on_date"), "调查日期", p.filed_on, "立案日期"),
        method=data["method"],
        officers=_officers(data.get("officers")),
        content=_text(data.get("content"), "调查情况"),
        recorded_by=actor,
    )
    api.save_case(case)
    api.log_event(
        case,
        actor,
        step_label="调查取证",
        opinion=f"{note.get_method_display()}（{note.officers}）：{note.content[:200]}",
        audit_event="legal_services.penalty_note",
    )
    return note


def _findings(p, data):
    p.facts_found = _text(data.get("facts_found"), "调查认定的事实")
    p.evidence = _text(data.get("evidence"), "证据")
    p.legal_basis = _text(data.get("legal_basis"), "处罚依据")


@transaction.atomic
def notify(case_id, actor, data):
    """调查终结, the proposed 警告 goes to the party in a numbered 告知书 served on `on_date`."""
    case, p, task = _locked(case_id, actor, "notify")
    if not p.notes.exists():
        raise TransitionError("请先登记调查取证记录（调查终结后方可告知拟处罚）。")
    proposed = PenaltyOutcome(data["proposed"])
    if proposed not in PENALISING:
        raise TransitionError("告知书用于本局拟作出的行政处罚；不予处罚、报请市局或移送的，请直接拟定处理决定。")
    _findings(p, data)
    p.proposed = proposed
    p.hearing_right = bool(data.get("hearing_right"))
    p.notice_on = _day(data.get("on_date"), "告知书送达日期", p.filed_on, "立案日期")
    p.notice_no = _number(NOTICE_SCHEME, actor, f"legal_services.penalty:{p.pk}")
    p.stage = PenaltyStage.NOTIFIED
    p.save()
    api.save_case(case)
    hearing = f"，并告知可在 {hearing_request_due(p):%Y-%m-%d} 前要求听证" if p.hearing_right else ""
    api.log_event(
        case,
        actor,
        step_label="送达行政处罚事先告知书",
        opinion=f"{p.notice_no}：拟{proposed.label}；告知陈述、申辩权利{hearing}。",
        audit_event="legal_services.penalty_notice",
    )
    return case


@transaction.atomic
def record_statement(case_id, actor, on_date, text, waived=False):
    """The party's 陈述、申辩 (and the handler's 复核 of it, §45) or the party's waiver."""
    case, p, task = _locked(case_id, actor, "statement")
    p.statement_on = _day(on_date, "陈述申辩（放弃）日期", p.notice_on, "告知书送达日期")
    p.waived = bool(waived)
    p.statement = (text or "").strip() if waived else _text(text, "当事人陈述、申辩内容及复核意见")
    p.stage = PenaltyStage.HEARD
    p.save(update_fields=["statement_on", "waived", "statement", "stage"])
    api.save_case(case)
    api.log_event(
        case,
        actor,
        step_label="听取陈述申辩",
        opinion="当事人明确放弃陈述、申辩" if p.waived else p.statement[:300],
        audit_event="legal_services.penalty_statement",
    )
    return case


@transaction.atomic
def request_hearing(case_id, actor, on_date):
    """The party asked for a hearing: only if told of the right, and within 5 working days."""
    case, p, task = _locked(case_id, actor, "hearing_request")
    if not p.hearing_right:
        raise TransitionError("告知书未告知听证权利（拟作出的处罚不属于《行政处罚法》第六十三条所列情形）。")
    on_date = _day(on_date, "要求听证日期", p.notice_on, "告知书送达日期")
    due = hearing_request_due(p)
    if on_date > due:
        raise TransitionError(
            f"要求听证应在告知后五个工作日内（{due:%Y-%m-%d} 前）提出（《行政处罚法》第六十四条第一项）；"
            "逾期提出的，请作为陈述、申辩登记。"
        )
    p.hearing_requested_on, p.stage = on_date, PenaltyStage.HEARING
    p.save(update_fields=["hearing_requested_on", "stage"])
    api.save_case(case)
    api.log_event(case, actor, step_label="当事人要求听证", opinion=f"{on_date:%Y-%m-%d} 提出听证要求")
    return case


@transaction.atomic
def notify_hearing(case_id, actor, notice_on, hearing_on, place, host):
    """听证通知: at least 7 working days before the hearing, the host not an investigator."""
    case, p, task = _locked(case_id, actor, "hearing_notice")
    notice_on = _day(notice_on, "听证通知日期", p.hearing_requested_on, "要求听证日期")
    if hearing_on is None:
        raise TransitionError("请填写听证日期。")
    latest = latest_hearing_notice(hearing_on)
    if notice_on > latest:
        raise TransitionError(
            f"应在举行听证的七个工作日前通知当事人（听证日 {hearing_on:%Y-%m-%d}，最迟 {latest:%Y-%m-%d} 通知；"
            "《行政处罚法》第六十四条第二项）。请推后听证日期。"
        )
    if host is None:
        raise TransitionError("请指定听证主持人。")
    investigators = "、".join(p.notes.values_list("officers", flat=True))
    if host.pk == case.initiator_id or (host.full_name and host.full_name in investigators.split("、")):
        raise TransitionError("听证由非本案调查人员主持（《行政处罚法》第六十四条第四项），请另行指定主持人。")
    p.hearing_notice_on, p.hearing_on = notice_on, hearing_on
    p.hearing_place, p.hearing_host = _text(place, "听证地点"), host
    p.save(update_fields=["hearing_notice_on", "hearing_on", "hearing_place", "hearing_host"])
    api.save_case(case)
    api.log_event(
        case,
        actor,
        step_label="听证通知",
        opinion=f"{notice_on:%Y-%m-%d} 通知：{hearing_on:%Y-%m-%d} 在{p.hearing_place}举行听证，主持人{host.full_name}",
    )
    return case


@transaction.atomic
def record_hearing(case_id, actor, text):
    case, p, task = _locked(case_id, actor, "hearing_record")
    if p.hearing_on is None:
        raise TransitionError("请先发出听证通知。")
    if p.hearing_on > _today():
        raise TransitionError(f"听证定于 {p.hearing_on:%Y-%m-%d} 举行，举行后方可登记听证笔录。")
    p.hearing_record, p.stage = _text(text, "听证笔录摘要"), PenaltyStage.HEARD
    p.save(update_fields=["hearing_record", "stage"])
    api.save_case(case)
    api.log_event(case, actor, step_label="举行听证", opinion=p.hearing_record[:300])
    return case


# --- 决定 ------------------------------------------------------------------------------------------


@transaction.atomic
def draft_decision(case_id, actor, data):
    """拟定处理决定 and send it up the chain. A penalty needs the 告知书 and the party heard (§62);
    a serious case its 集体讨论 (§57)."""
    case, p, task = _locked(case_id, actor, "draft")
    outcome = PenaltyOutcome(data["outcome"])
    heard = p.notice_on and (p.waived or p.statement_on or p.hearing_record)
    if outcome in PENALISING and not heard:
        raise TransitionError(
            "作出行政处罚决定前须送达告知书并听取当事人的陈述、申辩（《行政处罚法》第四十四条、第六十二条）。"
        )
    if outcome in PENALISING and p.proposed and outcome != p.proposed:
        raise TransitionError("处理决定与告知书告知的拟处罚不一致；加重处罚须重新告知。")
    if not p.notice_on:
        if not p.notes.exists():
            raise TransitionError("请先登记调查取证记录。")
        _findings(p, data)
    p.outcome = outcome
    p.reasons = _text(data.get("reasons"), "决定理由")
    p.serious = bool(data.get("serious"))
    if p.serious:
        p.collective_on = _day(data.get("collective_on"), "集体讨论日期", p.filed_on, "立案日期")
        p.collective_note = _text(data.get("collective_note"), "集体讨论意见")
    else:
        p.collective_on, p.collective_note = None, ""
    p.stage = PenaltyStage.APPROVING
    p.save()
    api.finish_own_step(case.pk, task.pk, actor, f"拟定：{outcome.label}。{p.reasons[:200]}", keep_result=False)
    return case


@transaction.atomic
def issue_decision(case_id, actor, on_date):
    """决定书 numbered and dated; the 7-working-day service clock starts (§61)."""
    case, p, task = _locked(case_id, actor, "issue", step=ISSUE_STEP)
    p.decided_on = _day(on_date, "决定日期", p.statement_on or p.filed_on, "陈述申辩/立案日期")
    p.decision_no = _number(DECISION_SCHEME, actor, f"legal_services.penalty:{p.pk}")
    p.stage = PenaltyStage.ISSUED
    p.save(update_fields=["decided_on", "decision_no", "stage"])
    _stop(case, DECISION_RULE, actor, p.decided_on)
    deadlines.start_clock(case, SERVICE_RULE, p.decided_on, actor)
    api.save_case(case)
    api.log_event(
        case,
        actor,
        step_label="作出决定",
        opinion=f"{p.decision_no}：{p.get_outcome_display()}",
        audit_event="legal_services.penalty_decision",
    )
    return case


@transaction.atomic
def serve_decision(case_id, actor, on_date, method):
    case, p, task = _locked(case_id, actor, "serve", step=ISSUE_STEP)
    p.served_on = _day(on_date, "送达日期", p.decided_on, "决定日期")
    p.service_method = _text(method, "送达方式")
    p.stage = PenaltyStage.SERVED
    p.save(update_fields=["served_on", "service_method", "stage"])
    _stop(case, SERVICE_RULE, actor, p.served_on)
    api.save_case(case)
    api.log_event(case, actor, step_label="送达决定书", opinion=f"{p.served_on:%Y-%m-%d} {p.service_method}")
    return case


@transaction.atomic
def close_case(case_id, actor, reported_on, report):
    """执行完毕、结果报送市司法局（seed 6.11 (四)）and 结案报告: the case ends."""
    case, p, task = _locked(case_id, actor, "close", step=ISSUE_STEP)
    p.reported_on = _day(reported_on, "报送市司法局日期", p.served_on, "送达日期")
    p.closing_report = _text(report, "结案报告")
    p.closed_on, p.stage = _today(), PenaltyStage.CLOSED
    p.save(update_fields=["reported_on", "closing_report", "closed_on", "stage"])
    api.finish_own_step(case.pk, task.pk, actor, f"结案：{p.get_outcome_display()}（{p.decision_no}）")
    return case


# --- the case page's forms ---------------------------------------------------------------------


def penalty_page_forms(case, user):
    """The forms the registrar's current step and the case's stage allow (none for others)."""
    from . import forms

    p = case.grassroots_penalty
    found = {}
    if case.status != case.Status.ACTIVE:
        return found
    if case.current_step == INVESTIGATE_STEP and api.find_pending_task(case, user, step=INVESTIGATE_STEP):
        if p.may("note"):
            found["pen_note"] = forms.PenaltyNoteForm()
        if p.may("notify"):
            found["pen_notify"] = forms.PenaltyNoticeForm()
        if p.may("statement"):
            found["pen_statement"] = forms.StatementForm()
            if p.hearing_right:
                found["pen_hearing_request"] = forms.DateForm()
        if p.may("hearing_notice") and not p.hearing_on:
            found["pen_hearing_notice"] = forms.HearingNoticeForm()
        if p.may("hearing_record") and p.hearing_on:
            found["pen_hearing_record"] = forms.HearingRecordForm()
        if p.may("draft"):
            found["pen_draft"] = forms.PenaltyDraftForm(notified=bool(p.notice_on))
    elif case.current_step == ISSUE_STEP and api.find_pending_task(case, user, step=ISSUE_STEP):
        if p.may("issue"):
            found["pen_issue"] = forms.DateForm()
        elif p.may("serve"):
            found["pen_serve"] = forms.ServeForm()
        elif p.may("close"):
            found["pen_close"] = forms.PenaltyCloseForm()
    return found
