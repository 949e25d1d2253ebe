from django.apps import AppConfig


class Config(AppConfig):
    name = "apps.community_correction"
    label = "community_correction"
    verbose_name = "社区矫正"
