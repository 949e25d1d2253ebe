"""Re-encrypt stored personal data under the active key, and rebuild blind indexes.

Works on the raw columns with SQL, batch by batch in primary-key order, each batch in its own
transaction: no model save (no signals, no new history rows), simple-history's copies included,
safe to interrupt and run again (rows already on the active key are left alone).
"""

from django.apps import apps
from django.db import connection, transaction

from . import crypto
from .fields import index_field_for, personal_data_fields


def models_with_personal_data():
    return [(model, personal_data_fields(model)) for model in apps.get_models() if personal_data_fields(model)]


def _columns(model, fields):
    """[(field, index field or None)] and the select list: pk, then each field's column and its
    index column."""
    pairs = [(field, index_field_for(model, field.name)) for field in fields]
    columns = [model._meta.pk.column]
    for field, index in pairs:
        columns.append(field.column)
        columns.append(index.column if index else None)
    return pairs, columns


def _batches(model, columns, batch_size):
    qn = connection.ops.quote_name
    select = ", ".join(qn(c) if c else "NULL" for c in columns)
    table, pk = qn(model._meta.db_table), qn(columns[0])
    last = None
    while True:
        where, params = (f"WHERE {pk} > %s", [last]) if last is not None else ("", [])
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {select} FROM {table} {where} ORDER BY {pk} LIMIT %s", [*params, batch_size])
            rows = cursor.fetchall()
        if not rows:
            return
        yield rows
        last = rows[-1][0]


def rotate(batch_size=500, reindex=False, dry_run=False):
    """{model label: {"rows", "reencrypted", "reindexed"}}; raises crypto.PersonalDataError on
    a token that cannot be decrypted (fix the key ring first: nothing half-done is left)."""
    active = crypto.keyring().active
    qn = connection.ops.quote_name
    report = {}
    for model, fields in models_with_personal_data():
        pairs, columns = _columns(model, fields)
        counts = {"rows": 0, "reencrypted": 0, "reindexed": 0}
        for rows in _batches(model, columns, batch_size):
            with transaction.atomic():
                for row in rows:
                    counts["rows"] += 1
                    updates = {}
                    for position, (field, index) in enumerate(pairs):
                        token, current_index = row[1 + 2 * position], row[2 + 2 * position]
                        if not token:
                            continue
                        stale_key = crypto.token_key_id(token) != active
                        if not stale_key and not (reindex and index):
                            continue
                        plain = crypto.decrypt(token, field.kind)
                        if stale_key:
                            updates[field.column] = crypto.encrypt(plain, field.kind)
                            counts["reencrypted"] += 1
                        if reindex and index:
                            fresh = index.compute(plain)
                            if fresh != current_index:
                                updates[index.column] = fresh
                                counts["reindexed"] += 1
                    if updates and not dry_run:
                        assignments = ", ".join(f"{qn(column)} = %s" for column in updates)
                        with connection.cursor() as cursor:
                            cursor.execute(
                                f"UPDATE {qn(model._meta.db_table)} SET {assignments} WHERE {qn(columns[0])} = %s",
                                [*updates.values(), row[0]],
                            )
        report[model._meta.label] = counts
    return report


def stale_tokens():
    """{model label: number of values not under the active key} (what `--check` reports)."""
    active = crypto.keyring().active
    found = {}
    for model, fields in models_with_personal_data():
        _pairs, columns = _columns(model, fields)
        count = 0
        for rows in _batches(model, columns, 2000):
            for row in rows:
                count += sum(1 for token in row[1::2] if token and crypto.token_key_id(token) != active)
        if count:
            found[model._meta.label] = count
    return found
