"""State changes of 政府信息公开 records. Each move locks the case, checks the stage (MOVES) and
the actor's step, and moves the statutory clocks through apps.workflow.deadlines; the numbers
are rule rows (fixtures/deadline_rules.json, editable in the admin).

The route of a request (processes.py): 初审 → 处理单 (issue_sheet: numbered once from the scheme
"disclosure-sheet") → 批示 (engine approvals, chain "instruct") → 拟稿 (draft_reply, by the
responsible section) → 审核 (engine approvals, chain "review"; a return goes back to the drafter)
→ 答复送达 (reply). MOVES (models.py) says which move is allowed at which stage and by whom.

Clocks of a request (条例 2019):
- disclosure-supplement-notice (7 WD from receipt, §30): stopped by the clarity decision or the
  one-time 补正 notice.
- disclosure-reply (20 WD from receipt, §33): paused by the 补正 notice and restarted from the
  receipt of the completed application (§30); paused while a third party (§32) or a co-maker
  (§34) is consulted and resumed on their opinion or the expiry of their period; extended by
  at most 20 WD with the head's consent (§33¶2); stopped by the reply.
- disclosure-applicant-supplement (the bureau's "合理期限"): the applicant's period for the 补正;
  once it has passed, the request may be closed as 视为放弃.
- disclosure-third-party-opinion / disclosure-co-maker-opinion (15 WD, §32/§34).
"""

from datetime import date

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from apps.numbering.services import NumberingError, allocate
from apps.org.models import Section
from apps.workflow import api, deadlines
from apps.workflow.api import RouteStep, TransitionError
from apps.workflow.models import Case, CaseClock
from apps.workflow.rules import deadline_rule

from .models import (
    MOVES,
    NEEDS_DETAIL,
    REPLY_OUTCOMES,
    WITHHELD,
    AnnualReport,
    ApplicantKind,
    Channel,
    ConsultKind,
    DisclosureRequest,
    Outcome,
    ProactiveItem,
    ReplyForm,
    Stage,
)
from .processes import (
    DRAFT_STEP,
    HANDLE_STEP,
    ISSUE_STEP,
    PROACTIVE_PROCESS,
    PUBLISH_STEP,
    REPORT_PROCESS,
    REQUEST_PROCESS,
    REVIEW_CHAIN,
)

SUPPLEMENT_NOTICE_RULE = deadline_rule("disclosure-supplement-notice")
APPLICANT_SUPPLEMENT_RULE = deadline_rule("disclosure-applicant-supplement")
REPLY_RULE = deadline_rule("disclosure-reply")
CONSULT_RULES = {
    ConsultKind.THIRD_PARTY: deadline_rule("disclosure-third-party-opinion"),
    ConsultKind.CO_MAKER: deadline_rule("disclosure-co-maker-opinion"),
}
SHEET_SCHEME = "disclosure-sheet"  # fixtures/number_schemes.json: 《依申请信息公开处理单》, in sequence per year
PROACTIVE_RULE = deadline_rule("disclosure-proactive")
REPORT_RULE = deadline_rule("disclosure-annual-report")
# The clocks that measure the bureau itself (the others measure the applicant or a consulted party).
OWN_RULES = (SUPPLEMENT_NOTICE_RULE, REPLY_RULE)

REQUEST_KEYS = (
    "applicant",
    "applicant_kind",
    "id_number",
    "phone",
    "address",
    "channel",
    "content",
    "reply_form",
    "received_on",
)


# --- helpers ---------------------------------------------------------------------------------


def _clock(case, code, open_only=True):
    qs = case.clocks.filter(rule__code=code)
    if open_only:
        qs = qs.filter(status__in=CaseClock.OPEN_STATUSES)
    return qs.select_related("rule").first()


def _stop(case, code, actor, on_date):
    clock = _clock(case, code)
    if clock is not None:
        deadlines.stop_clock(clock.pk, actor, on_date)
    return clock


