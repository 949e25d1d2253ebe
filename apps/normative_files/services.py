"""State changes of 规范性文件 work. Each move locks the case, re-checks the stage and the actor's
pending step, and moves the clocks through apps.workflow.deadlines (own_clocks: only here).

Limits (fixtures/normative_files_deadlines.json, editable in the admin):
- normative-legality-review: 5 working days from receipt of the complete materials, research,
  hearings and expert consultation not counted — this bureau's limit (seed 000 5.9 三（三）).
- normative-legality-review-max: 15 working days, the outer limit of 国办发〔2018〕115号 (which
  also asks the drafter to leave the reviewer at least 5 working days: normative-review-allowance,
  a check on the planned issuing date, not a clock on the bureau).
- decision-legality-review / decision-review-allowance: 重大行政决策 (条例 §26: at least 7 WD).
- filing-npc-normative: 30 days from publication to the district congress standing committee
  (山东省人大常委会规范性文件备案审查规定 §7); filing-normative-internal: the bureau's stricter 15
  days to the city bureau and the congress (5.10); filing-resubmit: 15 days after a deferral.
"""

from datetime import date

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone

from apps.audit.log import record
from apps.numbering.services import NumberingError, allocate
from apps.org.models import ExternalUnit, Section
from apps.workflow import api, calendar, deadlines
from apps.workflow.api import RouteStep, TransitionError
from apps.workflow.models import Case, CaseClock, DeadlineRule
from apps.workflow.rules import deadline_rule

from .figures import yearly_figures  # noqa: F401  (public: the 法治政府建设 report's figures)
from .models import (
    ACTION_STATUS,
    IN_FORCE,
    AdviserOpinion,
    Cleanup,
    CleanupAction,
    CleanupItem,
    CleanupStage,
    Conclusion,
    Filing,
    FilingOutcome,
    Kind,
    LegalityReview,
    NormativeFile,
    PauseKind,
    Stage,
    Verdict,
    YearlyList,
    sees_registers,  # noqa: F401  (public: who sees these registers whole)
)
from .processes import (
    CLEANUP_PROCESS,
    CLEANUP_STEP,
    FILE_STEP,
    FILING_PROCESS,
    ISSUE_STEP,
    REVIEW_PROCESS,
    REVIEW_STEP,
    SECTION_CODE,
)

REVIEW_RULE = deadline_rule("normative-legality-review")
MAX_RULE = deadline_rule("normative-legality-review-max")
ALLOWANCE_RULE = deadline_rule("normative-review-allowance")
DECISION_RULE = deadline_rule("decision-legality-review")
DECISION_ALLOWANCE_RULE = deadline_rule("decision-review-allowance")
CONGRESS_RULE = deadline_rule("filing-npc-normative")
INTERNAL_RULE = deadline_rule("filing-normative-internal")
RESUBMIT_RULE = deadline_rule("filing-resubmit")
YEARLY_LIST_RULE = deadline_rule("filing-yearly-list")
REG_SCHEME = "normative-registration"  # fixtures/normative_files_deadlines.json: 规范性文件统一登记号

REVIEW_KEYS = ("kind", "title", "drafter", "issuing_body", "received_on", "planned_on", "major", "materials")


# --- helpers ---------------------------------------------------------------------------------


def _text(value, what, limit=None):
    value = (value or "").strip()
    if not value:
        raise TransitionError(f"请填写{what}。")
    if limit and len(value) > limit:
        raise TransitionError(f"{what}不能超过 {limit} 个字。")
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


def section_of(user):
    """The owning section (行政执法监督科), if `user` belongs to it."""
    if user.admin_role or user.section_id is None:
        return None
    return Section.objects.filter(pk=user.section_id, code=SECTION_CODE).first()


def may_register(user):
    return section_of(user) is not None


def _require_section(actor, what):
    section = section_of(actor)
    if section is None:
        raise TransitionError(f"只有行政执法监督科工作人员可以{what}。")
    return section


def _clocks(case, codes):
    return list(
        case.clocks.filter(rule__code__in=codes, status__in=CaseClock.OPEN_STATUSES)
        .select_related("rule")
        .order_by("id")
    )


def review_rules(review):
    return [DECISION_RULE] if review.kind == Kind.DECISION else [REVIEW_RULE, MAX_RULE]


