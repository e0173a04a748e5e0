"""Full-text indexes for search: an FTS5 table with triggers on SQLite, GIN indexes on PostgreSQL.

Entries get `sort_key` (date, then page: newest first as one integer, the FTS5 rowid) and
`facets` (filter words the FTS5 index matches too). See `lantoa/portal/fulltext.py`.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations, models

from lantoa.portal import fulltext

# The GIN expression indexes of this migration (replaced by stored columns in 0006).
PG_INDEXES = {
    "portal_entry_folded_gin": SearchVector("title_folded", "body_folded", config="simple"),
    "portal_entry_exact_gin": SearchVector("title", "body", config="simple"),
}


def fill_new_columns(apps, schema_editor):
    SearchEntry = apps.get_model("portal", "SearchEntry")
    ids = list(SearchEntry.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), 500):
        entries = list(SearchEntry.objects.filter(pk__in=ids[start : start + 500]))
        for entry in entries:
            entry.sort_key = (entry.date.toordinal() << 32) | entry.page_id
            entry.facets = fulltext.facets(
                language=entry.language,
                kind=entry.kind,
                policy_areas=entry.policy_areas,
                target_groups=entry.target_groups,
                unit_path=entry.unit_path,
            )
        SearchEntry.objects.bulk_update(entries, ["sort_key", "facets"])


def create_full_text(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "sqlite":
        schema_editor.execute(fulltext.FTS_CREATE)
        fulltext.ensure_sqlite_triggers(connection)
        schema_editor.execute(fulltext.FTS_REBUILD)
    elif connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS portal_entry_folded_fts")
        model = apps.get_model("portal", "SearchEntry")
        for name, vector in PG_INDEXES.items():
            schema_editor.add_index(model, GinIndex(vector, name=name))


def drop_full_text(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "sqlite":
        for name in fulltext.FTS_TRIGGERS:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}")
        schema_editor.execute(f"DROP TABLE IF EXISTS {fulltext.FTS_TABLE}")
    elif connection.vendor == "postgresql":
        for name in PG_INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS portal_entry_folded_fts ON portal_searchentry "
            "USING gin (to_tsvector('simple'::regconfig, title_folded || ' ' || body_folded))"
        )


class Migration(migrations.Migration):
    dependencies = [("portal", "0002_search_gin_index")]

    operations = [
        migrations.AddField(
            model_name="searchentry",
            name="sort_key",
            field=models.BigIntegerField(null=True),
        ),
        migrations.AddField(
            model_name="searchentry",
            name="facets",
            field=models.TextField(blank=True, default=""),
            preserve_default=False,
        ),
        migrations.RunPython(fill_new_columns, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="searchentry",
            name="sort_key",
            field=models.BigIntegerField(unique=True),
        ),
        migrations.RunPython(create_full_text, drop_full_text),
    ]
