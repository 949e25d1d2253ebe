from django.apps import AppConfig


class Config(AppConfig):
    name = "apps.search"
    label = "search"
    verbose_name = "全局搜索"

    def ready(self):
        from django.db.models.signals import post_delete, post_migrate, post_save

        from apps.workflow.models import Case

        from . import indexing
        from .sources import sources

        post_save.connect(indexing.case_saved, sender=Case, dispatch_uid="search-index-case")
        # Every record of a case, whichever app declares it: found from the models (sources.py).
        for source in sources():
            uid = f"search-index-{source.label}"
            post_save.connect(indexing.record_saved, sender=source.model, dispatch_uid=uid)
            post_delete.connect(indexing.record_deleted, sender=source.model, dispatch_uid=uid)
        post_migrate.connect(fill_missing, sender=self, dispatch_uid="search-fill-missing")


def fill_missing(app_config, using="default", verbosity=1, **kwargs):
    """After migrate: index the cases that have no entry yet (all of them, the first time; none
    on a later run). The same as `manage.py rebuild_search_index --missing`."""
    from django.db import connections

    from .indexing import rebuild

    if using != "default" or "search_searchentry" not in connections[using].introspection.table_names():
        return
    count = rebuild(missing_only=True)
    if count and verbosity:
        print(f"  全局搜索：已为 {count} 件事项建立检索条目。")