def allowance(review):
    """The drafter's allowance (国办发〔2018〕115号: at least 5 WD; 条例 §26: at least 7 WD for a
    decision) between the complete materials and the planned date: (rule, working days) or None."""
    if review.planned_on is None:
        return None
    code = DECISION_ALLOWANCE_RULE if review.kind == Kind.DECISION else ALLOWANCE_RULE
    rule = DeadlineRule.objects.filter(code=code, active=True).first()
    if rule is None:
        return None
    start = review.complete_on or review.received_on
    return rule, calendar.working_days_between(start, review.planned_on)


def _lock_review(case_id, actor, step, stages, refusal="该事项当前不在您的办理环节。"):
    case = api.lock_case(case_id, process=REVIEW_PROCESS)
    if case.status != Case.Status.ACTIVE or case.current_step != step:
        raise TransitionError(refusal)
    task = api.pending_task(case, actor, step=step, refusal=refusal)
    review = LegalityReview.objects.select_for_update().get(case=case)
    if step == REVIEW_STEP and review.stage == Stage.APPROVING:
        # An approver returned the opinion to the handler: the review goes on (the clocks never stopped).
        review.stage = Stage.REVIEWING
        review.save(update_fields=["stage"])
    if review.stage not in stages:
        raise TransitionError(f"该审核目前“{review.get_stage_display()}”，不能进行此操作。")
    return case, review, task


# --- 5.9 合法性审核 -----------------------------------------------------------------------------


@transaction.atomic
def register_review(actor, data):
    """收件: register a file (or a 重大行政决策) sent for legality review with the materials
    received, then check them at once: complete → the review clocks start from the receipt
    date; incomplete → returned to the drafter with the missing items listed (the one-click
    return). Returns the Case."""
    unknown = set(data) - set(REVIEW_KEYS)
    if unknown:
        raise TransitionError(f"登记信息包含未知字段：{'、'.join(sorted(unknown))}。")
    section = _require_section(actor, "登记合法性审核")
    kind = data.get("kind") or Kind.NORMATIVE
    if kind not in Kind.values:
        raise TransitionError("审核类别不正确。")
    title = _text(data.get("title"), "文件（决策）名称", 200)
    drafter = data.get("drafter")
    if not isinstance(drafter, ExternalUnit) or not drafter.is_active:
        raise TransitionError("请选择起草（承办）单位。")
    received_on = _date(data.get("received_on"), "收件日期")
    planned_on = data.get("planned_on")
    if planned_on is not None:
        _not_before(planned_on, received_on, "拟提请审议（印发）日期", "收件日期")
    label = "重大行政决策合法性审查" if kind == Kind.DECISION else "规范性文件合法性审核"
    case = api.create_case(
        REVIEW_PROCESS, initiator=actor, section=section, title=f"{label}：{title}"[:200], step_label="收件"
    )
    review = LegalityReview.objects.create(
        case=case,
        kind=kind,
        title=title,
        drafter=drafter,
        issuing_body=(data.get("issuing_body") or "临淄区人民政府").strip()[:60],
        received_on=received_on,
        planned_on=planned_on,
        major=bool(data.get("major")),
    )
    api.submit(case.pk, actor)
    _check_materials(case, review, actor, list(data.get("materials") or []), received_on)
    case.refresh_from_db()
    return case


def _check_materials(case, review, actor, materials, on_date):
    keys = {key for key, _label, _required in review.material_list}
    review.materials = [key for key in materials if key in keys]
    missing = review.missing()
    if missing:
        review.stage = Stage.RETURNED
        review.missing_items = "\n".join(missing)
        review.returned_on = on_date
        review.return_count += 1
        review.save(update_fields=["materials", "stage", "missing_items", "returned_on", "return_count"])
        api.log_event(
            case,
            actor,
            step_label="退回补充材料",
            opinion="送审材料不全，退回起草单位补充：" + "；".join(missing),
            audit_event="normative.review_returned",
        )
        return False
    review.stage = Stage.REVIEWING
    review.complete_on = on_date
    review.save(update_fields=["materials", "stage", "complete_on"])
    api.log_event(case, actor, step_label="材料齐全", opinion="送审材料齐全，开始合法性审核。")
    for code in review_rules(review):
        deadlines.start_clock(case, code, on_date, actor)
    return True


