from django.apps import AppConfig


class Config(AppConfig):
    name = "apps.accounts"
    label = "accounts"
    verbose_name = "用户与角色"

    def ready(self):
        from . import checks, signals  # noqa: F401
