from django.apps import AppConfig


class Config(AppConfig):
    name = "apps.disclosure"
    label = "disclosure"
    verbose_name = "政府信息公开"
