"""学习制度 (seed 002 rule 3).

* 局党组中心组每月集中学习一次 (organised by the party group secretary): the month grid shows
  a month without one, and the monthly sweep tells the personnel section and the director.
* 机关干部职工定期集中学习 (by the personnel section or the branch): attendance is registered
  each time (集中学习坚持考勤登记制度); who cannot attend asks leave of their division leader
  with the reason; notes and 心得体会 are written after the session and reviewed by the leader
  in charge of personnel (分管政工的领导审阅).
* Attendance counts in the year's appraisal (列入年度考核): study.services.points(user, year).
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords


class Session(models.Model):
    class Kind(models.TextChoices):
        CENTRAL = "central", "党组中心组集中学习"
        STAFF = "staff", "机关干部职工集中学习"
        BUSINESS = "business", "业务学习"

    kind = models.CharField("类别", max_length=10, choices=Kind.choices)
    held_on = models.DateField("学习日期")
    topic = models.CharField("学习主题", max_length=120)
    content = models.TextField("学习内容", blank=True)
    notes_required = models.BooleanField("须交学习笔记和心得体会", default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "集中学习"
        verbose_name_plural = "集中学习"
        ordering = ["-held_on", "-pk"]

    def __str__(self):
        return f"{self.held_on:%Y-%m-%d} {self.topic}"


class Attendance(models.Model):
    class Status(models.TextChoices):
        PRESENT = "present", "出席"
        LEAVE = "leave", "请假"
        ABSENT = "absent", "缺席（未请假）"

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendances")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = models.CharField("考勤", max_length=10, choices=Status.choices)
    leave_reason = models.CharField("请假理由（经分管领导同意）", max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "学习考勤"
        verbose_name_plural = "学习考勤"
        constraints = [models.UniqueConstraint(fields=["session", "person"], name="study_attendance_once")]


class Note(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="notes")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField("学习笔记和心得体会")
    submitted_at = models.DateTimeField(default=timezone.now)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_comment = models.CharField("审阅意见", max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "学习笔记"
        verbose_name_plural = "学习笔记"
        constraints = [models.UniqueConstraint(fields=["session", "person"], name="study_note_once")]


class StudyPolicy(models.Model):
    """How study attendance counts in the appraisal. Seed 002 says only 列入年度考核, with no
    figures: both default to 0 until the party group sets them (the admin edits this row)."""

    absence_deduction = models.DecimalField("每次无故缺席扣分", max_digits=4, decimal_places=2, default=Decimal("0"))
    missing_note_deduction = models.DecimalField(
        "每次未交学习笔记扣分", max_digits=4, decimal_places=2, default=Decimal("0")
    )
    basis = models.CharField(
        "依据", max_length=200, default="内部管理制度第三项 四：集中学习考勤列入年度考核（制度未定分值，由局党组确定）"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "学习考核设置"
        verbose_name_plural = "学习考核设置"

    def __str__(self):
        return "学习考核设置"

    @classmethod
    def current(cls):
        return cls.objects.order_by("pk").first() or cls()
