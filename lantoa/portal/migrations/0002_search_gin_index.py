"""On PostgreSQL, a GIN full-text index on the folded text; SQLite matches whole words with LIKE."""

from django.db import migrations

INDEX_SQL = (
    "CREATE INDEX IF NOT EXISTS portal_entry_folded_fts ON portal_searchentry "
    "USING gin (to_tsvector('simple'::regconfig, title_folded || ' ' || body_folded))"
)


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(INDEX_SQL)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS portal_entry_folded_fts")


class Migration(migrations.Migration):
    dependencies = [("portal", "0001_initial")]

    operations = [migrations.RunPython(create_index, drop_index)]
