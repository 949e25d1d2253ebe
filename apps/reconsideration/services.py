"""State changes of 行政复议与行政应诉. Each move locks the case, re-checks the stage and the
actor's step, and moves the statutory clocks through the engine (apps.workflow.api); the numbers
are the rule rows of fixtures/reconsideration_deadlines.json (editable in the admin).

Clocks of a 复议 case (行政复议法 2023; "3/5/7/10 日" are working days, §88):
- recon-acceptance-review (5 WD from receipt, §30): paused by the one 补正 notice (§31, which must
  go out inside those 5 WD), counted again from the receipt of the 补正 materials (§31¶3);
  stopped by acceptance (deemed on its last day when nothing was decided, §30¶3) or 不予受理.
- recon-applicant-supplement (10 WD from the notice, §31¶2): lapse = 视为放弃.
- recon-send-copy / recon-simple-send-copy (7 / 3 WD from acceptance, §48, §54).
- recon-answer-watch / recon-simple-answer-watch (10 / 5 WD from the respondent's receipt of the
  copy): the respondent's answer; none = 视为没有证据、依据 (§70).
- recon-decision / recon-simple-decision (60 / 30 days from acceptance, §62): paused while the
  case is 中止 (§39) or for 鉴定/勘验 (实施条例 §37), extended by at most 30 days with the
  复议机构负责人's approval (ordinary track only); a simplified case switched to the ordinary
  track (§55, the chief's approval) gets the 60 days from acceptance.
- recon-hearing-notice (5 WD before the 听证, §51): the notice date is checked against it.
- recon-suspension-to-termination (60 days from a 中止 for §39 items 1, 2, 4: §41(五)).
- 附带审查 (§56–60), the case 中止 meanwhile (§39(九)): recon-incidental-review-handle (30 days,
  the body may handle it) with recon-notify-enacting-body (3 WD from the 中止, §58) and
  recon-enacting-body-reply (10 WD from its receipt, §58); or recon-incidental-review-forward
  (7 WD) and recon-forwarded-reply (60 days from the receiver's receipt, §60).
- recon-opinion-letter-report (60 days from the receipt of a 意见书, §76) and
  recon-suggestion-reply (建议书, 实施条例 §57¶2: no limit in the law; a 待核实 row).
- recon-decision-publication (after service, §79: "按照国家有关规定", the limit is a 待核实 row).
"""

from datetime import date

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from apps.accounts.models import Rank
from apps.org.models import ExternalUnit, Section
from apps.workflow import api, deadlines
from apps.workflow.api import TransitionError
from apps.workflow.models import Case, CaseClock, DeadlineRule
from apps.workflow.rules import deadline_rule

from .models import (
    LOST,
    SECTION_CODE,
    TERMINATING_CAUSES,
    ActType,
    Appearance,
    ApplicantKind,
    Channel,
    CommitteeMeeting,
    CommitteeMember,
    DecisionType,
    Defendant,
    JudgmentKind,
    JudgmentResult,
    Lawsuit,
    LawsuitStage,
    Letter,
    LetterKind,
    LetterOutcome,
    NormReview,
    PauseCause,
    ReconCase,
    RespondentCase,
    ReviewOrigin,
    ReviewResult,
    StaffQualification,
    Stage,
    Track,
)
from .processes import (
    ANSWER_PROCESS,
    CASE_PROCESS,
    COMMITTEE_PROCESS,
    DRAFT_STEP,
    FILE_STEP,
    FOLLOW_STEP,
    HANDLE_STEP,
    LITIGATION_PROCESS,
    RESULT_STEP,
    SERVE_STEP,
    TRIAL_STEP,
)

APPLY_RULE = deadline_rule("recon-apply-period")
APPLY_NO_NOTICE_RULE = deadline_rule("recon-apply-period-no-notice")
LONGEST_REALTY_RULE = deadline_rule("recon-apply-longest-realty")
LONGEST_OTHER_RULE = deadline_rule("recon-apply-longest-other")
ACCEPT_RULE = deadline_rule("recon-acceptance-review")
SUPPLEMENT_NOTICE_RULE = deadline_rule("recon-supplement-notice")
APPLICANT_SUPPLEMENT_RULE = deadline_rule("recon-applicant-supplement")
SEND_COPY_RULES = {
    Track.ORDINARY: deadline_rule("recon-send-copy"),
    Track.SIMPLE: deadline_rule("recon-simple-send-copy"),
}
ANSWER_WATCH_RULES = {
    Track.ORDINARY: deadline_rule("recon-answer-watch"),
    Track.SIMPLE: deadline_rule("recon-simple-answer-watch"),
}
DECISION_RULES = {Track.ORDINARY: deadline_rule("recon-decision"), Track.SIMPLE: deadline_rule("recon-simple-decision")}
HEARING_RULE = deadline_rule("recon-hearing-notice")
SUSPENSION_RULE = deadline_rule("recon-suspension-to-termination")
BUREAU_ANSWER_RULES = {
    False: deadline_rule("recon-respondent-answer"),
    True: deadline_rule("recon-simple-respondent-answer"),
}
DEFENCE_RULE = deadline_rule("litigation-defence-evidence")
OBJECTION_RULE = deadline_rule("litigation-jurisdiction-objection")
APPEAL_RULES = {
    JudgmentKind.JUDGMENT: deadline_rule("litigation-appeal-judgment"),
    JudgmentKind.RULING: deadline_rule("litigation-appeal-ruling"),
}
APPEAL_ANSWER_RULE = deadline_rule("litigation-appeal-answer")
MATERIALS_RULE = deadline_rule("committee-materials")
NORM_HANDLE_RULE = deadline_rule("recon-incidental-review-handle")
NORM_FORWARD_RULE = deadline_rule("recon-incidental-review-forward")
NORM_NOTIFY_RULE = deadline_rule("recon-notify-enacting-body")
NORM_REPLY_RULE = deadline_rule("recon-enacting-body-reply")
NORM_FORWARDED_REPLY_RULE = deadline_rule("recon-forwarded-reply")
NORM_RULES = (NORM_HANDLE_RULE, NORM_FORWARD_RULE, NORM_NOTIFY_RULE, NORM_REPLY_RULE, NORM_FORWARDED_REPLY_RULE)
LETTER_RULES = {
    LetterKind.OPINION: deadline_rule("recon-opinion-letter-report"),
    LetterKind.SUGGESTION: deadline_rule("recon-suggestion-reply"),
}
PUBLICATION_RULE = deadline_rule("recon-decision-publication")
# The clocks that measure the bureau (the others measure the applicant or the respondent).
OWN_RULES = (
    ACCEPT_RULE,
    *SEND_COPY_RULES.values(),
    *DECISION_RULES.values(),
    *BUREAU_ANSWER_RULES.values(),
    DEFENCE_RULE,
    *APPEAL_RULES.values(),
    APPEAL_ANSWER_RULE,
    NORM_HANDLE_RULE,
    NORM_FORWARD_RULE,
    NORM_NOTIFY_RULE,
    PUBLICATION_RULE,
)


# --- helpers ---------------------------------------------------------------------------------


def _open_clock(case, code):
    return case.clocks.filter(rule__code=code, status__in=CaseClock.OPEN_STATUSES).select_related("rule").first()


def _need_clock(case, code, what):
    clock = _open_clock(case, code)
    if clock is None:
        raise TransitionError(f"{what}未在计时（期限规则是否已停用？），请联系系统管理员。")
    return clock


def _stop(case, code, actor, on_date):
    clock = _open_clock(case, code)
    if clock is not None:
        deadlines.stop_clock(clock.pk, actor, on_date)
    return clock


def _cancel(case, code, actor, reason):
    clock = _open_clock(case, code)
    if clock is not None:
        deadlines.cancel_clock(clock.pk, actor, reason)
    return clock


def _date(value, what, future=False):
    if not isinstance(value, date):
        raise TransitionError(f"请填写{what}。")
    if not future and value > timezone.localdate():
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


def _clean(record):
    try:
        record.full_clean(exclude=["case"])
    except ValidationError as exc:
        raise TransitionError("；".join(str(m) for ms in exc.message_dict.values() for m in ms)) from None


def is_section_staff(user):
    return bool(
        user.is_authenticated
        and user.is_active
        and not user.admin_role
        and user.section_id
        and user.section.code == SECTION_CODE
    )


def _section_actor(actor):
    if not is_section_staff(actor):
        raise TransitionError("只有行政复议应诉科工作人员可以登记。")


def rule_due(code, start):
    """The due date of rule `code` counted from `start` (for what the page shows but no clock
    measures: the applicant's window, the 管辖异议 period)."""
    rule = DeadlineRule.objects.filter(code=code, active=True).first()
    if rule is None or start is None:
        return None
    return deadlines.end_of_period(rule, start, rule.length)[1]


