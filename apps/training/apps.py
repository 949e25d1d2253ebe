from django.apps import AppConfig


class Config(AppConfig):
    name = "apps.training"
    label = "training"
    verbose_name = "教育培训"
