from django.apps import AppConfig


class Config(AppConfig):
    name = "apps.overview"
    label = "overview"
    verbose_name = "领导总览"
