from django.apps import AppConfig


class Config(AppConfig):
    name = "apps.village"
    label = "village"
    verbose_name = "驻村帮扶"
