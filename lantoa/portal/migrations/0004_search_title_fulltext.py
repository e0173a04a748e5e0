"""SQLite: a second FTS5 table over the titles alone, for "the newest matches with every word in the title".

On the main FTS5 table that list walks every entry holding the words anywhere (tens of thousands for
common words at 100,000 pages) when few titles hold them all; here it reads the titles' short doclists.
PostgreSQL needs nothing. See `lantoa/portal/fulltext.py`.
"""

from django.db import migrations

from lantoa.portal import fulltext


def create_title_index(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "sqlite":
        schema_editor.execute(fulltext.TITLE_FTS_CREATE)
        fulltext.ensure_sqlite_triggers(connection)
        schema_editor.execute(fulltext.TITLE_FTS_REBUILD)


def drop_title_index(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for name in fulltext.TRIGGERS_BY_TABLE[fulltext.TITLE_FTS_TABLE]:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}")
        schema_editor.execute(f"DROP TABLE IF EXISTS {fulltext.TITLE_FTS_TABLE}")


class Migration(migrations.Migration):
    dependencies = [("portal", "0003_search_fulltext")]

    operations = [migrations.RunPython(create_title_index, drop_title_index)]
