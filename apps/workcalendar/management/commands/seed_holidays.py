"""Seed the holiday table from the chinesecalendar package (official calendars 2004–2026).

Idempotent, and it never overrides the administrator: a year that already has a CalendarYear
row is left alone (so rows the administrator changed or deleted stay as they are, and a year
loaded from a notice is never touched); within a year it seeds, a date that already has a row
keeps it. --refresh (after upgrading the package) re-reads the years that came from the package
and the unconfirmed ones: it adds missing dates and updates package rows, never notice or
manual rows, and deletes nothing.
"""

from collections import defaultdict

import chinese_calendar
from django.core.management.base import BaseCommand
from django.db import transaction
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from apps.workcalendar import years
from apps.workcalendar.models import CalendarYear, Holiday, Source

CHINESE_NAMES = {holiday.value: holiday.chinese for holiday in chinese_calendar.Holiday}
# The names the statutory computation uses (apps/workcalendar/statutory.py).
NAME_STYLE = {"清明": "清明节", "端午": "端午节", "中秋": "中秋节"}


def package_rows():
    """{year: {date: (kind, name)}} from the installed package."""
    by_year = defaultdict(dict)
    for table, kind in (
        (chinese_calendar.holidays, Holiday.Kind.HOLIDAY),
        (chinese_calendar.workdays, Holiday.Kind.WORKDAY),
    ):
        for day, english in table.items():
            name = CHINESE_NAMES.get(english, english)
            by_year[day.year][day] = (kind.value, NAME_STYLE.get(name, name)[:50])
    return dict(sorted(by_year.items()))


class Command(BaseCommand):
    help = "从 chinesecalendar 数据包载入 2004 年以来的法定节假日与调休安排（可重复执行，不覆盖手工修改和通知导入）"

    def add_arguments(self, parser):
        parser.add_argument("--refresh", action="store_true", help="重新核对来源为数据包的年度（升级数据包后使用）")

    @transaction.atomic
    def handle(self, *args, refresh=False, **options):
        reason = f"chinesecalendar {chinese_calendar.__version__}"
        known = {cy.year: cy for cy in CalendarYear.objects.select_for_update()}
        data = package_rows()
        wanted = [
            year
            for year in data
            if year not in known or (refresh and (known[year].source == Source.PACKAGE or not known[year].confirmed))
        ]
        if not wanted:
            self._say(options, "节假日数据已是最新，无需载入。")
            return
        first, last = min(wanted), max(wanted)
        existing = {h.date: h for h in Holiday.objects.filter(date__year__gte=first, date__year__lte=last)}
        new, changed = [], []
        for year in wanted:
            for day, (kind, name) in data[year].items():
                row = existing.get(day)
                if row is None:
                    new.append(Holiday(date=day, kind=kind, name=name, source=Source.PACKAGE))
                elif row.source == Source.PACKAGE and (row.kind, row.name) != (kind, name):
                    row.kind, row.name = kind, name
                    changed.append(row)
        # Seeded rows get no history row of their own (several hundred, on every load_bureau):
        # their provenance is source="package" and the year's note (with history) names the
        # package version. Every later change to them is versioned as usual.
        Holiday.objects.bulk_create(new)
        if changed:
            bulk_update_with_history(changed, Holiday, ["kind", "name"], default_change_reason=reason)
        for year in wanted:
            if year in known:
                calendar_year = known[year]
                calendar_year.confirmed, calendar_year.source, calendar_year.note = True, Source.PACKAGE, reason
                calendar_year.save()
        bulk_create_with_history(
            [
                CalendarYear(year=y, confirmed=True, source=Source.PACKAGE, note=reason)
                for y in wanted
                if y not in known
            ],
            CalendarYear,
            default_change_reason=reason,
        )
        years.invalidate()
        transaction.on_commit(years.invalidate, robust=True)
        self._say(
            options,
            f"已从 {reason} 载入 {first}–{last} 年中 {len(wanted)} 个年度：新增 {len(new)} 条，更新 {len(changed)} 条。",
        )

    def _say(self, options, text):
        if options.get("verbosity", 1) > 0:
            self.stdout.write(text)
