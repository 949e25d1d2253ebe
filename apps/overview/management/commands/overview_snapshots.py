from django.core.management.base import BaseCommand

from apps.overview.snapshots import take_snapshots


class Command(BaseCommand):
    help = "生成领导总览的月度快照（补齐过去若干个月；已有的月份不重复生成，--refresh 重新计算）"

    def add_arguments(self, parser):
        parser.add_argument(
            "--months", type=int, default=11, help="补齐本月之前的月数（默认 11，即趋势图的全部已结束月份）"
        )
        parser.add_argument("--refresh", action="store_true", help="已有快照的月份也重新计算")

    def handle(self, *args, months, refresh, **options):
        written = take_snapshots(months=months, refresh=refresh)
        self.stdout.write(self.style.SUCCESS(f"已生成 {written} 份月度快照（查看人 × 月份）。"))
