"""The 100-point sheet of seed 002 rule 17 三, computed: 40 hard indicators, 20 测评, 40 领导评分.

Hard indicators from the staff record and the appraisals where the data exists:
1. 职级年限 (15): grade_since against the district's base years. Slots sufficient: 15 once the
   base is reached. Otherwise 5 at the base, 1 more per full year beyond it, 15 beyond 10 years
   at the grade (this project reads "超过10年" as ten years at the grade; the rule is silent).
2. 快进快退 (5): fewer than 1 year to retirement 5, fewer than 2 years 3, fewer than 3 years 2
   (the rule says "超过1年不足2年"; exactly one year is read as the 3-point band).
3. 工作业绩 (10): annual 优秀 in the two previous years 2 each and two or more quarterly 好 this
   year 1, from the appraisals; 2 for a sound record and 5 for outstanding service as entered.
4. 岗位权重 (5): 中层骨干以上 5, 中层副职 3, as entered (defaulting from the rank).
5. 突出贡献 (5): the highest honour of the last 3 years, once.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from ..models import HONOUR_POINTS, AppraisalGrade, AppraisalRound, PromotionRating, StaffRecord, retirement_date


def _years(start, end):
    return end.year - start.year - ((end.month, end.day) < (start.month, start.day))


def _add_years(day, years):
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def years_points(grade_since, base_years, sufficient, on):
    if grade_since is None:
        return Decimal(0), "人员档案无现职级任职时间"
    years = _years(grade_since, on)
    if years < base_years:
        return Decimal(0), f"现职级 {years} 年，未达到区定基本年限 {base_years} 年"
    if sufficient:
        return Decimal(15), f"现职级 {years} 年，职数充足，达到基本年限计满分"
    if years > 10:
        return Decimal(15), f"现职级 {years} 年，超过10年计满分"
    points = min(Decimal(15), Decimal(5 + years - base_years))
    return points, f"现职级 {years} 年，达到基本年限5分，超过 {years - base_years} 年加 {years - base_years} 分"


def retire_points(retires, on):
    if retires < _add_years(on, 1):
        return Decimal(5), f"{retires:%Y-%m-%d} 退休，不足1年"
    if retires < _add_years(on, 2):
        return Decimal(3), f"{retires:%Y-%m-%d} 退休，不足2年"
    if retires < _add_years(on, 3):
        return Decimal(2), f"{retires:%Y-%m-%d} 退休，不足3年"
    return Decimal(0), ""


@dataclass
class Row:
    candidate: object
    parts: list = field(default_factory=list)  # [(name, points, max, why)]
    peer: Decimal = Decimal(0)
    peer_count: int = 0
    leader: Decimal = Decimal(0)
    leader_count: int = 0
    rank: int = 0

    @property
    def hard(self):
        return sum((p for _, p, _, _ in self.parts), Decimal(0))

    @property
    def total(self):
        return self.hard + self.peer + self.leader

    @property
    def excluded(self):
        return bool(self.candidate.exclusion)


def sheet(round_, on=None):
    """[Row] for the round's candidates, ranked (the excluded last, unranked)."""
    on = on or date(round_.year, 12, 31)
    candidates = list(round_.candidates.select_related("person"))
    ids = [c.person_id for c in candidates]
    records = {r.person_id: r for r in StaffRecord.objects.filter(person_id__in=ids)}
    excellent = {}
    for person_id in AppraisalGrade.objects.filter(
        person_id__in=ids,
        grade="excellent",
        round__kind=AppraisalRound.Kind.ANNUAL,
        round__status=AppraisalRound.Status.FINAL,
        round__year__in=(round_.year - 1, round_.year - 2),
    ).values_list("person_id", flat=True):
        excellent[person_id] = excellent.get(person_id, 0) + 1
    good = {}
    for person_id in AppraisalGrade.objects.filter(
        person_id__in=ids,
        grade="good",
        round__kind=AppraisalRound.Kind.QUARTERLY,
        round__status=AppraisalRound.Status.FINAL,
        round__year=round_.year,
    ).values_list("person_id", flat=True):
        good[person_id] = good.get(person_id, 0) + 1
    sums = {}
    for rating in PromotionRating.objects.filter(candidate__round=round_):
        sums.setdefault((rating.candidate_id, rating.kind), []).append(rating.sum)
    rows = []
    for c in candidates:
        record = records.get(c.person_id)
        row = Row(c)
        if record is None:
            row.parts.append(("职级年限", Decimal(0), 15, "无人员档案"))
            row.parts.append(("快进快退", Decimal(0), 5, "无人员档案"))
        else:
            row.parts.append(
                (
                    "职级年限",
                    *_pair(years_points(record.grade_since, round_.base_years, round_.slots_sufficient, on), 15),
                )
            )
            row.parts.append(("快进快退", *_pair(retire_points(retirement_date(record), on), 5)))
        achieved = Decimal(2 * excellent.get(c.person_id, 0) + (1 if good.get(c.person_id, 0) >= 2 else 0))
        why = [
            f"近2年年度考核优秀 {excellent.get(c.person_id, 0)} 次",
            f"本年平时考核“好” {good.get(c.person_id, 0)} 次",
        ]
        if c.sound_record:
            achieved, why = achieved + 2, [*why, "表现较好、无明显失误"]
        if c.outstanding:
            achieved, why = achieved + 5, [*why, "急难险重任务表现突出"]
        row.parts.append(("工作业绩", min(achieved, Decimal(10)), 10, "；".join(why)))
        post = {"head": Decimal(5), "deputy": Decimal(3)}.get(c.middle_manager, Decimal(0))
        row.parts.append(("岗位权重", post, 5, c.get_middle_manager_display() if c.middle_manager else ""))
        row.parts.append(
            ("突出贡献", Decimal(HONOUR_POINTS.get(c.honour, 0)), 5, c.get_honour_display() if c.honour else "")
        )
        peer = sums.get((c.pk, PromotionRating.Kind.PEER), [])
        leader = sums.get((c.pk, PromotionRating.Kind.LEADER), [])
        row.peer_count, row.leader_count = len(peer), len(leader)
        row.peer = (sum(peer, Decimal(0)) / len(peer)).quantize(Decimal("0.01")) if peer else Decimal(0)
        row.leader = (sum(leader, Decimal(0)) / len(leader)).quantize(Decimal("0.01")) if leader else Decimal(0)
        rows.append(row)
    rows.sort(key=lambda r: (r.excluded, -r.total, r.candidate.person.full_name))
    for index, row in enumerate([r for r in rows if not r.excluded], start=1):
        row.rank = index
    return rows


def _pair(result, top):
    points, why = result
    return points, top, why
