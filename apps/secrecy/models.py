"""保密管理 (seed 000 1.1.3) beyond the destruction register of apps.confidential:

- 保密承诺书: every staff member signs one on appointment (上岗) and one on departure (离岗);
  the staff record in apps.hr says who is serving and who has left, so a missing pledge is a flag.
- 保密培训: the yearly training with its attendance (到会、请假、缺席).
- 年度保密自查: the self-inspection of the year; its findings and rectification are recorded on
  the shared 监督检查与整改 platform (apps.inspections) with the self-inspection as the target.
- 涉密载体台账: paper, removable media and computers holding classified information, who keeps
  them and where, and the periodic check of every carrier in use (在位、完好).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from .access import may_see

User = settings.AUTH_USER_MODEL


class VisibleQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The office, its division leader and the director; nobody else (default deny)."""
        return self.all() if may_see(user) else self.none()


class Pledge(models.Model):
    class Kind(models.TextChoices):
        APPOINTMENT = "appointment", "上岗保密承诺"
        DEPARTURE = "departure", "离岗保密承诺"

    person = models.ForeignKey(User, verbose_name="签订人", on_delete=models.PROTECT, related_name="secrecy_pledges")
    kind = models.CharField("承诺类别", max_length=12, choices=Kind.choices)
    signed_on = models.DateField("签订日期")
    # 离岗保密承诺: the period during which the person still keeps the secrets (脱密期).
    period_months = models.PositiveSmallIntegerField("脱密期（月）", null=True, blank=True)
    note = models.CharField("备注", max_length=200, blank=True)
    recorded_by = models.ForeignKey(User, verbose_name="登记人", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("登记时间", default=timezone.now)
    history = HistoricalRecords()

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "保密承诺书"
        verbose_name_plural = "保密承诺书"
        ordering = ["-signed_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["person", "kind"], name="secrecy_pledge_once")]

    def __str__(self):
        return f"{self.get_kind_display()}（{self.signed_on:%Y-%m-%d}）"


class Training(models.Model):
    held_on = models.DateField("培训日期")
    title = models.CharField("培训主题", max_length=120)
    trainer = models.CharField("授课人", max_length=60)
    hours = models.DecimalField("学时", max_digits=4, decimal_places=1, default=2)
    place = models.CharField("地点", max_length=60, blank=True)
    content = models.TextField("主要内容", blank=True)
    created_by = models.ForeignKey(User, verbose_name="登记人", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("登记时间", default=timezone.now)
    history = HistoricalRecords()

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "保密培训"
        verbose_name_plural = "保密培训"
        ordering = ["-held_on", "-id"]

    def __str__(self):
        return f"{self.held_on:%Y-%m-%d} {self.title}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("secrecy:training", args=[self.pk])


class Attendance(models.Model):
    class Status(models.TextChoices):
        PRESENT = "present", "到会"
        LEAVE = "leave", "请假"
        ABSENT = "absent", "缺席"

    training = models.ForeignKey(Training, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey(User, verbose_name="人员", on_delete=models.PROTECT, related_name="+")
    status = models.CharField("到会情况", max_length=10, choices=Status.choices, default=Status.PRESENT)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "培训签到"
        verbose_name_plural = "培训签到"
        ordering = ["person__section__order", "person__full_name"]
        constraints = [models.UniqueConstraint(fields=["training", "person"], name="secrecy_attendance_once")]


class SelfInspection(models.Model):
    """年度保密自查: one a year. Findings and rectification live in apps.inspections (target = this row)."""

    year = models.PositiveSmallIntegerField("年度", unique=True)
    conducted_on = models.DateField("自查日期")
    scope = models.TextField(
        "自查范围和内容", help_text="如：涉密文件管理、计算机及移动存储介质、涉密载体、保密宣传教育"
    )
    summary = models.TextField("自查情况", blank=True)
    created_by = models.ForeignKey(User, verbose_name="登记人", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("登记时间", default=timezone.now)
    history = HistoricalRecords()

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "年度保密自查"
        verbose_name_plural = "年度保密自查"
        ordering = ["-year"]

    def __str__(self):
        return f"{self.year}年度保密自查"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("secrecy:inspection", args=[self.pk])


class Carrier(models.Model):
    class Kind(models.TextChoices):
        PAPER = "paper", "纸介质"
        MEDIA = "media", "移动存储介质"
        COMPUTER = "computer", "涉密计算机"
        DISC = "disc", "光盘"
        OTHER = "other", "其他"

    class Level(models.TextChoices):
        SECRET = "secret", "秘密"
        CONFIDENTIAL = "confidential", "机密"

    class Status(models.TextChoices):
        IN_USE = "in_use", "在用"
        DESTROYED = "destroyed", "已销毁"
        RETURNED = "returned", "已清退"

    number = models.CharField("载体编号", max_length=40, unique=True, help_text="载体上标注的编号，如 BM-U-001")
    kind = models.CharField("载体类别", max_length=10, choices=Kind.choices)
    name = models.CharField("名称（不写涉密内容）", max_length=120)
    level = models.CharField("密级", max_length=12, choices=Level.choices)
    keeper = models.ForeignKey(User, verbose_name="保管人", on_delete=models.PROTECT, related_name="+")
    location = models.CharField("存放位置", max_length=80)
    registered_on = models.DateField("登记日期")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.IN_USE)
    closed_on = models.DateField("销毁/清退日期", null=True, blank=True)
    closed_note = models.CharField("销毁/清退说明", max_length=200, blank=True)
    history = HistoricalRecords()

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "涉密载体"
        verbose_name_plural = "涉密载体台账"
        ordering = ["status", "number"]

    def __str__(self):
        return f"{self.number} {self.name}"

    @property
    def last_line(self):
        """The latest check of this carrier (from the list's prefetch `lines_desc`)."""
        lines = getattr(self, "lines_desc", None)
        if lines is None:
            lines = list(
                self.check_lines.select_related("check_record").order_by("-check_record__checked_on", "-pk")[:1]
            )
        return lines[0] if lines else None


class CarrierCheck(models.Model):
    """定期检查: every carrier in use on the day is checked (在位、完好) by two people."""

    checked_on = models.DateField("检查日期")
    checkers = models.CharField("检查人", max_length=80)
    note = models.TextField("检查结论", blank=True)
    created_by = models.ForeignKey(User, verbose_name="登记人", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("登记时间", default=timezone.now)
    history = HistoricalRecords()

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "涉密载体检查"
        verbose_name_plural = "涉密载体检查"
        ordering = ["-checked_on", "-id"]

    def __str__(self):
        return f"{self.checked_on:%Y-%m-%d} 涉密载体检查"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("secrecy:check", args=[self.pk])


class CarrierCheckLine(models.Model):
    class Result(models.TextChoices):
        OK = "ok", "在位完好"
        DAMAGED = "damaged", "损坏"
        MISSING = "missing", "不在位"

    check_record = models.ForeignKey(CarrierCheck, on_delete=models.CASCADE, related_name="lines")
    carrier = models.ForeignKey(Carrier, on_delete=models.PROTECT, related_name="check_lines")
    result = models.CharField("检查结果", max_length=10, choices=Result.choices, default=Result.OK)
    note = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        verbose_name = "载体检查明细"
        verbose_name_plural = "载体检查明细"
        ordering = ["carrier__number"]
        constraints = [models.UniqueConstraint(fields=["check_record", "carrier"], name="secrecy_checkline_once")]
