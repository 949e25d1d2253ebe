"""State changes of 廉政风险防范. Each runs in one transaction, locks what it changes, re-checks."""

from django.db import transaction

from apps.audit.log import record
from apps.training.access import is_keeper
from apps.workflow.api import TransitionError

from .models import (
    ADMONISH_CAUSES,
    EvaluationResult,
    EvaluationRound,
    Reminder,
    RiskPoint,
    YearAssessment,
)


def _require_keeper(actor, what):
    if not is_keeper(actor):
        raise TransitionError(f"只有政工科可以{what}。")


@transaction.atomic
def save_risk_point(actor, data, point=None):
    _require_keeper(actor, "登记廉政风险点")
    if point is None:
        point = RiskPoint(**data)
    else:
        point = RiskPoint.objects.select_for_update().get(pk=point.pk)
        for name, value in data.items():
            setattr(point, name, value)
    point.save()
    record("integrity.risk_point", actor=actor, obj=point, detail={"section": point.section_id})
    return point


@transaction.atomic
def record_evaluation(actor, year, half, held_on, grades, note=""):
    """grades: {user: grade}. One round per half-year; re-recording a round is refused."""
    _require_keeper(actor, "登记民主测评")
    if held_on.year != year or (held_on.month <= 6) != (half == EvaluationRound.Half.FIRST):
        raise TransitionError(f"测评日期 {held_on:%Y-%m-%d} 不在{year}年{EvaluationRound.Half(half).label}。")
    if EvaluationRound.objects.select_for_update().filter(year=year, half=half).exists():
        raise TransitionError(f"{year}年{EvaluationRound.Half(half).label}的民主测评已登记。")
    if not grades:
        raise TransitionError("请至少登记一人的测评结果。")
    rnd = EvaluationRound.objects.create(year=year, half=half, held_on=held_on, note=note, recorded_by=actor)
    EvaluationResult.objects.bulk_create(
        [EvaluationResult(round=rnd, person=person, grade=grade) for person, grade in grades.items()]
    )
    record("integrity.evaluation", actor=actor, obj=rnd, detail={"people": len(grades)})
    return rnd


@transaction.atomic
def give_reminder(actor, data):
    """警示提醒 or 诫勉纠错. An 诫勉 (第七条) must rest on an earlier reminder of the same person
    that has not been acted on, or on an early-stage problem that has caused no loss."""
    _require_keeper(actor, "登记警示提醒和诫勉")
    person, kind, cause = data["person"], data["kind"], data["cause"]
    follows = data.get("follows")
    admonish = kind == Reminder.Kind.ADMONISH
    if admonish != (cause in ADMONISH_CAUSES):
        raise TransitionError(
            "诫勉纠错适用于“警示提醒后仍未改正”或“出现苗头性问题尚未造成损失”；警示提醒请选择第六条所列原因。"
        )
    if cause == Reminder.Cause.NOT_CORRECTED:
        if follows is None:
            raise TransitionError("“警示提醒后仍未改正”须选择前次警示提醒。")
        follows = Reminder.objects.select_for_update().get(pk=follows.pk)
        if follows.person_id != person.pk or follows.kind == Reminder.Kind.ADMONISH:
            raise TransitionError("所选前次警示提醒不是对该同志的警示提醒。")
        if follows.corrected_on is not None:
            raise TransitionError(f"前次警示提醒已于 {follows.corrected_on:%Y-%m-%d} 整改到位，不能以“仍未改正”诫勉。")
        if data["given_on"] <= follows.given_on:
            raise TransitionError("诫勉日期须晚于前次警示提醒的日期。")
    elif follows is not None:
        raise TransitionError("只有“警示提醒后仍未改正”才关联前次警示提醒。")
    if not data["facts"].strip():
        raise TransitionError("请写明问题及要求。")
    reminder = Reminder.objects.create(
        person=person,
        kind=kind,
        cause=cause,
        follows=follows,
        facts=data["facts"].strip(),
        given_on=data["given_on"],
        given_by=actor,
    )
    record("integrity.reminder", actor=actor, obj=reminder, detail={"kind": kind, "cause": cause})
    return reminder


@transaction.atomic
def record_response(actor, reminder_id, explanation, corrected_on=None):
    """当事人说明及整改措施 (the person, or the personnel section), and 整改到位 (the section)."""
    reminder = Reminder.objects.select_for_update().get(pk=reminder_id)
    if actor.pk != reminder.person_id and not is_keeper(actor):
        raise TransitionError("只有当事人或政工科可以填写说明和整改措施。")
    if corrected_on is not None and not is_keeper(actor):
        raise TransitionError("整改到位由政工科确认。")
    if reminder.corrected_on is not None:
        raise TransitionError("已确认整改到位，不能再修改。")
    if corrected_on is not None and corrected_on < reminder.given_on:
        raise TransitionError("整改到位日期不能早于提醒日期。")
    reminder.explanation = explanation.strip() or reminder.explanation
    reminder.corrected_on = corrected_on
    reminder.save()
    record("integrity.reminder_response", actor=actor, obj=reminder, detail={"corrected": corrected_on is not None})
    return reminder


@transaction.atomic
def record_assessment(actor, data):
    _require_keeper(actor, "登记年度考核评估")
    if YearAssessment.objects.select_for_update().filter(year=data["year"]).exists():
        raise TransitionError(f"{data['year']}年度考核评估已登记。")
    assessment = YearAssessment.objects.create(recorded_by=actor, **data)
    record("integrity.assessment", actor=actor, obj=assessment, detail={"year": assessment.year})
    return assessment
