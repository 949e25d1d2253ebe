"""System checks for accounts (等保 2.0: no default or shared accounts, no day-to-day superuser).

They read the database, so (as Django asks of such checks) they run only when the check is
given databases: `manage.py migrate` does that, and `manage.py check --database default`.
On a database whose tables do not exist yet they say nothing.
"""

from django.conf import settings
from django.core.checks import Error, register
from django.db import DatabaseError

DEFAULT_NAMES = {"admin", "administrator", "root", "test", "guest", "user", "demo", "sa"}


@register("security", "database")
def check_accounts(app_configs, databases=None, **kwargs):
    if not databases:
        return []
    from .models import User

    errors = []
    for alias in databases:
        try:
            users = User.objects.using(alias)
            default_names = sorted(
                name
                for name in users.filter(is_active=True).values_list("username", flat=True)
                if name.lower() in DEFAULT_NAMES
            )
            superusers = (
                []
                if settings.DEBUG
                else sorted(users.filter(is_active=True, is_superuser=True).values_list("username", flat=True))
            )
            demo = (
                []
                if settings.DEBUG or settings.ALLOW_DEMO_USERS
                else sorted(users.filter(is_active=True, is_demo=True).values_list("username", flat=True)[:10])
            )
        except DatabaseError:  # tables not migrated yet
            continue
        if default_names:
            errors.append(
                Error(
                    f"存在默认/通用账号名：{'、'.join(default_names)}。",
                    hint="等保要求不使用默认账号：请改名为实名账号或停用（安全管理员在后台操作）。",
                    id="accounts.E001",
                )
            )
        if superusers:
            errors.append(
                Error(
                    f"生产环境存在启用的超级用户：{'、'.join(superusers)}。",
                    hint="三员分立：日常不使用超级用户。请取消其“超级用户”状态或停用，由系统/安全/审计管理员分别操作。",
                    id="accounts.E002",
                )
            )
        if demo:
            errors.append(
                Error(
                    f"生产环境存在启用的演示账号：{'、'.join(demo)}。",
                    hint="演示账号共用公开的密码：请停用或删除；确需演示环境请设置 ALLOW_DEMO_USERS=1。",
                    id="accounts.E003",
                )
            )
    return errors
