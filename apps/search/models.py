"""The search index: one entry per case with the text of the case and its records, and exact
keys (numbers, blind indexes of ID numbers and phones) per record.

Derived data only: `manage.py rebuild_search_index` rebuilds all of it from the cases and their
records, so nothing here is ever the only copy of anything. Visibility is never stored here:
every query goes through Case.objects.visible_to(user) at the moment of the search.
"""

from django.contrib.postgres.search import SearchVectorField
from django.db import models

from apps.workflow.models import Case


class SearchEntry(models.Model):
    """Everything searchable about one case, as words.

    `parts` keeps each source's text ({"petitions.petition:7": "张三 ..."}), so that saving one
    record re-indexes the case without reading every other record of it. `text` is all parts
    normalised (SQLite's fallback searches it with LIKE); `document` is the bigram tsvector
    (apps/search/text.py), written on PostgreSQL only and searched through a GIN index created
    by migration 0002 on PostgreSQL.
    """

    case = models.OneToOneField(Case, on_delete=models.CASCADE, primary_key=True, related_name="search_entry")
    parts = models.JSONField(default=dict)
    text = models.TextField(blank=True)
    document = SearchVectorField(null=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "检索条目"
        verbose_name_plural = "检索条目"


class SearchKey(models.Model):
    """One exact key of one record of a case: a number, or the blind index of an ID number or
    phone (never the value: the keyed hash, and the masked form a list may show)."""

    class Kind(models.TextChoices):
        NUMBER = "number", "编号/文号"
        ID_NUMBER = "id_number", "身份证号码"
        PHONE = "phone", "电话号码"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="search_keys")
    source = models.CharField("来源记录", max_length=120)
    kind = models.CharField("类型", max_length=20, choices=Kind.choices)
    value = models.CharField("检索值", max_length=200)
    label = models.CharField("字段", max_length=120, blank=True)
    masked = models.CharField("显示值", max_length=200, blank=True)

    class Meta:
        verbose_name = "检索键"
        verbose_name_plural = "检索键"
        indexes = [
            models.Index(fields=["kind", "value"], name="search_key_kind_value"),
            models.Index(fields=["case", "source"], name="search_key_case_source"),
        ]
