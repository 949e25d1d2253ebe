"""Every state change of the section's records: one @transaction.atomic function per move, which
locks the row, re-checks the stage and the actor, and raises TransitionError("中文原因").

Clocks (the bureau's own limits) run on the cases through apps.workflow.deadlines; the limits of
others that the section only watches (the legal-aid centre's 7 and 3 days, the parties' 30 days
for judicial confirmation, an assessor's 5-year term) are computed from the same rule rows.
"""

import random
import secrets

from django.db import transaction
from django.utils import timezone

from apps.audit.log import record
from apps.privacy.fields import pii_lookup
from apps.workflow import api, deadlines
from apps.workflow.api import TransitionError
from apps.workflow.models import CaseClock, DeadlineRule
from apps.workflow.rules import deadline_rule

from .models import (
    LICENCE_ITEMS,
    AidApplication,
    AidDecision,
    AidObjection,
    Assessor,
    AssessorCandidate,
    AssessorSelection,
    CandidateSource,
    GrassrootsLicence,
    LicenceKind,
    LicenceStage,
    MediationCase,
    MediationParty,
    MediationSession,
    MediationStage,
    ObjectedDecision,
    ObjectionStage,
    PersonKind,
    PersonStatus,
    PlanTask,
    PlatformStat,
    SelectionStage,
    ServicePerson,
    ServiceUnit,
    UnitKind,
    WorkPlan,
    is_section_staff,
    oversees,
)
from .processes import (
    AID_OBJECTION,
    ASSESSOR_SELECTION,
    GRASSROOTS_LICENCE,
    HANDLE_STEP,
    ISSUE_STEP,
    MEDIATION,
    REVIEW_STEP,
)

OBJECTION_RULE = deadline_rule("aid-objection-decision")
AID_REVIEW_RULE = deadline_rule("aid-review")
AID_ASSIGN_RULE = deadline_rule("aid-assign")
CONFIRMATION_RULE = deadline_rule("mediation-judicial-confirmation")
MEDIATION_CLOSE_RULE = deadline_rule("mediation-close")
FOLLOW_UP_RULE = deadline_rule("mediation-follow-up-visit")
CALL_RULE = deadline_rule("assessor-public-call")
NOTICE_RULE = deadline_rule("assessor-public-notice")
TERM_RULE = deadline_rule("assessor-term")
LICENCE_RULE = deadline_rule("grassroots-licence-review")

MEDIATION_TYPES_OF_UNIT = {
    UnitKind.MEDIATION_COMMITTEE: "people",
    UnitKind.ADMIN_MEDIATION: "administrative",
    UnitKind.PRO_MEDIATION: "professional",
}


def _rule(code):
    rule = DeadlineRule.objects.filter(code=code, active=True).first()
    if rule is None:
        raise TransitionError(f"期限规则“{code}”不存在或已停用，请联系系统管理员。")
    return rule


def period_end(code, start):
    """The due date of rule `code` counted from `start` (民法典 §201, §203), or None."""
    if start is None:
        return None
    return deadlines.end_of_period(_rule(code), start, _rule(code).length)[1]


def _not_future(day, what):
    if day > timezone.localdate():
        raise TransitionError(f"{what}不能晚于今天。")


def _not_before(day, earlier, what, earlier_what):
    if earlier and day < earlier:
        raise TransitionError(f"{what}不能早于{earlier_what}（{earlier:%Y-%m-%d}）。")


def _staff(actor):
    if not is_section_staff(actor):
        raise TransitionError("只有公共法律服务管理科工作人员可以办理。")


def _open_clocks(case, codes):
    return list(
        case.clocks.filter(rule__code__in=codes, status__in=[CaseClock.Status.RUNNING, CaseClock.Status.PAUSED])
    )


def _stop(case, codes, actor, on_date):
    for clock in _open_clocks(case, codes):
        deadlines.stop_clock(clock.pk, actor, on_date)


def _section(actor):
    if actor.section is None:
        raise TransitionError("只有科室工作人员可以登记。")
    return actor.section


# --- registers ------------------------------------------------------------------------------------


@transaction.atomic
def save_unit(actor, data, unit=None):
    _staff(actor)
    unit = ServiceUnit.objects.select_for_update().get(pk=unit.pk) if unit else ServiceUnit()
    for name, value in data.items():
        setattr(unit, name, value)
    unit._change_reason = "登记" if unit.pk is None else "修改"
    unit.save()
    return unit


@transaction.atomic
def save_person(actor, data, person=None):
    _staff(actor)
    person = ServicePerson.objects.select_for_update().get(pk=person.pk) if person else ServicePerson()
    for name, value in data.items():
        setattr(person, name, value)
    person.save()
    return person


# --- 6.5 legal aid: the centre's cases (monitoring) -----------------------------------------------