def _reply_clock(case):
    clock = _clock(case, REPLY_RULE)
    if clock is None:
        raise TransitionError("答复期限未在计时（规则“答复政府信息公开申请”是否已停用？），请联系系统管理员。")
    return clock


def _current_task(case, actor, step):
    """actor's pending task (own or as a delegate) of `step`, if it is the case's current step."""
    if case.status != Case.Status.ACTIVE or case.current_step != step:
        return None
    return api.find_pending_task(case, actor, step=step)


def _is_office(case, request, actor):
    """The office handler: the holder of 初审 until the 处理单 is issued, then who issued it."""
    if case.status != Case.Status.ACTIVE:
        return False
    if request.sheet_by_id:
        return actor.pk == request.sheet_by_id or api.is_delegate_of(actor, request.sheet_by_id)
    return _current_task(case, actor, HANDLE_STEP) is not None


def _allowed(case, request, actor, move):
    """(allowed, task): whether MOVES lets `actor` make `move` at the case's current step."""
    for who in MOVES[move][1]:
        if who == "office":
            if _is_office(case, request, actor):
                return True, None
        elif who == "consulter":
            if case.status == Case.Status.ACTIVE and request.consulted_by_id == actor.pk:
                return True, None
        else:
            task = _current_task(case, actor, who)
            if task is not None:
                return True, task
    return False, None


def _draft_under_review(case):
    """The draft reply is with the reviewer or approved: a consultation now would change what the
    reviewer signs or signed, so it waits until the reviewer returns the draft to 拟稿."""
    if case.current_step == ISSUE_STEP:
        return True
    return any(step.code == case.current_step and step.chain == REVIEW_CHAIN for step in api.route_steps(case))


def allowed_moves(case, actor):
    """The moves `actor` may make now (the case page shows their forms)."""
    request = case.disclosure_request
    moves = {move for move in MOVES if request.may(move) and _allowed(case, request, actor, move)[0]}
    return moves - {"consult"} if _draft_under_review(case) else moves


def _locked(case_id, actor, move):
    case = api.lock_case(case_id, process=REQUEST_PROCESS)
    request = DisclosureRequest.objects.select_for_update().get(case=case)
    allowed, task = _allowed(case, request, actor, move)
    if not allowed:
        raise TransitionError("该事项当前不在您的办理环节。")
    if move == "consult" and _draft_under_review(case):
        raise TransitionError(
            "答复意见稿已送审核或已审核通过，不能再征求意见；确需征求的，请审核人退回拟稿环节后再征求。"
        )
    if not request.may(move):
        raise TransitionError(f"该申请目前“{request.get_stage_display()}”，不能进行此操作。")
    return case, request, task


def _finish(case, task, actor, text):
    """Finish the step through the app's own move (the generic 办结 is refused, processes.py).
    The 处理单 or a draft on the way is not the request's result (the reply is)."""
    api.finish_own_step(case.pk, task.pk, actor, text, keep_result=False)


def _date(value, what):
    if not isinstance(value, date):
        raise TransitionError(f"请填写{what}。")
    if value > timezone.localdate():
        raise TransitionError(f"{what}不能晚于今天。")
    return value


def _not_before(day, earliest, what, earlier_what):
    if earliest is not None and day < earliest:
        raise TransitionError(f"{what}不能早于{earlier_what}（{earliest:%Y-%m-%d}）。")


def _text(value, what):
    value = (value or "").strip()
    if not value:
        raise TransitionError(f"请填写{what}。")
    return value


def _validation_message(exc):
    return "；".join(f"{m}" for messages in exc.message_dict.values() for m in messages)


# --- 依申请公开 ------------------------------------------------------------------------------


