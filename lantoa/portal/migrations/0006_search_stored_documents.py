"""PostgreSQL: the search documents as stored, generated `tsvector` columns with their GIN indexes.

Until now the GIN indexes were on expressions (`to_tsvector('simple', …)`, migration 0003). An index
on an expression cannot give its matches newest first, so for a common word the planner walks the
`sort_key` index and tests each row, and a test of an expression computes `to_tsvector` of the
article again (a quarter of a millisecond for a long article; 350 ms for the newest 500 of 45,000
matches at 100,000 articles). Stored columns are computed once, when a row is written (generated
columns: whatever writes the row, the index stays in step), and tested cheaply. `strip`ped: the
portal matches words, never phrases or ranks by position, so the positions are not kept.

`title_document` is new: the newest matches with every word in the title (the second list of
candidates) reads the titles' own posting lists, or walks newest first testing a small document,
instead of walking every match of the whole text.

The table is rewritten once (about two minutes at 100,000 entries on the benchmark's machine).

SQLite is untouched: its FTS5 tables (0003, 0004) are its stored documents. The columns are not on
the Django model (no other database has them); `lantoa.portal.fulltext` names them.
"""

from django.db import migrations

DOCUMENTS = {
    "folded_document": "title_folded || ' ' || body_folded",
    "exact_document": "title || ' ' || body",
    "title_document": "title_folded",
}
OLD_INDEXES = {
    "portal_entry_folded_gin": "title_folded || ' ' || body_folded",
    "portal_entry_exact_gin": "title || ' ' || body",
}


def _tsvector(text: str) -> str:
    return f"strip(to_tsvector('simple'::regconfig, {text}))"


# Kept in the row (compressed), not in the TOAST table: the newest-first walk tests `folded_document` of every
# row it passes, and a TOAST fetch costs three times the test (20 against 6 ms for 4,400 rows).
IN_ROW = ("folded_document", "title_document")
# Read whole for every candidate when ranking (`selectors._body_points`): LZ4 decompresses them faster than
# PostgreSQL's default pglz (20,000 bodies: 62-67 against 88-90 ms). Values written from now on;
# `rebuild_search_index` rewrites the others.
LZ4 = ("body", "body_folded", "folded_document", "exact_document", "title_document")


def _has_lz4(schema_editor) -> bool:
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT 'lz4' = ANY(enumvals) FROM pg_settings WHERE name = 'default_toast_compression'")
        row = cursor.fetchone()
    return bool(row and row[0])


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # One ALTER TABLE: the table is rewritten once, with the storage below (applied before the rewrite).
    actions = [
        f"ADD COLUMN {column} tsvector GENERATED ALWAYS AS ({_tsvector(text)}) STORED"
        for column, text in DOCUMENTS.items()
    ]
    actions += [f"ALTER COLUMN {column} SET STORAGE MAIN" for column in IN_ROW]
    if _has_lz4(schema_editor):  # a server built without LZ4 keeps pglz
        actions += [f"ALTER COLUMN {column} SET COMPRESSION lz4" for column in LZ4]
    schema_editor.execute(f"ALTER TABLE portal_searchentry {', '.join(actions)}")
    for column in DOCUMENTS:
        schema_editor.execute(f"CREATE INDEX portal_entry_{column}_gin ON portal_searchentry USING gin ({column})")
    for name in OLD_INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, text in OLD_INDEXES.items():
        # Migration 0003's expressions, as Django's SearchVector wrote them.
        parts = " || ' ' || ".join(f"COALESCE({column}, '')" for column in text.split(" || ' ' || "))
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON portal_searchentry "
            f"USING gin (to_tsvector('simple'::regconfig, {parts}))"
        )
    actions = [f"DROP COLUMN IF EXISTS {column}" for column in DOCUMENTS]
    actions += [f"ALTER COLUMN {column} SET COMPRESSION DEFAULT" for column in ("body", "body_folded")]
    schema_editor.execute(f"ALTER TABLE portal_searchentry {', '.join(actions)}")


class Migration(migrations.Migration):
    dependencies = [("portal", "0005_cache_tags")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
