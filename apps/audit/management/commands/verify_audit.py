from django.core.management.base import BaseCommand, CommandError

from apps.audit.anchors import verify, write_anchor


class Command(BaseCommand):
    help = "校验审计日志：带密钥的哈希链，以及与数据库之外最近一个锚点的一致性"

    def add_arguments(self, parser):
        parser.add_argument("--anchor", action="store_true", help="校验通过后立即写一个外部锚点")

    def handle(self, *args, **options):
        verdict = verify()
        if not verdict.ok:
            raise CommandError(verdict.message)
        self.stdout.write(verdict.message)
        if verdict.warning:
            self.stderr.write(verdict.warning)
        if options["anchor"]:
            anchor = write_anchor("manual")
            self.stdout.write(f"已写外部锚点：第 {anchor['head_id']} 条，共 {anchor['rows']} 条。")
