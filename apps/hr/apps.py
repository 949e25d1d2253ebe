from django.apps import AppConfig


class Config(AppConfig):
    name = "apps.hr"
    label = "hr"
    verbose_name = "人事管理"

    def ready(self):
        from . import processes  # noqa: F401  (registers the processes with the engine)