@transaction.atomic
def register_request(actor, data):
    """登记 a request (the register form and the reception desk's quick form both call this).

    `data` keys: applicant, applicant_kind (default 自然人), id_number, phone, address (optional),
    channel, content, reply_form (default 纸质), received_on (a date). The 7-working-day 补正
    notice clock and the 20-working-day reply clock run from received_on. Returns the Case."""
    unknown = set(data) - set(REQUEST_KEYS)
    if unknown:
        raise TransitionError(f"登记信息包含未知字段：{'、'.join(sorted(unknown))}。")
    if actor.section_id is None:
        raise TransitionError("只有科室工作人员可以登记政府信息公开申请。")
    fields = {key: data.get(key) for key in REQUEST_KEYS}
    fields["applicant"] = _text(fields["applicant"], "申请人姓名或名称")
    fields["content"] = _text(fields["content"], "所需信息的名称、文号或特征性描述")
    fields["applicant_kind"] = fields["applicant_kind"] or ApplicantKind.NATURAL
    fields["reply_form"] = fields["reply_form"] or ReplyForm.PAPER
    for key in ("id_number", "phone", "address"):
        fields[key] = str(fields[key] or "").strip()
    if fields["applicant_kind"] not in ApplicantKind.values:
        raise TransitionError("申请人类型不正确。")
    if fields["channel"] not in Channel.values:
        raise TransitionError("请选择申请方式（当面、信函、网络、传真、电子邮件）。")
    if fields["reply_form"] not in ReplyForm.values:
        raise TransitionError("获取信息的方式不正确。")
    received_on = _date(fields["received_on"], "收到申请日期")
    title = f"{fields['applicant']}申请公开：{' '.join(fields['content'].split())}"
    case = api.create_case(
        REQUEST_PROCESS, initiator=actor, section=actor.section, title=title[:200], step_label="登记"
    )
    request = DisclosureRequest(case=case, **fields)
    try:
        request.full_clean(exclude=["case"])
    except ValidationError as exc:
        raise TransitionError(_validation_message(exc)) from None
    request.save()
    api.submit(case.pk, actor)
    for code in (SUPPLEMENT_NOTICE_RULE, REPLY_RULE):
        deadlines.start_clock(case, code, received_on, actor)
    case.refresh_from_db()
    return case


def register_oral_request(actor, *, applicant, content, received_on, id_number="", phone="", address="", reply_form=""):
    """登记 a request made orally in person (条例 §29: one who cannot write; the office fills the
    form in for them), as the reception desk logs it (apps.reception): the one way another app
    starts a request. The rest as register_request. Returns the Case."""
    return register_request(
        actor,
        {
            "applicant": applicant,
            "id_number": id_number,
            "phone": phone,
            "address": address,
            "channel": Channel.IN_PERSON,
            "content": content,
            "reply_form": reply_form,
            "received_on": received_on,
        },
    )


@transaction.atomic
def confirm_clear(case_id, actor, on_date):
    """审查: the content is clear, no 补正 needed; the 补正 notice clock stops."""
    case, request, task = _locked(case_id, actor, "clear")
    on_date = _date(on_date, "审查日期")
    _not_before(on_date, request.received_on, "审查日期", "收到申请日期")
    _stop(case, SUPPLEMENT_NOTICE_RULE, actor, on_date)
    request.stage, request.checked_on = Stage.HANDLING, on_date
    request.save(update_fields=["stage", "checked_on"])
    return case


@transaction.atomic
def notify_supplement(case_id, actor, on_date, items):
    """一次性补正告知 (§30): the reply period stops and will run again from the completed
    application; the applicant's 补正 period starts. Only once per request."""
    case, request, task = _locked(case_id, actor, "supplement_notice")
    items = _text(items, "需要补正的事项（一次性告知全部事项）")
    on_date = _date(on_date, "补正告知日期")
    _not_before(on_date, request.received_on, "补正告知日期", "收到申请日期")
    reply = _reply_clock(case)
    _stop(case, SUPPLEMENT_NOTICE_RULE, actor, on_date)
    deadlines.pause_clock(reply.pk, actor, on_date, "一次性告知补正；自收到补正后的申请之日起重新计算（§30）")
    deadlines.start_clock(case, APPLICANT_SUPPLEMENT_RULE, on_date, actor)
    request.stage, request.supplement_items, request.supplement_notice_on = Stage.SUPPLEMENT, items, on_date
    request.save(update_fields=["stage", "supplement_items", "supplement_notice_on"])
    return case