@transaction.atomic
def resubmit_materials(case_id, actor, materials, on_date):
    """收到补充材料: check the checklist again (complete → the clocks start from this day;
    still incomplete → returned again with what is still missing)."""
    case, review, task = _lock_review(case_id, actor, REVIEW_STEP, (Stage.RETURNED, Stage.INTAKE))
    on_date = _date(on_date, "收到补充材料日期")
    _not_before(on_date, review.returned_on or review.received_on, "收到补充材料日期", "退回日期")
    complete = _check_materials(case, review, actor, list(materials or []), on_date)
    api.save_case(case)
    return complete


@transaction.atomic
def record_points(case_id, actor, points, on_date):
    """初审: each review point found 符合 / 存在问题 / 不适用, with a note (a note is required
    where a problem is found)."""
    case, review, task = _lock_review(case_id, actor, REVIEW_STEP, (Stage.REVIEWING, Stage.PAUSED))
    on_date = _date(on_date, "初审日期")
    _not_before(on_date, review.complete_on, "初审日期", "收到完整材料日期")
    result = {}
    for key, label in review.point_list:
        entry = points.get(key) or {}
        verdict, note = entry.get("verdict", ""), (entry.get("note") or "").strip()
        if verdict not in Verdict.values:
            raise TransitionError(f"请就“{label}”作出审核判断。")
        if verdict == Verdict.ISSUE and not note:
            raise TransitionError(f"“{label}”存在问题的，请写明问题和修改意见。")
        result[key] = {"verdict": verdict, "note": note[:500]}
    review.points, review.points_on = result, on_date
    review.save(update_fields=["points", "points_on"])
    api.save_case(case)
    return review


@transaction.atomic
def pause(case_id, actor, kind, reason, on_date):
    """调查研究、听证（座谈会、论证会、公开征求意见）或专家论证: the review clocks stop counting
    (5.9 三（三）: that time is not counted in the review limit)."""
    case, review, task = _lock_review(case_id, actor, REVIEW_STEP, (Stage.REVIEWING,))
    if kind not in PauseKind.values:
        raise TransitionError("请选择中止计时的事由。")
    reason = _text(reason, "具体事项", 150)
    on_date = _date(on_date, "开始日期")
    _not_before(on_date, review.complete_on, "开始日期", "收到完整材料日期")
    text = f"{PauseKind(kind).label}：{reason}"
    for clock in _clocks(case, review_rules(review)):
        deadlines.pause_clock(clock.pk, actor, on_date, text)
    review.stage, review.pause_kind, review.paused_on = Stage.PAUSED, kind, on_date
    review.pause_count += 1
    review.save(update_fields=["stage", "pause_kind", "paused_on", "pause_count"])
    api.save_case(case)
    return review


@transaction.atomic
def resume(case_id, actor, on_date, result):
    """The research, hearing or consultation is over: the clocks count again."""
    case, review, task = _lock_review(case_id, actor, REVIEW_STEP, (Stage.PAUSED,))
    on_date = _date(on_date, "结束日期")
    _not_before(on_date, review.paused_on, "结束日期", "中止计时日期")
    result = _text(result, "结果摘要", 150)
    for clock in _clocks(case, review_rules(review)):
        deadlines.resume_clock(clock.pk, actor, on_date, f"{review.get_pause_kind_display()}结束：{result}")
    review.stage, review.pause_kind, review.paused_on = Stage.REVIEWING, "", None
    review.save(update_fields=["stage", "pause_kind", "paused_on"])
    api.save_case(case)
    return review


@transaction.atomic
def add_adviser_opinion(case_id, actor, role, name, given_on, opinion):
    """A legal adviser's, public lawyer's or expert's opinion (条例 §28; 5.9 三（三）4)."""
    case, review, task = _lock_review(case_id, actor, REVIEW_STEP, (Stage.REVIEWING, Stage.PAUSED))
    if role not in AdviserOpinion.Role.values:
        raise TransitionError("请选择提出意见者的身份。")
    given_on = _date(given_on, "出具日期")
    _not_before(given_on, review.received_on, "出具日期", "收件日期")
    entry = AdviserOpinion.objects.create(
        review=review,
        role=role,
        name=_text(name, "姓名（单位）", 100),
        given_on=given_on,
        opinion=_text(opinion, "法律意见", 2000),
        recorded_by=actor,
    )
    api.log_event(
        case, actor, step_label="法律顾问意见", opinion=f"{entry.get_role_display()}{entry.name}：{entry.opinion}"
    )
    api.save_case(case)
    return entry


