from django.apps import AppConfig


class Config(AppConfig):
    name = "apps.seals"
    label = "seals"
    verbose_name = "印章管理"
