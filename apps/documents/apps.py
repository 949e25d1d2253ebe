from django.apps import AppConfig


class Config(AppConfig):
    name = "apps.documents"
    label = "documents"
    verbose_name = "公文办理"

    def ready(self):
        from . import processes  # noqa: F401  (registers 收文 and 发文 with the engine)
        from .printing import register_archive_sources

        register_archive_sources()  # the electronic copies DA/T 22 archive items keep