@transaction.atomic
def submit_opinion(case_id, actor, conclusion, opinion, major, on_date):
    """拟定审核意见 and send it up the chain (科室复核 → 分管领导复审 → 局长 for a major file)."""
    case, review, task = _lock_review(case_id, actor, REVIEW_STEP, (Stage.REVIEWING, Stage.PAUSED))
    if review.stage == Stage.PAUSED:
        raise TransitionError("调研、听证或专家论证尚未结束，请先登记结束（恢复计时）再拟定审核意见。")
    if not review.points_on:
        raise TransitionError("请先逐项记录审核要点（初审）。")
    if conclusion not in Conclusion.values:
        raise TransitionError("请选择审核结论。")
    if conclusion == Conclusion.LAWFUL and review.issues:
        raise TransitionError("审核要点中有“存在问题”的事项，结论不能为“合法”；请选择修改后提请或不合法。")
    opinion = _text(opinion, "审核意见", 4000)
    on_date = _date(on_date, "拟定日期")
    _not_before(on_date, review.points_on, "拟定日期", "初审日期")
    review.conclusion, review.opinion, review.opinion_by, review.opinion_on = conclusion, opinion, actor, on_date
    review.major = bool(major)
    review.stage = Stage.APPROVING
    review.save(update_fields=["conclusion", "opinion", "opinion_by", "opinion_on", "major", "stage"])
    # The director's link depends on `major`, which may have changed during the review.
    process = api.process_of(case)
    route = process.route_for(case)
    index = next(i for i, step in enumerate(route) if step["code"] == REVIEW_STEP)
    api.replace_route_after(case, REVIEW_STEP, [RouteStep.from_dict(step) for step in route[index + 1 :]])
    api.finish_own_step(case.pk, task.pk, actor, f"拟定审核意见：{Conclusion(conclusion).label}", keep_result=False)
    return case


@transaction.atomic
def issue_opinion(case_id, actor, on_date):
    """出具合法性审核意见书 once approved: the review clocks stop on this day. A 重大行政决策 and
    a file found unlawful end here; a lawful file goes on to registration."""
    case, review, task = _lock_review(
        case_id, actor, ISSUE_STEP, (Stage.APPROVING,), refusal="审核意见尚未审批完毕，或您不是承办人。"
    )
    on_date = _date(on_date, "出具日期")
    _not_before(on_date, review.opinion_on, "出具日期", "拟定意见日期")
    for clock in _clocks(case, review_rules(review)):
        deadlines.stop_clock(clock.pk, actor, on_date)
    review.issued_on = on_date
    review.stage = Stage.OPINION
    ends = review.kind == Kind.DECISION or review.conclusion == Conclusion.UNLAWFUL
    if ends:
        review.stage = Stage.CLOSED
    review.save(update_fields=["issued_on", "stage"])
    if ends:
        api.finish_own_step(case.pk, task.pk, actor, f"出具合法性审核意见书：{review.get_conclusion_display()}")
    else:
        api.log_event(case, actor, step_label="出具意见书", opinion=f"{on_date:%Y-%m-%d} 出具合法性审核意见书。")
        api.save_case(case)
    return case


@transaction.atomic
def register_file(case_id, actor, signed_on, doc_number, on_date):
    """登记编号 (5.9 三（五）): after the file is signed and before it is issued, the bureau
    registers it with the year's next number and issues the 《规范性文件登记通知书》."""
    case, review, task = _lock_review(case_id, actor, ISSUE_STEP, (Stage.OPINION,))
    signed_on = _date(signed_on, "文件签署日期")
    on_date = _date(on_date, "登记日期")
    _not_before(signed_on, review.issued_on, "文件签署日期", "出具意见书日期")
    _not_before(on_date, signed_on, "登记日期", "文件签署日期")
    doc_number = _text(doc_number, "发文字号", 60)
    try:
        seq, formatted, year, _scheme = allocate(REG_SCHEME, on_date.year, actor=actor, target=f"case:{case.pk}")
    except NumberingError as exc:
        raise TransitionError(str(exc)) from None
    review.signed_on, review.doc_number, review.registered_on = signed_on, doc_number, on_date
    review.reg_year, review.reg_seq, review.reg_number = year, seq, formatted
    review.stage = Stage.REGISTERED
    review.save(
        update_fields=["signed_on", "doc_number", "registered_on", "reg_year", "reg_seq", "reg_number", "stage"]
    )
    api.log_event(
        case,
        actor,
        step_label="登记编号",
        opinion=f"登记号 {formatted}（{doc_number}）",
        audit_event="normative.registered",
    )
    api.save_case(case)
    return review


