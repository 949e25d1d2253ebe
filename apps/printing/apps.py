from django.apps import AppConfig


class Config(AppConfig):
    name = "apps.printing"
    label = "printing"
    verbose_name = "打印"
