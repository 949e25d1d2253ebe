from django.apps import AppConfig


class Config(AppConfig):
    name = "apps.it_projects"
    label = "it_projects"
    verbose_name = "信息化项目"