@transaction.atomic
def publish(case_id, actor, published_on, channel):
    """公布 (统一对外公布): the file enters the catalogue of files in force and its filing case
    starts (30 days to the congress standing committee, the bureau's 15 days)."""
    case, review, task = _lock_review(case_id, actor, ISSUE_STEP, (Stage.REGISTERED,))
    published_on = _date(published_on, "公布日期")
    _not_before(published_on, review.registered_on, "公布日期", "登记日期")
    review.published_on, review.publish_channel = published_on, _text(channel, "公布载体", 100)
    review.stage = Stage.PUBLISHED
    review.save(update_fields=["published_on", "publish_channel", "stage"])
    entry = NormativeFile.objects.create(
        title=review.title,
        doc_number=review.doc_number,
        reg_number=review.reg_number,
        issuing_body=review.issuing_body,
        drafter=review.drafter,
        published_on=published_on,
        review=review,
    )
    api.finish_own_step(case.pk, task.pk, actor, f"已登记（{review.reg_number}）并于 {published_on:%Y-%m-%d} 公布")
    open_filing(actor, entry, section=case.section)
    return case


# --- 5.10 报送备案 ------------------------------------------------------------------------------


def open_filing(actor, entry, section=None):
    """A filing case for a published file, its clocks running from the publication date."""
    section = section or _require_section(actor, "办理备案")
    case = api.create_case(
        FILING_PROCESS, initiator=actor, section=section, title=f"报送备案：{entry.title}"[:200], step_label="登记"
    )
    Filing.objects.create(case=case, file=entry)
    api.submit(case.pk, actor)
    for code in (INTERNAL_RULE, CONGRESS_RULE):
        deadlines.start_clock(case, code, entry.published_on, actor)
    return case


@transaction.atomic
def register_filing(actor, entry):
    """Start the filing of a catalogue file published without a review case here (e.g. a file
    of a former year). Refused when the file is already being filed."""
    _require_section(actor, "办理备案")
    NormativeFile.objects.select_for_update().get(pk=entry.pk)
    if Filing.objects.filter(file=entry).exists():
        raise TransitionError("该文件已登记报送备案。")
    return open_filing(actor, entry)


def _lock_filing(case_id, actor, outcomes):
    case = api.lock_case(case_id, process=FILING_PROCESS)
    if case.status != Case.Status.ACTIVE or case.current_step != FILE_STEP:
        raise TransitionError("该备案已办结。")
    task = api.pending_task(case, actor, step=FILE_STEP)
    filing = Filing.objects.select_for_update().select_related("file").get(case=case)
    if filing.outcome not in outcomes:
        raise TransitionError(f"该备案目前“{filing.get_outcome_display()}”，不能进行此操作。")
    return case, filing, task


def _stop(case, code, actor, on_date):
    for clock in _clocks(case, [code]):
        deadlines.stop_clock(clock.pk, actor, on_date)


@transaction.atomic
def submit_filing(case_id, actor, to_city_on, to_congress_on):
    """报送: to the city bureau (市司法局) and to the district congress standing committee; the
    congress clock stops with its date, the bureau's 15 days once both are sent."""
    case, filing, task = _lock_filing(case_id, actor, (FilingOutcome.PENDING,))
    published = filing.file.published_on
    changed = []
    for name, value, what in (
        ("to_city_on", to_city_on, "报市司法局日期"),
        ("to_congress_on", to_congress_on, "报区人大常委会日期"),
    ):
        if value is None:
            continue
        if getattr(filing, name) is not None:
            raise TransitionError(f"{what}已登记。")
        value = _date(value, what)
        _not_before(value, published, what, "公布日期")
        setattr(filing, name, value)
        changed.append(name)
    if not changed:
        raise TransitionError("请填写报送日期。")
    if filing.to_congress_on is not None and "to_congress_on" in changed:
        _stop(case, CONGRESS_RULE, actor, filing.to_congress_on)
    if filing.to_city_on and filing.to_congress_on:
        _stop(case, INTERNAL_RULE, actor, max(filing.to_city_on, filing.to_congress_on))
        filing.outcome = FilingOutcome.SUBMITTED
        changed.append("outcome")
    filing.save(update_fields=changed)
    api.log_event(case, actor, step_label="报送备案", opinion=_filing_text(filing))
    api.save_case(case)
    return filing


