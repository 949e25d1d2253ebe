from django.apps import AppConfig


class Config(AppConfig):
    name = "apps.disclosure"
    label = "disclosure"
    verbose_name = "政府信息公开"

    def ready(self):
        from . import processes  # noqa: F401  (registers the three procedures with the engine)
        from . import report  # noqa: F401  (the sweep pass for an unregistered annual report)
