from django.apps import AppConfig


class Config(AppConfig):
    name = "apps.emergency"
    label = "emergency"
    verbose_name = "应急管理"
