"""绩效考核 (seed 002 rule 18): the personnel section types each person's common (30),
individual (60) and democratic (10) scores; the bonus points of rule 18 四 come from every
feeding app (bonus.py); the total ranks everyone; the grades 优秀/良好/合格 follow:

- 优秀: the number the district's appraisal of the bureau allows (严格按区绩效考评结果所定等次确定),
  taken from the top of the ranking;
- 末等 (合格) for those with three absences in the year or named in a 作风 inspection (rule 2 三);
- 良好 from the bureau's threshold (the rule names no line between 良好 and 合格).

The year is confirmed once: then the bonus points and grades are frozen as staff were told.
"""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone

from apps.audit.log import record
from apps.workflow.api import TransitionError

from ..models import AttendancePolicy, BonusEntry, PerformanceScore, PerformanceYear
from ..models.performance import COMMON_MAX, DEMOCRATIC_MAX, INDIVIDUAL_MAX
from ..personnel import require_officer
from .bonus import bonus_lines
from .services import appraisal_staff, yearly_absences

PARTS = (
    ("common", "共性指标", COMMON_MAX),
    ("individual", "个性指标", INDIVIDUAL_MAX),
    ("democratic", "民主评议", DEMOCRATIC_MAX),
)


@transaction.atomic
def create_year(actor, year, excellent_quota, good_min_score):
    require_officer(actor, "组织绩效考核")
    if PerformanceYear.objects.filter(year=year).exists():
        raise TransitionError(f"{year}年度绩效考核已经建立。")
    row = PerformanceYear.objects.create(
        year=year, excellent_quota=excellent_quota, good_min_score=good_min_score, created_by=actor
    )
    PerformanceScore.objects.bulk_create(
        [PerformanceScore(score_year=row, person=p, unit_id=p.section_id) for p in appraisal_staff()]
    )
    record("hr.performance.create", actor=actor, obj=row, detail={"year": year})
    return row


def _number(value, label, name, top):
    try:
        number = Decimal(str(value).strip() or "0")
    except InvalidOperation:
        raise TransitionError(f"{name}的{label}“{value}”不是数字。") from None
    if number < 0 or number > top:
        raise TransitionError(f"{name}的{label}应在 0～{top} 分之间（现为 {number}）。")
    return number.quantize(Decimal("0.1"))


@transaction.atomic
def save_scores(actor, year_id, typed):
    """typed: {person id: {"common": "28", "individual": "55", "democratic": "9", "last_place": ""}}.
    A value out of range refuses the whole save with the person's name, nothing half-saved."""
    require_officer(actor, "评定绩效考核得分")
    row = PerformanceYear.objects.select_for_update().get(pk=year_id)
    if row.status != PerformanceYear.Status.DRAFT:
        raise TransitionError("绩效考核已确定，不能再修改得分。")
    scores = {s.person_id: s for s in row.scores.select_for_update().select_related("person")}
    changed = []
    for person_id, values in typed.items():
        score = scores.get(person_id)
        if score is None:
            continue
        for field, label, top in PARTS:
            if field in values:
                setattr(score, field, _number(values[field], label, score.person.full_name, top))
        if "last_place" in values:
            score.last_place = values["last_place"].strip()[:200]
        changed.append(score)
    for score in changed:
        score.save(update_fields=["common", "individual", "democratic", "last_place"])
    record("hr.performance.scores", actor=actor, obj=row, detail={"count": len(changed)})
    return row


@dataclass
class Line:
    score: PerformanceScore
    bonus: Decimal
    bonus_lines: list
    total: Decimal
    last_place: str
    grade: str
    rank: int


