from django.apps import AppConfig


class Config(AppConfig):
    name = "apps.seals"
    label = "seals"
    verbose_name = "印章管理"

    def ready(self):
        from . import processes  # noqa: F401  (registers the two procedures with the engine)
