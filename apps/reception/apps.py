from django.apps import AppConfig


class Config(AppConfig):
    name = "apps.reception"
    label = "reception"
    verbose_name = "接待与首问"

    def ready(self):
        from . import processes  # noqa: F401  (registers the 转交科室 procedure with the engine)
