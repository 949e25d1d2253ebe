from django.core.management.base import BaseCommand, CommandError

from apps.accounts import otp
from apps.accounts.models import User


class Command(BaseCommand):
    help = "显示演示管理员账号当前的两步验证码（仅限 seed_demo 创建的演示账号）"

    def add_arguments(self, parser):
        parser.add_argument("username", help="演示账号，如 sysadmin、secadmin、auditor")

    def handle(self, *args, username, **options):
        user = User.objects.filter(username__iexact=username, is_demo=True).first()
        if user is None:
            raise CommandError(f"{username} 不是演示账号：真实账号的验证码只在本人的手机上。")
        device = otp.confirmed_device(user)
        if device is None:
            raise CommandError(f"{username} 没有绑定验证器；请先运行 seed_demo。")
        self.stdout.write(otp.current_token(device))
