"""The calendar against the State Council's notices for 2025 and 2026 (as seeded from chinesecalendar).

2025 (the State Council's notice of November 2024): 元旦 1月1日; 春节 1月28日至2月4日, 1月26日(周日)、2月8日(周六)上班;
清明 4月4日至6日; 劳动节 5月1日至5日, 4月27日(周日)上班; 端午 5月31日至6月2日; 国庆、中秋 10月1日至8日,
9月28日(周日)、10月11日(周六)上班.
2026 (per the package, matching the notice): 元旦 1月1日至3日, 1月4日(周日)上班; 春节 2月15日至23日,
2月14日(周六)、2月28日(周六)上班; 清明 4月4日至6日; 劳动节 5月1日至5日, 5月9日(周六)上班; 端午 6月19日至21日;
中秋 9月25日至27日, 9月20日(周日)上班; 国庆 10月1日至7日, 10月10日(周六)上班.
"""

from datetime import date, timedelta

import chinese_calendar
import pytest

from apps.workcalendar.models import CalendarYear, Holiday
from apps.workflow.calendar import (
    add_calendar_days,
    add_working_days,
    holiday_name,
    is_provisional,
    is_working_day,
    provisional_between,
    working_days_between,
)

pytestmark = pytest.mark.usefixtures("holidays")


def span(first, last):
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


REST_2025 = (
    [date(2025, 1, 1)]
    + span(date(2025, 1, 28), date(2025, 2, 4))
    + span(date(2025, 4, 4), date(2025, 4, 6))
    + span(date(2025, 5, 1), date(2025, 5, 5))
    + span(date(2025, 5, 31), date(2025, 6, 2))
    + span(date(2025, 10, 1), date(2025, 10, 8))
)
MAKE_UP_2025 = [date(2025, 1, 26), date(2025, 2, 8), date(2025, 4, 27), date(2025, 9, 28), date(2025, 10, 11)]
REST_2026 = (
    span(date(2026, 1, 1), date(2026, 1, 3))
    + span(date(2026, 2, 15), date(2026, 2, 23))
    + span(date(2026, 4, 4), date(2026, 4, 6))
    + span(date(2026, 5, 1), date(2026, 5, 5))
    + span(date(2026, 6, 19), date(2026, 6, 21))
    + span(date(2026, 9, 25), date(2026, 9, 27))
    + span(date(2026, 10, 1), date(2026, 10, 7))
)
MAKE_UP_2026 = [
    date(2026, 1, 4),
    date(2026, 2, 14),
    date(2026, 2, 28),
    date(2026, 5, 9),
    date(2026, 9, 20),
    date(2026, 10, 10),
]


@pytest.mark.parametrize("day", REST_2025 + REST_2026)
def test_notice_holidays_are_rest_days(day):
    assert not is_working_day(day)


@pytest.mark.parametrize("day", MAKE_UP_2025 + MAKE_UP_2026)
def test_make_up_weekend_days_are_working_days(day):
    assert day.weekday() >= 5
    assert is_working_day(day)


def test_every_day_of_2025_and_2026_agrees_with_the_package():
    for day in span(date(2025, 1, 1), date(2026, 12, 31)):
        assert is_working_day(day) == chinese_calendar.is_workday(day), day


def test_seeded_years_are_confirmed_and_named():
    assert not is_provisional(date(2025, 6, 1)) and not is_provisional(date(2026, 12, 31))
    assert not provisional_between(date(2025, 1, 1), date(2026, 12, 31))
    assert holiday_name(date(2025, 1, 29)) == "春节"
    assert holiday_name(date(2025, 10, 6)) == "中秋节"
    assert holiday_name(date(2026, 2, 28)) == "春节"  # the make-up Saturday belongs to 春节
    assert set(CalendarYear.objects.filter(confirmed=True).values_list("source", flat=True)) == {"package"}
    assert Holiday.objects.filter(date__year=2025, kind="workday").count() == 5


def test_working_days_across_spring_festival_2025():
    # Fri 24 Jan; Sun 26 and Mon 27 work; 28 Jan–4 Feb off; 5–7 Feb work; Sat 8 Feb works; Mon 10.
    assert working_days_between(date(2025, 1, 24), date(2025, 2, 10)) == 7
    assert add_working_days(date(2025, 1, 24), 7) == date(2025, 2, 10)
    assert add_working_days(date(2025, 1, 24), 1) == date(2025, 1, 26)  # the make-up Sunday counts
    assert add_working_days(date(2025, 1, 27), 1) == date(2025, 2, 5)
    # 2026: Sat 14 Feb works, 15–23 Feb off, 24–27 Feb work, Sat 28 Feb works.
    assert add_working_days(date(2026, 2, 13), 1) == date(2026, 2, 14)
    assert add_working_days(date(2026, 2, 13), 2) == date(2026, 2, 24)
    assert add_working_days(date(2026, 2, 13), 6) == date(2026, 2, 28)
    assert working_days_between(date(2026, 2, 13), date(2026, 3, 2)) == 7


