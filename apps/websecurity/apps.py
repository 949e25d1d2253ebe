from django.apps import AppConfig


class Config(AppConfig):
    name = "apps.websecurity"
    label = "websecurity"
    verbose_name = "网页安全"

    def ready(self):
        from . import checks  # noqa: F401