def application_window(record):
    """The applicant's own window (§20–21) as [(label, due date, basis)] and whether the
    application came in time."""
    rows = []
    if record.remedy_told:
        rows.append(("申请期限（60日）", rule_due(APPLY_RULE, record.known_on), "行政复议法 §20¶1"))
    else:
        rows.append(("申请期限（未告知救济途径，最长1年）", rule_due(APPLY_NO_NOTICE_RULE, record.known_on), "§20¶3"))
    longest = LONGEST_REALTY_RULE if record.realty else LONGEST_OTHER_RULE
    rows.append(("最长申请期限（不动产20年/其他5年）", rule_due(longest, record.act_on), "§21"))
    in_time = all(due is None or record.received_on <= due for _, due, _ in rows)
    return rows, in_time


# --- 行政复议案件 (复议机构) -----------------------------------------------------------------

CASE_KEYS = (
    "applicant",
    "applicant_kind",
    "id_number",
    "phone",
    "address",
    "agent",
    "respondent",
    "act",
    "act_type",
    "act_on",
    "known_on",
    "remedy_told",
    "realty",
    "request",
    "channel",
    "oral_record",
    "oral_signed",
    "received_on",
    "handler2",
)


@transaction.atomic
def register_case(actor, data):
    """登记 an application (written, oral with its signed 笔录, or online): the 5-working-day
    acceptance review runs from received_on. Two handlers: the registrar and `handler2`."""
    _section_actor(actor)
    unknown = set(data) - set(CASE_KEYS)
    if unknown:
        raise TransitionError(f"登记信息包含未知字段：{'、'.join(sorted(unknown))}。")
    fields = {key: data.get(key) for key in CASE_KEYS}
    fields["applicant"] = _text(fields["applicant"], "申请人")
    fields["act"] = _text(fields["act"], "被申请复议的行政行为")
    fields["request"] = _text(fields["request"], "行政复议请求和理由")
    for key in ("id_number", "phone", "address", "agent", "oral_record"):
        fields[key] = str(fields[key] or "").strip()
    fields["remedy_told"] = bool(fields["remedy_told"])
    fields["realty"] = bool(fields["realty"])
    fields["oral_signed"] = bool(fields["oral_signed"])
    if fields["applicant_kind"] not in ApplicantKind.values:
        raise TransitionError("请选择申请人类型。")
    if fields["channel"] not in Channel.values:
        raise TransitionError("请选择申请方式。")
    if fields["act_type"] not in ActType.values:
        raise TransitionError("请选择行政行为类别。")
    if not isinstance(fields["respondent"], ExternalUnit):
        raise TransitionError("请选择被申请人。")
    if fields["channel"] == Channel.ORAL and not (fields["oral_record"] and fields["oral_signed"]):
        raise TransitionError("口头申请须当场制作笔录，经申请人核对后签名确认（行政复议法 §22）。")
    received_on = _date(fields["received_on"], "收到申请日期")
    act_on = _date(fields["act_on"], "行政行为作出日期")
    known_on = _date(fields["known_on"], "知道该行政行为之日")
    _not_before(known_on, act_on, "知道该行政行为之日", "行政行为作出日期")
    _not_before(received_on, known_on, "收到申请日期", "知道该行政行为之日")
    handler2 = fields["handler2"]
    if handler2 is None or handler2.pk == actor.pk or not is_section_staff(handler2):
        raise TransitionError("请另选一名行政复议应诉科工作人员作为第二承办人（案件由两名以上人员承办）。")
    title = f"{fields['applicant']}不服{fields['respondent'].name}{ActType(fields['act_type']).label}申请行政复议"
    case = api.create_case(CASE_PROCESS, initiator=actor, section=actor.section, title=title[:200], step_label="登记")
    record = ReconCase(case=case, **fields)
    _clean(record)
    record.save()
    api.submit(case.pk, actor)
    deadlines.start_clock(case, ACCEPT_RULE, received_on, actor)
    case.refresh_from_db()
    return case


# move -> stages in which it is allowed (by a handler holding the step of MOVE_STEPS)
CASE_MOVES = {
    "supplement": {Stage.RECEIVED},
    "supplement_received": {Stage.SUPPLEMENT},
    "lapse": {Stage.SUPPLEMENT},
    "accept": {Stage.RECEIVED},
    "reject": {Stage.RECEIVED},
    "jurisdiction": {Stage.RECEIVED},
    "send_copy": {Stage.ACCEPTED, Stage.PAUSED},
    "answer": {Stage.ACCEPTED, Stage.PAUSED},
    "switch": {Stage.ACCEPTED},
    "hearing": {Stage.ACCEPTED},
    "hearing_held": {Stage.ACCEPTED},
    "pause": {Stage.ACCEPTED},
    "resume": {Stage.PAUSED},
    "norm_review": {Stage.ACCEPTED},
    "norm_notify": {Stage.PAUSED},
    "norm_reply": {Stage.PAUSED},
    "norm_forward": {Stage.PAUSED},
    "norm_conclude": {Stage.PAUSED},
    "extend": {Stage.ACCEPTED, Stage.PAUSED},
    "decide": {Stage.ACCEPTED, Stage.PAUSED},
    "serve": {Stage.ACCEPTED, Stage.PAUSED},
    "letter": {Stage.ACCEPTED, Stage.PAUSED, Stage.DECIDED},
    "letter_urge": {Stage.ACCEPTED, Stage.PAUSED, Stage.DECIDED},
    "letter_reply": {Stage.ACCEPTED, Stage.PAUSED, Stage.DECIDED},
    "publish": {Stage.DECIDED},
    "close_file": {Stage.DECIDED},
}
# the steps a move is made at (default: 承办审理)
MOVE_STEPS = {
    "serve": (SERVE_STEP,),
    "publish": (FOLLOW_STEP,),
    "close_file": (FOLLOW_STEP,),
    "letter": (HANDLE_STEP, FOLLOW_STEP),
    "letter_urge": (HANDLE_STEP, FOLLOW_STEP),
    "letter_reply": (HANDLE_STEP, FOLLOW_STEP),
}


def norm_review_of(r):
    try:
        return r.norm_review
    except NormReview.DoesNotExist:
        return None


def _open_letters(r):
    return [letter for letter in r.letters.all() if letter.is_open]


def _case_condition(r, move):
    """Extra conditions of a move beyond its stage: '' when allowed, else the reason."""
    if move == "supplement" and r.supplement_notice_on:
        return "补正通知只能发一次（应一次性载明需要补正的事项，§31）。"
    if move == "send_copy" and r.copy_sent_on:
        return "已发送申请书副本。"
    if move == "answer" and (not r.copy_sent_on or r.answer_on or r.answer_missing):
        return "尚未发送申请书副本，或答复情况已登记。"
    if move == "switch" and r.track != Track.SIMPLE:
        return "本案不是简易程序。"
    if move == "hearing" and (r.track != Track.ORDINARY or r.hearing_notice_on):
        return "听证适用于普通程序审理的案件，且每案登记一次。"
    if move == "hearing_held" and (not r.hearing_notice_on or r.hearing_held_on):
        return "尚未通知听证，或听证情况已登记。"
    if move == "extend" and r.track != Track.ORDINARY:
        return "简易程序不能延期；不宜适用简易程序的，请先转为普通程序（§55）。"
    if move.startswith("norm_") or move == "resume":
        return _norm_condition(r, move, norm_review_of(r))
    if move == "letter" and len(r.letters.all()) >= len(LetterKind.values):
        return "本案已制发行政复议意见书和建议书。"
    if move in ("letter_urge", "letter_reply") and not _open_letters(r):
        return "没有待回复的意见书或建议书。"
    if move == "publish" and r.publication_settled:
        return "公开情况已登记。"
    if move == "close_file":
        if not r.publication_settled:
            return "请先登记行政复议决定书的公开情况（§79）。"
        if _open_letters(r):
            return "意见书、建议书尚未收到纠正（落实）情况报告，请督促后再归档。"
    return ""


def _norm_condition(r, move, nr):
    if move == "norm_review":
        return "本案已登记附带审查。" if nr is not None else ""
    if move == "resume":
        if nr is not None and nr.is_open:
            return "规范性文件附带审查尚未处理完毕，处理完毕后恢复审理。"
        return ""
    if nr is None or not nr.is_open:
        return "没有正在办理的附带审查。"
    if move == "norm_notify" and (not nr.competent or nr.notified_on):
        return "无需（或已）书面通知制定机关。"
    if move == "norm_reply" and (not nr.competent or not nr.notified_on or nr.reply_on):
        return "尚未通知制定机关，或已收到答复。"
    if move == "norm_forward" and (nr.competent or nr.forwarded_on):
        return "本机关有权处理，或已转送。"
    if move == "norm_conclude" and not (nr.competent or nr.forwarded_on):
        return "请先转送有权处理的机关。"
    return ""


def case_moves(case, user):
    """The moves `user` may make on the 复议 case now (the page shows their forms)."""
    if case.status != Case.Status.ACTIVE:
        return set()
    r = case.recon_case
    step = case.current_step
    if api.find_pending_task(case, user, step=step) is None:
        return set()
    return {
        m
        for m, stages in CASE_MOVES.items()
        if step in MOVE_STEPS.get(m, (HANDLE_STEP,)) and r.stage in stages and not _case_condition(r, m)
    }


