from django.apps import AppConfig


class Config(AppConfig):
    """Installed only in the test run (tests/environment.py): a small section-like app that
    stores personal data the way every section app will, through apps/privacy."""

    name = "tests.privacy_app"
    label = "privacy_app"
    verbose_name = "来访登记（测试用）"

    def ready(self):
        from apps.printing.registers import REGISTERS

        from . import processes  # noqa: F401  (registers the process with the engine)
        from .registers import VisitorRegister

        REGISTERS.setdefault(VisitorRegister.name, VisitorRegister())
