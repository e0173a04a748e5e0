"""Two indexes on Wagtail's pages for the admin at 100,000 pages (bench/admin):
- on PostgreSQL, by last edit, newest first (then by id), as the admin lists them: the page search reads each
  relevance class in this order and stops at the rows it shows, instead of sorting every match (250 ms for a
  phrase in half of the titles, under 5 ms with the index);
- by depth and path: the tree's root (depth 1), which Wagtail reads on a superuser's every page screen, was a
  scan of the table (27 ms)."""

from django.db import migrations

INDEX, ROOTS = "content_pages_by_last_edit", "content_pages_by_depth"


def create(apps, schema_editor):
    # PostgreSQL only: SQLite's planner, without statistics, walked this index for the explorer's every listing
    # (ordered by last edit) and tested each of the 100,000 pages against the parent's path: 3 s instead of 0.5.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON wagtailcore_page (latest_revision_created_at DESC NULLS LAST, id)"
        )
    schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {ROOTS} ON wagtailcore_page (depth, path)")


def drop(apps, schema_editor):
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")
    schema_editor.execute(f"DROP INDEX IF EXISTS {ROOTS}")


class Migration(migrations.Migration):

    dependencies = [
        ('content', '0003_page_title_words'),
    ]

    operations = [migrations.RunPython(create, drop)]