def _filing_text(filing):
    parts = []
    if filing.to_city_on:
        parts.append(f"{filing.to_city_on:%Y-%m-%d} 报市司法局")
    if filing.to_congress_on:
        parts.append(f"{filing.to_congress_on:%Y-%m-%d} 报区人大常委会")
    return "，".join(parts)


@transaction.atomic
def record_outcome(case_id, actor, outcome, on_date, note):
    """The filing body's answer: 予以备案登记 (ends), 暂缓登记 (15 days to supplement or
    resubmit), or 纠正 (a problem found and corrected: ends, with what was corrected)."""
    case, filing, task = _lock_filing(case_id, actor, (FilingOutcome.SUBMITTED,))
    on_date = _date(on_date, "结果日期")
    _not_before(on_date, filing.resubmitted_on or max(filing.to_city_on, filing.to_congress_on), "结果日期", "报送日期")
    note = (note or "").strip()[:300]
    if outcome == FilingOutcome.DEFERRED:
        if case.clocks.filter(rule__code=RESUBMIT_RULE).exists():
            raise TransitionError("该备案已暂缓登记过一次；再次暂缓的，请按纠正或备案登记办结并说明。")
        filing.outcome, filing.deferred_on, filing.deferred_reason = outcome, on_date, _text(note, "暂缓登记原因", 200)
        filing.save(update_fields=["outcome", "deferred_on", "deferred_reason"])
        deadlines.start_clock(case, RESUBMIT_RULE, on_date, actor)
        api.log_event(case, actor, step_label="暂缓登记", opinion=f"暂缓登记：{filing.deferred_reason}")
        api.save_case(case)
        return filing
    if outcome not in (FilingOutcome.REGISTERED, FilingOutcome.CORRECTED):
        raise TransitionError("请选择备案结果。")
    if outcome == FilingOutcome.CORRECTED:
        note = _text(note, "纠正情况", 300)
    filing.outcome, filing.outcome_on, filing.outcome_note = outcome, on_date, note
    filing.save(update_fields=["outcome", "outcome_on", "outcome_note"])
    api.finish_own_step(case.pk, task.pk, actor, f"{FilingOutcome(outcome).label}{('：' + note) if note else ''}")
    return filing


@transaction.atomic
def resubmit_filing(case_id, actor, on_date):
    """补充报送或者重新报送 after a deferral: the 15-day clock stops, the answer is awaited again."""
    case, filing, task = _lock_filing(case_id, actor, (FilingOutcome.DEFERRED,))
    on_date = _date(on_date, "补充（重新）报送日期")
    _not_before(on_date, filing.deferred_on, "补充（重新）报送日期", "收到暂缓登记通知日期")
    _stop(case, RESUBMIT_RULE, actor, on_date)
    filing.outcome, filing.resubmitted_on = FilingOutcome.SUBMITTED, on_date
    filing.save(update_fields=["outcome", "resubmitted_on"])
    api.log_event(case, actor, step_label="补充报送", opinion=f"{on_date:%Y-%m-%d} 补充（重新）报送备案")
    api.save_case(case)
    return filing


# --- 5.11 清理 ---------------------------------------------------------------------------------


@transaction.atomic
def open_cleanup(actor, title, notice, self_review_due):
    """起草《关于开展行政规范性文件集中清理工作的通知》 and send it for approval."""
    section = _require_section(actor, "组织规范性文件清理")
    title = _text(title, "清理名称", 200)
    notice = _text(notice, "通知要点", 4000)
    if not isinstance(self_review_due, date):
        raise TransitionError("请填写部门报送清理意见的截止日期。")
    if self_review_due < timezone.localdate():
        raise TransitionError("部门报送清理意见的截止日期不能早于今天。")
    case = api.create_case(CLEANUP_PROCESS, initiator=actor, section=section, title=title, step_label="拟稿")
    Cleanup.objects.create(case=case, title=title, notice=notice, self_review_due=self_review_due)
    api.submit(case.pk, actor)
    case.refresh_from_db()
    return case


