from django.core.management import call_command
from django.core.management.base import BaseCommand

BASE_FIXTURES = ["org_catalogue.json", "bureau_units.json", "approval_rules.json"]


class Command(BaseCommand):
    help = "载入本局机构、职责目录（三定）和默认审批规则（可重复执行）"

    def handle(self, *args, **options):
        from django.conf import settings

        fixture_dir = settings.BASE_DIR / "fixtures"
        for name in BASE_FIXTURES:
            call_command("loaddata", str(fixture_dir / name), verbosity=0)
        self.stdout.write("已载入机构、职责目录与审批规则。")