@transaction.atomic
def save_aid_application(actor, data, application=None):
    """Record or update one of the centre's applications; the review and assignment due dates
    follow from the dates recorded (法律援助法 §43)."""
    _staff(actor)
    app = AidApplication.objects.select_for_update().get(pk=application.pk) if application else AidApplication()
    for name, value in data.items():
        setattr(app, name, value)
    _not_future(app.received_on, "收到申请日期")
    if app.decided_on:
        _not_before(app.decided_on, app.received_on, "决定日期", "收到申请日期")
        if app.decision == AidDecision.PENDING:
            raise TransitionError("填写了决定日期的，请选择审查决定。")
    elif app.decision != AidDecision.PENDING:
        raise TransitionError("请填写决定日期。")
    if app.assigned_on:
        if app.decision != AidDecision.GRANTED:
            raise TransitionError("只有决定给予法律援助的才有指派。")
        _not_before(app.assigned_on, app.decided_on, "指派日期", "决定日期")
    if app.closed_on:
        _not_before(app.closed_on, app.assigned_on or app.decided_on, "结案日期", "指派/决定日期")
    app.review_due = period_end(AID_REVIEW_RULE, app.received_on)
    app.assign_due = period_end(AID_ASSIGN_RULE, app.decided_on) if app.decision == AidDecision.GRANTED else None
    app.save()
    return app


# --- 6.5 legal aid: objection decisions (法律援助法 §49) --------------------------------------------

OBJECTION_FIELDS = (
    "application",
    "objector",
    "id_number",
    "phone",
    "address",
    "objected_decision",
    "centre_decision_ref",
    "centre_decided_on",
    "received_on",
    "grounds",
)


@transaction.atomic
def register_objection(actor, data):
    """登记 an objection: the case goes to the registrar's 审查 step and the 5 days run from receipt."""
    _staff(actor)
    _not_future(data["received_on"], "收到异议日期")
    if data.get("centre_decided_on"):
        _not_before(data["received_on"], data["centre_decided_on"], "收到异议日期", "法律援助机构决定日期")
    title = f"{data['objector']}对法律援助机构{ObjectedDecision(data['objected_decision']).label}的异议"
    case = api.create_case(
        AID_OBJECTION, initiator=actor, section=_section(actor), title=title[:200], step_label="登记"
    )
    AidObjection.objects.create(case=case, **{f: data.get(f) for f in OBJECTION_FIELDS if f in data})
    api.submit(case.pk, actor)
    deadlines.start_clock(case, OBJECTION_RULE, data["received_on"], actor)
    case.refresh_from_db()
    return case


@transaction.atomic
def draft_objection_decision(case_id, actor, outcome, findings):
    """审查并拟定: the conclusion and its reasons go to the chief and the division leader."""
    case = api.lock_case(case_id, process=AID_OBJECTION)
    task = api.pending_task(case, actor, step=REVIEW_STEP, refusal="该异议当前不在您的审查环节。")
    objection = AidObjection.objects.select_for_update().get(case=case)
    if objection.stage != ObjectionStage.REVIEW:
        raise TransitionError("该异议已拟定决定。")
    if not findings.strip():
        raise TransitionError("请写明审查认定的事实和理由。")
    objection.outcome = outcome
    objection.findings = findings.strip()
    objection.stage = ObjectionStage.APPROVAL
    objection.save(update_fields=["outcome", "findings", "stage"])
    api.finish_own_step(
        case.pk, task.pk, actor, f"拟{objection.get_outcome_display()}：{objection.findings}", keep_result=False
    )
    return case


@transaction.atomic
def issue_objection_decision(case_id, actor, decided_on, decision_no=""):
    """The approved decision is made and served: stops the 5-day clock and closes the case."""
    case = api.lock_case(case_id, process=AID_OBJECTION)
    task = api.pending_task(case, actor, step=ISSUE_STEP, refusal="该异议当前不在您的制作送达环节。")
    objection = AidObjection.objects.select_for_update().get(case=case)
    if objection.stage != ObjectionStage.APPROVAL or not objection.outcome:
        raise TransitionError("决定尚未拟定并审批。")
    _not_before(decided_on, objection.received_on, "决定日期", "收到异议日期")
    _not_future(decided_on, "决定日期")
    _stop(case, (OBJECTION_RULE,), actor, decided_on)
    objection.stage = ObjectionStage.DECIDED
    objection.decided_on = decided_on
    objection.decision_no = decision_no.strip()
    objection.save(update_fields=["stage", "decided_on", "decision_no"])
    api.finish_own_step(case.pk, task.pk, actor, f"作出决定：{objection.get_outcome_display()}")
    return case


# --- 6.6–6.8 mediation ----------------------------------------------------------------------------


