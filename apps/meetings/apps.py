from django.apps import AppConfig


class Config(AppConfig):
    name = "apps.meetings"
    label = "meetings"
    verbose_name = "会务管理"
