from django.apps import AppConfig


class Config(AppConfig):
    name = "apps.duty"
    label = "duty"
    verbose_name = "值班管理"
