from django.apps import AppConfig


class Config(AppConfig):
    name = "apps.hr"
    label = "hr"
    verbose_name = "人事管理"
