from django.apps import AppConfig


class Config(AppConfig):
    name = "apps.finance"
    label = "finance"
    verbose_name = "财务与后勤"

    def ready(self):
        from . import logistics_processes, processes  # noqa: F401  (register the processes with the engine)
