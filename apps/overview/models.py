"""Month-end snapshots of the overview's monthly figures, one set per viewer and month.

The trend covers twelve months; recomputing eleven closed months of clocks on every view is what
these rows spare. A snapshot is taken per viewer (the director, each division leader, each chief)
because the figures are counted through that viewer's visibility (Case.objects.visible_to): a
bureau-wide row would count matters a leader may not open. `scope_key` records the sections the
viewer was responsible for; after a change of 分工 the stored months no longer match the scope
and are computed live (and re-taken by the next periodic run).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone


class OverviewMonth(models.Model):
    """One closed month of one viewer's overview: present means "computed", even with no rows."""

    month = models.DateField("月份", help_text="该月第一日")
    viewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="查看人", on_delete=models.CASCADE, related_name="+"
    )
    scope_key = models.CharField("范围", max_length=400, help_text="all 表示全局，否则为科室 id 列表")
    scope_label = models.CharField("范围说明", max_length=400, blank=True)
    computed_at = models.DateTimeField("生成时间", default=timezone.now)

    class Meta:
        verbose_name = "总览月度快照"
        verbose_name_plural = "总览月度快照"
        ordering = ["-month", "viewer_id"]
        constraints = [models.UniqueConstraint(fields=["month", "viewer"], name="overviewmonth_one_per_viewer")]

    def __str__(self):
        return f"{self.month:%Y-%m} · {self.scope_label}"


class OverviewFigure(models.Model):
    """The month's figures for one section and matter type (Case.process)."""

    snapshot = models.ForeignKey(OverviewMonth, on_delete=models.CASCADE, related_name="figures")
    section = models.ForeignKey("org.Section", verbose_name="科室", on_delete=models.CASCADE, related_name="+")
    process = models.CharField("事项类型", max_length=60)
    closed = models.PositiveIntegerField("办结", default=0)
    clocks_met = models.PositiveIntegerField("法定期限按期", default=0)
    clocks_missed = models.PositiveIntegerField("法定期限未按期", default=0)

    class Meta:
        verbose_name = "总览月度数字"
        verbose_name_plural = "总览月度数字"
        constraints = [
            models.UniqueConstraint(fields=["snapshot", "section", "process"], name="overviewfigure_one_per_row")
        ]
