from django.apps import AppConfig


class Config(AppConfig):
    name = "apps.privacy"
    label = "privacy"
    verbose_name = "个人信息保护"

    def ready(self):
        from django.db.models.signals import pre_save

        from . import checks  # noqa: F401  (registers the key check)
        from .fields import check_update_fields

        # An integrity guard, not a business rule: a save naming a personal-data field in
        # update_fields must name its blind index too, or the index would keep the old value.
        pre_save.connect(check_update_fields, dispatch_uid="privacy.check_update_fields")