def test_working_days_across_labour_day_and_national_day_2025():
    assert add_working_days(date(2025, 4, 25), 1) == date(2025, 4, 27)
    assert add_working_days(date(2025, 4, 30), 1) == date(2025, 5, 6)
    # Sun 28 Sep, 29, 30 Sep, then 9, 10 Oct and Sat 11 Oct.
    assert working_days_between(date(2025, 9, 26), date(2025, 10, 12)) == 6


def test_start_day_not_counted():
    assert add_working_days(date(2025, 3, 4), 1) == date(2025, 3, 5)  # Tue -> Wed
    assert add_working_days(date(2025, 3, 7), 1) == date(2025, 3, 10)  # Fri -> Mon
    assert add_working_days(date(2025, 3, 8), 1) == date(2025, 3, 10)  # received on a Saturday
    assert add_working_days(date(2025, 1, 26), 1) == date(2025, 1, 27)  # start on a make-up Sunday
    assert add_working_days(date(2025, 3, 4), 0) == date(2025, 3, 4)
    assert add_calendar_days(date(2025, 3, 4), 1) == date(2025, 3, 5)
    assert working_days_between(date(2025, 3, 4), date(2025, 3, 5)) == 1  # a excluded, b included


def test_calendar_day_period_ending_on_a_holiday_rolls_forward():
    assert add_calendar_days(date(2025, 1, 15), 15) == date(2025, 2, 5)  # 30 Jan (春节) -> Wed 5 Feb
    assert add_calendar_days(date(2025, 9, 16), 15) == date(2025, 10, 9)  # 1 Oct (国庆) -> Thu 9 Oct
    assert add_calendar_days(date(2026, 4, 1), 5) == date(2026, 4, 7)  # Mon 6 Apr (清明) -> Tue 7 Apr
    assert add_calendar_days(date(2025, 3, 7), 1) == date(2025, 3, 10)  # an ordinary Saturday -> Mon
    assert add_calendar_days(date(2025, 3, 7), 3) == date(2025, 3, 10)  # ending on a working day: no change


def test_calendar_day_period_ending_on_a_make_up_saturday_does_not_roll():
    assert add_calendar_days(date(2025, 1, 24), 15) == date(2025, 2, 8)
    assert add_calendar_days(date(2025, 9, 26), 15) == date(2025, 10, 11)
    assert add_calendar_days(date(2026, 2, 13), 15) == date(2026, 2, 28)
    assert add_calendar_days(date(2026, 9, 5), 15) == date(2026, 9, 20)  # make-up Sunday


def test_make_up_day_rule_is_a_setting_for_the_legal_staff(settings):
    settings.WORKCALENDAR_MAKE_UP_DAYS_END_PERIODS = False
    assert add_calendar_days(date(2025, 1, 24), 15) == date(2025, 2, 10)  # Sat 8 Feb -> Mon 10 Feb
    assert add_calendar_days(date(2025, 1, 15), 15) == date(2025, 2, 5)
    assert add_working_days(date(2025, 2, 7), 1) == date(2025, 2, 8)  # still a working day to count


def test_working_days_between_boundaries_and_order():
    a, b, c = date(2025, 1, 20), date(2025, 2, 6), date(2025, 3, 1)
    assert working_days_between(a, a) == 0
    assert working_days_between(b, a) == 0  # nothing lies after b and on or before a
    assert working_days_between(a, b) + working_days_between(b, c) == working_days_between(a, c)
    # The end is counted, the start is not: moving either end over a working day shifts the count by one.
    assert working_days_between(date(2025, 2, 4), date(2025, 2, 5)) == 1  # holiday -> first day back
    assert working_days_between(date(2025, 2, 5), date(2025, 2, 6)) == 1
    assert working_days_between(date(2025, 1, 27), date(2025, 2, 4)) == 0  # only holidays after Mon 27
    assert working_days_between(date(2025, 1, 25), date(2025, 1, 27)) == 2  # Sun 26 (make-up) and Mon 27


def test_add_working_days_and_working_days_between_are_inverse():
    for start in span(date(2025, 1, 20), date(2025, 2, 12)) + span(date(2026, 9, 15), date(2026, 10, 12)):
        for n in (1, 2, 5, 10, 20):
            end = add_working_days(start, n)
            assert is_working_day(end)
            assert working_days_between(start, end) == n
            assert working_days_between(start, end - timedelta(days=1)) == n - 1
            back = add_working_days(end, -n)
            assert working_days_between(back, end) == n
            if is_working_day(start):
                assert back == start


def test_counting_back():
    # "at least five working days before" a hearing on Mon 10 Feb 2025: Sat 8, Fri 7, Thu 6, Wed 5, Mon 27 Jan.
    assert add_working_days(date(2025, 2, 10), -5) == date(2025, 1, 27)
    with pytest.raises(ValueError):
        add_calendar_days(date(2025, 2, 10), -5)


def test_datetime_arguments_use_the_local_date():
    from datetime import datetime
    from zoneinfo import ZoneInfo

    late_evening_utc = datetime(2025, 1, 27, 17, 0, tzinfo=ZoneInfo("UTC"))  # 01:00 on 28 Jan in Beijing
    assert not is_working_day(late_evening_utc)
