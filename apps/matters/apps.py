from django.apps import AppConfig


class Config(AppConfig):
    name = "apps.matters"
    label = "matters"
    verbose_name = "事项审批"

    def ready(self):
        from . import processes  # noqa: F401  (registers the process with the engine)
