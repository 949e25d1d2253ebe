from django.apps import AppConfig


class Config(AppConfig):
    name = "apps.reconsideration"
    label = "reconsideration"
    verbose_name = "行政复议与应诉"
