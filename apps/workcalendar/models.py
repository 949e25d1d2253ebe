"""The official calendar: public holidays and 调休 make-up workdays, and which years are confirmed.

Saturdays and Sundays are rest days unless a `Holiday` row of kind "workday" says otherwise; a
row of kind "holiday" makes any day a rest day. A year is *confirmed* when its `CalendarYear`
row says so: seeded from the chinesecalendar package (2004–2026), imported from the State
Council's notice with `manage.py load_holidays`, or ticked by the system administrator after
entering the whole notice by hand. For an unconfirmed year the calendar assumes the statutory
holidays of 《全国年节及纪念日放假办法》 (apps/workcalendar/statutory.py) and marks due dates
in that year provisional.
"""

from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

WEEKDAYS = "一二三四五六日"


class Source(models.TextChoices):
    PACKAGE = "package", "chinesecalendar 数据包"
    NOTICE = "notice", "国务院办公厅通知"
    MANUAL = "manual", "手工录入"


class Holiday(models.Model):
    class Kind(models.TextChoices):
        HOLIDAY = "holiday", "放假"
        WORKDAY = "workday", "调休上班"

    date = models.DateField("日期", unique=True)
    kind = models.CharField("类型", max_length=10, choices=Kind.choices, default=Kind.HOLIDAY)
    name = models.CharField("节日", max_length=50, help_text="如“春节”“国庆节”；调休上班日填所属节日。")
    source = models.CharField("来源", max_length=10, choices=Source.choices, default=Source.MANUAL)
    updated_at = models.DateTimeField("修改时间", auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "节假日与调休"
        verbose_name_plural = "节假日与调休"
        ordering = ["date"]

    def __str__(self):
        return f"{self.date:%Y-%m-%d}（周{WEEKDAYS[self.date.weekday()]}）{self.name}{self.get_kind_display()}"

    def clean(self):
        super().clean()
        if self.kind == self.Kind.WORKDAY and self.date and self.date.weekday() < 5:
            raise ValidationError(
                {
                    "kind": f"{self.date:%Y-%m-%d} 是星期{WEEKDAYS[self.date.weekday()]}，本来就是工作日，无需登记为调休上班日。"
                }
            )


class CalendarYear(models.Model):
    year = models.PositiveSmallIntegerField("年度", unique=True)
    confirmed = models.BooleanField(
        "已确认",
        default=False,
        help_text="本年全部放假与调休安排已按国务院办公厅通知录入。未确认的年度按法定节日推算，期限标注为“暂定”。",
    )
    source = models.CharField("来源", max_length=10, choices=Source.choices, default=Source.MANUAL)
    note = models.CharField("说明", max_length=200, blank=True, help_text="如通知文号。")
    updated_at = models.DateTimeField("修改时间", auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "日历年度"
        verbose_name_plural = "日历年度"
        ordering = ["-year"]

    def __str__(self):
        return f"{self.year} 年（{'已确认' if self.confirmed else '未确认'}）"

    def clean(self):
        super().clean()
        if self.confirmed and self.year and not Holiday.objects.filter(date__year=self.year).exists():
            raise ValidationError({"confirmed": f"尚未录入 {self.year} 年的任何放假安排，不能标为已确认。"})
