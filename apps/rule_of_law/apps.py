from django.apps import AppConfig


class Config(AppConfig):
    name = "apps.rule_of_law"
    label = "rule_of_law"
    verbose_name = "普法与依法治理"
