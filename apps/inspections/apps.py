from django.apps import AppConfig


class Config(AppConfig):
    name = "apps.inspections"
    label = "inspections"
    verbose_name = "监督检查与整改"