@transaction.atomic
def receive_supplement(case_id, actor, on_date):
    """收到补正后的申请: the 20 working days run again from this day (§30)."""
    case, request, task = _locked(case_id, actor, "supplement_received")
    on_date = _date(on_date, "收到补正日期")
    _not_before(on_date, request.supplement_notice_on, "收到补正日期", "补正告知日期")
    _stop(case, APPLICANT_SUPPLEMENT_RULE, actor, on_date)
    deadlines.restart_clock(_reply_clock(case).pk, actor, on_date, "收到补正后的申请（§30）")
    request.stage, request.supplement_received_on = Stage.HANDLING, on_date
    request.save(update_fields=["stage", "supplement_received_on"])
    return case


@transaction.atomic
def abandon(case_id, actor, on_date):
    """申请人逾期未补正 → 视为放弃 (§30), once the applicant's period has run out."""
    case, request, task = _locked(case_id, actor, "abandon")
    on_date = _date(on_date, "办结日期")
    supplement = _clock(case, APPLICANT_SUPPLEMENT_RULE)
    if supplement is not None and on_date <= supplement.due_date:
        raise TransitionError(f"申请人补正期限至 {supplement.due_date:%Y-%m-%d} 届满，届满后仍未补正的才视为放弃申请。")
    if supplement is not None:
        deadlines.stop_clock(supplement.pk, actor, on_date)
    # The reply period stopped on the day of the 补正 notice and was never restarted.
    reply = _clock(case, REPLY_RULE)
    if reply is not None:
        deadlines.stop_clock(reply.pk, actor, request.supplement_notice_on)
    request.stage, request.outcome, request.concluded_on = Stage.ABANDONED, Outcome.ABANDONED, on_date
    request.save(update_fields=["stage", "outcome", "concluded_on"])
    # Nothing follows 初审 for an abandoned request: the route ends here and the case closes.
    api.replace_route_after(case, HANDLE_STEP, [])
    _finish(case, task, actor, "申请人无正当理由逾期未补正，视为放弃申请（《政府信息公开条例》第三十条）。")
    return case


@transaction.atomic
def consult(case_id, actor, kind, party, matter, sent_on):
    """征求意见书 to a third party (§32) or a co-maker (§34): the reply period pauses (the time
    is not counted, §33¶3) and their 15 working days start."""
    case, request, task = _locked(case_id, actor, "consult")
    if kind not in CONSULT_RULES:
        raise TransitionError("请选择征求第三方意见或征求共同制作机关意见。")
    party = _text(party, "被征求意见的第三方或机关名称")
    matter = _text(matter, "征求意见事项（涉及的信息及理由）")
    sent_on = _date(sent_on, "征求意见书送达日期")
    _not_before(sent_on, request.supplement_received_on or request.received_on, "送达日期", "答复期限起算日")
    rule = CONSULT_RULES[kind]
    if case.clocks.filter(rule__code=rule).exists():
        raise TransitionError(f"本申请已{ConsultKind(kind).label.split('（')[0]}一次；再次征求请在意见中一并记录。")
    deadlines.pause_clock(
        _reply_clock(case).pk, actor, sent_on, ConsultKind(kind).label + "，所需时间不计算在答复期限内"
    )
    deadlines.start_clock(case, rule, sent_on, actor)
    request.stage = Stage.CONSULTING
    request.consult_kind, request.consulted_party, request.consult_matter, request.consult_sent_on = (
        kind,
        party,
        matter,
        sent_on,
    )
    request.opinion, request.opinion_on, request.opinion_lapsed, request.consulted_by = "", None, False, actor
    request.save(
        update_fields=[
            "stage",
            "consult_kind",
            "consulted_party",
            "consult_matter",
            "consult_sent_on",
            "opinion",
            "opinion_on",
            "opinion_lapsed",
            "consulted_by",
        ]
    )
    return case