def _locked_case(case_id, actor, move):
    case = api.lock_case(case_id, process=CASE_PROCESS)
    r = ReconCase.objects.select_for_update().get(case=case)
    steps = MOVE_STEPS.get(move, (HANDLE_STEP,))
    if case.status != Case.Status.ACTIVE or case.current_step not in steps:
        raise TransitionError("该案件当前不在此办理环节（可能已提交审批或已办结），请刷新页面。")
    task = api.pending_task(case, actor, step=case.current_step, refusal="只有本案承办人可以办理。")
    if r.stage not in CASE_MOVES[move]:
        raise TransitionError(f"该案件目前“{r.get_stage_display()}”，不能进行此操作。")
    reason = _case_condition(r, move)
    if reason:
        raise TransitionError(reason)
    return case, r, task


def _close_at_handle(case, task, actor, text):
    """The case ends at 承办审理 (不予受理, 视为放弃): nothing follows; the other handler's task goes."""
    api.replace_route_after(case, HANDLE_STEP, [])
    api.cancel_other_tasks(case, task)
    api.finish_own_step(case.pk, task.pk, actor, text)


@transaction.atomic
def notify_supplement(case_id, actor, on_date, items):
    """一次性补正通知 (§31): within the 5 WD of review; the review stops and counts again from
    the receipt of the 补正 materials; the applicant's 10 WD start."""
    case, r, task = _locked_case(case_id, actor, "supplement")
    items = _text(items, "需要补正的事项（一次性载明）")
    on_date = _date(on_date, "补正通知送达日期")
    _not_before(on_date, r.received_on, "补正通知日期", "收到申请日期")
    review = _need_clock(case, ACCEPT_RULE, "受理审查期限")
    if on_date > review.due_date:
        raise TransitionError(
            f"补正通知应当自收到申请之日起五日内书面发出（至 {review.due_date:%Y-%m-%d}，行政复议法 §31）；"
            "审查期限已届满的，视为受理。"
        )
    deadlines.pause_clock(review.pk, actor, on_date, "书面通知补正，收到补正材料后重新审查（§31）")
    deadlines.start_clock(case, APPLICANT_SUPPLEMENT_RULE, on_date, actor)
    r.stage, r.supplement_items, r.supplement_notice_on = Stage.SUPPLEMENT, items, on_date
    r.save(update_fields=["stage", "supplement_items", "supplement_notice_on"])
    api.log_event(case, actor, step_label="补正通知", opinion=items, audit_event="reconsideration.supplement")
    return case


@transaction.atomic
def receive_supplement(case_id, actor, on_date):
    case, r, task = _locked_case(case_id, actor, "supplement_received")
    on_date = _date(on_date, "收到补正材料日期")
    _not_before(on_date, r.supplement_notice_on, "收到补正材料日期", "补正通知日期")
    _stop(case, APPLICANT_SUPPLEMENT_RULE, actor, on_date)
    review = _need_clock(case, ACCEPT_RULE, "受理审查期限")
    deadlines.restart_clock(review.pk, actor, on_date, "收到补正材料（§31¶3）")
    r.stage, r.supplement_received_on = Stage.RECEIVED, on_date
    r.save(update_fields=["stage", "supplement_received_on"])
    return case


@transaction.atomic
def lapse_supplement(case_id, actor, on_date):
    """申请人无正当理由逾期不补正 → 视为放弃行政复议申请 (§31¶2), once the 10 WD have passed."""
    case, r, task = _locked_case(case_id, actor, "lapse")
    on_date = _date(on_date, "记录日期")
    clock = _open_clock(case, APPLICANT_SUPPLEMENT_RULE)
    if clock is not None and on_date <= clock.due_date:
        raise TransitionError(f"申请人补正期限至 {clock.due_date:%Y-%m-%d} 届满，届满后仍未补正的才视为放弃申请。")
    _cancel(case, APPLICANT_SUPPLEMENT_RULE, actor, "申请人逾期未补正")
    _cancel(case, ACCEPT_RULE, actor, "申请人逾期未补正，视为放弃申请")
    r.stage, r.concluded_on = Stage.WITHDRAWN, on_date
    r.save(update_fields=["stage", "concluded_on"])
    _close_at_handle(case, task, actor, "申请人无正当理由逾期不补正，视为放弃行政复议申请，记录在案（§31¶2）。")
    return case


@transaction.atomic
def accept(case_id, actor, on_date, track):
    """受理 on the ordinary or simplified track (§53). Past the review's last day with nothing
    decided, the application is deemed accepted on that day (§30¶3). The copy (7/3 WD) and the
    decision (60/30 days) count from acceptance."""
    case, r, task = _locked_case(case_id, actor, "accept")
    if track not in Track.values:
        raise TransitionError("请选择普通程序或简易程序。")
    on_date = _date(on_date, "受理日期")
    _not_before(on_date, r.supplement_received_on or r.received_on, "受理日期", "收到申请（补正材料）日期")
    review = _need_clock(case, ACCEPT_RULE, "受理审查期限")
    deemed = on_date > review.due_date
    accepted_on = review.due_date if deemed else on_date
    deadlines.stop_clock(review.pk, actor, accepted_on)
    r.stage, r.track, r.accepted_on, r.deemed_accepted = Stage.ACCEPTED, track, accepted_on, deemed
    r.save(update_fields=["stage", "track", "accepted_on", "deemed_accepted"])
    deadlines.start_clock(case, SEND_COPY_RULES[track], accepted_on, actor)
    deadlines.start_clock(case, DECISION_RULES[track], accepted_on, actor)
    how = "审查期限届满未作出不予受理决定，视为受理（§30¶3）" if deemed else "决定受理"
    api.log_event(
        case,
        actor,
        step_label="受理",
        opinion=f"{accepted_on:%Y-%m-%d} {how}，适用{Track(track).label}。",
        audit_event="reconsideration.accept",
    )
    return case


@transaction.atomic
def reject(case_id, actor, on_date, reason):
    """不予受理 (§30¶2), inside the review period; past it the application is deemed accepted."""
    case, r, task = _locked_case(case_id, actor, "reject")
    reason = _text(reason, "不予受理的理由（不属于本机关管辖的，告知有管辖权的行政复议机关）")
    on_date = _date(on_date, "决定日期")
    review = _need_clock(case, ACCEPT_RULE, "受理审查期限")
    if on_date > review.due_date:
        raise TransitionError(
            f"审查期限已于 {review.due_date:%Y-%m-%d} 届满，视为受理（§30¶3），不能再决定不予受理；"
            "受理后发现不符合受理条件的，应当决定驳回申请（§33）。"
        )
    deadlines.stop_clock(review.pk, actor, on_date)
    r.stage, r.rejection_reason, r.concluded_on = Stage.REJECTED, reason, on_date
    r.save(update_fields=["stage", "rejection_reason", "concluded_on"])
    _close_at_handle(case, task, actor, f"不予受理：{reason}")
    return case


@transaction.atomic
def decline_jurisdiction(case_id, actor, on_date, competent_body, reason):
    """不属于本机关管辖 (§30¶1(六), ¶2): inside the review period, 不予受理 with the competent
    行政复议机关 named in the decision, so the applicant can apply there."""
    case, r, task = _locked_case(case_id, actor, "jurisdiction")
    competent_body = _text(competent_body, "有管辖权的行政复议机关")
    reason = _text(reason, "不属于本机关管辖的理由")
    on_date = _date(on_date, "决定日期")
    _not_before(on_date, r.supplement_received_on or r.received_on, "决定日期", "收到申请（补正材料）日期")
    review = _need_clock(case, ACCEPT_RULE, "受理审查期限")
    if on_date > review.due_date:
        raise TransitionError(
            f"审查期限已于 {review.due_date:%Y-%m-%d} 届满，视为受理（§30¶3）；不属于本机关管辖的，"
            "应当在审查期限内决定不予受理并告知有管辖权的行政复议机关。"
        )
    deadlines.stop_clock(review.pk, actor, on_date)
    r.stage, r.concluded_on, r.competent_body = Stage.REJECTED, on_date, competent_body
    r.rejection_reason = f"不属于本机关管辖：{reason}"
    r.save(update_fields=["stage", "rejection_reason", "concluded_on", "competent_body"])
    _close_at_handle(case, task, actor, f"不属于本机关管辖，不予受理，告知申请人向{competent_body}申请（§30¶2）。")
    return case


@transaction.atomic
def send_copy(case_id, actor, sent_on, received_on):
    """申请书副本 (or the 笔录's copy) to the respondent: its answer period runs from its receipt."""
    case, r, task = _locked_case(case_id, actor, "send_copy")
    sent_on = _date(sent_on, "发送日期")
    received_on = _date(received_on, "被申请人收到日期")
    _not_before(sent_on, r.accepted_on, "发送日期", "受理日期")
    _not_before(received_on, sent_on, "被申请人收到日期", "发送日期")
    _stop(case, SEND_COPY_RULES[r.track], actor, sent_on)
    deadlines.start_clock(case, ANSWER_WATCH_RULES[r.track], received_on, actor)
    r.copy_sent_on, r.copy_received_on = sent_on, received_on
    r.save(update_fields=["copy_sent_on", "copy_received_on"])
    return case


