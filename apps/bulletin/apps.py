from django.apps import AppConfig


class Config(AppConfig):
    name = "apps.bulletin"
    label = "bulletin"
    verbose_name = "信息编发"
