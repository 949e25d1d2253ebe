from django.apps import AppConfig


class Config(AppConfig):
    name = "apps.lawyers"
    label = "lawyers"
    verbose_name = "律师工作"
