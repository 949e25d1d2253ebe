"""驻村帮扶 (seed 000 2.5 法治扶贫; seed 002 rule 19 乡村振兴驻村帮扶工作制度).

* A team member (驻村干部) serves a 2-year term (任期 2 年), the team leader (队长/第一书记)
  normally unchanged during it; at the end the party group appraises and rotates.
* At least 20 days a month in the village, counting days away on village business (因驻村帮扶
  工作出差、开会和培训等). The member (or the personnel section) files a monthly return; a short
  or missing return is flagged and reminded by the monthly sweep.
* Leaving the village is a leave through the ordinary leave chain (hr.leave).
"""

from datetime import date

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from apps.training.access import sees_all

TERM_YEARS = 2  # seed 002 rule 19 二.3：驻村帮扶 2 年为一个任期
MIN_DAYS = 20  # seed 002 rule 19 二.1：每月驻村时间应不少于 20 天


def term_end(start):
    """The last day of a 2-year term from `start` (the day before the same date two years on;
    29 February starts end on 28 February)."""
    from datetime import timedelta

    try:
        anniversary = start.replace(year=start.year + TERM_YEARS)
    except ValueError:
        anniversary = date(start.year + TERM_YEARS, 3, 1)
    return anniversary - timedelta(days=1)


class MemberQuerySet(models.QuerySet):
    def visible_to(self, user):
        if sees_all(user):
            return self
        if not getattr(user, "is_authenticated", False) or user.admin_role:
            return self.none()
        return self.filter(person=user)


class Member(models.Model):
    class Role(models.TextChoices):
        LEADER = "leader", "驻村工作队队长（第一书记）"
        MEMBER = "member", "驻村工作队队员"

    class Status(models.TextChoices):
        SERVING = "serving", "在村帮扶"
        ENDED = "ended", "任期届满（已考核轮换）"
        REPLACED = "replaced", "中途调整"

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="驻村干部", on_delete=models.PROTECT, related_name="+"
    )
    village = models.CharField("帮扶村", max_length=60)
    town = models.CharField("所在镇（街道）", max_length=60)
    role = models.CharField("职务", max_length=10, choices=Role.choices, default=Role.MEMBER)
    term_start = models.DateField("任期开始")
    term_end = models.DateField("任期届满")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.SERVING)
    ended_on = models.DateField("离任日期", null=True, blank=True)
    end_reason = models.CharField("调整原因及批准情况", max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    objects = MemberQuerySet.as_manager()

    class Meta:
        verbose_name = "驻村干部"
        verbose_name_plural = "驻村干部"
        ordering = ["status", "village", "role", "pk"]

    def __str__(self):
        return f"{self.person.full_name}（{self.village}）"

    @property
    def serving(self):
        return self.status == self.Status.SERVING


class MonthlyReturn(models.Model):
    """驻村情况月报: days in the village in one month."""

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="returns")
    month = models.DateField("月份（当月1日）")
    days_in_village = models.PositiveSmallIntegerField("在村天数", validators=[MaxValueValidator(31)])
    days_on_business = models.PositiveSmallIntegerField(
        "因驻村帮扶工作出差、开会、培训天数", default=0, validators=[MaxValueValidator(31)]
    )
    work_summary = models.TextField("本月帮扶工作", blank=True)
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    filed_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "驻村情况月报"
        verbose_name_plural = "驻村情况月报"
        ordering = ["-month", "member__village"]
        constraints = [models.UniqueConstraint(fields=["member", "month"], name="village_return_once")]

    @property
    def counted_days(self):
        return self.days_in_village + self.days_on_business

    @property
    def short(self):
        return self.counted_days < MIN_DAYS


class TermAppraisal(models.Model):
    """任期届满考核 (到期统一考核后进行轮换)."""

    class Grade(models.TextChoices):
        EXCELLENT = "excellent", "优秀"
        COMPETENT = "competent", "称职"
        BASIC = "basic", "基本称职"
        INCOMPETENT = "incompetent", "不称职"

    member = models.OneToOneField(Member, on_delete=models.PROTECT, related_name="appraisal")
    grade = models.CharField("考核等次", max_length=12, choices=Grade.choices)
    comment = models.TextField("考核意见（含党组研究情况）")
    decided_on = models.DateField("考核日期")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        verbose_name = "驻村任期考核"
        verbose_name_plural = "驻村任期考核"
