"""hr's own bonus source: the personnel section's BonusEntry rows (rule 18 四（一）（三）)."""

from decimal import Decimal

from .appraisal.bonus import BonusSource, register_source


def entry_points(person_ids, year):
    from .models import BonusEntry

    result = {}
    rows = BonusEntry.objects.filter(person_id__in=person_ids, year=year).order_by("event_date", "id")
    for entry in rows:
        result.setdefault(entry.person_id, []).append(
            (Decimal(entry.points), f"{entry.event_date:%m-%d} {entry.get_kind_display().split('（')[0]}：{entry.note}")
        )
    return result


register_source(BonusSource("hr.bonus_entry", "党组认定加分", entry_points))
