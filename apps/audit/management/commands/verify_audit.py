from django.core.management.base import BaseCommand, CommandError

from apps.audit.log import verify_chain
from apps.audit.models import AuditEvent


class Command(BaseCommand):
    help = "校验审计日志哈希链是否完整"

    def handle(self, *args, **options):
        broken = verify_chain()
        if broken is not None:
            raise CommandError(f"审计日志在第 {broken} 条处被篡改或缺失。")
        self.stdout.write(f"审计日志完整：共 {AuditEvent.objects.count()} 条。")
