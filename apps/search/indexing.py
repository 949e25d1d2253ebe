"""Keeping the index in step with the cases and their records.

Saving a case or one of its records re-indexes that one record, in the same transaction (a
rolled-back edit leaves no trace in the index, and a search right after a save finds it):
the entry row is locked, the record's part replaced, the document rebuilt from the stored parts
(no other record is read), and the record's keys replaced. `rebuild()` does the same for every
case in batches, a constant number of queries per batch: the management command
`rebuild_search_index`, the post-migrate catch-up and the bench use it.

Saves that bypass signals (QuerySet.update(), bulk_create(), loaddata) are not seen: run
`manage.py rebuild_search_index` after such a bulk change, and after rotating PII_INDEX_KEY
(the blind indexes change with the key).
"""

import json

from django.contrib.postgres.search import SearchVectorField
from django.db import connection, transaction
from django.db.models import F, Value
from django.db.models.functions import Cast
from django.utils import timezone

from .models import SearchEntry, SearchKey
from .sources import CASE_SOURCE, case_keys, case_texts, record_keys, record_texts, source_for, sources
from .text import lexemes, normalise, tsvector_literal

CASE_FIELDS = {"title", "number"}


def _ordered(parts):
    """The case's own text first (its title gets the first positions), then records by key."""
    head = [parts[CASE_SOURCE]] if CASE_SOURCE in parts else []
    return head + [parts[key] for key in sorted(parts) if key != CASE_SOURCE]


def _uses_tsvector(using=None):
    return (connection if using is None else using).vendor == "postgresql"


def document_literal(parts):
    found, _ = lexemes(_ordered(parts))
    return tsvector_literal(found)


def entry_text(parts):
    return "\n".join(normalise(t) for t in _ordered(parts))


def _write(case_id, parts, exists):
    fields = {"parts": parts, "text": entry_text(parts)}
    if _uses_tsvector():
        fields["document"] = Cast(Value(document_literal(parts)), SearchVectorField())
    if exists:
        SearchEntry.objects.filter(pk=case_id).update(updated_at=timezone.now(), **fields)
    else:
        SearchEntry.objects.create(case_id=case_id, **fields)


def _replace(case_id, key, text, keys):
    with transaction.atomic():
        entry = SearchEntry.objects.select_for_update().filter(pk=case_id).values_list("parts", flat=True).first()
        parts = dict(entry or {})
        if text is None:
            parts.pop(key, None)
        else:
            parts[key] = text
        _write(case_id, parts, entry is not None)
        SearchKey.objects.filter(case_id=case_id, source=key).delete()
        if keys:
            SearchKey.objects.bulk_create(
                SearchKey(case_id=case_id, source=key, kind=k, value=v, label=label[:120], masked=masked)
                for k, v, label, masked in keys
            )


def index_case(case):
    _replace(case.pk, CASE_SOURCE, " ".join(case_texts(case)), case_keys(case))


def _case_id(source, obj):
    if not source.via:
        return getattr(obj, "case_id", None)
    return (
        source.model._base_manager.filter(pk=obj.pk).values_list(source.case_path, flat=True).first()
        if getattr(obj, source.via, None)
        else None
    )


def index_record(obj, source=None):
    source = source or source_for(type(obj))
    if source is None:
        return
    case_id = _case_id(source, obj)
    if case_id is None:
        return
    _replace(case_id, source.key(obj.pk), "\n".join(record_texts(source, obj)), record_keys(source, obj))


def remove_record(obj, source=None):
    source = source or source_for(type(obj))
    if source is None:
        return
    key = source.key(obj.pk)
    case_id = getattr(obj, "case_id", None) if not source.via else None
    if case_id is None:
        # a one-step record's parent may be gone already: find its case through the index
        case_id = (
            SearchKey.objects.filter(source=key).values_list("case_id", flat=True).first()
            or SearchEntry.objects.filter(parts__has_key=key).values_list("case_id", flat=True).first()
        )
    if case_id is not None and SearchEntry.objects.filter(pk=case_id).exists():
        _replace(case_id, key, None, [])


# --- signal receivers (connected in apps.py) -----------------------------------------------------


def case_saved(sender, instance, created=False, raw=False, update_fields=None, **kwargs):
    if raw or (update_fields is not None and not created and not CASE_FIELDS & set(update_fields)):
        return
    index_case(instance)


def record_saved(sender, instance, created=False, raw=False, update_fields=None, **kwargs):
    if raw:
        return
    source = source_for(sender)
    if source is None or (update_fields is not None and not created and not source.fields & set(update_fields)):
        return
    index_record(instance, source)


def record_deleted(sender, instance, **kwargs):
    remove_record(instance)


# --- bulk ----------------------------------------------------------------------------------------


def _gather(case_ids):
    """{case_id: parts} and [SearchKey] for a batch of cases: one query per source model."""
    from apps.workflow.models import Case

    parts, keys = {}, []
    for case in Case.objects.filter(pk__in=case_ids).only("id", "number", "title"):
        parts[case.pk] = {CASE_SOURCE: " ".join(case_texts(case))}
        keys += [
            SearchKey(case_id=case.pk, source=CASE_SOURCE, kind=k, value=v, label=lb) for k, v, lb, _ in case_keys(case)
        ]
    for source in sources():
        rows = source.model._base_manager.filter(**{f"{source.case_path}__in": case_ids}).annotate(
            _search_case=F(source.case_path)
        )
        for obj in rows:
            key = source.key(obj.pk)
            case_parts = parts.setdefault(obj._search_case, {})
            case_parts[key] = "\n".join(record_texts(source, obj))
            keys += [
                SearchKey(case_id=obj._search_case, source=key, kind=k, value=v, label=lb[:120], masked=m)
                for k, v, lb, m in record_keys(source, obj)
            ]
    return parts, keys


def _insert_entries(parts_by_case):
    now = timezone.now()
    if _uses_tsvector():
        table = SearchEntry._meta.db_table
        rows = [
            (case_id, json.dumps(parts, ensure_ascii=False), entry_text(parts), document_literal(parts), now)
            for case_id, parts in parts_by_case.items()
        ]
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {table} (case_id, parts, text, document, updated_at) VALUES (%s, %s, %s, %s::tsvector, %s)",
                rows,
            )
    else:
        SearchEntry.objects.bulk_create(
            SearchEntry(case_id=case_id, parts=parts, text=entry_text(parts), updated_at=now)
            for case_id, parts in parts_by_case.items()
        )


def index_cases(case_ids):
    """(Re)index the given cases from scratch, in one transaction."""
    case_ids = list(case_ids)
    parts, keys = _gather(case_ids)
    with transaction.atomic():
        SearchKey.objects.filter(case_id__in=case_ids).delete()
        SearchEntry.objects.filter(case_id__in=case_ids).delete()
        _insert_entries(parts)
        SearchKey.objects.bulk_create(keys, batch_size=2000)
    return len(parts)


def rebuild(batch_size=1000, missing_only=False, progress=None):
    """Index every case (or only those without an entry), batch by batch; returns the count."""
    from apps.workflow.models import Case

    cases = Case.objects.order_by("pk")
    if missing_only:
        cases = cases.filter(search_entry__isnull=True)
    done, last = 0, 0
    while True:
        ids = list(cases.filter(pk__gt=last).values_list("pk", flat=True)[:batch_size])
        if not ids:
            return done
        done += index_cases(ids)
        last = ids[-1]
        if progress:
            progress(done)
