from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class Config(AppConfig):
    name = "apps.archives"
    label = "archives"
    verbose_name = "档案管理"

    def ready(self):
        # Each app's archive_sources.py registers its renderers and catalogue facts
        # (apps.archives.sources.register/exclude); found here as the admin finds admin.py.
        autodiscover_modules("archive_sources")
        from apps.workflow import api

        from .services import archive_page

        # 归档 on a case page opens the archive form, so every archived case gets its 档号.
        api.set_archive_page(archive_page)
