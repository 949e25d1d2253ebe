from django.apps import AppConfig


class Config(AppConfig):
    name = "apps.backups"
    label = "backups"
    verbose_name = "备份与恢复演练"
