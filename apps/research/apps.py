from django.apps import AppConfig


class Config(AppConfig):
    name = "apps.research"
    label = "research"
    verbose_name = "调研工作"
