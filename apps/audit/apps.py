from django.apps import AppConfig


class Config(AppConfig):
    name = "apps.audit"
    label = "audit"
    verbose_name = "审计"

    def ready(self):
        from . import checks  # noqa: F401
