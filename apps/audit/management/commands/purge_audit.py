from django.core.management.base import BaseCommand

from apps.audit.retention import FLOOR_DAYS, purge, purgeable, retention_days


class Command(BaseCommand):
    help = "清理超过保存期限的审计日志（按 AUDIT_RETENTION_DAYS，不少于 183 天），哈希链保持可校验"

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="只显示将清理的条数，不删除")

    def handle(self, *args, **options):
        days = retention_days()
        if options["dry_run"]:
            rows, cutoff = purgeable()
            self.stdout.write(
                f"保存期限 {days} 天（下限 {FLOOR_DAYS} 天）：{cutoff:%Y-%m-%d %H:%M} 之前的 {rows.count()} 条可清理。"
            )
            return
        result = purge()
        self.stdout.write(
            f"保存期限 {result.retention_days} 天：已清理 {result.deleted} 条 {result.cutoff:%Y-%m-%d %H:%M} 之前的审计日志。"
        )
