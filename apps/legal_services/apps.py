from django.apps import AppConfig


class Config(AppConfig):
    name = "apps.legal_services"
    label = "legal_services"
    verbose_name = "公共法律服务"
