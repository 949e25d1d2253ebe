from django.apps import AppConfig


class Config(AppConfig):
    name = "apps.duty"
    label = "duty"
    verbose_name = "值班管理"

    def ready(self):
        from . import processes  # noqa: F401  (registers office.duty_roster with the engine)
