"""State changes of a petition. Each locks the case, checks the stage and the actor's step,
and moves the statutory clocks through apps.workflow.deadlines (the days are rule rows)."""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q

from apps.accounts.models import Rank
from apps.workflow import api, deadlines
from apps.workflow.api import TransitionError
from apps.workflow.models import CaseClock, Notification
from apps.workflow.rules import deadline_rule

from .models import TRANSFERRING_BODIES, Channel, Petition, PetitionPolicy, Stage, UpperBody
from .processes import HANDLE_STEP, PROCESS

ACCEPT_RULE = deadline_rule("petition-accept-notice")
TRANSFER_RULES = (deadline_rule("petition-transfer-receipt-notice"), deadline_rule("petition-transfer-objection"))
OBJECTION_RULE = TRANSFER_RULES[1]
HANDLE_RULE = deadline_rule("petition-handle")
REVIEW_RULES = (deadline_rule("petition-review-accept"), deadline_rule("petition-review-opinion"))
# The bureau's petitions desk (信访工作机构, seed 000 1.1.5): it registers and handles the 复查 of
# answers given by the judicial offices and units (the bureau is the body one level up).
REVIEW_SECTION = "office"


def group_threshold():
    """集体访: this many petitioners or more are reported to the leaders at once (信访设置 in the admin)."""
    return PetitionPolicy.current().group_threshold


def _alert_leaders(case, petition):
    User = get_user_model()
    leaders = User.objects.filter(is_active=True).filter(
        Q(rank=Rank.DIRECTOR) | Q(pk=case.section.division_leader_id) | Q(section__code="office", rank=Rank.CHIEF)
    )
    Notification.objects.bulk_create(
        [
            Notification(
                user=u,
                case=case,
                kind=Notification.Kind.INFO,
                key=f"petition-group:{case.pk}:{u.pk}",
                message=f"集体访：{petition.headcount} 人，{case.title}（{petition.received_on:%Y-%m-%d} 收到），请及时阅处。",
                url=case.get_absolute_url(),
            )
            for u in leaders
        ],
        ignore_conflicts=True,
    )


def _open_clocks(case, codes):
    return list(
        case.clocks.filter(rule__code__in=codes, status__in=[CaseClock.Status.RUNNING, CaseClock.Status.PAUSED])
    )


def _stop(case, codes, actor, on_date):
    for clock in _open_clocks(case, codes):
        deadlines.stop_clock(clock.pk, actor, on_date)


def _locked(case_id, actor, move):
    """The locked case, petition and `actor`'s handling task, once `move` is allowed at its stage."""
    case = api.lock_case(case_id, process=PROCESS)
    petition = Petition.objects.select_for_update().get(case=case)
    task = api.pending_task(case, actor, step=HANDLE_STEP, refusal="该信访事项当前不在您的受理与办理环节。")
    if not petition.may(move):
        raise TransitionError(f"该信访事项目前“{petition.get_stage_display()}”，不能进行此操作。")
    return case, petition, task


PETITION_FIELDS = (
    "channel",
    "source_ref",
    "received_on",
    "petitioner",
    "id_number",
    "phone",
    "address",
    "is_group",
    "headcount",
    "demands",
)


@transaction.atomic
def register_petition(actor, data, review_of=None, section=None):
    """登记: the case goes to 呈阅 at once and the notice clock runs from the day it was received.
    `section`: the office when the reception desk registers it for whoever is on duty (the
    person who logged it stays the registrar and handler: 首问责任制); else the actor's own."""
    title = data.get("title") or f"{data['petitioner']}信访事项"
    if review_of is not None:
        title = f"复查：{review_of.case.title}"
    section = section or actor.section
    if section is None:
        raise TransitionError("只有科室工作人员可以登记信访事项。")
    case = api.create_case(PROCESS, initiator=actor, section=section, title=title[:200], step_label="登记")
    petition = Petition(case=case, review_of=review_of, **{f: data[f] for f in PETITION_FIELDS if f in data})
    if petition.is_group and petition.headcount < 2:
        raise TransitionError("集体访须填写人数（2 人以上）。")
    if review_of is not None:
        petition.stage = Stage.REVIEW
        petition.review_received_on = petition.received_on
        petition.review_request = petition.demands
    petition.save()
    api.submit(case.pk, actor)
    if review_of is not None:
        rules = REVIEW_RULES
    else:
        rules = TRANSFER_RULES if petition.is_transferred else (ACCEPT_RULE,)
    for code in rules:
        deadlines.start_clock(case, code, petition.received_on, actor)
    if petition.headcount >= group_threshold():
        _alert_leaders(case, petition)
    case.refresh_from_db()
    return case


