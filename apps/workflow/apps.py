from django.apps import AppConfig


class Config(AppConfig):
    name = "apps.workflow"
    label = "workflow"
    verbose_name = "流程引擎"
