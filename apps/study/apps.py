from django.apps import AppConfig


class Config(AppConfig):
    name = "apps.study"
    label = "study"
    verbose_name = "学习制度"