def register_from_contact(
    actor, *, visit, received_on, petitioner, phone="", id_number="", address="", headcount=1, demands, section=None
):
    """登记 a petition from a visit (`visit`) or a call logged at the reception desk
    (apps.reception): the one way another app starts a petition. A group of two or more is a
    集体访. `section`: as register_petition. Returns the Case."""
    data = {
        "channel": Channel.VISIT if visit else Channel.PHONE,
        "received_on": received_on,
        "petitioner": petitioner,
        "id_number": id_number,
        "phone": phone,
        "address": address,
        "is_group": headcount > 1,
        "headcount": headcount,
        "demands": demands,
    }
    return register_petition(actor, data, section=section)


@transaction.atomic
def request_review(original_case_id, actor, data):
    """复查请求 on an answer given by one of the bureau's judicial offices or units: a new linked
    case, the answered one untouched. The bureau is the body one level up from them (信访工作条例
    §35); it does not review its own answers (refer_review_upward)."""
    original = (
        Petition.objects.select_related("case", "case__section")
        .select_for_update(of=("self",))
        .get(case_id=original_case_id)
    )
    if original.stage != Stage.ANSWERED:
        raise TransitionError("只有已出具处理意见的信访事项才能申请复查。")
    if original.answered_by_bureau:
        raise TransitionError(
            "该处理意见由本局作出，复查由上一级行政机关（市司法局或区人民政府）办理，本局不能自行复查"
            "（信访工作条例第三十五条）：请登记“告知复查途径”。"
        )
    if actor.admin_role or actor.section is None or actor.section.code != REVIEW_SECTION:
        raise TransitionError(
            f"复查由区司法局办理：{original.case.section.name}作出的处理意见，复查请求请转局办公室（信访工作机构）登记。"
        )
    if original.reviews.exists():
        raise TransitionError("该信访事项已登记复查请求。")
    fields = {f: getattr(original, f) for f in PETITION_FIELDS}
    fields.update(received_on=data["received_on"], demands=data["demands"])
    return register_petition(actor, fields, review_of=original, section=actor.section)


def _answered_own(original_case_id, actor):
    original = (
        Petition.objects.select_related("case", "case__section")
        .select_for_update(of=("self",))
        .get(case_id=original_case_id)
    )
    if not original.handled_by(actor):
        raise TransitionError("只有该信访事项的登记人或承办人可以登记复查途径和结果。")
    if original.stage != Stage.ANSWERED or not original.answered_by_bureau:
        raise TransitionError("只有本局作出处理意见的信访事项，才由上一级机关复查。")
    return original


@transaction.atomic
def refer_review_upward(original_case_id, actor, body, told_on):
    """告知复查途径: the bureau's own answer is reviewed by the body one level up (信访工作条例
    §35); the petitioner is told to apply there within 30 days of receiving the answer."""
    original = _answered_own(original_case_id, actor)
    if original.upper_told_on:
        raise TransitionError(f"已于 {original.upper_told_on:%Y-%m-%d} 告知复查途径。")
    if told_on < original.answered_on:
        raise TransitionError("告知日期不能早于处理意见日期。")
    original.upper_body, original.upper_told_on = body, told_on
    original.save(update_fields=["upper_body", "upper_told_on"])
    name = UpperBody(body).label
    api.log_event(
        original.case,
        actor,
        step_label="告知复查途径",
        opinion=f"已告知信访人：对处理意见不服的，可自收到书面答复之日起30日内向{name}申请复查（信访工作条例第三十五条）。",
        audit_event="petitions.review_referred",
        detail={"body": body},
    )
    return original.case


@transaction.atomic
def record_upper_review(original_case_id, actor, result, on_date):
    """The outcome of the review one level up, as the bureau learns it (跟踪复查结果)."""
    original = _answered_own(original_case_id, actor)
    if not original.upper_told_on:
        raise TransitionError("请先登记告知复查途径。")
    if not result.strip():
        raise TransitionError("请填写上一级机关的复查结果。")
    if on_date < original.upper_told_on:
        raise TransitionError("复查意见日期不能早于告知日期。")
    original.upper_result, original.upper_result_on = result.strip(), on_date
    original.save(update_fields=["upper_result", "upper_result_on"])
    api.log_event(
        original.case,
        actor,
        step_label=f"{original.get_upper_body_display()}复查结果",
        opinion=result.strip(),
        audit_event="petitions.upper_review",
    )
    return original.case


