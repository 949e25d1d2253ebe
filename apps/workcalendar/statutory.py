"""The statutory holidays of a year the State Council has not announced yet.

《全国年节及纪念日放假办法》(2024 revision, in force from 2025) §2: 元旦 1 day (1 January);
春节 4 days (除夕 and 初一 to 初三); 清明 1 day; 劳动节 2 days (1–2 May); 端午 1 day (lunar 5/5);
中秋 1 day (lunar 8/15); 国庆 3 days (1–3 October). Bridging days and 调休 make-up workdays are
announced each year (§6/§7) and are never guessed here: a computed year is weekends plus these
eleven days, and every due date that touches it is shown as provisional.

Lunar dates come from `lunar-python` (MIT licence, pure Python); 清明 is the day (Beijing
time) on which the sun's apparent longitude reaches 15°, computed below. Both are checked against
the official calendars of 2004–2026 in tests/workcalendar/test_statutory.py.
"""

import math
from datetime import date, timedelta
from functools import lru_cache
from types import MappingProxyType

from lunar_python import Lunar


def lunar_to_solar(year, month, day):
    """Gregorian date of lunar `month`/`day` (not a leap month) of lunar year `year`."""
    solar = Lunar.fromYmd(year, month, day).getSolar()
    return date(solar.getYear(), solar.getMonth(), solar.getDay())


# --- 清明: the solar term at apparent solar longitude 15° -------------------------------------
# Meeus, Astronomical Algorithms (2nd ed.), ch. 25 "low accuracy" solar coordinates (about 0.01°,
# i.e. a quarter of an hour of the sun's motion) and ΔT by the Espenak–Meeus polynomials. Over
# 1901–2099 the date agrees with the 寿星 formula tables (checked in the tests); the closest call
# in this century is 2071 (a few minutes before midnight, 5 April), long after any deadline the
# portal computes today, and by then the year will have an official calendar anyway.

_J2000 = 2451545.0
_TROPICAL_YEAR = 365.2422


def _delta_t_seconds(year):
    t = year - 2000
    if year < 2005:
        return 63.86 + 0.3345 * t - 0.060374 * t**2
    if year < 2050:
        return 62.92 + 0.32217 * t + 0.005589 * t**2
    return -20 + 32 * ((year - 1820) / 100) ** 2 - 0.5628 * (2150 - year)


def _apparent_solar_longitude(jde):
    t = (jde - _J2000) / 36525
    mean_longitude = 280.46646 + 36000.76983 * t + 0.0003032 * t * t
    anomaly = math.radians(357.52911 + 35999.05029 * t - 0.0001537 * t * t)
    centre = (
        (1.914602 - 0.004817 * t - 0.000014 * t * t) * math.sin(anomaly)
        + (0.019993 - 0.000101 * t) * math.sin(2 * anomaly)
        + 0.000289 * math.sin(3 * anomaly)
    )
    omega = math.radians(125.04 - 1934.136 * t)
    return (mean_longitude + centre - 0.00569 - 0.00478 * math.sin(omega)) % 360


def _julian_day(day):
    return day.toordinal() + 1721424.5  # 0h UT


def solar_term_date(year, longitude, near):
    """Beijing-time date on which the sun's apparent longitude reaches `longitude` degrees.

    `near` is a date within a few days of the term (the iteration starts there)."""
    jde = _julian_day(near)
    for _ in range(20):
        error = (longitude - _apparent_solar_longitude(jde) + 180) % 360 - 180
        jde += error * _TROPICAL_YEAR / 360
        if abs(error) < 1e-7:
            break
    beijing = jde - _delta_t_seconds(year) / 86400 + 8 / 24
    return date.fromordinal(math.floor(beijing - 1721424.5))


def qingming(year):
    return solar_term_date(year, 15.0, date(year, 4, 5))


# --- the year -------------------------------------------------------------------------------


@lru_cache(maxsize=64)
def statutory_holidays(year):
    """{date: name} of the statutory public holidays of `year` (no bridging, no make-up days).

    If the lunar library cannot place a festival (ValueError), that festival is left out."""
    days = {}

    def add(day, name):
        days[day] = f"{days[day]}、{name}" if day in days else name

    add(date(year, 1, 1), "元旦")
    try:
        new_year = lunar_to_solar(year, 1, 1)
        for offset in range(-1, 3):  # 除夕 (whatever the length of the twelfth month) to 初三
            add(new_year + timedelta(days=offset), "春节")
        add(lunar_to_solar(year, 5, 5), "端午节")
        add(lunar_to_solar(year, 8, 15), "中秋节")
    except ValueError:
        pass
    add(qingming(year), "清明节")
    add(date(year, 5, 1), "劳动节")
    add(date(year, 5, 2), "劳动节")
    for day in (1, 2, 3):
        add(date(year, 10, day), "国庆节")
    return MappingProxyType(dict(sorted(days.items())))
