from django.apps import AppConfig


class Config(AppConfig):
    name = "apps.org"
    label = "org"
    verbose_name = "机构与职责"
