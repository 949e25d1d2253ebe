"""The calendar reads a year once (two queries) and then answers from memory."""

from datetime import date

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.workcalendar import years
from apps.workcalendar.models import CalendarYear, Holiday
from apps.workflow.calendar import (
    add_calendar_days,
    add_working_days,
    is_working_day,
    provisional_between,
    working_days_between,
)

pytestmark = pytest.mark.usefixtures("holidays")


def test_long_span_costs_two_queries_per_year():
    with CaptureQueriesContext(connection) as cold:
        end = add_working_days(date(2024, 3, 1), 600)  # about two and a half years
    assert end.year == 2026
    assert len(cold) == 2 * 3  # 2024, 2025, 2026
    with CaptureQueriesContext(connection) as warm:
        assert working_days_between(date(2024, 3, 1), end) == 600
        add_calendar_days(date(2025, 1, 15), 15)
        provisional_between(date(2024, 1, 1), date(2026, 12, 31))
        for day in range(1, 29):
            is_working_day(date(2025, 2, day))
    assert len(warm) == 0


def test_one_year_at_most_two_queries(django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        add_working_days(date(2025, 1, 20), 30)


def test_one_computation_reads_each_year_once_even_without_the_cache(settings, django_assert_max_num_queries):
    settings.WORKCALENDAR_CACHE_SECONDS = 0
    with django_assert_max_num_queries(4):
        assert working_days_between(date(2025, 1, 1), date(2026, 12, 31)) == 248 + 248  # as chinesecalendar counts


def test_the_cache_expires(settings):
    settings.WORKCALENDAR_CACHE_SECONDS = 0  # what another process sees once its minute is over
    assert is_working_day(date(2025, 3, 3))
    # A change made by "another process": a queryset update sends no signal to this one.
    Holiday.objects.bulk_create([Holiday(date=date(2025, 3, 3), kind="holiday", name="测试", source="manual")])
    assert not is_working_day(date(2025, 3, 3))


def test_the_cache_is_kept_within_its_lifetime_and_dropped_on_change(settings):
    settings.WORKCALENDAR_CACHE_SECONDS = 3600
    assert is_working_day(date(2025, 3, 3))
    Holiday.objects.bulk_create([Holiday(date=date(2025, 3, 3), kind="holiday", name="测试", source="manual")])
    assert is_working_day(date(2025, 3, 3))  # no signal: this process keeps its copy for the hour
    CalendarYear.objects.get(year=2025).save()  # any save or delete through the ORM drops it
    assert not is_working_day(date(2025, 3, 3))
    years.invalidate()


def test_seed_is_idempotent_and_keeps_administrator_changes():
    count = Holiday.objects.count()
    assert count > 700 and CalendarYear.objects.filter(confirmed=True).count() == 23
    Holiday.objects.get(date=date(2025, 10, 6)).delete()
    Holiday.objects.filter(date=date(2025, 10, 7)).update(name="改过", source="manual")
    with CaptureQueriesContext(connection) as queries:
        call_command("seed_holidays", verbosity=0)
    assert len(queries) <= 3
    assert Holiday.objects.count() == count - 1
    assert Holiday.objects.get(date=date(2025, 10, 7)).name == "改过"
    call_command("seed_holidays", "--refresh", verbosity=0)  # after a package upgrade
    assert Holiday.objects.count() == count  # the deleted package row is back...
    assert Holiday.objects.get(date=date(2025, 10, 7)).name == "改过"  # ...manual rows are not touched


def test_seed_leaves_a_year_the_administrator_unconfirmed_alone():
    CalendarYear.objects.filter(year=2024).update(confirmed=False, source="manual")
    call_command("seed_holidays", verbosity=0)
    assert not CalendarYear.objects.get(year=2024).confirmed
