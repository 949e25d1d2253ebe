"""Rebuild the search index from the cases and their records.

Needed after changes that bypass model signals (bulk updates, loaddata, a restored database)
and after rotating PII_INDEX_KEY. Safe to run at any time and to interrupt: each batch is
replaced in its own transaction.
"""

from django.core.management.base import BaseCommand

from apps.search.indexing import rebuild


class Command(BaseCommand):
    help = "重建全局搜索的检索条目（每批一个事务，可随时中断、重复运行）。"

    def add_arguments(self, parser):
        parser.add_argument("--missing", action="store_true", help="只为尚无检索条目的事项建立条目")
        parser.add_argument("--batch-size", type=int, default=1000)

    def handle(self, *args, missing=False, batch_size=1000, **options):
        def progress(done):
            if options["verbosity"] > 1:
                self.stdout.write(f"  已处理 {done} 件")

        count = rebuild(batch_size=batch_size, missing_only=missing, progress=progress)
        self.stdout.write(self.style.SUCCESS(f"全局搜索：已为 {count} 件事项建立检索条目。"))
