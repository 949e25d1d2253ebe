from django.apps import AppConfig


class Config(AppConfig):
    name = "apps.proposals"
    label = "proposals"
    verbose_name = "建议提案办理"

    def ready(self):
        from . import processes  # noqa: F401  (registers office.proposal with the engine and its sweep pass)
