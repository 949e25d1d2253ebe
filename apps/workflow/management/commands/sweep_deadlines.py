from django.core.management.base import BaseCommand

from apps.workflow.sweep import run_sweep


class Command(BaseCommand):
    help = "运行一次期限巡检（与 Celery 定时任务执行同一函数）"

    def handle(self, *args, **options):
        run = run_sweep()
        self.stdout.write(f"巡检完成：新增提醒 {run.notices_created} 条")