@transaction.atomic
def register_mediation(actor, data, parties):
    """受理 a mediation case (recorded by the section from the committee's report or its own
    guidance); the guiding 1-month clock runs from intake."""
    _staff(actor)
    committee = data["committee"]
    if committee.kind not in MEDIATION_TYPES_OF_UNIT:
        raise TransitionError("请选择调解组织。")
    if len([p for p in parties if p.get("name")]) < 2:
        raise TransitionError("调解须有两方以上当事人。")
    _not_future(data["received_on"], "受理日期")
    title = f"{committee.name}：{data['category']}纠纷（{parties[0]['name']}与{parties[1]['name']}）"
    case = api.create_case(MEDIATION, initiator=actor, section=_section(actor), title=title[:200], step_label="受理")
    fields = ("committee", "source", "category", "received_on", "summary", "mediator")
    mediation = MediationCase.objects.create(
        case=case,
        mediation_type=data.get("mediation_type") or MEDIATION_TYPES_OF_UNIT[committee.kind],
        **{f: data[f] for f in fields},
    )
    for party in parties:
        if party.get("name"):
            MediationParty.objects.create(mediation=mediation, **party)
    api.submit(case.pk, actor)
    deadlines.start_clock(case, MEDIATION_CLOSE_RULE, data["received_on"], actor)
    case.refresh_from_db()
    return case


MEDIATION_MOVES = {
    "notify": {MediationStage.INTAKE},
    "investigate": {MediationStage.NOTIFIED, MediationStage.INVESTIGATING},
    "session": {MediationStage.INVESTIGATING, MediationStage.SESSIONS},
    "agree": {MediationStage.SESSIONS},
    "fail": {MediationStage.NOTIFIED, MediationStage.INVESTIGATING, MediationStage.SESSIONS},
    "visit": {MediationStage.AGREED},
    "party": {MediationStage.INTAKE, MediationStage.NOTIFIED, MediationStage.INVESTIGATING, MediationStage.SESSIONS},
}
MOVE_HINT = {
    "notify": "",
    "investigate": "请先书面告知当事人权利义务。",
    "session": "请先记录调查了解情况。",
    "agree": "请先记录至少一次调解。",
    "fail": "请先书面告知当事人权利义务。",
    "visit": "只有已达成协议的案件才回访。",
    "party": "",
}


def _mediation(case_id, actor, move):
    case = api.lock_case(case_id, process=MEDIATION)
    task = api.pending_task(case, actor, step=HANDLE_STEP, refusal="该调解案件当前不在您的办理环节。")
    mediation = MediationCase.objects.select_for_update().get(case=case)
    if mediation.stage not in MEDIATION_MOVES[move]:
        hint = MOVE_HINT[move]
        raise TransitionError(f"该调解案件目前“{mediation.get_stage_display()}”，不能进行此操作。{hint}")
    return case, mediation, task


@transaction.atomic
def notify_rights(case_id, actor, on_date):
    case, m, task = _mediation(case_id, actor, "notify")
    _not_before(on_date, m.received_on, "告知日期", "受理日期")
    _not_future(on_date, "告知日期")
    m.notified_on, m.stage = on_date, MediationStage.NOTIFIED
    m.save(update_fields=["notified_on", "stage"])
    api.log_event(
        case, actor, step_label="告知权利义务", opinion=f"{on_date:%Y-%m-%d} 书面告知当事人调解原则、权利义务"
    )
    return api.save_case(case)


@transaction.atomic
def record_investigation(case_id, actor, text, on_date):
    case, m, task = _mediation(case_id, actor, "investigate")
    if not text.strip():
        raise TransitionError("请填写调查了解情况。")
    _not_before(on_date, m.notified_on, "调查日期", "告知日期")
    _not_future(on_date, "调查日期")
    m.investigation, m.investigated_on, m.stage = text.strip(), on_date, MediationStage.INVESTIGATING
    m.save(update_fields=["investigation", "investigated_on", "stage"])
    api.log_event(case, actor, step_label="调查了解", opinion=text.strip()[:500])
    return api.save_case(case)


@transaction.atomic
def record_session(case_id, actor, held_on, place, text):
    case, m, task = _mediation(case_id, actor, "session")
    if not text.strip():
        raise TransitionError("请填写调解记录。")
    _not_before(held_on, m.investigated_on or m.notified_on, "调解日期", "调查日期")
    _not_future(held_on, "调解日期")
    MediationSession.objects.create(mediation=m, held_on=held_on, place=place, record=text.strip())
    m.stage = MediationStage.SESSIONS
    m.save(update_fields=["stage"])
    api.log_event(case, actor, step_label="调解", opinion=f"{held_on:%Y-%m-%d} {place}：{text.strip()[:400]}")
    return api.save_case(case)


