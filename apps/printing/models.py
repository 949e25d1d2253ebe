"""Large Excel registers are built by a Celery worker; the requester downloads the file once.

queued → running → done → downloaded (file deleted once served); or failed; or expired (not
downloaded within settings.EXPORT_KEEP_DAYS: file deleted). See apps/printing/exports.py.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone


def export_path(instance, filename):
    return f"exports/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.xlsx"


class ExportJob(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "排队中"
        RUNNING = "running", "生成中"
        DONE = "done", "已完成"
        FAILED = "failed", "失败"
        DOWNLOADED = "downloaded", "已下载"
        EXPIRED = "expired", "已过期"

    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="export_jobs")
    register = models.CharField("台账", max_length=60)
    title = models.CharField("名称", max_length=100)
    params = models.JSONField("筛选条件", default=dict, blank=True)
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.QUEUED)
    rows = models.PositiveIntegerField("行数", null=True, blank=True)
    file = models.FileField(upload_to=export_path, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    downloaded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "导出任务"
        verbose_name_plural = "导出任务"
        ordering = ["-created_at"]

    def __str__(self):
        return self.title
