from django.apps import AppConfig


class Config(AppConfig):
    name = "apps.confidential"
    label = "confidential"
    verbose_name = "密级文件、电报登记"

    def ready(self):
        from . import processes  # noqa: F401  (registers the register's procedures with the engine)
