from django.core.management.base import BaseCommand, CommandError

from apps.backups.archive import create_backup
from apps.backups.postgres import BackupError


class Command(BaseCommand):
    help = "备份数据库（pg_dump 自定义格式）、数据库角色和上传文件，并写出带 SHA-256 的清单（manifest.json）"

    def add_arguments(self, parser):
        parser.add_argument("--dest", help="备份存放目录（默认 BACKUP_DIR）；每次备份在其下新建一个子目录")

    def handle(self, *args, **options):
        try:
            path, manifest = create_backup(options.get("dest"))
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        parts = "、".join(f"{name} {part['bytes']} 字节" for name, part in manifest["parts"].items())
        self.stdout.write(f"备份完成：{path}（{parts}）")
        if not manifest["globals"]["included"]:
            self.stderr.write(f"提示：{manifest['globals']['note']}")
        self.stdout.write(str(path))
