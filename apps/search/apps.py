from django.apps import AppConfig


class Config(AppConfig):
    name = "apps.search"
    label = "search"
    verbose_name = "全局搜索"
