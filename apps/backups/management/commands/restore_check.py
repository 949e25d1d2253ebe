from django.core.management.base import BaseCommand, CommandError

from apps.backups.drill import restore_check
from apps.backups.postgres import BackupError


class Command(BaseCommand):
    help = (
        "恢复演练：校验备份清单，恢复到临时数据库并检查迁移、审计日志哈希链、编号连续性和文件校验和，结果记入演练记录"
    )

    def add_arguments(self, parser):
        parser.add_argument("backup_dir", help="backup 命令生成的备份目录")

    def handle(self, *args, **options):
        try:
            drill = restore_check(options["backup_dir"])
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        for check in drill.checks:
            self.stdout.write(f"{'通过' if check['ok'] else '失败'}  {check['label']}：{check['message']}")
        if drill.outcome != drill.Outcome.PASSED:
            raise CommandError(f"恢复演练未通过（记录 #{drill.pk}）。")
        self.stdout.write(f"恢复演练通过（记录 #{drill.pk}）。")