def ranking(row):
    """[Line] in ranking order with the grades the rules give (frozen ones once confirmed)."""
    scores = list(row.scores.select_related("person", "unit"))
    ids = [s.person_id for s in scores]
    final = row.status == PerformanceYear.Status.FINAL
    lines_by_person = {} if final else bonus_lines(ids, row.year)
    absences = {} if final else yearly_absences(ids, row.year)
    limit = AttendancePolicy.objects.current().absence_limit
    lines = []
    for s in scores:
        if final:
            bonus, detail = s.bonus or Decimal(0), [t for t in s.bonus_detail.splitlines() if t]
            last = s.last_place
        else:
            found = lines_by_person.get(s.person_id, [])
            bonus = sum((b.points for b in found), Decimal(0))
            detail = [f"{b.label}：{b.text}（+{b.points}）" for b in found]
            last = s.last_place
            if not last and absences.get(s.person_id, 0) >= limit:
                last = f"全年缺勤 {absences[s.person_id]} 天（次），绩效考核为末等"
        lines.append(Line(s, bonus, detail, s.base + bonus, last, s.grade if final else "", s.rank or 0))
    if final:
        return sorted(lines, key=lambda line: line.rank)
    lines.sort(key=lambda line: (-line.total, line.score.unit.order, line.score.person.full_name))
    excellent = 0
    for index, line in enumerate(lines, start=1):
        line.rank = index
        if line.last_place:
            line.grade = PerformanceScore.Grade.PASS
        elif excellent < row.excellent_quota:
            line.grade, excellent = PerformanceScore.Grade.EXCELLENT, excellent + 1
        elif line.total >= row.good_min_score:
            line.grade = PerformanceScore.Grade.GOOD
        else:
            line.grade = PerformanceScore.Grade.PASS
    return lines


def ranking_problems(row, lines):
    """What the party group must settle before the year is confirmed: a tie across the 优秀 line."""
    eligible = [line for line in lines if not line.last_place]
    quota = row.excellent_quota
    if 0 < quota < len(eligible) and eligible[quota - 1].total == eligible[quota].total:
        names = "、".join(line.score.person.full_name for line in eligible if line.total == eligible[quota].total)
        return [f"“优秀”名额 {quota} 人，第 {quota} 名与下一名同分（{names}），请调整得分或由党组研究后确定"]
    return []


@transaction.atomic
def confirm_year(actor, year_id):
    require_officer(actor, "确定绩效考核结果")
    row = PerformanceYear.objects.select_for_update().get(pk=year_id)
    if row.status != PerformanceYear.Status.DRAFT:
        raise TransitionError("绩效考核已确定。")
    lines = ranking(row)
    unscored = [line.score.person.full_name for line in lines if line.score.base == 0]
    if unscored:
        raise TransitionError(f"尚有 {len(unscored)} 人未评分：{'、'.join(unscored[:10])}。")
    problems = ranking_problems(row, lines)
    if problems:
        raise TransitionError("；".join(problems) + "。")
    for line in lines:
        s = line.score
        s.bonus, s.bonus_detail = line.bonus, "\n".join(line.bonus_lines)
        s.last_place, s.grade, s.rank = line.last_place, line.grade, line.rank
        s.save(update_fields=["bonus", "bonus_detail", "last_place", "grade", "rank"])
    row.status, row.finalized_at = PerformanceYear.Status.FINAL, timezone.now()
    row.save(update_fields=["status", "finalized_at"])
    record("hr.performance.final", actor=actor, obj=row)
    return row


@transaction.atomic
def add_bonus(actor, person, kind, event_date, note):
    """A bonus of rule 18 四（一）（三） recorded by the personnel section at the rule's value."""
    require_officer(actor, "登记绩效考核加分")
    if not note.strip():
        raise TransitionError("请写明加分事由（党组安排的事项、认定创新工作的文件）。")
    if event_date > timezone.localdate():
        raise TransitionError("日期不能晚于今天。")
    if PerformanceYear.objects.filter(year=event_date.year, status=PerformanceYear.Status.FINAL).exists():
        raise TransitionError(f"{event_date.year}年度绩效考核已确定，不能再登记加分。")
    entry = BonusEntry.objects.create(
        person=person,
        year=event_date.year,
        kind=kind,
        points=BonusEntry.POINTS[kind],
        event_date=event_date,
        note=note.strip()[:200],
        registered_by=actor,
    )
    record("hr.performance.bonus", actor=actor, obj=entry, detail={"person": person.pk, "kind": kind})
    return entry