@transaction.atomic
def decide(case_id, actor, accept, on_date, reason=""):
    """受理 / 不予受理, with the written notice: stops the notice clocks; 受理 starts the 60 days."""
    case, petition, task = _locked(case_id, actor, "decide")
    if on_date < petition.received_on:
        raise TransitionError("受理决定日期不能早于收到日期。")
    if not accept and not reason.strip():
        raise TransitionError("不予受理须写明理由和依据，并告知信访人其他途径。")
    _stop(case, (ACCEPT_RULE, TRANSFER_RULES[0]), actor, on_date)
    # Deciding on the matter ends the window to object to it (neither met nor missed).
    for clock in _open_clocks(case, (OBJECTION_RULE,)):
        deadlines.cancel_clock(clock.pk, actor, "已作出受理决定，不再提出异议")
    petition.decided_on = on_date
    if accept:
        petition.stage = Stage.ACCEPTED
        petition.save(update_fields=["stage", "decided_on"])
        deadlines.start_clock(case, HANDLE_RULE, on_date, actor)
    else:
        petition.stage = Stage.NOT_ACCEPTED
        petition.decision_reason = reason.strip()
        petition.save(update_fields=["stage", "decided_on", "decision_reason"])
        api.finish_own_step(case.pk, task.pk, actor, f"不予受理：{reason.strip()}")
    return case


@transaction.atomic
def raise_objection(case_id, actor, on_date, reason):
    """异议 (§23¶3): a transferred or assigned matter outside this bureau's competence goes back
    to the body that sent it, with the reasons, within 5 working days of receipt. Stops the
    objection clock (met or late), ends the receipt-notice clock (the petitioner hears from
    the competent body instead) and closes the case; the 异议函 is printed from the case page."""
    case, petition, task = _locked(case_id, actor, "object")
    reason = (reason or "").strip()
    if not reason:
        raise TransitionError("提出异议须详细说明不属于本机关职权范围的理由。")
    if on_date < petition.received_on:
        raise TransitionError("提出异议日期不能早于收到日期。")
    _stop(case, (OBJECTION_RULE,), actor, on_date)
    for clock in _open_clocks(case, (TRANSFER_RULES[0], ACCEPT_RULE)):
        deadlines.cancel_clock(clock.pk, actor, "已向转送、交办机关提出异议")
    petition.stage = Stage.OBJECTED
    petition.objected_on = on_date
    petition.objection_reason = reason
    petition.save(update_fields=["stage", "objected_on", "objection_reason"])
    body = TRANSFERRING_BODIES[petition.channel]
    api.finish_own_step(case.pk, task.pk, actor, f"不属于本机关职权范围，已向{body}提出异议：{reason}")
    return case


@transaction.atomic
def extend(case_id, actor, days, reason, approved_by):
    """延期 (§34): up to the rule's maximum, approved by a head; the reason goes on the 延期告知书."""
    case, petition, task = _locked(case_id, actor, "extend")
    clocks = _open_clocks(case, (HANDLE_RULE,))
    if not clocks:
        raise TransitionError("办理期限未在计时，不能延期。")
    deadlines.extend_clock(clocks[0].pk, actor, days, reason, approved_by)
    petition.extension_reason = reason.strip()
    petition.extended_days += int(days)
    petition.save(update_fields=["extension_reason", "extended_days"])
    return case


@transaction.atomic
def answer(case_id, actor, text, on_date):
    """处理意见书: stops the 60-day clock and closes the case (复查 remains open to the petitioner)."""
    case, petition, task = _locked(case_id, actor, "answer")
    return _finish(case, petition, task, actor, text, on_date, HANDLE_RULE, Stage.ANSWERED, "处理意见")


@transaction.atomic
def accept_review(case_id, actor, on_date):
    """复查受理: within 3 working days of the request (山东省信访条例 §43, rule petition-review-accept)."""
    case, petition, task = _locked(case_id, actor, "review_opinion")
    if petition.review_accepted_on:
        raise TransitionError("复查请求已受理。")
    if on_date < petition.received_on:
        raise TransitionError("受理日期不能早于收到复查请求的日期。")
    _stop(case, (REVIEW_RULES[0],), actor, on_date)
    petition.review_accepted_on = on_date
    petition.save(update_fields=["review_accepted_on"])
    return case


@transaction.atomic
def review_opinion(case_id, actor, text, on_date):
    case, petition, task = _locked(case_id, actor, "review_opinion")
    if not petition.review_accepted_on:
        raise TransitionError("请先受理复查请求。")
    return _finish(case, petition, task, actor, text, on_date, REVIEW_RULES[1], Stage.REVIEWED, "复查意见")


def _finish(case, petition, task, actor, text, on_date, rule, stage, what):
    if not text.strip():
        raise TransitionError(f"请填写{what}。")
    if on_date < petition.received_on:
        raise TransitionError(f"{what}日期不能早于收到日期。")
    _stop(case, (rule,), actor, on_date)
    petition.stage = stage
    if stage == Stage.ANSWERED:
        petition.answer, petition.answered_on = text.strip(), on_date
        fields = ["stage", "answer", "answered_on"]
    else:
        petition.review_opinion, petition.review_answered_on = text.strip(), on_date
        fields = ["stage", "review_opinion", "review_answered_on"]
    petition.save(update_fields=fields)
    api.finish_own_step(case.pk, task.pk, actor, f"{what}：{text.strip()}")
    return case