@transaction.atomic
def record_answer(case_id, actor, on_date=None, missing=False):
    """The respondent's written answer, or none by the end of its period (§70: treated as
    having no evidence or basis)."""
    case, r, task = _locked_case(case_id, actor, "answer")
    # the copy may have gone out on the simplified track before a switch to the ordinary one
    clock = _open_clock(case, ANSWER_WATCH_RULES[Track.ORDINARY]) or _open_clock(case, ANSWER_WATCH_RULES[Track.SIMPLE])
    if missing:
        if clock is not None and timezone.localdate() <= clock.due_date:
            raise TransitionError(f"被申请人答复期限至 {clock.due_date:%Y-%m-%d} 届满，届满后才能登记逾期未答复。")
        if clock is not None:
            deadlines.cancel_clock(clock.pk, actor, "被申请人逾期未答复，视为没有证据、依据（§70）")
        r.answer_missing = True
        r.save(update_fields=["answer_missing"])
        return case
    on_date = _date(on_date, "收到答复日期")
    _not_before(on_date, r.copy_received_on, "收到答复日期", "被申请人收到副本日期")
    if clock is not None:
        deadlines.stop_clock(clock.pk, actor, on_date)
    r.answer_on = on_date
    r.save(update_fields=["answer_on"])
    return case


def _is_chief_of(user, case):
    return user is not None and user.is_active and user.rank == Rank.CHIEF and user.section_id == case.section_id


@transaction.atomic
def switch_to_ordinary(case_id, actor, on_date, reason, approved_by):
    """简易程序 → 普通程序 (§55) with the 复议机构负责人's approval: 60 days from acceptance."""
    case, r, task = _locked_case(case_id, actor, "switch")
    reason = _text(reason, "不宜适用简易程序的理由")
    on_date = _date(on_date, "转换日期")
    _not_before(on_date, r.accepted_on, "转换日期", "受理日期")
    if not _is_chief_of(approved_by, case):
        raise TransitionError("转为普通程序须经行政复议机构（行政复议应诉科）负责人批准（§55）。")
    _cancel(case, DECISION_RULES[Track.SIMPLE], actor, "转为普通程序审理（§55）")
    deadlines.start_clock(case, DECISION_RULES[Track.ORDINARY], r.accepted_on, actor)
    if r.copy_sent_on is None:
        _cancel(case, SEND_COPY_RULES[Track.SIMPLE], actor, "转为普通程序审理（§55）")
        deadlines.start_clock(case, SEND_COPY_RULES[Track.ORDINARY], r.accepted_on, actor)
    r.track, r.switched_on, r.switch_reason, r.switch_approved_by = Track.ORDINARY, on_date, reason, approved_by
    r.save(update_fields=["track", "switched_on", "switch_reason", "switch_approved_by"])
    api.log_event(
        case,
        actor,
        step_label="转为普通程序",
        opinion=f"经{approved_by.full_name}批准：{reason}",
        audit_event="reconsideration.switch",
    )
    return case


@transaction.atomic
def schedule_hearing(case_id, actor, data):
    """听证 (§50–51): one presiding officer, at least two 听证员, a clerk; the written notice
    reaches the parties at least 5 WD before the hearing."""
    case, r, task = _locked_case(case_id, actor, "hearing")
    hearing_on = _date(data.get("hearing_on"), "听证日期", future=True)
    notice_on = _date(data.get("notice_on"), "听证通知送达日期")
    if hearing_on <= notice_on:
        raise TransitionError("听证日期应在通知送达之后。")
    place = _text(data.get("place"), "听证地点")
    matter = _text(data.get("matter"), "拟听证事项")
    presiding = _text(data.get("presiding"), "听证主持人")
    panel = _text(data.get("panel"), "听证员（两名以上）")
    clerk = _text(data.get("clerk"), "记录员")
    clock = deadlines.start_clock(case, HEARING_RULE, hearing_on, actor)
    if notice_on > clock.due_date:
        raise TransitionError(
            f"听证通知应当于举行听证的五日前书面送达（不晚于 {clock.due_date:%Y-%m-%d}，§51），请改期听证。"
        )
    deadlines.stop_clock(clock.pk, actor, notice_on)
    r.hearing_on, r.hearing_notice_on, r.hearing_place, r.hearing_matter = hearing_on, notice_on, place, matter
    r.hearing_presiding, r.hearing_panel, r.hearing_clerk = presiding, panel, clerk
    r.save(
        update_fields=[
            "hearing_on",
            "hearing_notice_on",
            "hearing_place",
            "hearing_matter",
            "hearing_presiding",
            "hearing_panel",
            "hearing_clerk",
        ]
    )
    return case


@transaction.atomic
def record_hearing(case_id, actor, held_on, head_attended, notes):
    case, r, task = _locked_case(case_id, actor, "hearing_held")
    held_on = _date(held_on, "举行听证日期")
    _not_before(held_on, r.hearing_notice_on, "举行听证日期", "听证通知日期")
    r.hearing_held_on, r.respondent_head_attended, r.hearing_notes = (
        held_on,
        bool(head_attended),
        _text(notes, "听证情况"),
    )
    r.save(update_fields=["hearing_held_on", "respondent_head_attended", "hearing_notes"])
    return case


@transaction.atomic
def pause(case_id, actor, on_date, cause, reason):
    """中止 (§39) with a written notice: the decision period stops; for items 1, 2 and 4 the 60
    days to 终止 (§41(五)) start."""
    case, r, task = _locked_case(case_id, actor, "pause")
    if cause not in PauseCause.values:
        raise TransitionError("请选择中止事由。")
    if cause == PauseCause.C9:
        raise TransitionError("附带审查规范性文件的中止，请通过“规范性文件附带审查”登记（§56–58）。")
    reason = _text(reason, "中止的具体情况")
    on_date = _date(on_date, "中止日期")
    _not_before(on_date, r.resumed_on or r.accepted_on, "中止日期", "受理（上次恢复）日期")
    clock = _need_clock(case, DECISION_RULES[r.track], "行政复议决定期限")
    deadlines.pause_clock(clock.pk, actor, on_date, f"中止审理：{PauseCause(cause).label[:60]}")
    if cause in TERMINATING_CAUSES and not case.clocks.filter(rule__code=SUSPENSION_RULE).exists():
        deadlines.start_clock(case, SUSPENSION_RULE, on_date, actor)
    r.stage, r.paused_on, r.pause_cause, r.pause_reason = Stage.PAUSED, on_date, cause, reason
    r.save(update_fields=["stage", "paused_on", "pause_cause", "pause_reason"])
    return case


@transaction.atomic
def resume(case_id, actor, on_date, reason):
    """恢复审理 (§39¶2) with a written notice: the decision period counts on."""
    case, r, task = _locked_case(case_id, actor, "resume")
    reason = _text(reason, "中止原因消除的情况")
    on_date = _date(on_date, "恢复审理日期")
    _not_before(on_date, r.paused_on, "恢复审理日期", "中止日期")
    clock = _need_clock(case, DECISION_RULES[r.track], "行政复议决定期限")
    deadlines.resume_clock(clock.pk, actor, on_date, reason)
    _stop(case, SUSPENSION_RULE, actor, on_date)
    r.stage, r.resumed_on = Stage.ACCEPTED, on_date
    r.save(update_fields=["stage", "resumed_on"])
    return case


@transaction.atomic
def extend(case_id, actor, days, reason, approved_by):
    """延期 (§62¶1): complex cases, with the 复议机构负责人's approval, at most 30 days in all,
    decided before the period ends; the parties are told in writing (延期审理通知书)."""
    case, r, task = _locked_case(case_id, actor, "extend")
    reason = _text(reason, "情况复杂需要延期的理由")
    clock = _need_clock(case, DECISION_RULES[r.track], "行政复议决定期限")
    if clock.status == CaseClock.Status.RUNNING and timezone.localdate() > clock.due_date:
        raise TransitionError(f"决定期限已于 {clock.due_date:%Y-%m-%d} 届满，延期须在期限届满前批准并书面告知当事人。")
    deadlines.extend_clock(clock.pk, actor, days, reason, approved_by)
    r.extended_days += int(days)
    r.extension_reason, r.extended_on, r.extension_approved_by = reason, timezone.localdate(), approved_by
    r.save(update_fields=["extended_days", "extension_reason", "extended_on", "extension_approved_by"])
    return case


NEEDS_COPY = set(DecisionType) - {DecisionType.TERMINATE, DecisionType.MEDIATION}


