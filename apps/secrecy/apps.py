from django.apps import AppConfig


class Config(AppConfig):
    name = "apps.secrecy"
    label = "secrecy"
    verbose_name = "保密管理"
