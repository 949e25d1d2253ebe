"""PostgreSQL-only indexes: GIN over the bigram tsvector, and a pattern-ops btree for number
prefixes (LIKE 'x%' cannot use an ordinary btree under a non-C collation). SQLite, used for the
demo, searches with LIKE and needs neither."""

from django.db import migrations

GIN = "CREATE INDEX IF NOT EXISTS search_entry_document_gin ON search_searchentry USING gin (document)"
PREFIX = (
    "CREATE INDEX IF NOT EXISTS search_key_kind_value_prefix "
    "ON search_searchkey (kind, value varchar_pattern_ops)"
)


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(GIN)
        schema_editor.execute(PREFIX)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS search_entry_document_gin")
        schema_editor.execute("DROP INDEX IF EXISTS search_key_kind_value_prefix")


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