@transaction.atomic
def record_agreement(case_id, actor, on_date, terms, copies):
    """协议: one copy per party plus one kept by the committee; the 7-day follow-up clock starts."""
    case, m, task = _mediation(case_id, actor, "agree")
    if not terms.strip():
        raise TransitionError("请填写协议内容。")
    last = m.sessions.order_by("-held_on").values_list("held_on", flat=True).first()
    _not_before(on_date, last, "协议签订日期", "最近一次调解日期")
    _not_future(on_date, "协议签订日期")
    needed = m.parties.count() + 1
    if copies < needed:
        raise TransitionError(f"协议书应一式 {needed} 份以上（各方当事人各执一份，调解组织留存一份）。")
    _stop(case, (MEDIATION_CLOSE_RULE,), actor, on_date)
    m.agreement_on, m.agreement_terms, m.copies, m.stage = on_date, terms.strip(), copies, MediationStage.AGREED
    m.save(update_fields=["agreement_on", "agreement_terms", "copies", "stage"])
    api.log_event(case, actor, step_label="达成协议", opinion=f"协议一式 {copies} 份：{terms.strip()[:400]}")
    deadlines.start_clock(case, FOLLOW_UP_RULE, on_date, actor)
    return api.save_case(case)


@transaction.atomic
def record_failure(case_id, actor, on_date, note):
    case, m, task = _mediation(case_id, actor, "fail")
    if not note.strip():
        raise TransitionError("请写明未达成协议的情况及告知当事人的其他途径（诉讼、仲裁等）。")
    _not_before(on_date, m.received_on, "终结日期", "受理日期")
    _not_future(on_date, "终结日期")
    _stop(case, (MEDIATION_CLOSE_RULE,), actor, on_date)
    m.failed_on, m.failure_note, m.stage = on_date, note.strip(), MediationStage.FAILED
    m.save(update_fields=["failed_on", "failure_note", "stage"])
    api.finish_own_step(case.pk, task.pk, actor, f"调解未达成协议：{note.strip()}")
    return case


@transaction.atomic
def record_visit(case_id, actor, on_date, note):
    """回访 within 7 days of the agreement: stops the clock and closes the case."""
    case, m, task = _mediation(case_id, actor, "visit")
    if not note.strip():
        raise TransitionError("请填写回访记录（协议履行情况）。")
    _not_before(on_date, m.agreement_on, "回访日期", "协议签订日期")
    _not_future(on_date, "回访日期")
    _stop(case, (FOLLOW_UP_RULE,), actor, on_date)
    m.visited_on, m.visit_note, m.stage = on_date, note.strip(), MediationStage.VISITED
    m.save(update_fields=["visited_on", "visit_note", "stage"])
    api.finish_own_step(case.pk, task.pk, actor, f"回访：{note.strip()}")
    return case


@transaction.atomic
def add_party(case_id, actor, data):
    case, m, task = _mediation(case_id, actor, "party")
    MediationParty.objects.create(mediation=m, **data)
    api.log_event(case, actor, step_label="增加当事人", opinion=data["name"])
    return api.save_case(case)


@transaction.atomic
def record_confirmation(case_id, actor, on_date):
    """The parties applied to the court for judicial confirmation (人民调解法 §33): within 30 days
    of the agreement taking effect; a later application is refused as recorded."""
    case = api.lock_case(case_id, process=MEDIATION)
    if case.initiator_id != actor.pk:
        raise TransitionError("只有该调解案件的承办人可以登记。")
    m = MediationCase.objects.select_for_update().get(case=case)
    if not m.agreement_on:
        raise TransitionError("尚未达成调解协议。")
    if m.confirmation_applied_on:
        raise TransitionError("已登记司法确认申请。")
    _not_before(on_date, m.agreement_on, "申请日期", "协议签订日期")
    _not_future(on_date, "申请日期")
    window = confirmation_window(m)
    if on_date > window:
        raise TransitionError(f"司法确认应自协议生效之日起30日内申请（至 {window:%Y-%m-%d}），已超过期限。")
    m.confirmation_applied_on = on_date
    m.save(update_fields=["confirmation_applied_on"])
    api.log_event(
        case, actor, step_label="申请司法确认", opinion=f"{on_date:%Y-%m-%d} 当事人共同向人民法院申请司法确认"
    )
    return api.save_case(case) if case.is_open else case


def confirmation_window(mediation):
    """The last day the parties may jointly apply for judicial confirmation (人民调解法 §33)."""
    return period_end(CONFIRMATION_RULE, mediation.agreement_on)


# --- 6.13 people's assessors ----------------------------------------------------------------------


def draw(seed, population, count):
    """The reproducible random draw: `count` of `population` (sorted first, so the order the
    list was typed in does not matter), by Python's Mersenne Twister seeded with the recorded
    seed string. Anyone re-running it with the same seed and list gets the same result."""
    members = sorted(population)
    if count > len(members):
        raise TransitionError(f"抽选人数（{count}）超过名单人数（{len(members)}）。")
    return sorted(random.Random(f"bureau-assessor:{seed}").sample(members, count))


def recheck(selection):
    """(first draw reproduced?, second draw reproduced?) from the recorded seeds."""
    first = second = None
    if selection.first_seed:
        first = draw(selection.first_seed, range(1, selection.pool_size + 1), selection.first_count) == list(
            selection.first_drawn
        )
    if selection.second_seed:
        second = draw(selection.second_seed, second_pool(selection), selection.random_quota) == list(
            selection.second_drawn
        )
    return first, second


