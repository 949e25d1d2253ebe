from django.apps import AppConfig


class Config(AppConfig):
    name = "apps.matters"
    label = "matters"
    verbose_name = "事项审批"
