from django.apps import AppConfig


class Config(AppConfig):
    name = "apps.workflow"
    label = "workflow"
    verbose_name = "流程引擎"

    def ready(self):
        from . import checks  # noqa: F401  (uploads stay outside the web root)
