"""Attendance (考勤, seed 002 rule 2 一、三): fingerprint records imported month by month from the
machine's Excel export, trips and official outings registered by the personnel section, and the
monthly summary published to staff (and read by the appraisals).

The numbers (8:30, 17:30 in winter and 18:00 in summer, three late arrivals or early departures
in a week make one absence, three absences in a year bar 评先评优) are one AttendancePolicy row
the administrator edits.
"""

from datetime import date, time

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

User = settings.AUTH_USER_MODEL


class AttendancePolicyManager(models.Manager):
    def get_by_natural_key(self, code):
        return self.get(code=code)

    def current(self):
        return self.filter(code="default").first() or AttendancePolicy()


class AttendancePolicy(models.Model):
    code = models.SlugField("代码", max_length=20, unique=True, default="default")
    work_start = models.TimeField("上班时间", default=time(8, 30))
    winter_end = models.TimeField("下班时间（冬季）", default=time(17, 30))
    summer_end = models.TimeField("下班时间（夏季）", default=time(18, 0))
    summer_from_month = models.PositiveSmallIntegerField("夏季作息起（月）", default=5)
    summer_from_day = models.PositiveSmallIntegerField("夏季作息起（日）", default=1)
    summer_to_month = models.PositiveSmallIntegerField("夏季作息止（月）", default=9)
    summer_to_day = models.PositiveSmallIntegerField("夏季作息止（日）", default=30)
    grace_minutes = models.PositiveSmallIntegerField("迟到早退宽限（分钟）", default=0)
    slips_per_absence = models.PositiveSmallIntegerField(
        "一周内迟到早退累计次数折合一次缺勤", default=3, help_text="一周内累计迟到、早退三次，作一次缺勤"
    )
    absence_limit = models.PositiveSmallIntegerField(
        "一年内缺勤达到（天/次）不能评先评优",
        default=3,
        help_text="一年内缺勤三天（次）以上不能评先评优、绩效考核为末等",
    )
    basis = models.CharField("依据", max_length=200, blank=True)
    history = HistoricalRecords()

    objects = AttendancePolicyManager()

    class Meta:
        verbose_name = "考勤规则"
        verbose_name_plural = "考勤规则"

    def __str__(self):
        return f"上班 {self.work_start:%H:%M}，下班 {self.winter_end:%H:%M}（冬）/{self.summer_end:%H:%M}（夏）"

    def natural_key(self):
        return (self.code,)

    def is_summer(self, day):
        start = (self.summer_from_month, self.summer_from_day)
        end = (self.summer_to_month, self.summer_to_day)
        return start <= (day.month, day.day) <= end

    def work_end(self, day):
        return self.summer_end if self.is_summer(day) else self.winter_end


def month_start(day):
    return date(day.year, day.month, 1)


