from django.core.management.base import BaseCommand

from apps.privacy.inventory import inventory, unprotected_fields
from apps.privacy.kinds import KINDS


class Command(BaseCommand):
    help = (
        "列出个人信息清单：哪些模型的哪些字段保存身份证号码、电话、地址，处理目的是什么（个人信息保护法第五十一条）。"
    )

    def handle(self, *args, **options):
        rows = inventory()
        for row in rows:
            extras = "、".join(
                x for x, on in (("可按完整号码检索", row["searchable"]), ("保留历史版本", row["history"])) if on
            )
            self.stdout.write(
                f"{row['model_name']}（{row['model']}）· {row['label']}（{KINDS[row['kind']].label}）"
                f"：{row['purpose']}" + (f"〔{extras}〕" if extras else "")
            )
        self.stdout.write(f"共 {len(rows)} 个个人信息字段，均以 SM4-GCM 加密保存，列表、导出默认脱敏。")
        for label, reason in unprotected_fields():
            self.stderr.write(f"未纳入保护：{label}：{reason}")
