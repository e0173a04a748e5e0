"""PostgreSQL: an index that the title list of search walks newest first without reading the table.

The second list of candidates (`selectors._pg_newest_in_title`) walks the newest entries testing each one's title
document. Through the table that reads whole rows (about 2 KB each with the stored documents: four rows a page) and
the walk had to stop after 5,000; beyond it the title's GIN index was asked, and for a common word its matches sat on
thousands of pages (40-80 ms at 100,000 articles). This B-tree on `sort_key` carries what the walk reads and filters
by (`INCLUDE`: the language, the kind, the unit and the title document, about 200 bytes an entry; at most about
1,100: a title is 255 characters), so the walk is an index-only scan: 0.6 µs an entry, 8,000 entries in 5 ms. SQLite is untouched (its title FTS5 table, 0004).
"""

from django.db import migrations

INDEX = "portal_entry_title_walk"
# Not the policy areas and target groups (up to 1,000 characters each): with them an entry could outgrow what a B-tree
# entry holds (2,704 bytes) and its publish fail. A walk filtered by them reads the table.
COLUMNS = "(sort_key) INCLUDE (language, kind, unit_path, title_document)"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON portal_searchentry {COLUMNS}")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("portal", "0006_search_stored_documents")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
