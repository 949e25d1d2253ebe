"""Uploaded files live outside the web root and no URL serves them: only the permission-checked
view (workflow:attachment) hands them out."""

from pathlib import Path

from django.conf import settings
from django.core import checks
from django.urls import Resolver404, resolve


def _inside(child, parent):
    child, parent = Path(child).resolve(), Path(parent).resolve()
    return child == parent or parent in child.parents


@checks.register("security")
def check_media_not_served(app_configs=None, **kwargs):
    errors = []
    media = settings.MEDIA_ROOT
    static_roots = [settings.STATIC_ROOT, *[d[1] if isinstance(d, tuple) else d for d in settings.STATICFILES_DIRS]]
    for root in filter(None, static_roots):
        if _inside(media, root) or _inside(root, media):
            errors.append(
                checks.Error(
                    f"MEDIA_ROOT（{media}）与静态文件目录（{root}）重叠：上传的文件会被当作静态文件公开。",
                    id="workflow.E010",
                )
            )
    probe = "/" + f"{settings.MEDIA_URL.strip('/')}/attachments/2026/01/0123456789abcdef".lstrip("/")
    try:
        match = resolve(probe)
    except Resolver404:
        match = None
    if match is not None:
        errors.append(
            checks.Error(
                f"上传文件的地址 {settings.MEDIA_URL} 由 URL 配置中的 {match.view_name or match.route} 提供："
                "附件只能经权限检查的下载视图获取。",
                id="workflow.E011",
            )
        )
    return errors


@checks.register()
def check_rule_codes(app_configs=None, **kwargs):
    """Every DeadlineRule code named in code (rules.deadline_rule) and every approval chain of a
    registered process has its seeded rows in fixtures/."""
    from .processes import all_processes
    from .rules import import_app_modules, named_deadline_rules, seeded_rules

    import_app_modules()  # rule codes are named in services modules, imported lazily otherwise

    deadlines, chains = seeded_rules()
    errors = []
    for code, where in sorted(named_deadline_rules().items()):
        if code not in deadlines:
            errors.append(
                checks.Error(f"期限规则“{code}”（{where} 使用）在 fixtures/ 中没有对应的规则行。", id="workflow.E020")
            )
    for process in all_processes().values():
        for chain, label in process.chains():
            if (process.code, chain) not in chains:
                errors.append(
                    checks.Error(
                        f"流程“{process.label}”（{process.code}）的审批链“{label}”（{chain}）在 fixtures/ 中没有审批规则行。",
                        id="workflow.E021",
                    )
                )
    return errors
