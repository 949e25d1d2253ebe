"""Records of restore drills (恢复演练记录): what an assessor asks to see (等保 2.0 G1)."""

from django.db import models


class BackupDrill(models.Model):
    class Outcome(models.TextChoices):
        PASSED = "passed", "通过"
        FAILED = "failed", "未通过"

    started_at = models.DateTimeField("开始时间")
    finished_at = models.DateTimeField("结束时间")
    backup_path = models.CharField("备份位置", max_length=500)
    backup_created_at = models.DateTimeField("备份时间", null=True, blank=True)
    outcome = models.CharField("结果", max_length=10, choices=Outcome.choices)
    summary = models.CharField("结论", max_length=300)
    # [{"check": "...", "ok": bool, "message": "..."}]: one entry per verification step
    checks = models.JSONField("各项检查", default=list)
    run_by = models.CharField("执行者", max_length=80, blank=True, help_text="操作系统账号或定时任务")
    host = models.CharField("主机", max_length=80, blank=True)

    class Meta:
        verbose_name = "恢复演练记录"
        verbose_name_plural = "恢复演练记录"
        ordering = ["-started_at"]

    def __str__(self):
        return f"{self.started_at:%Y-%m-%d %H:%M} {self.get_outcome_display()}"
