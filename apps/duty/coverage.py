"""Which days of a roster need 24-hour duty, and whether the shifts give it.

Seed 002 rule 12: 重大节假日、特护期实行 24 小时值班; every day has someone on duty. A public
holiday is a rest day the working calendar (apps.workcalendar) names as a holiday (国庆节,
春节 ...); ordinary weekends are not. On such a day the shifts dated that day must cover 24
hours without a gap (one 08:30 → 次日08:30 shift, or day and night shifts that meet)."""

from datetime import datetime, timedelta

from apps.workflow import calendar

FULL_DAY = timedelta(hours=24)


def holiday_name(day):
    """The holiday `day` is a rest day of, or '' (a make-up workday or an ordinary day)."""
    name = calendar.holiday_name(day)
    return name if name and not calendar.is_working_day(day) else ""


def interval(day, starts, ends):
    start = datetime.combine(day, starts)
    end = datetime.combine(day + timedelta(days=1) if ends <= starts else day, ends)
    return start, end


def longest_cover(intervals):
    """The longest stretch the intervals cover without a gap."""
    best = timedelta(0)
    current = None
    for start, end in sorted(intervals):
        if current is None or start > current[1]:
            current = [start, end]
        else:
            current[1] = max(current[1], end)
        best = max(best, current[1] - current[0])
    return best


def _hours(delta):
    hours = delta.total_seconds() / 3600
    return f"{hours:g}"


def problems(start_date, end_date, shifts):
    """Chinese sentences for what the roster lacks; shifts are (date, starts, ends) triples."""
    by_day = {}
    for day, starts, ends in shifts:
        by_day.setdefault(day, []).append(interval(day, starts, ends))
    found = []
    outside = sorted({d for d in by_day if d < start_date or d > end_date})
    if outside:
        found.append("班次日期超出值班期间：" + "、".join(f"{d.month}月{d.day}日" for d in outside) + "。")
    day = start_date
    missing = []
    while day <= end_date:
        name = holiday_name(day)
        if day not in by_day:
            missing.append(day)
        elif name:
            cover = longest_cover(by_day[day])
            if cover < FULL_DAY:
                spans = "、".join(
                    f"{s:%H:%M}-{'次日' if e.date() > s.date() else ''}{e:%H:%M}" for s, e in sorted(by_day[day])
                )
                found.append(
                    f"{day.month}月{day.day}日（{name}）为法定节假日，须安排24小时值班；"
                    f"当前班次 {spans} 只连续覆盖 {_hours(cover)} 小时。"
                )
        day += timedelta(days=1)
    if missing:
        found.insert(
            0,
            "以下日期未安排值班："
            + "、".join(
                f"{d.month}月{d.day}日" + (f"（{holiday_name(d)}，须24小时值班）" if holiday_name(d) else "")
                for d in missing
            )
            + "。",
        )
    return found
