"""What adoptions count for: the writer's points (rule 18 四（四）), the writing team's quota
(rule 10 三（三）2) and the units' information points. Every figure comes from one query over
the adoptions, whatever the number of people.

Counting rules of rule 10: a piece adopted by several media or at several levels counts once,
at its highest level (被各级或多家媒体单位采用的，按照最高标准奖励，不重复奖励; 同时被多家媒体
杂志采用的，按最高级别采用的报道计算); joint authors sign together and the piece counts as one
(统计时按1条统计), credited to the writer (稿件归属权以稿件署名为准).
"""

from dataclasses import dataclass
from decimal import Decimal

from .models import LEVEL_ORDER, Adoption, BulletinPolicy, TeamMember


@dataclass(frozen=True)
class Credit:
    submission_id: int
    author_id: int
    unit_id: int
    title: str
    level: str
    level_label: str
    medium: str
    adopted_on: object


def credits(year, author_ids=None):
    """[Credit] of the pieces whose highest adoption falls in `year` (one per piece)."""
    rows = Adoption.objects.select_related("submission")
    if author_ids is not None:
        rows = rows.filter(submission__author_id__in=list(author_ids))
    else:
        rows = rows.filter(submission__adoptions__adopted_on__year=year).distinct()
    best = {}
    for adoption in rows.order_by("adopted_on", "id"):
        current = best.get(adoption.submission_id)
        if current is None or LEVEL_ORDER[adoption.level] > LEVEL_ORDER[current.level]:
            best[adoption.submission_id] = adoption
    return [
        Credit(
            a.submission_id,
            a.submission.author_id,
            a.submission.unit_id,
            a.submission.shown_title,
            a.level,
            a.get_level_display(),
            a.medium,
            a.adopted_on,
        )
        for a in sorted(best.values(), key=lambda a: (a.adopted_on, a.pk))
        if a.adopted_on.year == year
    ]


def writer_points(person_ids, year, policy=None):
    """{person id: [(points, text)]}: the points the writer earns per adopted piece."""
    policy = policy or BulletinPolicy.objects.current()
    result = {}
    for credit in credits(year, person_ids):
        points = policy.writer_points(credit.level)
        if points:
            text = f"《{credit.title}》被{credit.medium}（{credit.level_label}）采用"
            result.setdefault(credit.author_id, []).append((Decimal(points), text))
    return result


@dataclass
class Progress:
    person: object
    adopted: int
    quota: int
    points: Decimal

    @property
    def remaining(self):
        return max(self.quota - self.adopted, 0)

    @property
    def done(self):
        return self.adopted >= self.quota


def team_progress(year, policy=None):
    """[Progress] of the year's writing team: adopted pieces against the quota of 10."""
    policy = policy or BulletinPolicy.objects.current()
    members = list(TeamMember.objects.filter(year=year).select_related("person", "person__section"))
    ids = [m.person_id for m in members]
    counted = {pk: 0 for pk in ids}
    points = {pk: Decimal(0) for pk in ids}
    for credit in credits(year, ids):
        counted[credit.author_id] += 1
        points[credit.author_id] += policy.writer_points(credit.level)
    return [Progress(m.person, counted[m.person_id], policy.quota, points[m.person_id]) for m in members]


def unit_points(year, policy=None):
    """{unit id: (pieces adopted, points)} — rule 18 四（四）'s unit points (中央级5分、省级3分)."""
    policy = policy or BulletinPolicy.objects.current()
    result = {}
    for credit in credits(year):
        count, points = result.get(credit.unit_id, (0, Decimal(0)))
        result[credit.unit_id] = (count + 1, points + policy.unit_points(credit.level))
    return result