def _lock_cleanup(case_id, actor, stages):
    case = api.lock_case(case_id, process=CLEANUP_PROCESS)
    if case.status != Case.Status.ACTIVE or case.current_step != CLEANUP_STEP:
        raise TransitionError("清理通知尚未审批完毕，或清理已办结。")
    task = api.pending_task(case, actor, step=CLEANUP_STEP)
    cleanup = Cleanup.objects.select_for_update().get(case=case)
    if cleanup.stage not in stages:
        raise TransitionError(f"该清理目前“{cleanup.get_stage_display()}”，不能进行此操作。")
    return case, cleanup, task


@transaction.atomic
def send_notice(case_id, actor, on_date):
    """The approved notice is sent to the departments (通过办公室内网发送有关单位)."""
    case, cleanup, task = _lock_cleanup(case_id, actor, (CleanupStage.NOTICE,))
    on_date = _date(on_date, "通知印发日期")
    cleanup.stage, cleanup.notice_sent_on = CleanupStage.SELF_REVIEW, on_date
    cleanup.save(update_fields=["stage", "notice_sent_on"])
    api.log_event(case, actor, step_label="印发清理通知", opinion=f"{on_date:%Y-%m-%d} 印发清理通知，部门自行清理。")
    api.save_case(case)
    return cleanup


@transaction.atomic
def record_self_review(case_id, actor, file, proposal, reason, on_date):
    """A department's self-review of one of its files (谁起草、谁清理): keep, amend, repeal or
    declare void, with the reasons (and the amendment proposed)."""
    case, cleanup, task = _lock_cleanup(case_id, actor, (CleanupStage.SELF_REVIEW, CleanupStage.VERIFYING))
    if not isinstance(file, NormativeFile) or file.status not in IN_FORCE:
        raise TransitionError("只能清理现行有效的规范性文件。")
    if proposal not in CleanupAction.values:
        raise TransitionError("请选择清理意见。")
    reason = _text(reason, "理由", 2000)
    on_date = _date(on_date, "报送日期")
    _not_before(on_date, cleanup.notice_sent_on, "报送日期", "通知印发日期")
    item = CleanupItem.objects.select_for_update().filter(cleanup=cleanup, file=file).first()
    if item is not None and item.verified_on:
        raise TransitionError("该文件的清理意见已审核认定，不能再修改。")
    if item is None:
        try:
            with transaction.atomic():
                item = CleanupItem.objects.create(
                    cleanup=cleanup,
                    file=file,
                    department=file.drafter,
                    proposal=proposal,
                    reason=reason,
                    proposed_on=on_date,
                    recorded_by=actor,
                )
        except IntegrityError:
            raise TransitionError("该文件的清理意见已登记，请刷新页面。") from None
    else:
        item.proposal, item.reason, item.proposed_on, item.recorded_by = proposal, reason, on_date, actor
        item.save(update_fields=["proposal", "reason", "proposed_on", "recorded_by"])
    api.log_event(
        case,
        actor,
        step_label="部门清理意见",
        opinion=f"{file.drafter.name}《{file.title}》：{item.get_proposal_display()}",
    )
    api.save_case(case)
    return item


@transaction.atomic
def verify_item(case_id, actor, item_id, decision, note, on_date):
    """审核认定: the bureau confirms (or changes, with the reason) a department's proposal."""
    case, cleanup, task = _lock_cleanup(case_id, actor, (CleanupStage.SELF_REVIEW, CleanupStage.VERIFYING))
    item = CleanupItem.objects.select_for_update().filter(cleanup=cleanup, pk=item_id).first()
    if item is None:
        raise TransitionError("该清理意见不存在。")
    if item.verified_on:
        raise TransitionError("该清理意见已审核认定。")
    if decision not in CleanupAction.values:
        raise TransitionError("请选择认定意见。")
    note = (note or "").strip()[:300]
    if decision != item.proposal and not note:
        raise TransitionError("认定意见与部门意见不一致的，请写明理由。")
    on_date = _date(on_date, "认定日期")
    _not_before(on_date, item.proposed_on, "认定日期", "部门报送日期")
    item.decision, item.decision_note, item.verified_by, item.verified_on = decision, note, actor, on_date
    item.save(update_fields=["decision", "decision_note", "verified_by", "verified_on"])
    if cleanup.stage != CleanupStage.VERIFYING:
        cleanup.stage = CleanupStage.VERIFYING
        cleanup.save(update_fields=["stage"])
    api.log_event(case, actor, step_label="审核认定", opinion=f"《{item.file.title}》：{item.get_decision_display()}")
    api.save_case(case)
    return item


