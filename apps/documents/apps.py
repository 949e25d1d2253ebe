from django.apps import AppConfig


class Config(AppConfig):
    name = "apps.documents"
    label = "documents"
    verbose_name = "公文办理"