@transaction.atomic
def record_opinion(case_id, actor, on_date=None, text="", lapsed=False):
    """The consulted party answered on `on_date`, or (lapsed) its period ran out without an
    answer: the reply period counts again from that day (a co-maker's silence = 视为同意公开)."""
    case, request, task = _locked(case_id, actor, "opinion")
    clock = _clock(case, CONSULT_RULES[request.consult_kind])
    if lapsed:
        if clock is None or timezone.localdate() <= clock.due_date:
            due = f"（{clock.due_date:%Y-%m-%d} 届满）" if clock else ""
            raise TransitionError(f"征求意见期限尚未届满{due}，届满次日起才能按逾期未提出意见处理。")
        on_date = clock.due_date
        text = (
            "逾期未提出意见，视为同意公开（§34）。"
            if request.consult_kind == ConsultKind.CO_MAKER
            else "逾期未提出意见，由本机关依照条例规定决定是否公开（§32）。"
        )
    else:
        on_date = _date(on_date, "收到意见日期")
        text = _text(text, "被征求意见方的意见")
    _not_before(on_date, request.consult_sent_on, "收到意见日期", "征求意见书送达日期")
    if clock is not None:
        deadlines.stop_clock(clock.pk, actor, on_date)
    reason = "征求意见期满，恢复计算答复期限" if lapsed else "收到被征求意见方的意见，恢复计算答复期限"
    deadlines.resume_clock(_reply_clock(case).pk, actor, on_date, reason)
    request.stage, request.opinion_on, request.opinion, request.opinion_lapsed = Stage.HANDLING, on_date, text, lapsed
    request.save(update_fields=["stage", "opinion_on", "opinion", "opinion_lapsed"])
    return case


@transaction.atomic
def extend(case_id, actor, days, reason, approved_by):
    """延期答复 (§33¶2): at most 20 working days in all, with the consent of the head of the
    disclosure office (or a leader above); the 延期答复告知书 goes to the applicant."""
    case, request, task = _locked(case_id, actor, "extend")
    reason = _text(reason, "延期理由（写入延期答复告知书）")
    clock = _reply_clock(case)
    if clock.status == CaseClock.Status.RUNNING and timezone.localdate() > clock.due_date:
        raise TransitionError(f"答复期限已于 {clock.due_date:%Y-%m-%d} 届满，延期须在期限届满前决定并告知申请人。")
    deadlines.extend_clock(clock.pk, actor, days, reason, approved_by)
    request.extension_reason, request.extended_on, request.extension_approved_by = (
        reason,
        timezone.localdate(),
        approved_by,
    )
    request.extended_days += int(days)
    request.save(update_fields=["extension_reason", "extended_on", "extension_approved_by", "extended_days"])
    return case


