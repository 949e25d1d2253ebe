from django.apps import AppConfig


class Config(AppConfig):
    name = "apps.petitions"
    label = "petitions"
    verbose_name = "信访"
