from django.apps import AppConfig


class Config(AppConfig):
    name = "apps.workcalendar"
    label = "workcalendar"
    verbose_name = "工作日历"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from . import years
        from .models import CalendarYear, Holiday

        for model in (Holiday, CalendarYear):
            post_save.connect(
                years.invalidate_on_change, sender=model, dispatch_uid=f"workcalendar-save-{model.__name__}"
            )
            post_delete.connect(
                years.invalidate_on_change, sender=model, dispatch_uid=f"workcalendar-delete-{model.__name__}"
            )
