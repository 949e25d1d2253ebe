from django.apps import AppConfig


class Config(AppConfig):
    name = "apps.proposals"
    label = "proposals"
    verbose_name = "建议提案办理"