class AttendanceMonth(models.Model):
    """One month's import: who imported which file when, and whether it was published."""

    month = models.DateField("月份", unique=True, help_text="该月1日")
    file_name = models.CharField("导入文件", max_length=200)
    sha256 = models.CharField("文件SHA-256", max_length=64)
    rows = models.PositiveIntegerField("记录数", default=0)
    imported_by = models.ForeignKey(User, verbose_name="导入人", on_delete=models.PROTECT, related_name="+")
    imported_at = models.DateTimeField("导入时间", default=timezone.now)
    published_by = models.ForeignKey(
        User, verbose_name="公布人", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField("公布时间", null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "月度考勤"
        verbose_name_plural = "月度考勤"
        ordering = ["-month"]

    def __str__(self):
        return f"{self.month:%Y年%m月}考勤"

    @property
    def is_published(self):
        return self.published_at is not None


class PunchRecord(models.Model):
    """One person's fingerprint times on one day (the machine's first and last punch)."""

    month = models.ForeignKey(AttendanceMonth, on_delete=models.CASCADE, related_name="records")
    person = models.ForeignKey(User, verbose_name="人员", on_delete=models.PROTECT, related_name="punch_records")
    day = models.DateField("日期")
    check_in = models.TimeField("上班打卡", null=True, blank=True)
    check_out = models.TimeField("下班打卡", null=True, blank=True)
    source_row = models.PositiveIntegerField("文件行号")

    class Meta:
        verbose_name = "打卡记录"
        verbose_name_plural = "打卡记录"
        ordering = ["day", "person_id"]
        constraints = [models.UniqueConstraint(fields=["person", "day"], name="punch_one_per_day")]


class OfficialOutingQuerySet(models.QuerySet):
    def visible_to(self, user):
        from .leave import is_personnel_officer

        if not getattr(user, "is_authenticated", False) or not user.is_active or user.admin_role:
            return self.none()
        if is_personnel_officer(user):
            return self.all()
        return self.filter(person=user)


class OfficialOuting(models.Model):
    """因公外出、出差、下乡: days away on duty, registered with the personnel section (报政工室登记备查)."""

    class Kind(models.TextChoices):
        TRIP = "trip", "出差"
        MEETING = "meeting", "外出开会、培训"
        FIELD = "field", "下乡、外出办事"

    person = models.ForeignKey(User, verbose_name="人员", on_delete=models.PROTECT, related_name="outings")
    kind = models.CharField("类别", max_length=10, choices=Kind.choices, default=Kind.TRIP)
    start_date = models.DateField("开始日期")
    end_date = models.DateField("结束日期")
    destination = models.CharField("去向", max_length=100)
    reason = models.CharField("事由", max_length=200)
    approved_by = models.ForeignKey(
        User,
        verbose_name="同意的领导",
        on_delete=models.PROTECT,
        related_name="+",
        help_text="报分管领导同意；一天以上的报局长同意",
    )
    registered_by = models.ForeignKey(User, verbose_name="登记人", on_delete=models.PROTECT, related_name="+")
    registered_at = models.DateTimeField("登记时间", default=timezone.now)
    history = HistoricalRecords()

    objects = OfficialOutingQuerySet.as_manager()

    class Meta:
        verbose_name = "因公外出登记"
        verbose_name_plural = "因公外出登记"
        ordering = ["-start_date", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=models.F("start_date")), name="outing_dates_ordered")
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.start_date}～{self.end_date}"


class MonthlyAttendance(models.Model):
    """One person's published month (考勤结果每月公布一次): frozen at publication, so what staff
    saw and what the appraisals count cannot drift when a record is corrected later."""

    month = models.ForeignKey(AttendanceMonth, on_delete=models.CASCADE, related_name="summaries")
    person = models.ForeignKey(User, verbose_name="人员", on_delete=models.PROTECT, related_name="monthly_attendance")
    section_name = models.CharField("科室", max_length=100)
    working_days = models.DecimalField("应出勤（工作日）", max_digits=4, decimal_places=1)
    present_days = models.DecimalField("实出勤", max_digits=4, decimal_places=1)
    leave_days = models.DecimalField("请假", max_digits=4, decimal_places=1)
    outing_days = models.DecimalField("因公外出", max_digits=4, decimal_places=1)
    late = models.PositiveSmallIntegerField("迟到（次）")
    early = models.PositiveSmallIntegerField("早退（次）")
    missing = models.PositiveSmallIntegerField("缺卡（次）")
    slip_absences = models.PositiveSmallIntegerField("迟到早退折合缺勤（次）")
    absent_days = models.DecimalField("旷工/逾假（天）", max_digits=4, decimal_places=1)
    absences = models.DecimalField("缺勤合计（天/次）", max_digits=5, decimal_places=1)

    class Meta:
        verbose_name = "月度考勤结果"
        verbose_name_plural = "月度考勤结果"
        ordering = ["month", "person_id"]
        constraints = [models.UniqueConstraint(fields=["month", "person"], name="monthly_attendance_once")]