def second_pool(selection):
    return [
        c.serial
        for c in selection.candidates.all()
        if c.source == CandidateSource.DRAW and c.eligible and c.consents and c.serial is not None
    ]


def _selection(case_id, actor, stages):
    case = api.lock_case(case_id, process=ASSESSOR_SELECTION)
    task = api.pending_task(case, actor, step=HANDLE_STEP, refusal="该选任事项当前不在您的办理环节。")
    s = AssessorSelection.objects.select_for_update().get(case=case)
    if s.stage not in stages:
        raise TransitionError(f"本次选任目前“{s.get_stage_display()}”，不能进行此操作。")
    return case, s, task


@transaction.atomic
def start_selection(actor, year, quota, applied_quota, quota_basis=""):
    _staff(actor)
    if quota < 1:
        raise TransitionError("名额须为正数。")
    if applied_quota * 5 > quota:
        raise TransitionError("个人申请和组织推荐产生的人民陪审员不得超过名额数的五分之一（人民陪审员法第十一条）。")
    case = api.create_case(
        ASSESSOR_SELECTION,
        initiator=actor,
        section=_section(actor),
        title=f"{year}年人民陪审员选任",
        step_label="确定名额",
    )
    AssessorSelection.objects.create(
        case=case, year=year, quota=quota, applied_quota=applied_quota, quota_basis=quota_basis
    )
    api.submit(case.pk, actor)
    case.refresh_from_db()
    return case


@transaction.atomic
def publish_call(case_id, actor, on_date):
    case, s, task = _selection(case_id, actor, {SelectionStage.QUOTA})
    _not_future(on_date, "公告发布日期")
    s.call_published_on, s.stage = on_date, SelectionStage.CALL
    s.save(update_fields=["call_published_on", "stage"])
    deadlines.start_clock(case, CALL_RULE, on_date, actor)
    api.log_event(
        case, actor, step_label="发布选任公告", opinion=f"{on_date:%Y-%m-%d} 会同区人民法院、公安机关发布选任公告"
    )
    return api.save_case(case)


@transaction.atomic
def first_draw(case_id, actor, pool_source, pool_size, count, seed="", on_date=None):
    """第一次随机抽选 (§9): at least five times the places to fill by draw, from the residents'
    list (by serial number); the seed is recorded so the draw can be re-run and checked."""
    case, s, task = _selection(case_id, actor, {SelectionStage.CALL})
    on_date = on_date or timezone.localdate()
    _not_future(on_date, "抽选日期")
    if count < 5 * s.random_quota:
        raise TransitionError(
            f"候选人应为拟随机抽选任命人数（{s.random_quota}）的五倍以上，即不少于 {5 * s.random_quota} 人（人民陪审员法第九条）。"
        )
    if not pool_source.strip():
        raise TransitionError("请写明常住居民名单的来源及版本。")
    seed = (seed or "").strip() or secrets.token_hex(8)
    drawn = draw(seed, range(1, pool_size + 1), count)
    s.pool_source, s.pool_size, s.first_count = pool_source.strip(), pool_size, count
    s.first_seed, s.first_drawn, s.first_drawn_on = seed, drawn, on_date
    s.stage = SelectionStage.FIRST_DRAW
    s.save()
    AssessorCandidate.objects.bulk_create(
        [AssessorCandidate(selection=s, source=CandidateSource.DRAW, serial=n) for n in drawn]
    )
    api.log_event(
        case,
        actor,
        step_label="第一次随机抽选",
        opinion=f"从{pool_source.strip()}（{pool_size}人）中抽选 {count} 人；随机种子 {seed}",
        audit_event="legal_services.assessor_draw",
        detail={"draw": 1, "seed": seed, "pool_size": pool_size, "count": count},
    )
    return api.save_case(case)


@transaction.atomic
def record_candidate(case_id, actor, candidate_id, data):
    """资格审查 and 征求本人意见 of one candidate (drawn, applied or nominated)."""
    case, s, task = _selection(case_id, actor, {SelectionStage.CALL, SelectionStage.FIRST_DRAW})
    candidate = AssessorCandidate.objects.select_for_update().filter(selection=s, pk=candidate_id).first()
    if candidate is None:
        raise TransitionError("候选人不存在。")
    for name, value in data.items():
        setattr(candidate, name, value)
    if candidate.eligible is False and not candidate.eligibility_note.strip():
        raise TransitionError("资格审查未通过的，请写明原因。")
    candidate.save()
    return api.save_case(case)


@transaction.atomic
def add_applicant(case_id, actor, data):
    """个人申请或组织推荐 (§11) received during the call."""
    case, s, task = _selection(case_id, actor, {SelectionStage.CALL, SelectionStage.FIRST_DRAW})
    if data["source"] == CandidateSource.DRAW:
        raise TransitionError("随机抽选的候选人由抽选产生。")
    AssessorCandidate.objects.create(selection=s, **data)
    return api.save_case(case)


