from django.apps import AppConfig


class Config(AppConfig):
    name = "apps.confidential"
    label = "confidential"
    verbose_name = "密级文件、电报登记"
