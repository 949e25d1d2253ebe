from django.conf import settings
from django.core.management.base import BaseCommand

from apps.accounts.services import disable_idle_accounts


class Command(BaseCommand):
    help = "停用长期未登录的账号（ACCOUNT_IDLE_DISABLE_DAYS，与每日定时任务执行同一函数）"

    def handle(self, *args, **options):
        names = disable_idle_accounts()
        days = settings.ACCOUNT_IDLE_DISABLE_DAYS
        if names:
            self.stdout.write(f"已停用连续 {days} 天未登录的账号 {len(names)} 个：{'、'.join(names)}")
        else:
            self.stdout.write(f"没有连续 {days} 天未登录的账号。")
