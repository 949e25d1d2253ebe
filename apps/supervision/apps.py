from django.apps import AppConfig


class Config(AppConfig):
    name = "apps.supervision"
    label = "supervision"
    verbose_name = "督查督办"

    def ready(self):
        from . import processes  # noqa: F401  (registers office.supervision with the engine)
