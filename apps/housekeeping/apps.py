from django.apps import AppConfig


class Config(AppConfig):
    name = "apps.housekeeping"
    label = "housekeeping"
    verbose_name = "内务管理"
