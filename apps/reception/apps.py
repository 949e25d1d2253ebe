from django.apps import AppConfig


class Config(AppConfig):
    name = "apps.reception"
    label = "reception"
    verbose_name = "接待与首问"