@transaction.atomic
def draft_decision(case_id, actor, decision_type, text, review_meeting_on):
    """拟定 the decision (or 调解书 / 终止决定), after the 案审会's review (seed 002 rule 20): it
    goes to the chief's first review and the head's signature (chain "decision")."""
    case, r, task = _locked_case(case_id, actor, "decide")
    if decision_type not in DecisionType.values:
        raise TransitionError("请选择决定类型。")
    text = _text(text, "决定主文及理由")
    review_meeting_on = _date(review_meeting_on, "案审会审议日期")
    _not_before(review_meeting_on, r.accepted_on, "案审会审议日期", "受理日期")
    if r.stage == Stage.PAUSED and decision_type != DecisionType.TERMINATE:
        raise TransitionError("案件中止审理期间只能决定终止；作出其他决定前请先恢复审理。")
    if decision_type in NEEDS_COPY and r.copy_sent_on is None:
        raise TransitionError("尚未向被申请人发送申请书副本并听取答复，不能作出行政复议决定（§48）。")
    r.decision_type, r.decision_text, r.review_meeting_on, r.drafted_by = decision_type, text, review_meeting_on, actor
    r.save(update_fields=["decision_type", "decision_text", "review_meeting_on", "drafted_by"])
    api.cancel_other_tasks(case, task)
    api.finish_own_step(
        case.pk, task.pk, actor, f"拟定决定：{DecisionType(decision_type).label}。{text}", keep_result=False
    )
    return case


@transaction.atomic
def serve(case_id, actor, decided_on, served_on):
    """The approved decision is made (in the district government's name) on `decided_on` and
    served on `served_on` (effective on service, §75): the decision period stops on the day it
    was made; publication (§79) is watched from service, then the file closes (close_file)."""
    case, r, task = _locked_case(case_id, actor, "serve")
    if not r.decision_type:
        raise TransitionError("尚无经审批的行政复议决定。")
    decided_on = _date(decided_on, "决定日期")
    served_on = _date(served_on, "送达日期")
    _not_before(decided_on, r.accepted_on, "决定日期", "受理日期")
    _not_before(served_on, decided_on, "送达日期", "决定日期")
    decision = _open_clock(case, DECISION_RULES[r.track])
    if decision is not None and decision.status == CaseClock.Status.PAUSED:
        # terminated while paused: the pause ends with the decision, its days not counted
        deadlines.resume_clock(decision.pk, actor, max(decided_on, decision.paused_since), "作出决定，中止结束")
    _stop(case, DECISION_RULES[r.track], actor, decided_on)
    for code in (
        *SEND_COPY_RULES.values(),
        *ANSWER_WATCH_RULES.values(),
        SUSPENSION_RULE,
        DECISION_RULES[Track.SIMPLE],
        *NORM_RULES,
    ):
        _cancel(case, code, actor, "案件已作出决定")
    nr = norm_review_of(r)
    if nr is not None and nr.is_open:
        nr.concluded_on, nr.result_text = decided_on, "案件已作出决定，附带审查随案办结。"
        nr.save(update_fields=["concluded_on", "result_text"])
    r.stage, r.decided_on, r.served_on, r.concluded_on = Stage.DECIDED, decided_on, served_on, served_on
    r.save(update_fields=["stage", "decided_on", "served_on", "concluded_on"])
    deadlines.start_clock(case, PUBLICATION_RULE, served_on, actor)
    api.cancel_other_tasks(case, task)
    api.finish_own_step(
        case.pk,
        task.pk,
        actor,
        f"{DecisionType(r.decision_type).label}，{decided_on:%Y-%m-%d} 作出，{served_on:%Y-%m-%d} 送达。",
    )
    return case


# --- 附带审查 (§13, §56–60) ----------------------------------------------------------------


def _locked_review(case_id, actor, move):
    case, r, task = _locked_case(case_id, actor, move)
    nr = NormReview.objects.select_for_update().filter(recon=r).first()
    return case, r, nr


@transaction.atomic
def raise_norm_review(case_id, actor, data):
    """附带审查 requested with the application (§13, §56) or found by the body (§57): the case is
    中止 (§39(九)), its decision period paused. The body handles it in 30 days and notifies the
    enacting body in 3 WD of the 中止 (§58); or, not competent, forwards it in 7 WD (§56–57)."""
    case, r, task = _locked_case(case_id, actor, "norm_review")
    origin = data.get("origin")
    if origin not in ReviewOrigin.values:
        raise TransitionError("请选择提起方式。")
    document = _text(data.get("document"), "规范性文件名称及文号")
    clauses = _text(data.get("clauses"), "审查的条款及不合法的理由")
    enacting_body = _text(data.get("enacting_body"), "制定机关")
    raised_on = _date(data.get("raised_on"), "提出（发现）日期")
    _not_before(raised_on, r.resumed_on or r.accepted_on, "提出日期", "受理（上次恢复）日期")
    competent = bool(data.get("competent"))
    clock = _need_clock(case, DECISION_RULES[r.track], "行政复议决定期限")
    deadlines.pause_clock(clock.pk, actor, raised_on, "中止审理：附带审查规范性文件（§39(九)）")
    NormReview.objects.create(
        recon=r,
        origin=origin,
        document=document,
        clauses=clauses,
        enacting_body=enacting_body,
        raised_on=raised_on,
        competent=competent,
    )
    if competent:
        deadlines.start_clock(case, NORM_HANDLE_RULE, raised_on, actor)
        deadlines.start_clock(case, NORM_NOTIFY_RULE, raised_on, actor)
    else:
        deadlines.start_clock(case, NORM_FORWARD_RULE, raised_on, actor)
    r.stage, r.paused_on, r.pause_cause = Stage.PAUSED, raised_on, PauseCause.C9
    r.pause_reason = f"对{document}进行附带审查（{'本机关依法处理' if competent else '转送有权机关处理'}）"
    r.save(update_fields=["stage", "paused_on", "pause_cause", "pause_reason"])
    api.log_event(
        case, actor, step_label="附带审查", opinion=f"{r.pause_reason}，中止审理。", audit_event="reconsideration.norm"
    )
    return case


@transaction.atomic
def notify_enacting_body(case_id, actor, notified_on, received_on):
    """§58: the written notice to the enacting body (3 WD from the 中止); its written answer is
    due 10 WD from its receipt."""
    case, r, nr = _locked_review(case_id, actor, "norm_notify")
    notified_on = _date(notified_on, "书面通知日期")
    received_on = _date(received_on, "制定机关收到日期")
    _not_before(notified_on, nr.raised_on, "书面通知日期", "中止日期")
    _not_before(received_on, notified_on, "制定机关收到日期", "书面通知日期")
    _stop(case, NORM_NOTIFY_RULE, actor, notified_on)
    deadlines.start_clock(case, NORM_REPLY_RULE, received_on, actor)
    nr.notified_on, nr.body_received_on = notified_on, received_on
    nr.save(update_fields=["notified_on", "body_received_on"])
    api.save_case(case)
    return case


@transaction.atomic
def record_enacting_reply(case_id, actor, on_date):
    case, r, nr = _locked_review(case_id, actor, "norm_reply")
    on_date = _date(on_date, "收到书面答复日期")
    _not_before(on_date, nr.body_received_on, "收到答复日期", "制定机关收到通知日期")
    _stop(case, NORM_REPLY_RULE, actor, on_date)
    nr.reply_on = on_date
    nr.save(update_fields=["reply_on"])
    api.save_case(case)
    return case


@transaction.atomic
def forward_norm_review(case_id, actor, forwarded_on, forwarded_to, received_on):
    """§56–57: not competent, forward within 7 WD; the receiver answers within 60 days (§60)."""
    case, r, nr = _locked_review(case_id, actor, "norm_forward")
    forwarded_to = _text(forwarded_to, "有权处理的机关")
    forwarded_on = _date(forwarded_on, "转送日期")
    received_on = _date(received_on, "有权机关收到日期")
    _not_before(forwarded_on, nr.raised_on, "转送日期", "提出日期")
    _not_before(received_on, forwarded_on, "有权机关收到日期", "转送日期")
    _stop(case, NORM_FORWARD_RULE, actor, forwarded_on)
    deadlines.start_clock(case, NORM_FORWARDED_REPLY_RULE, received_on, actor)
    nr.forwarded_to, nr.forwarded_on, nr.forward_received_on = forwarded_to, forwarded_on, received_on
    nr.save(update_fields=["forwarded_to", "forwarded_on", "forward_received_on"])
    api.save_case(case)
    return case


