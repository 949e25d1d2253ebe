"""System check: the audit log's retention may not be set below the legal floor."""

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security)
def check_audit_retention(app_configs, **kwargs):
    from .retention import FLOOR_DAYS

    try:
        days = int(getattr(settings, "AUDIT_RETENTION_DAYS", FLOOR_DAYS))
    except (TypeError, ValueError):
        days = None
    if days is None or days < FLOOR_DAYS:
        return [
            Error(
                f"审计日志保存期限 AUDIT_RETENTION_DAYS={getattr(settings, 'AUDIT_RETENTION_DAYS', None)} 低于法定下限 {FLOOR_DAYS} 天。",
                hint="网络安全法要求网络日志留存不少于六个月；系统按下限执行清理，请把设置改为不少于 183 的天数。",
                id="audit.E001",
            )
        ]
    return []


@register(Tags.security)
def check_audit_chain_key(app_configs, **kwargs):
    """The chain key must be set (outside the database) and well-formed in production."""
    from django.core.exceptions import ImproperlyConfigured

    from .chain import chain_key

    try:
        chain_key()
    except ImproperlyConfigured as exc:
        return [Error(str(exc), hint="见 README“审计日志”。", id="audit.E002")]
    return []
