from django.core.management.base import BaseCommand, CommandError

from apps.workflow.integrity import verify_all


class Command(BaseCommand):
    help = "重新计算全部附件的 SHA-256，与上传时的记录比对；不一致或缺失的附件停止下载并通知安全管理员（有问题时返回非零）。"

    def handle(self, *args, **options):
        summary = verify_all()
        self.stdout.write(
            f"复核附件 {summary['checked']} 个（{summary['bytes'] / 1048576:.1f} MB）："
            f"一致 {summary['ok']}，不一致 {summary['mismatch']}，缺失 {summary['missing']}。"
        )
        if summary["mismatch"] or summary["missing"]:
            raise CommandError("发现完整性问题，已通知安全管理员，详见审计日志 file.integrity_failed。")
