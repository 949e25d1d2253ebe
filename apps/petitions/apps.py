from django.apps import AppConfig


class Config(AppConfig):
    name = "apps.petitions"
    label = "petitions"
    verbose_name = "信访"

    def ready(self):
        from . import processes  # noqa: F401  (registers the petition procedure with the engine)