@transaction.atomic
def conclude_norm_review(case_id, actor, on_date, result, text):
    """The review is settled (§59: lawful → told in the decision; unlawful → the clause stops and
    the enacting body is told to correct it; §60: the receiver's answer): the case resumes on
    that day, the decision period counting on (§39¶2, written notice to the parties)."""
    case, r, nr = _locked_review(case_id, actor, "norm_conclude")
    allowed = (ReviewResult.LAWFUL, ReviewResult.UNLAWFUL) if nr.competent else (ReviewResult.FORWARDED,)
    if result not in allowed:
        raise TransitionError("请选择与处理方式相符的处理结果。")
    text = _text(text, "处理意见")
    on_date = _date(on_date, "处理完毕日期")
    _not_before(on_date, nr.forward_received_on or nr.raised_on, "处理完毕日期", "提出（转送）日期")
    if nr.competent:
        _stop(case, NORM_HANDLE_RULE, actor, on_date)
        _stop(case, NORM_NOTIFY_RULE, actor, on_date)
        _cancel(case, NORM_REPLY_RULE, actor, "附带审查已处理完毕")
    else:
        _stop(case, NORM_FORWARDED_REPLY_RULE, actor, on_date)
    nr.result, nr.result_text, nr.concluded_on = result, text, on_date
    nr.save(update_fields=["result", "result_text", "concluded_on"])
    clock = _need_clock(case, DECISION_RULES[r.track], "行政复议决定期限")
    deadlines.resume_clock(clock.pk, actor, on_date, "附带审查处理完毕，恢复审理")
    _stop(case, SUSPENSION_RULE, actor, on_date)
    r.stage, r.resumed_on = Stage.ACCEPTED, on_date
    r.save(update_fields=["stage", "resumed_on"])
    api.log_event(
        case,
        actor,
        step_label="附带审查处理完毕",
        opinion=f"{ReviewResult(result).label}：{text}；{on_date:%Y-%m-%d} 恢复审理。",
        audit_event="reconsideration.norm",
    )
    return case


# --- 意见书、建议书 (§76–77; 实施条例 §57), 公开 (§79), 归档 ---------------------------------------


@transaction.atomic
def issue_letter(case_id, actor, kind, addressee, content, issued_on, received_on):
    """制发 a 意见书 (the body reports its correction within 60 days of receipt, §76) or a 建议书:
    the answer is watched from its receipt; the sweep reminds and escalates."""
    case, r, task = _locked_case(case_id, actor, "letter")
    if kind not in LetterKind.values:
        raise TransitionError("请选择意见书或建议书。")
    if r.letters.filter(kind=kind).exists():
        raise TransitionError(f"本案已制发{LetterKind(kind).label}。")
    addressee = _text(addressee, "制发对象（有关机关）")
    content = _text(content, "发现的问题及意见（建议）")
    issued_on = _date(issued_on, "制发日期")
    received_on = _date(received_on, "有关机关收到日期")
    _not_before(issued_on, r.accepted_on, "制发日期", "受理日期")
    _not_before(received_on, issued_on, "收到日期", "制发日期")
    Letter.objects.create(
        recon=r,
        kind=kind,
        addressee=addressee,
        content=content,
        issued_on=issued_on,
        received_on=received_on,
        issued_by=actor,
    )
    deadlines.start_clock(case, LETTER_RULES[kind], received_on, actor)
    api.log_event(
        case,
        actor,
        step_label=LetterKind(kind).label,
        opinion=f"{issued_on:%Y-%m-%d} 向{addressee}制发：{content}",
        audit_event="reconsideration.letter",
    )
    return case


def _open_letter(r, kind):
    letter = Letter.objects.select_for_update().filter(recon=r, kind=kind, reply_on__isnull=True).first()
    if letter is None:
        raise TransitionError("该文书没有待回复的纠正（落实）情况。")
    return letter


@transaction.atomic
def urge_letter(case_id, actor, kind, on_date, text):
    """督促 (§77¶2: 责令限期履行, 约谈 or 通报批评 for a 意见书 not performed)."""
    case, r, task = _locked_case(case_id, actor, "letter_urge")
    letter = _open_letter(r, kind)
    on_date = _date(on_date, "督促日期")
    _not_before(on_date, letter.received_on, "督促日期", "收到日期")
    letter.urged_on, letter.urge_text = on_date, _text(text, "督促情况")
    letter.save(update_fields=["urged_on", "urge_text"])
    api.log_event(case, actor, step_label=f"督促{letter.get_kind_display()}", opinion=letter.urge_text)
    return case


@transaction.atomic
def record_letter_reply(case_id, actor, kind, on_date, outcome, text):
    case, r, task = _locked_case(case_id, actor, "letter_reply")
    letter = _open_letter(r, kind)
    if outcome not in LetterOutcome.values:
        raise TransitionError("请选择纠正（采纳）结果。")
    on_date = _date(on_date, "收到报告日期")
    _not_before(on_date, letter.received_on, "收到报告日期", "有关机关收到日期")
    _stop(case, LETTER_RULES[kind], actor, on_date)
    letter.reply_on, letter.outcome, letter.reply_text = on_date, outcome, _text(text, "纠正（落实）情况")
    letter.save(update_fields=["reply_on", "outcome", "reply_text"])
    api.log_event(
        case,
        actor,
        step_label=f"{letter.get_kind_display()}回复",
        opinion=f"{LetterOutcome(outcome).label}：{letter.reply_text}",
    )
    return case


@transaction.atomic
def publish(case_id, actor, data):
    """§79: the decision published as the state requires (or the reason it is not), and for a
    department of the district government as respondent the copy to its superior."""
    case, r, task = _locked_case(case_id, actor, "publish")
    published_on = data.get("published_on")
    place = (data.get("place") or "").strip()
    withheld = (data.get("withheld_reason") or "").strip()
    if published_on and withheld:
        raise TransitionError("请登记公开日期和渠道，或者不予公开的理由，二者择一。")
    if published_on:
        published_on = _date(published_on, "公开日期")
        _not_before(published_on, r.served_on, "公开日期", "送达日期")
        if not place:
            raise TransitionError("请填写公开渠道（如区政府门户网站行政复议专栏）。")
        _stop(case, PUBLICATION_RULE, actor, published_on)
    elif withheld:
        _cancel(case, PUBLICATION_RULE, actor, f"不予公开：{withheld}")
    else:
        raise TransitionError("请登记公开日期和渠道，或者不予公开的理由（涉及国家秘密、商业秘密、个人隐私等）。")
    copied_on = data.get("superior_copied_on")
    superior = (data.get("superior_name") or "").strip()
    if copied_on:
        copied_on = _date(copied_on, "抄告日期")
        _not_before(copied_on, r.served_on, "抄告日期", "送达日期")
        superior = _text(superior, "被申请人的上一级主管部门")
    r.published_on, r.publication_place, r.withheld_reason = published_on or None, place, withheld
    r.superior_copied_on, r.superior_name = copied_on or None, superior if copied_on else ""
    r.save(
        update_fields=["published_on", "publication_place", "withheld_reason", "superior_copied_on", "superior_name"]
    )
    api.save_case(case)
    return case


@transaction.atomic
def close_file(case_id, actor, on_date):
    """归档办结: publication settled and every 意见书/建议书 answered."""
    case, r, task = _locked_case(case_id, actor, "close_file")
    on_date = _date(on_date, "归档日期")
    _not_before(on_date, r.served_on, "归档日期", "送达日期")
    r.filed_on = on_date
    r.save(update_fields=["filed_on"])
    api.cancel_other_tasks(case, task)
    api.finish_own_step(case.pk, task.pk, actor, f"{on_date:%Y-%m-%d} 公开、抄告和履行监督完毕，案卷归档。")
    return case


# --- 本局为被申请人 --------------------------------------------------------------------------

ANSWER_KEYS = (
    "body",
    "body_case_no",
    "applicant",
    "phone",
    "act",
    "act_type",
    "acting_section",
    "simplified",
    "copy_received_on",
)


@transaction.atomic
def register_answer(actor, data):
    """收到 the copy of an application against the bureau: the answer is due in 10 WD (5 WD on
    the simplified track) from its receipt (§48, §54)."""
    _section_actor(actor)
    fields = {key: data.get(key) for key in ANSWER_KEYS}
    fields["applicant"] = _text(fields["applicant"], "申请人")
    fields["act"] = _text(fields["act"], "被申请复议的本局行政行为")
    fields["phone"] = str(fields["phone"] or "").strip()
    fields["body_case_no"] = str(fields["body_case_no"] or "").strip()
    fields["simplified"] = bool(fields["simplified"])
    if not isinstance(fields["body"], ExternalUnit):
        raise TransitionError("请选择行政复议机关。")
    if not isinstance(fields["acting_section"], Section):
        raise TransitionError("请选择作出行为的承办科室。")
    if fields["act_type"] not in ActType.values:
        raise TransitionError("请选择行政行为类别。")
    received = _date(fields["copy_received_on"], "收到申请书副本日期")
    title = f"{fields['applicant']}申请行政复议（本局为被申请人，{fields['body'].name}）"
    case = api.create_case(ANSWER_PROCESS, initiator=actor, section=actor.section, title=title[:200], step_label="登记")
    record = RespondentCase(case=case, **fields)
    _clean(record)
    record.save()
    api.submit(case.pk, actor)
    deadlines.start_clock(case, BUREAU_ANSWER_RULES[fields["simplified"]], received, actor)
    case.refresh_from_db()
    return case


