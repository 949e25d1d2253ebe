from django.apps import AppConfig


class Config(AppConfig):
    name = "apps.normative_files"
    label = "normative_files"
    verbose_name = "规范性文件审核与备案"
