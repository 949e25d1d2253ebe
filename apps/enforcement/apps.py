from django.apps import AppConfig


class Config(AppConfig):
    name = "apps.enforcement"
    label = "enforcement"
    verbose_name = "行政执法监督"