def _locked_record(case_id, actor, process, model, step):
    case = api.lock_case(case_id, process=process)
    record = model.objects.select_for_update().get(case=case)
    if case.status != Case.Status.ACTIVE or case.current_step != step:
        raise TransitionError("该事项当前不在此办理环节（可能已提交审批或已办结），请刷新页面。")
    task = api.pending_task(case, actor, step=step, refusal="只有本案承办人可以办理。")
    return case, record, task


@transaction.atomic
def draft_answer(case_id, actor, summary, evidence):
    """行政复议答复书 with the evidence and legal basis (prepared with the acting section): it
    goes to the section chief, the division leader and the director."""
    case, r, task = _locked_record(case_id, actor, ANSWER_PROCESS, RespondentCase, DRAFT_STEP)
    r.answer_summary, r.evidence_list = _text(summary, "答复要点"), _text(evidence, "证据、依据目录")
    r.save(update_fields=["answer_summary", "evidence_list"])
    api.finish_own_step(case.pk, task.pk, actor, f"答复书（拟稿）：{r.answer_summary}", keep_result=False)
    return case


@transaction.atomic
def file_answer(case_id, actor, filed_on):
    case, r, task = _locked_record(case_id, actor, ANSWER_PROCESS, RespondentCase, FILE_STEP)
    filed_on = _date(filed_on, "提交答复日期")
    _not_before(filed_on, r.copy_received_on, "提交答复日期", "收到副本日期")
    _stop(case, BUREAU_ANSWER_RULES[r.simplified], actor, filed_on)
    r.filed_on = filed_on
    r.save(update_fields=["filed_on"])
    api.finish_own_step(case.pk, task.pk, actor, f"{filed_on:%Y-%m-%d} 向{r.body.name}提交答复及证据、依据。")
    return case


@transaction.atomic
def record_result(case_id, actor, result, result_on, note):
    case, r, task = _locked_record(case_id, actor, ANSWER_PROCESS, RespondentCase, RESULT_STEP)
    if result not in DecisionType.values:
        raise TransitionError("请选择复议结果。")
    result_on = _date(result_on, "收到复议决定日期")
    _not_before(result_on, r.filed_on, "收到决定日期", "提交答复日期")
    r.result, r.result_on, r.result_note = result, result_on, _text(note, "决定内容及本局落实情况")
    r.save(update_fields=["result", "result_on", "result_note"])
    api.finish_own_step(case.pk, task.pk, actor, f"复议结果：{DecisionType(result).label}。{r.result_note}")
    return case


# --- 行政应诉 --------------------------------------------------------------------------------

LAWSUIT_KEYS = (
    "court",
    "court_case_no",
    "plaintiff",
    "id_number",
    "phone",
    "address",
    "defendant",
    "act",
    "act_type",
    "claims",
    "served_on",
)


@transaction.atomic
def register_lawsuit(actor, data):
    """登记 the 起诉状副本: the 答辩状 with the evidence and basis are due in 15 days (§67)."""
    _section_actor(actor)
    fields = {key: data.get(key) for key in LAWSUIT_KEYS}
    for key, what in (
        ("plaintiff", "原告"),
        ("court_case_no", "法院案号"),
        ("act", "被诉行政行为"),
        ("claims", "诉讼请求"),
    ):
        fields[key] = _text(fields[key], what)
    for key in ("id_number", "phone", "address"):
        fields[key] = str(fields[key] or "").strip()
    if not isinstance(fields["court"], ExternalUnit):
        raise TransitionError("请选择受理法院。")
    if fields["defendant"] not in Defendant.values:
        raise TransitionError("请选择被告。")
    if fields["act_type"] not in ActType.values:
        raise TransitionError("请选择行政行为类别。")
    served_on = _date(fields["served_on"], "收到起诉状副本日期")
    title = f"{fields['plaintiff']}诉{Defendant(fields['defendant']).label.split('（')[0]}（{fields['court_case_no']}）"
    case = api.create_case(
        LITIGATION_PROCESS, initiator=actor, section=actor.section, title=title[:200], step_label="登记"
    )
    record = Lawsuit(case=case, **fields)
    _clean(record)
    record.save()
    api.submit(case.pk, actor)
    deadlines.start_clock(case, DEFENCE_RULE, served_on, actor)
    case.refresh_from_db()
    return case


def _locked_lawsuit(case_id, actor, step=None):
    """The lawsuit and its registrar (the handler): at `step` when given (their task), else at any
    step while the case is open (the registrar or the section chief)."""
    if step is not None:
        return _locked_record(case_id, actor, LITIGATION_PROCESS, Lawsuit, step)
    case = api.lock_case(case_id, process=LITIGATION_PROCESS)
    record = Lawsuit.objects.select_for_update().get(case=case)
    if case.status != Case.Status.ACTIVE:
        raise TransitionError("该案件已办结。")
    if actor.pk != case.initiator_id and not _is_chief_of(actor, case):
        raise TransitionError("只有本案承办人或科室负责人可以办理。")
    return case, record, None


@transaction.atomic
def apply_evidence_extension(case_id, actor, applied_on, reason, days, approved_by):
    """延期提供证据 (行诉解释 §34): the written application must reach the court within the 15
    days; the court's permission is recorded as an extension of the clock."""
    case, r, task = _locked_lawsuit(case_id, actor)
    if r.filed_on is not None:
        raise TransitionError("已提交答辩状和证据。")
    applied_on = _date(applied_on, "申请日期")
    reason = _text(reason, "不能按期提供证据的正当事由")
    clock = _need_clock(case, DEFENCE_RULE, "答辩举证期限")
    if applied_on > clock.due_date or timezone.localdate() > clock.due_date:
        raise TransitionError(
            f"延期提供证据须在收到起诉状副本之日起十五日内（至 {clock.due_date:%Y-%m-%d}）书面申请（行诉解释 §34），"
            "期限已过，逾期提供的视为没有相应证据。"
        )
    deadlines.extend_clock(clock.pk, actor, days, f"法院准许延期提供证据：{reason}", approved_by)
    r.extension_applied_on, r.extension_reason = applied_on, reason
    r.save(update_fields=["extension_applied_on", "extension_reason"])
    return case


@transaction.atomic
def file_objection(case_id, actor, filed_on, reason):
    """管辖异议 (行诉解释 §10): within the 答辩 period, i.e. 15 days from the complaint copy."""
    case, r, task = _locked_lawsuit(case_id, actor)
    if r.objection_on or r.stage not in (LawsuitStage.DEFENCE, LawsuitStage.TRIAL):
        raise TransitionError("已提出管辖异议，或案件已作出裁判。")
    filed_on = _date(filed_on, "提出日期")
    _not_before(filed_on, r.served_on, "提出日期", "收到起诉状副本日期")
    due = rule_due(OBJECTION_RULE, r.served_on)
    if due is not None and filed_on > due:
        raise TransitionError(f"管辖异议应当在答辩期内（至 {due:%Y-%m-%d}）提出（行诉解释 §10）。")
    r.objection_on, r.objection_reason = filed_on, _text(reason, "管辖异议理由")
    r.save(update_fields=["objection_on", "objection_reason"])
    api.log_event(case, actor, step_label="管辖异议", opinion=r.objection_reason)
    return case


@transaction.atomic
def record_objection_ruling(case_id, actor, text):
    case, r, task = _locked_lawsuit(case_id, actor)
    if not r.objection_on or r.objection_result:
        raise TransitionError("尚未提出管辖异议，或已登记裁定。")
    r.objection_result = _text(text, "法院对管辖异议的裁定")
    r.save(update_fields=["objection_result"])
    api.log_event(case, actor, step_label="管辖异议裁定", opinion=r.objection_result)
    return case


@transaction.atomic
def draft_defence(case_id, actor, summary, evidence, agents):
    case, r, task = _locked_lawsuit(case_id, actor, DRAFT_STEP)
    r.defence_summary, r.evidence_list = _text(summary, "答辩要点"), _text(evidence, "证据、依据目录")
    r.agents = (agents or "").strip()
    r.save(update_fields=["defence_summary", "evidence_list", "agents"])
    api.finish_own_step(case.pk, task.pk, actor, f"答辩状（拟稿）：{r.defence_summary}", keep_result=False)
    return case


@transaction.atomic
def file_defence(case_id, actor, filed_on):
    case, r, task = _locked_lawsuit(case_id, actor, FILE_STEP)
    filed_on = _date(filed_on, "提交日期")
    _not_before(filed_on, r.served_on, "提交日期", "收到起诉状副本日期")
    _stop(case, DEFENCE_RULE, actor, filed_on)
    r.filed_on, r.stage = filed_on, LawsuitStage.TRIAL
    r.save(update_fields=["filed_on", "stage"])
    api.finish_own_step(case.pk, task.pk, actor, f"{filed_on:%Y-%m-%d} 向{r.court.name}提交答辩状、证据和依据。")
    return case