@transaction.atomic
def issue_sheet(case_id, actor, section, opinion, on_date):
    """《依申请信息公开处理单》 once the request is clear (or its 补正 received): numbered in
    sequence (allocated once: a request sent back to 初审 keeps its number), with the 拟办意见
    and the responsible section; the case goes on to the 批示 chain, then to that section."""
    case, request, task = _locked(case_id, actor, "sheet")
    opinion = _text(opinion, "拟办意见")
    if not isinstance(section, Section) or section.kind == Section.Kind.LEADERSHIP:
        raise TransitionError("请选择责任科室。")
    on_date = _date(on_date, "处理单日期")
    _not_before(
        on_date,
        request.supplement_received_on or request.checked_on or request.received_on,
        "处理单日期",
        "审查（或收到补正）日期",
    )
    if not get_user_model().objects.filter(section=section, is_active=True, admin_role="").exists():
        raise TransitionError(f"责任科室“{section.name}”没有在岗人员，请另选科室或请系统管理员补充人员。")
    if not request.sheet_number:
        try:
            allocation = allocate(SHEET_SCHEME, on_date.year, actor=actor, target=f"workflow.case:{case.pk}")
        except NumberingError as exc:
            raise TransitionError(str(exc)) from None
        request.sheet_year, request.sheet_seq, request.sheet_number = (
            allocation.year,
            allocation.seq,
            allocation.formatted,
        )
        case.number = allocation.formatted
    # A request registered before the 处理单 existed has 初审 alone: the rest of the route follows.
    if api.step_index(case, DRAFT_STEP) < 0:
        api.replace_route_after(
            case, HANDLE_STEP, [RouteStep.from_dict(step) for step in api.process_of(case).route_for(case)[1:]]
        )
    api.save_case(case, "number")
    request.sheet_opinion, request.sheet_on, request.sheet_by, request.responsible_section = (
        opinion,
        on_date,
        actor,
        section,
    )
    request.save(
        update_fields=[
            "sheet_year",
            "sheet_seq",
            "sheet_number",
            "sheet_opinion",
            "sheet_on",
            "sheet_by",
            "responsible_section",
        ]
    )
    _finish(case, task, actor, f"处理单{request.sheet_number}：{opinion}（责任科室：{section.name}）")
    return case


def _checked_outcome(request, outcome, detail):
    if outcome not in dict(REPLY_OUTCOMES):
        raise TransitionError("请选择答复的办理结果。")
    outcome = Outcome(outcome)
    detail = (detail or "").strip()
    if outcome in NEEDS_DETAIL and not detail:
        raise TransitionError(NEEDS_DETAIL[outcome])
    if outcome in WITHHELD and not detail:
        raise TransitionError("不予公开须说明理由和依据。")
    if outcome == Outcome.STILL_UNCLEAR and request.supplement_received_on is None:
        raise TransitionError("“补正后申请内容仍不明确”只适用于已经补正的申请；内容不明确的，请先一次性告知补正。")
    return outcome, detail


@transaction.atomic
def draft_reply(case_id, actor, outcome, detail):
    """答复意见稿 by the responsible section (§36 outcome and text); it goes to 审核. The
    section's other staff no longer hold the step; a draft returned by the reviewer comes back
    to its drafter."""
    case, request, task = _locked(case_id, actor, "draft")
    outcome, detail = _checked_outcome(request, outcome, detail)
    api.cancel_other_tasks(case, task)
    request.draft_outcome, request.draft_detail = outcome, detail
    request.drafted_on, request.drafted_by = timezone.localdate(), actor
    request.save(update_fields=["draft_outcome", "draft_detail", "drafted_on", "drafted_by"])
    _finish(case, task, actor, f"答复意见稿：{outcome.label}" + (f"。{detail}" if detail else ""))
    return case


@transaction.atomic
def reply(case_id, actor, on_date):
    """答复 (§36): the reviewed draft is issued on `on_date`; the reply clock stops that day
    and the case closes. The outcome is the draft's (one of the national report's rows)."""
    case, request, task = _locked(case_id, actor, "reply")
    if not request.draft_outcome:
        raise TransitionError("尚无经审核的答复意见稿。")
    outcome, detail = _checked_outcome(request, request.draft_outcome, request.draft_detail)
    on_date = _date(on_date, "答复日期")
    _not_before(on_date, request.supplement_received_on or request.received_on, "答复日期", "答复期限起算日")
    deadlines.stop_clock(_reply_clock(case).pk, actor, on_date)
    request.stage, request.outcome, request.reply_detail, request.concluded_on = Stage.REPLIED, outcome, detail, on_date
    request.save(update_fields=["stage", "outcome", "reply_detail", "concluded_on"])
    _finish(case, task, actor, f"答复：{outcome.label}" + (f"。{detail}" if detail else ""))
    return case


# --- 主动公开 -------------------------------------------------------------------------------


