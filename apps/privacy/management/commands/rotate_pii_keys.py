from django.core.management.base import BaseCommand, CommandError

from apps.audit.log import record
from apps.privacy import crypto
from apps.privacy.rotation import rotate, stale_tokens


class Command(BaseCommand):
    help = (
        "把所有个人信息密文改用当前密钥（PII_ACTIVE_KEY）重新加密；--reindex 同时按 PII_INDEX_KEY 重建检索索引；"
        "--check 只检查是否还有旧密钥的密文（有则返回非零）。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--reindex", action="store_true", help="重建检索索引（更换 PII_INDEX_KEY 后）")
        parser.add_argument("--dry-run", action="store_true", help="只统计，不写入")
        parser.add_argument("--check", action="store_true", help="只检查是否还有旧密钥加密的数据")
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args, reindex=False, dry_run=False, check=False, batch_size=500, **options):
        active = crypto.keyring().active
        if check:
            stale = stale_tokens()
            for label, count in stale.items():
                self.stdout.write(f"{label}：{count} 个值仍使用旧密钥")
            if stale:
                raise CommandError(
                    f"尚有 {sum(stale.values())} 个值未改用当前密钥 {active}，请先运行 rotate_pii_keys。"
                )
            self.stdout.write(f"全部个人信息均已使用当前密钥 {active}。")
            return
        try:
            report = rotate(batch_size=batch_size, reindex=reindex, dry_run=dry_run)
        except crypto.PersonalDataError as exc:
            raise CommandError(str(exc)) from exc
        reencrypted = sum(c["reencrypted"] for c in report.values())
        reindexed = sum(c["reindexed"] for c in report.values())
        for label, counts in report.items():
            self.stdout.write(
                f"{label}：{counts['rows']} 行，重新加密 {counts['reencrypted']} 个值，重建索引 {counts['reindexed']} 个"
            )
        verb = "将" if dry_run else "已"
        self.stdout.write(f"{verb}用密钥 {active} 重新加密 {reencrypted} 个值，{verb}重建索引 {reindexed} 个。")
        if not dry_run:
            record(
                "pii.rotate_keys",
                detail={
                    "active_key": active,
                    "reencrypted": reencrypted,
                    "reindexed": reindexed,
                    "models": {label: c["reencrypted"] for label, c in report.items() if c["reencrypted"]},
                },
            )
