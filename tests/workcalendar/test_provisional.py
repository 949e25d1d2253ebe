"""A year without a confirmed calendar (2027 today): weekends plus the statutory holidays of
《全国年节及纪念日放假办法》(2024), no bridging or make-up days, and provisional."""

from datetime import date, timedelta

import chinese_calendar
import pytest

from apps.workcalendar.models import CalendarYear, Holiday
from apps.workcalendar.statutory import qingming, statutory_holidays
from apps.workflow.calendar import (
    add_calendar_days,
    add_working_days,
    holiday_name,
    is_provisional,
    is_working_day,
    provisional_between,
    working_days_between,
)

STATUTORY_2027 = {
    date(2027, 1, 1): "元旦",
    date(2027, 2, 5): "春节",  # 除夕 (Fri); 初一 is Sat 6 Feb
    date(2027, 2, 6): "春节",
    date(2027, 2, 7): "春节",
    date(2027, 2, 8): "春节",  # 初三 (Mon)
    date(2027, 4, 5): "清明节",
    date(2027, 5, 1): "劳动节",
    date(2027, 5, 2): "劳动节",
    date(2027, 6, 9): "端午节",
    date(2027, 9, 15): "中秋节",
    date(2027, 10, 1): "国庆节",
    date(2027, 10, 2): "国庆节",
    date(2027, 10, 3): "国庆节",
}


def test_statutory_holidays_2027():
    assert dict(statutory_holidays(2027)) == STATUTORY_2027


def test_mid_autumn_on_national_day_is_not_doubled():
    days = statutory_holidays(2028)  # 中秋 2028 falls on 3 October
    assert days[date(2028, 10, 3)] == "中秋节、国庆节"
    assert len(days) == 12  # one day fewer: bridging is the State Council's to announce, not ours


@pytest.mark.parametrize("year", range(2004, 2027))
def test_lunar_and_solar_term_festivals_fall_in_the_official_holidays(year):
    """Against the official calendars (chinesecalendar): 春节 since 2004, 清明/端午/中秋 since they
    became holidays in 2008.

    Older years of the package list only the weekdays of a holiday block, so a festival on a
    weekend is checked as a rest day; most years put it on a weekday, where the check is exact."""
    official = {day for day in chinese_calendar.holidays if day.year == year}
    days = statutory_holidays(year)
    for name in ("清明节", "端午节", "中秋节") if year >= 2008 else ():
        day = next(d for d, n in days.items() if name in n)
        assert day in official or (day.weekday() >= 5 and chinese_calendar.is_holiday(day)), (year, name, day)
    new_year = next(d for d, n in days.items() if n == "春节") + timedelta(days=1)  # 初一
    for day in (new_year + timedelta(days=i) for i in range(3)):  # 初一 to 初三, every year
        assert day in official or (day.weekday() >= 5 and chinese_calendar.is_holiday(day)), (year, day)


@pytest.mark.parametrize("year", [2025, 2026])
def test_all_statutory_days_are_official_holidays_under_the_2024_rules(year):
    official = {day for day in chinese_calendar.holidays if day.year == year}
    assert set(statutory_holidays(year)) <= official  # 除夕 included since 2025


def test_qingming_matches_known_dates_and_the_solar_term_tables():
    known = {
        2008: 4,
        2010: 5,
        2014: 5,
        2016: 4,
        2019: 5,
        2020: 4,
        2022: 5,
        2024: 4,
        2025: 4,
        2026: 5,
        2027: 5,
        2028: 4,
        2029: 4,
        2030: 5,
    }
    for year, day in known.items():
        assert qingming(year) == date(year, 4, day), year
    for year in range(1901, 2100):  # the 寿星-formula tables of the package, independent of our ephemeris
        table = [
            d for d, name in chinese_calendar.get_solar_terms(date(year, 4, 1), date(year, 4, 30)) if name == "清明"
        ]
        assert qingming(year) == table[0], year


@pytest.mark.django_db
def test_unconfirmed_year_uses_statutory_holidays_and_is_provisional(holidays):
    assert not CalendarYear.objects.filter(year=2027).exists()
    assert is_provisional(date(2027, 3, 1))
    assert not is_provisional(date(2026, 12, 31))
    assert provisional_between(date(2026, 12, 20), date(2027, 1, 10))
    assert provisional_between(date(2027, 1, 10), date(2026, 12, 20))
    assert not provisional_between(date(2026, 1, 1), date(2026, 12, 31))

    for day in STATUTORY_2027:
        assert not is_working_day(day), day
    assert holiday_name(date(2027, 2, 5)) == "春节"
    assert is_working_day(date(2027, 2, 4)) and is_working_day(date(2027, 2, 9))
    assert not is_working_day(date(2027, 2, 20))  # no make-up Saturday is guessed
    assert add_working_days(date(2027, 2, 4), 1) == date(2027, 2, 9)
    assert add_calendar_days(date(2027, 3, 31), 5) == date(2027, 4, 6)  # 清明 Mon 5 Apr rolls to Tue
    assert add_calendar_days(date(2027, 6, 1), 8) == date(2027, 6, 10)  # 端午 Wed 9 Jun
    assert add_calendar_days(date(2027, 9, 1), 14) == date(2027, 9, 16)  # 中秋 Wed 15 Sep
    assert add_calendar_days(date(2027, 9, 20), 11) == date(2027, 10, 4)  # 1 Oct Fri: Fri–Sun off, Mon 4
    # Crossing the year end: 28–31 Dec 2026, (1 Jan 2027 off), 4–5 Jan.
    assert working_days_between(date(2026, 12, 25), date(2027, 1, 5)) == 6


@pytest.mark.django_db
def test_a_row_entered_by_hand_wins_over_the_assumption(holidays):
    Holiday.objects.create(date=date(2027, 2, 20), kind="workday", name="春节", source="manual")
    Holiday.objects.create(date=date(2027, 2, 9), kind="holiday", name="春节", source="manual")
    assert is_working_day(date(2027, 2, 20))
    assert not is_working_day(date(2027, 2, 9))
    assert is_provisional(date(2027, 2, 9))  # still unconfirmed until the whole notice is in


@pytest.mark.django_db
def test_a_year_without_any_data_is_provisional():
    assert is_provisional(date(2026, 5, 1))
    assert not is_working_day(date(2026, 5, 1))  # 劳动节 by statute
    assert is_working_day(date(2026, 5, 6))
