from django.apps import AppConfig


class Config(AppConfig):
    name = "apps.archives"
    label = "archives"
    verbose_name = "档案管理"

    def ready(self):
        from . import processes  # noqa: F401  (registers archive lending with the engine)
