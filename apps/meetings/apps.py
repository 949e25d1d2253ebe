from django.apps import AppConfig


class Config(AppConfig):
    name = "apps.meetings"
    label = "meetings"
    verbose_name = "会务管理"

    def ready(self):
        from . import processes  # noqa: F401  (registers office.meeting with the engine)
