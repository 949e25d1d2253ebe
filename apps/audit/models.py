"""The security audit log: append-only, hash-chained, separate from django-simple-history.

Rows are written through apps.audit.log.record(), in the same transaction as the action they
describe, so an action that cannot be audited does not happen.
"""

import json

from django.conf import settings
from django.db import models
from django.utils import timezone

from .chain import mac


class AuditEvent(models.Model):
    class Outcome(models.TextChoices):
        SUCCESS = "success", "成功"
        FAILURE = "failure", "失败"
        DENIED = "denied", "拒绝"

    created_at = models.DateTimeField("时间", default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # Name snapshot: the row must still say who acted after the account is renamed.
    actor_name = models.CharField("操作人姓名", max_length=80, blank=True)
    event = models.CharField("事件", max_length=60, db_index=True)
    outcome = models.CharField("结果", max_length=10, choices=Outcome.choices, default=Outcome.SUCCESS)
    object_type = models.CharField("对象类型", max_length=60, blank=True)
    object_id = models.CharField("对象编号", max_length=40, blank=True)
    object_repr = models.CharField("对象", max_length=200, blank=True)
    ip = models.GenericIPAddressField("来源地址", null=True, blank=True)
    request_id = models.CharField("请求编号", max_length=32, blank=True)
    detail = models.JSONField("详情", default=dict, blank=True)
    prev_hash = models.CharField(max_length=64, blank=True)
    hash = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = "审计日志"
        verbose_name_plural = "审计日志"
        ordering = ["-id"]
        indexes = [models.Index(fields=["object_type", "object_id"]), models.Index(fields=["actor", "created_at"])]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M:%S} {self.actor_name} {self.event}"

    def payload(self) -> bytes:
        """What the row's hash covers: every column but the hash itself, in a fixed form."""
        return json.dumps(
            [
                self.prev_hash,
                self.created_at.isoformat(),
                self.actor_id,
                self.actor_name,
                self.event,
                self.outcome,
                self.object_type,
                self.object_id,
                self.object_repr,
                self.ip,
                self.request_id,
                self.detail,
            ],
            ensure_ascii=False,
            sort_keys=True,
            default=str,
        ).encode()

    def compute_hash(self):
        # Keyed (HMAC-SM3, apps/audit/chain.py): without the key no one can forge a valid row.
        return mac(self.payload())

    def save(self, *args, **kwargs):
        # Append-only at the application level too (PostgreSQL also has a trigger).
        if self.pk is not None:
            raise PermissionError("审计日志不可修改")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("审计日志不可删除")