@transaction.atomic
def second_draw(case_id, actor, chosen_applicants=(), seed="", on_date=None):
    """第二次随机抽选 (§10) from the drawn candidates who passed the check and agreed; the
    applicants and nominees chosen (§11) may not exceed the places reserved for them."""
    case, s, task = _selection(case_id, actor, {SelectionStage.FIRST_DRAW})
    on_date = on_date or timezone.localdate()
    _not_future(on_date, "抽选日期")
    call = s.case.clocks.filter(rule__code=CALL_RULE).first()
    if call and on_date <= call.due_date:
        raise TransitionError(f"选任公告期至 {call.due_date:%Y-%m-%d} 届满，届满后方可确定拟任命人选。")
    candidates = list(s.candidates.select_for_update())
    undecided = [
        c for c in candidates if c.source == CandidateSource.DRAW and (c.eligible is None or c.consents is None)
    ]
    if undecided:
        raise TransitionError(f"还有 {len(undecided)} 名随机抽选候选人未完成资格审查或征求意见。")
    pool = second_pool(s)
    if len(pool) < s.random_quota:
        raise TransitionError(
            f"通过资格审查并同意的候选人只有 {len(pool)} 人，少于拟随机抽选任命人数 {s.random_quota}。"
        )
    chosen_applicants = [int(pk) for pk in chosen_applicants]
    applicants = [
        c
        for c in candidates
        if c.pk in chosen_applicants and c.source != CandidateSource.DRAW and c.eligible and c.consents
    ]
    if len(applicants) != len(chosen_applicants):
        raise TransitionError("所选申请人/被推荐人须已通过资格审查并同意。")
    if len(applicants) > s.applied_quota:
        raise TransitionError(f"个人申请和组织推荐人选不得超过 {s.applied_quota} 名（名额数的五分之一）。")
    seed = (seed or "").strip() or secrets.token_hex(8)
    drawn = draw(seed, pool, s.random_quota)
    for c in candidates:
        c.chosen = (c.source == CandidateSource.DRAW and c.serial in drawn) or c in applicants
        c.save(update_fields=["chosen"])
    s.second_seed, s.second_drawn, s.second_drawn_on, s.stage = seed, drawn, on_date, SelectionStage.SECOND_DRAW
    s.save()
    api.log_event(
        case,
        actor,
        step_label="第二次随机抽选",
        opinion=f"从 {len(pool)} 名合格候选人中抽选 {s.random_quota} 人；随机种子 {seed}；申请/推荐确定 {len(applicants)} 人",
        audit_event="legal_services.assessor_draw",
        detail={"draw": 2, "seed": seed, "pool": len(pool), "count": s.random_quota},
    )
    return api.save_case(case)


@transaction.atomic
def publish_notice(case_id, actor, on_date):
    case, s, task = _selection(case_id, actor, {SelectionStage.SECOND_DRAW})
    _not_before(on_date, s.second_drawn_on, "公示日期", "第二次抽选日期")
    _not_future(on_date, "公示日期")
    s.notice_on, s.stage = on_date, SelectionStage.NOTICE
    s.save(update_fields=["notice_on", "stage"])
    deadlines.start_clock(case, NOTICE_RULE, on_date, actor)
    api.log_event(case, actor, step_label="任前公示", opinion=f"{on_date:%Y-%m-%d} 起公示拟任命人民陪审员名单")
    return api.save_case(case)


def term_end(appointed_on):
    rule = _rule(TERM_RULE)
    return deadlines.end_of_period(rule, appointed_on, rule.length)[1]


@transaction.atomic
def record_appointment(case_id, actor, on_date, ref):
    """区人大常委会任命: after the public notice has run its course; the appointed enter the register."""
    case, s, task = _selection(case_id, actor, {SelectionStage.NOTICE})
    clock = case.clocks.filter(rule__code=NOTICE_RULE).first()
    if clock and on_date <= clock.due_date:
        raise TransitionError(f"公示期至 {clock.due_date:%Y-%m-%d} 届满，届满后方可提请任命。")
    _not_future(on_date, "任命日期")
    if clock and clock.is_open:
        deadlines.stop_clock(clock.pk, actor, on_date)
    s.appointed_on, s.appointment_ref, s.stage = on_date, ref.strip(), SelectionStage.APPOINTED
    s.save(update_fields=["appointed_on", "appointment_ref", "stage"])
    ends = term_end(on_date)
    chosen = list(s.candidates.filter(chosen=True))
    for c in chosen:
        Assessor.objects.create(
            name=c.name or f"序号{c.serial}",
            id_number=c.id_number.plain if c.id_number else "",
            phone=c.phone.plain if c.phone else "",
            selection=s,
            source=c.source,
            appointed_on=on_date,
            appointment_ref=s.appointment_ref,
            term_ends_on=ends,
        )
    api.log_event(
        case, actor, step_label="任命", opinion=f"{on_date:%Y-%m-%d} 任命 {len(chosen)} 名人民陪审员（{ref}）"
    )
    return api.save_case(case)