@transaction.atomic
def register_item(actor, data):
    """登记 an item to publish: it goes to 保密审查 and the 20 working days run from formed_on (§26)."""
    if actor.section_id is None:
        raise TransitionError("只有科室工作人员可以登记主动公开信息。")
    title = _text(data.get("title"), "信息名称")
    formed_on = _date(data.get("formed_on"), "信息形成或变更日期")
    if data.get("category") is None:
        raise TransitionError("请选择主动公开类别。")
    case = api.create_case(
        PROACTIVE_PROCESS, initiator=actor, section=actor.section, title=f"主动公开：{title}"[:200], step_label="登记"
    )
    ProactiveItem.objects.create(
        case=case,
        title=title,
        category=data["category"],
        formed_on=formed_on,
        summary=(data.get("summary") or "").strip(),
    )
    api.submit(case.pk, actor)
    deadlines.start_clock(case, PROACTIVE_RULE, formed_on, actor)
    case.refresh_from_db()
    return case


def _locked_publish(case_id, actor, process, model):
    case = api.lock_case(case_id, process=process)
    record = model.objects.select_for_update().get(case=case)
    if record.published_on is not None:
        raise TransitionError("已登记公开，请勿重复提交。")
    step = PUBLISH_STEP if process == PROACTIVE_PROCESS else HANDLE_STEP
    return case, record, api.pending_task(case, actor, step=step)


@transaction.atomic
def publish_item(case_id, actor, published_on, column, url=""):
    """发布: after the signed 审核表; records where and when; stops the 20-day clock."""
    case, item, task = _locked_publish(case_id, actor, PROACTIVE_PROCESS, ProactiveItem)
    published_on = _date(published_on, "公开日期")
    _not_before(published_on, item.formed_on, "公开日期", "信息形成或变更日期")
    item.published_on, item.published_column, item.published_url = (
        published_on,
        _text(column, "公开栏目"),
        (url or "").strip(),
    )
    item.save(update_fields=["published_on", "published_column", "published_url"])
    _stop(case, PROACTIVE_RULE, actor, published_on)
    where = item.published_column + (f"（{item.published_url}）" if item.published_url else "")
    api.finish_own_step(case.pk, task.pk, actor, f"已于 {published_on:%Y-%m-%d} 在{where}公开。")
    return case


# --- 年度报告 --------------------------------------------------------------------------------


@transaction.atomic
def open_report(actor, year):
    """The year's report case, once the year has ended: its clock runs from 31 December (§49)."""
    if actor.section_id is None:
        raise TransitionError("只有科室工作人员可以编制年度报告。")
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise TransitionError("请选择报告年度。") from None
    if year >= timezone.localdate().year:
        raise TransitionError(f"{year}年尚未结束，年度报告自次年1月1日起编制（次年1月31日前公布）。")
    if AnnualReport.objects.filter(year=year).exists():
        raise TransitionError(f"{year}年度报告已登记。")
    case = api.create_case(
        REPORT_PROCESS,
        initiator=actor,
        section=actor.section,
        title=f"{year}年度政府信息公开工作年度报告",
        step_label="登记",
    )
    AnnualReport.objects.create(case=case, year=year)
    api.submit(case.pk, actor)
    deadlines.start_clock(case, REPORT_RULE, date(year, 12, 31), actor)
    case.refresh_from_db()
    return case


@transaction.atomic
def publish_report(case_id, actor, published_on, column, url=""):
    case, report, task = _locked_publish(case_id, actor, REPORT_PROCESS, AnnualReport)
    published_on = _date(published_on, "公布日期")
    _not_before(published_on, date(report.year + 1, 1, 1), "公布日期", "报告年度结束次日")
    report.published_on, report.published_column, report.published_url = (
        published_on,
        _text(column, "公布栏目"),
        (url or "").strip(),
    )
    report.save(update_fields=["published_on", "published_column", "published_url"])
    _stop(case, REPORT_RULE, actor, published_on)
    api.finish_own_step(
        case.pk, task.pk, actor, f"{report.year}年度报告已于 {published_on:%Y-%m-%d} 在{report.published_column}公布。"
    )
    return case
