from django.apps import AppConfig


class Config(AppConfig):
    name = "apps.integrity"
    label = "integrity"
    verbose_name = "廉政风险防控"
