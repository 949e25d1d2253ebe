"""The admin home's reminder that next year's official calendar has not been loaded."""

from django.utils import timezone

from .models import CalendarYear

# The State Council usually publishes next year's arrangements in October or November.
WARN_FROM_MONTH = 11


def unconfirmed_years(today=None):
    """The years the administrator should confirm now: this year always, next year from November."""
    today = today or timezone.localdate()
    due = [today.year] + ([today.year + 1] if today.month >= WARN_FROM_MONTH else [])
    confirmed = set(CalendarYear.objects.filter(year__in=due, confirmed=True).values_list("year", flat=True))
    return [year for year in due if year not in confirmed]


def calendar_warnings(today=None):
    return [
        f"{year} 年的放假安排尚未确认：系统暂按《全国年节及纪念日放假办法》推算 {year} 年的法定节日"
        f"（周末加法定节日，不推算调休），涉及 {year} 年的期限都标为“暂定”。"
        f"国务院办公厅通知发布后，请在服务器上执行 python manage.py load_holidays 通知.csv"
        f"（列为 date,kind,name）导入，或在“节假日与调休”中逐条录入后，在“日历年度”中将 {year} 年标为已确认。"
        for year in unconfirmed_years(today)
    ]
