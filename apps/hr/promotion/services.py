"""职务职级推荐量化评选: the round, the candidates' entered facts, the raters' scores, the initial
list to the party group and its final list. One transaction per move, the actor checked."""

from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone

from apps.accounts.models import Rank
from apps.audit.log import record
from apps.workflow import api
from apps.workflow.api import TransitionError

from ..models import PromotionCandidate, PromotionRating, PromotionRound
from ..personnel import require_officer, share_with_personnel_section
from .processes import PROMOTION_PROCESS
from .sheet import sheet

LEADER_RANKS = (Rank.DIRECTOR, Rank.DIVISION_LEADER)


@transaction.atomic
def create_round(actor, data, people):
    require_officer(actor, "组织职务职级推荐评选")
    if not people:
        raise TransitionError("请选择推荐评选对象。")
    round_ = PromotionRound.objects.create(created_by=actor, **data)
    PromotionCandidate.objects.bulk_create(
        [
            PromotionCandidate(round=round_, person=p, middle_manager="head" if p.rank == Rank.CHIEF else "")
            for p in people
        ]
    )
    record("hr.promotion.create", actor=actor, obj=round_, detail={"candidates": len(people)})
    return round_


def _lock_open(round_id):
    round_ = PromotionRound.objects.select_for_update().get(pk=round_id)
    if round_.status != PromotionRound.Status.RATING:
        raise TransitionError("推荐名单已报党组研究，不能再修改。")
    return round_


@transaction.atomic
def save_candidates(actor, round_id, typed):
    """typed: {candidate id: {exclusion, exclusion_note, sound_record, outstanding, honour, middle_manager}}."""
    require_officer(actor, "录入推荐评选情况")
    round_ = _lock_open(round_id)
    for candidate in round_.candidates.select_for_update().select_related("person"):
        values = typed.get(candidate.pk)
        if values is None:
            continue
        for name, value in values.items():
            setattr(candidate, name, value)
        if candidate.exclusion and not candidate.exclusion_note.strip():
            raise TransitionError(f"{candidate.person.full_name}：不参加推荐评选的，请写明情形说明。")
        candidate.full_clean(exclude=["round", "person"])
        candidate.save()
    record("hr.promotion.candidates", actor=actor, obj=round_)


def rater_kinds(user):
    """测评 (peer): the party group members and the staff representatives — any member of staff;
    领导评分 (leader): the party group members only."""
    if not user.is_active or user.admin_role or user.section_id is None:
        return []
    kinds = [PromotionRating.Kind.PEER]
    if user.rank in LEADER_RANKS:
        kinds.append(PromotionRating.Kind.LEADER)
    return kinds


@transaction.atomic
def rate(actor, round_id, kind, typed):
    """One rater's 德能勤绩廉 for every candidate (typed: {candidate id: {aspect: value}}); a
    second submission replaces the rater's earlier scores while the round is open."""
    if kind not in rater_kinds(actor):
        raise TransitionError("您不能参加该项打分。")
    round_ = _lock_open(round_id)
    top = PromotionRating.TOP[kind]
    candidates = {c.pk: c for c in round_.candidates.select_related("person").exclude(exclusion__gt="")}
    rows = []
    for candidate_id, values in typed.items():
        candidate = candidates.get(candidate_id)
        if candidate is None or candidate.person_id == actor.pk:
            continue
        scores = {}
        for aspect, label in PromotionRating.ASPECTS:
            raw = str(values.get(aspect, "")).strip()
            try:
                number = Decimal(raw)
            except InvalidOperation:
                raise TransitionError(f"{candidate.person.full_name}的“{label}”请填写 0～{top} 的分数。") from None
            if number < 0 or number > top:
                raise TransitionError(f"{candidate.person.full_name}的“{label}”应在 0～{top} 分之间（现为 {number}）。")
            scores[aspect] = number.quantize(Decimal("0.1"))
        rows.append(PromotionRating(candidate=candidate, rater=actor, kind=kind, **scores))
    if not rows:
        raise TransitionError("没有可评分的对象。")
    PromotionRating.objects.filter(candidate__round=round_, rater=actor, kind=kind).delete()
    PromotionRating.objects.bulk_create(rows)
    record("hr.promotion.rate", actor=actor, obj=round_, detail={"kind": kind, "count": len(rows)})


@transaction.atomic
def submit_list(actor, round_id):
    """政工室综合相关情况后，提出初评推荐人选交局党组研究确定最终推荐名单: the top `slots` of the
    ranking are proposed; the party group's approval fixes the list."""
    require_officer(actor, "提出初评推荐人选")
    round_ = _lock_open(round_id)
    rows = sheet(round_)
    ranked = [r for r in rows if not r.excluded]
    unrated = [r.candidate.person.full_name for r in ranked if not r.peer_count or not r.leader_count]
    if unrated:
        raise TransitionError(f"尚未完成测评和领导评分：{'、'.join(unrated)}。")
    chosen = {r.candidate.pk for r in ranked[: round_.slots]}
    for candidate in round_.candidates.select_for_update():
        candidate.recommended = candidate.pk in chosen
        candidate.save(update_fields=["recommended"])
    case = api.create_case(
        PROMOTION_PROCESS, initiator=actor, section=actor.section, is_confidential=True, title=f"{round_}：推荐名单"
    )
    round_.case, round_.status = case, PromotionRound.Status.SUBMITTED
    round_.save(update_fields=["case", "status"])
    api.submit(case.pk, actor)
    share_with_personnel_section(case, actor)
    record("hr.promotion.submit", actor=actor, obj=round_, detail={"recommended": sorted(chosen)})
    return round_


def list_final(case, actor):
    round_ = PromotionRound.objects.select_for_update().get(case=case)
    round_.status = PromotionRound.Status.FINAL
    round_.save(update_fields=["status"])
    record("hr.promotion.final", actor=actor, obj=round_, detail={"at": timezone.now().isoformat()})
