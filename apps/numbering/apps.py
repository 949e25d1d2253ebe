from django.apps import AppConfig


class Config(AppConfig):
    name = "apps.numbering"
    label = "numbering"
    verbose_name = "编号规则"