@transaction.atomic
def record_appearance(case_id, actor, data):
    """负责人出庭应诉 (§3¶3, 行诉解释 §128–132): who appeared, or the 情况说明 of why not."""
    case, r, task = _locked_lawsuit(case_id, actor, TRIAL_STEP)
    hearing_on = _date(data.get("hearing_on"), "开庭日期", future=True)
    appeared = bool(data.get("head_appeared"))
    explanation = (data.get("explanation") or "").strip()
    if not appeared and not explanation:
        raise TransitionError("负责人不能出庭的，应当向人民法院提交情况说明，请写明理由（行诉解释 §132）。")
    Appearance.objects.create(
        lawsuit=r,
        hearing_on=hearing_on,
        head_appeared=appeared,
        head_name=_text(data.get("head_name"), "负责人姓名"),
        head_title=_text(data.get("head_title"), "负责人职务"),
        staff=(data.get("staff") or "").strip(),
        explanation=explanation,
        recorded_by=actor,
    )
    api.save_case(case)
    return case


@transaction.atomic
def record_judgment(case_id, actor, kind, result, served_on):
    """一审 judgment or ruling served: the appeal decision is due in 15 / 10 days (§85)."""
    case, r, task = _locked_lawsuit(case_id, actor, TRIAL_STEP)
    if r.stage != LawsuitStage.TRIAL:
        raise TransitionError("一审裁判已登记。")
    if kind not in JudgmentKind.values or result not in JudgmentResult.values:
        raise TransitionError("请选择裁判种类和结果。")
    served_on = _date(served_on, "裁判送达日期")
    _not_before(served_on, r.filed_on, "裁判送达日期", "提交答辩状日期")
    r.judgment_kind, r.judgment_result, r.judgment_served_on, r.stage = kind, result, served_on, LawsuitStage.JUDGED
    r.save(update_fields=["judgment_kind", "judgment_result", "judgment_served_on", "stage"])
    deadlines.start_clock(case, APPEAL_RULES[kind], served_on, actor)
    return case


@transaction.atomic
def decide_appeal(case_id, actor, appeal, decided_on, reason):
    case, r, task = _locked_lawsuit(case_id, actor, TRIAL_STEP)
    if r.stage != LawsuitStage.JUDGED or r.appeal is not None:
        raise TransitionError("尚无待决定是否上诉的一审裁判，或已作出决定。")
    decided_on = _date(decided_on, "决定日期")
    _not_before(decided_on, r.judgment_served_on, "决定日期", "裁判送达日期")
    clock = _need_clock(case, APPEAL_RULES[r.judgment_kind], "上诉期限")
    if appeal and decided_on > clock.due_date:
        raise TransitionError(f"上诉期限已于 {clock.due_date:%Y-%m-%d} 届满（行政诉讼法 §85），不能再上诉。")
    deadlines.stop_clock(clock.pk, actor, decided_on)
    r.appeal, r.appeal_decided_on, r.appeal_reason = bool(appeal), decided_on, _text(reason, "上诉与否的理由")
    if appeal:
        r.stage = LawsuitStage.APPEAL
    r.save(update_fields=["appeal", "appeal_decided_on", "appeal_reason", "stage"])
    return case


@transaction.atomic
def receive_appeal_copy(case_id, actor, received_on):
    """The other party appealed: the 上诉答辩状 is due in 15 days (行诉解释 §108)."""
    case, r, task = _locked_lawsuit(case_id, actor, TRIAL_STEP)
    if r.stage not in (LawsuitStage.JUDGED, LawsuitStage.APPEAL) or r.appeal_copy_on:
        raise TransitionError("尚无一审裁判，或已登记上诉状副本。")
    received_on = _date(received_on, "收到上诉状副本日期")
    _not_before(received_on, r.judgment_served_on, "收到上诉状副本日期", "裁判送达日期")
    r.appeal_copy_on = received_on
    r.save(update_fields=["appeal_copy_on"])
    deadlines.start_clock(case, APPEAL_ANSWER_RULE, received_on, actor)
    return case


@transaction.atomic
def file_appeal_answer(case_id, actor, filed_on):
    case, r, task = _locked_lawsuit(case_id, actor, TRIAL_STEP)
    if not r.appeal_copy_on or r.appeal_answer_on:
        raise TransitionError("尚未收到上诉状副本，或已提交上诉答辩状。")
    filed_on = _date(filed_on, "提交日期")
    _not_before(filed_on, r.appeal_copy_on, "提交日期", "收到上诉状副本日期")
    _stop(case, APPEAL_ANSWER_RULE, actor, filed_on)
    r.appeal_answer_on = filed_on
    r.save(update_fields=["appeal_answer_on"])
    return case


@transaction.atomic
def close_lawsuit(case_id, actor, final_result, concluded_on, loss_analysis="", judicial_suggestion=""):
    case, r, task = _locked_lawsuit(case_id, actor, TRIAL_STEP)
    if r.stage == LawsuitStage.TRIAL or (r.stage == LawsuitStage.JUDGED and r.appeal is None and not r.appeal_copy_on):
        raise TransitionError("请先登记一审裁判并决定是否上诉。")
    if r.appeal_copy_on and not r.appeal_answer_on:
        raise TransitionError("上诉答辩状尚未提交。")
    if final_result not in JudgmentResult.values:
        raise TransitionError("请选择最终结果。")
    concluded_on = _date(concluded_on, "结案日期")
    loss_analysis = (loss_analysis or "").strip()
    if final_result in LOST and not loss_analysis:
        raise TransitionError("败诉案件须分析败诉原因并提出改进措施。")
    r.final_result, r.concluded_on, r.stage = final_result, concluded_on, LawsuitStage.CLOSED
    r.loss_analysis, r.judicial_suggestion = loss_analysis, (judicial_suggestion or "").strip()
    r.save(update_fields=["final_result", "concluded_on", "stage", "loss_analysis", "judicial_suggestion"])
    api.finish_own_step(case.pk, task.pk, actor, f"结案：{JudgmentResult(final_result).label}")
    return case


# --- 复议委员会 -----------------------------------------------------------------------------


@transaction.atomic
def schedule_meeting(actor, meeting_on, place, topics, recon_cases=()):
    """A 复议委员会 case review meeting: materials reach the members 7 days before (4.4)."""
    _section_actor(actor)
    meeting_on = _date(meeting_on, "会议日期", future=True)
    place, topics = _text(place, "会议地点"), _text(topics, "审议事项")
    case = api.create_case(
        COMMITTEE_PROCESS,
        initiator=actor,
        section=actor.section,
        title=f"行政复议委员会会议（{meeting_on:%Y-%m-%d}）",
        step_label="登记",
    )
    meeting = CommitteeMeeting.objects.create(case=case, meeting_on=meeting_on, place=place, topics=topics)
    if recon_cases:
        meeting.recon_cases.set(recon_cases)
    api.submit(case.pk, actor)
    deadlines.start_clock(case, MATERIALS_RULE, meeting_on, actor)
    case.refresh_from_db()
    return case


@transaction.atomic
def send_materials(case_id, actor, sent_on):
    case, m, task = _locked_record(case_id, actor, COMMITTEE_PROCESS, CommitteeMeeting, HANDLE_STEP)
    if m.materials_sent_on:
        raise TransitionError("已登记材料送达。")
    sent_on = _date(sent_on, "材料送达日期")
    _stop(case, MATERIALS_RULE, actor, sent_on)
    m.materials_sent_on = sent_on
    m.save(update_fields=["materials_sent_on"])
    return case


@transaction.atomic
def record_minutes(case_id, actor, held_on, minutes):
    case, m, task = _locked_record(case_id, actor, COMMITTEE_PROCESS, CommitteeMeeting, HANDLE_STEP)
    if not m.materials_sent_on:
        raise TransitionError("请先登记会议材料送达委员的日期。")
    held_on = _date(held_on, "召开日期")
    _not_before(held_on, m.materials_sent_on, "召开日期", "材料送达日期")
    m.held_on, m.minutes = held_on, _text(minutes, "会议纪要及审议意见")
    m.save(update_fields=["held_on", "minutes"])
    api.finish_own_step(case.pk, task.pk, actor, f"{held_on:%Y-%m-%d} 召开，纪要：{m.minutes}")
    return case


# --- registers without a case ----------------------------------------------------------------


@transaction.atomic
def add_staff_record(actor, data):
    _section_actor(actor)
    user = data.get("user")
    if user is None or not is_section_staff(user):
        raise TransitionError("请选择行政复议应诉科的工作人员。")
    record = StaffQualification(**data)
    try:
        record.full_clean()
    except ValidationError as exc:
        raise TransitionError("；".join(str(m) for ms in exc.message_dict.values() for m in ms)) from None
    record.save()
    return record


@transaction.atomic
def add_member(actor, data):
    _section_actor(actor)
    member = CommitteeMember(**data)
    try:
        member.full_clean()
    except ValidationError as exc:
        raise TransitionError("；".join(str(m) for ms in exc.message_dict.values() for m in ms)) from None
    member.save()
    return member


def section_staff():
    return get_user_model().objects.filter(is_active=True, admin_role="", section__code=SECTION_CODE).order_by("id")