@transaction.atomic
def publish_cleanup(case_id, actor, on_date, channel):
    """清理公布: every entry verified; the catalogue follows the decisions (amended files stay in
    force, marked; repealed and void ones leave the catalogue of files in force)."""
    case, cleanup, task = _lock_cleanup(case_id, actor, (CleanupStage.VERIFYING,))
    on_date = _date(on_date, "公布日期")
    items = list(cleanup.items.select_related("file").order_by("id"))
    if not items or any(not item.verified_on for item in items):
        raise TransitionError("还有未审核认定的清理意见，全部认定后才能公布清理结果。")
    _not_before(on_date, max(item.verified_on for item in items), "公布日期", "最后认定日期")
    counts = {}
    for item in items:
        entry = NormativeFile.objects.select_for_update().get(pk=item.file_id)
        entry.status = ACTION_STATUS[item.decision]
        entry.status_on = on_date
        entry.status_note = f"{cleanup.title}：{item.get_decision_display()}"[:200]
        entry.save(update_fields=["status", "status_on", "status_note"])
        counts[item.get_decision_display()] = counts.get(item.get_decision_display(), 0) + 1
    cleanup.stage, cleanup.published_on, cleanup.result_note = (
        CleanupStage.PUBLISHED,
        on_date,
        _text(channel, "公布载体", 200),
    )
    cleanup.save(update_fields=["stage", "published_on", "result_note"])
    summary = "，".join(f"{label} {n} 件" for label, n in counts.items())
    api.finish_own_step(case.pk, task.pk, actor, f"清理结果已公布：{summary}")
    return cleanup


# --- 年度目录报送备查 (省人大常委会备案审查规定 §7 ¶3) ------------------------------------------


def yearly_list_due(rule, year):
    """The day `year`'s catalogue is due: the rule's period from 31 December (31 January under
    §7 ¶3; a fixed date, not moved off a weekend: rolls_forward is off on the row)."""
    return deadlines.end_of_period(rule, date(year, 12, 31), rule.length)[1]


def files_of_year(year):
    """The normative files made (published) in `year`: the catalogue reported for the record."""
    return NormativeFile.objects.filter(published_on__year=year)


def yearly_list_status(user, today=None):
    """The last ended year's catalogue: its due date, how many files it lists, whether (and when)
    it was reported. None for a viewer who does not see these registers."""
    if not sees_registers(user):
        return None
    today = today or timezone.localdate()
    year = today.year - 1
    rule = DeadlineRule.objects.filter(code=YEARLY_LIST_RULE, active=True).first()
    return {
        "year": year,
        "rule": rule,
        "due": yearly_list_due(rule, year) if rule else None,
        "files": files_of_year(year).count(),
        "done": YearlyList.objects.filter(year=year).first(),
    }


@transaction.atomic
def record_yearly_list(actor, year, reported_on):
    """登记 that `year`'s catalogue of normative files was reported to the district congress
    standing committee (once a year; the sweep's reminders stop)."""
    _require_section(actor, "登记年度目录报送")
    today = timezone.localdate()
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise TransitionError("请填写目录年度。") from None
    if not 2000 <= year < today.year:
        raise TransitionError("只能登记已经结束的年度的目录。")
    reported_on = _date(reported_on, "报送日期")
    _not_before(reported_on, date(year + 1, 1, 1), "报送日期", f"{year}年度结束")
    if YearlyList.objects.select_for_update().filter(year=year).exists():
        raise TransitionError(f"{year}年度规范性文件目录已登记报送，不能重复登记。")
    try:
        with transaction.atomic():
            entry = YearlyList.objects.create(
                year=year, reported_on=reported_on, file_count=files_of_year(year).count(), recorded_by=actor
            )
    except IntegrityError:  # a concurrent click recorded it first
        raise TransitionError(f"{year}年度规范性文件目录已登记报送，不能重复登记。") from None
    record(
        "normative.yearly_list",
        actor=actor,
        obj=entry,
        detail={"year": year, "reported_on": reported_on.isoformat(), "files": entry.file_count},
    )
    return entry


def handlers():
    """Active staff of the owning section (for forms offering a handler)."""
    return get_user_model().objects.filter(section__code=SECTION_CODE, is_active=True, admin_role="")
