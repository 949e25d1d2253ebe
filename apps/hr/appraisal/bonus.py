"""The bonus points of the yearly performance appraisal (绩效考核加分, seed 002 rule 18 四), from
whichever app earns them.

An app that feeds points declares a source in a top-level module `appraisal_points.py`, found
the first time points are asked for (like Django's admin finds admin.py):

    # apps/<app>/appraisal_points.py
    from apps.hr.appraisal.bonus import BonusSource, register_source

    def points(person_ids, year):
        # {person id: [(Decimal points, "中文说明"), ...]} for the year, for those people only;
        # a constant number of queries whatever the number of people.
        ...

    register_source(BonusSource("bulletin.adoption", "信息被媒体采用", points))

The appraisal shows each source's lines next to the score and adds them up; it never imports
the feeding app, so an app can be added or removed without touching hr.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.utils.module_loading import autodiscover_modules

Points = dict[int, list[tuple[Decimal, str]]]


@dataclass(frozen=True)
class BonusSource:
    code: str  # stable: named in tests and in the audit detail
    label: str  # shown before each line: "信息被媒体采用：…"
    points: Callable[[list[int], int], Points]


_sources: dict[str, BonusSource] = {}
_discovered = False


def register_source(source: BonusSource) -> BonusSource:
    _sources[source.code] = source
    return source


def sources() -> list[BonusSource]:
    global _discovered
    if not _discovered:
        autodiscover_modules("appraisal_points")
        _discovered = True
    return sorted(_sources.values(), key=lambda s: s.code)


@dataclass(frozen=True)
class BonusLine:
    source: str
    label: str
    points: Decimal
    text: str


def bonus_lines(person_ids: Iterable[int], year: int) -> dict[int, list[BonusLine]]:
    """{person id: [BonusLine]} of every source for `year`."""
    person_ids = list(person_ids)
    result: dict[int, list[BonusLine]] = {pk: [] for pk in person_ids}
    for source in sources():
        for person_id, lines in source.points(person_ids, year).items():
            if person_id in result:
                result[person_id] += [BonusLine(source.code, source.label, Decimal(p), t) for p, t in lines]
    return result


def bonus_points(user, year: int) -> Decimal:
    """The bonus points `user` earned in `year`, from every registered source."""
    return sum((line.points for line in bonus_lines([user.pk], year)[user.pk]), Decimal(0))