@transaction.atomic
def record_oath(case_id, actor, on_date):
    case, s, task = _selection(case_id, actor, {SelectionStage.APPOINTED})
    _not_before(on_date, s.appointed_on, "宣誓日期", "任命日期")
    _not_future(on_date, "宣誓日期")
    s.oath_on, s.stage = on_date, SelectionStage.SWORN
    s.save(update_fields=["oath_on", "stage"])
    for a in Assessor.objects.select_for_update().filter(selection=s):
        a.oath_on = on_date
        a.save(update_fields=["oath_on"])
    api.finish_own_step(case.pk, task.pk, actor, f"{on_date:%Y-%m-%d} 组织就职宣誓，选任结束")
    return case


@transaction.atomic
def save_assessor(actor, data, assessor=None):
    _staff(actor)
    a = Assessor.objects.select_for_update().get(pk=assessor.pk) if assessor else Assessor()
    for name, value in data.items():
        setattr(a, name, value)
    if not a.term_ends_on:
        a.term_ends_on = term_end(a.appointed_on)
    a.save()
    return a


# --- 6.10 grassroots licence files ----------------------------------------------------------------


@transaction.atomic
def receive_licence(actor, data):
    _staff(actor)
    _not_future(data["received_on"], "收件日期")
    office = data["office"]
    if office.kind != UnitKind.GRASSROOTS_OFFICE:
        raise TransitionError("请选择基层法律服务所。")
    kind_label = LicenceKind(data["kind"]).label
    case = api.create_case(
        GRASSROOTS_LICENCE,
        initiator=actor,
        section=_section(actor),
        title=f"{data['applicant']}基层法律服务工作者{kind_label}申请",
        step_label="收件",
    )
    fields = ("kind", "applicant", "id_number", "phone", "office", "received_on")
    GrassrootsLicence.objects.create(case=case, **{f: data[f] for f in fields if f in data})
    api.submit(case.pk, actor)
    deadlines.start_clock(case, LICENCE_RULE, data["received_on"], actor)
    case.refresh_from_db()
    return case


def _licence(case_id, actor, stages):
    case = api.lock_case(case_id, process=GRASSROOTS_LICENCE)
    task = api.pending_task(case, actor, step=HANDLE_STEP, refusal="该申请当前不在您的办理环节。")
    g = GrassrootsLicence.objects.select_for_update().get(case=case)
    if g.stage not in stages:
        raise TransitionError(f"该申请目前“{g.get_stage_display()}”，不能进行此操作。")
    return case, g, task


@transaction.atomic
def notify_missing(case_id, actor, items, other, on_date):
    """一次性告知 everything missing, itemised; the clock is paused until the file is complete."""
    case, g, task = _licence(case_id, actor, {LicenceStage.RECEIVED})
    known = dict(LICENCE_ITEMS)
    items = [i for i in items if i in known]
    if not items and not other.strip():
        raise TransitionError("请逐项勾选或填写需要补正的材料。")
    _not_before(on_date, g.received_on, "告知日期", "收件日期")
    _not_future(on_date, "告知日期")
    g.missing, g.missing_other, g.notice_on, g.stage = items, other.strip(), on_date, LicenceStage.INCOMPLETE
    g.save(update_fields=["missing", "missing_other", "notice_on", "stage"])
    for clock in _open_clocks(case, (LICENCE_RULE,)):
        deadlines.pause_clock(clock.pk, actor, on_date, "材料不齐全，一次性告知补正")
    api.log_event(case, actor, step_label="一次性告知补正", opinion="；".join(g.missing_labels()))
    return api.save_case(case)


@transaction.atomic
def record_completion(case_id, actor, on_date):
    case, g, task = _licence(case_id, actor, {LicenceStage.INCOMPLETE})
    _not_before(on_date, g.notice_on, "补正齐全日期", "告知日期")
    _not_future(on_date, "补正齐全日期")
    g.completed_on, g.stage = on_date, LicenceStage.RECEIVED
    g.save(update_fields=["completed_on", "stage"])
    for clock in _open_clocks(case, (LICENCE_RULE,)):
        deadlines.restart_clock(clock.pk, actor, on_date, "补正材料齐全，重新计算审查期限")
    return api.save_case(case)


@transaction.atomic
def forward_licence(case_id, actor, opinion, on_date):
    case, g, task = _licence(case_id, actor, {LicenceStage.RECEIVED})
    if not opinion.strip():
        raise TransitionError("请填写审查意见。")
    _not_before(on_date, g.completed_on or g.received_on, "报送日期", "收件/补正齐全日期")
    _not_future(on_date, "报送日期")
    _stop(case, (LICENCE_RULE,), actor, on_date)
    g.opinion, g.forwarded_on, g.stage = opinion.strip(), on_date, LicenceStage.FORWARDED
    g.save(update_fields=["opinion", "forwarded_on", "stage"])
    api.log_event(case, actor, step_label="报送市司法局", opinion=opinion.strip())
    return api.save_case(case)


