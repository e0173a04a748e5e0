"""The admin search's folded title words, filled for every page there is; on PostgreSQL a trigram index
makes "a word anywhere in the title" an index search instead of a scan of the table."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def fill(apps, schema_editor):
    from lantoa.folding import token_string

    Page = apps.get_model("wagtailcore", "Page")
    PageTitleWords = apps.get_model("content", "PageTitleWords")
    rows = (
        PageTitleWords(page_id=pk, words=token_string(f"{title} {draft_title or ''}"))
        for pk, title, draft_title in Page.objects.values_list("pk", "title", "draft_title").iterator(chunk_size=2000)
    )
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) == 2000:
            PageTitleWords.objects.bulk_create(batch)
            batch = []
    PageTitleWords.objects.bulk_create(batch)


def trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS content_pagetitlewords_trgm ON content_pagetitlewords "
            "USING gin (words gin_trgm_ops)"
        )


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS content_pagetitlewords_trgm")


class Migration(migrations.Migration):

    dependencies = [
        ('content', '0002_newest_first_indexes'),
        ('wagtailcore', '0098_apitoken'),
    ]

    operations = [
        migrations.CreateModel(
            name='PageTitleWords',
            fields=[
                ('page', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='lantoa_title', serialize=False, to=settings.WAGTAIL_PAGE_MODEL)),
                ('words', models.TextField()),
            ],
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.RunPython(trigram_index, drop_trigram_index),
    ]