@transaction.atomic
def record_city_result(case_id, actor, result, ref, on_date):
    case, g, task = _licence(case_id, actor, {LicenceStage.FORWARDED})
    _not_before(on_date, g.forwarded_on, "决定日期", "报送日期")
    _not_future(on_date, "决定日期")
    g.city_result, g.city_ref, g.result_on, g.stage = result, ref.strip(), on_date, LicenceStage.DONE
    outcome = f"市司法局{g.get_city_result_display()}（{g.city_ref}）"
    if result == "granted":
        person, updated = _register_grant(g)
        g.person = person
        outcome += f"；已{'更新' if updated else '登记'}法律服务人员名册：{person.name}"
    g.save(update_fields=["city_result", "city_ref", "result_on", "stage", "person"])
    api.finish_own_step(case.pk, task.pk, actor, outcome)
    return case


def _find_worker(g):
    """The grassroots worker's register row: by ID number (blind index), else by a name that is
    unique among the workers, else by the name at the same office."""
    workers = ServicePerson.objects.select_for_update().filter(kind=PersonKind.GRASSROOTS_WORKER)
    if g.id_number:
        found = workers.filter(**pii_lookup(ServicePerson, "id_number", g.id_number.plain)).first()
        if found is not None:
            return found
    same_name = list(workers.filter(name=g.applicant)[:2])
    if len(same_name) == 1:
        return same_name[0]
    return workers.filter(name=g.applicant, unit=g.office).first()


def _register_grant(g):
    """The city granted 执业核准/变更/注销: the worker's row in the register is created or
    updated in the same transaction (6.10)."""
    kind = LicenceKind(g.kind)
    person = _find_worker(g)
    updated = person is not None
    if kind == LicenceKind.PRACTICE and g.city_ref:
        taken = ServicePerson.objects.filter(licence_no=g.city_ref).exclude(pk=getattr(person, "pk", None))
        if taken.exists():
            raise TransitionError(f"执业证号 {g.city_ref} 已登记在他人名下，请核对。")
    person = person or ServicePerson(kind=PersonKind.GRASSROOTS_WORKER, name=g.applicant)
    if g.id_number and not person.id_number:
        person.id_number = g.id_number
    if g.phone:
        person.phone = g.phone
    if kind == LicenceKind.CANCEL:
        person.status, person.status_changed_on = PersonStatus.LEFT, g.result_on
    else:
        person.unit = g.office
        person.status = PersonStatus.ACTIVE
        person.status_changed_on = g.result_on if updated else None
        if kind == LicenceKind.PRACTICE:
            person.licence_no = g.city_ref or person.licence_no
            person.licence_issued_on = g.result_on
            person.registered_on = person.registered_on or g.result_on
    person._change_reason = f"市司法局准予{kind.label}（{g.city_ref}，事项 {g.case_id}）"[:100]
    person.save()
    return person, updated


# --- 6.1–6.3, 6.12, 6.14 plans; platform statistics -----------------------------------------------


@transaction.atomic
def save_plan(actor, data, plan=None):
    _staff(actor)
    plan = WorkPlan.objects.select_for_update().get(pk=plan.pk) if plan else WorkPlan(created_by=actor)
    for name, value in data.items():
        setattr(plan, name, value)
    plan.save()
    return plan


@transaction.atomic
def add_plan_task(actor, plan, data):
    _staff(actor)
    if not oversees(data["owner"]):
        raise TransitionError("责任人须为公共法律服务管理科工作人员或分管领导。")
    return PlanTask.objects.create(plan=plan, **data)


@transaction.atomic
def finish_plan_task(actor, task_id, on_date, outcome):
    _staff(actor)
    task = PlanTask.objects.select_for_update().filter(pk=task_id).first()
    if task is None:
        raise TransitionError("任务不存在。")
    if task.done_on:
        raise TransitionError("该任务已完成。")
    _not_future(on_date, "完成日期")
    task.done_on, task.outcome = on_date, outcome.strip()
    task.save(update_fields=["done_on", "outcome"])
    return task


@transaction.atomic
def save_platform_stat(actor, data):
    _staff(actor)
    month = data["month"].replace(day=1)
    if month > timezone.localdate():
        raise TransitionError("不能填报未来月份。")
    stat = PlatformStat.objects.select_for_update().filter(month=month).first() or PlatformStat(month=month)
    for name, value in data.items():
        if name != "month":
            setattr(stat, name, value)
    stat.entered_by = actor
    stat.save()
    record("legal_services.platform_stat", actor=actor, obj=stat, detail={"month": f"{month:%Y-%m}"})
    return stat
