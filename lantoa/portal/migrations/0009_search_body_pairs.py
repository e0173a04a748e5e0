"""Each search entry's body word pairs, as a Bloom filter (`phrases.body_filter`), in the index ranking reads its
titles from: ranking tells from them which bodies cannot hold the phrase searched for, and reads the others' bodies
only (at 100,000 articles, a phrase of common words that few bodies hold read ~480 bodies for its first page, 7-18
ms). The filters of the entries already indexed are made here, 1,000 at a time (about half a millisecond each).

On PostgreSQL the column is not compressed (`STORAGE EXTERNAL`: the bits do not compress) and, as the largest value
left in a row over 2 KB, moved out of it (at 100,000 articles the table's heap stays at 196 MB): the index holds its
own copy, and the searches that read rows (the newest matches) do not carry it."""

from django.conf import settings
from django.db import migrations, models

BATCH = 1000


def make_filters(apps, schema_editor):
    from lantoa.portal import phrases

    entry_model = apps.get_model("portal", "SearchEntry")
    entries = entry_model.objects.using(schema_editor.connection.alias)
    last = 0
    while batch := list(entries.filter(pk__gt=last).order_by("pk").only("pk", "body", "body_folded")[:BATCH]):
        for entry in batch:
            entry.body_pairs = phrases.body_filter(entry.body, entry.body_folded.split())
        entries.bulk_update(batch, ["body_pairs"])
        last = batch[-1].pk


def store_out_of_line(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE portal_searchentry ALTER COLUMN body_pairs SET STORAGE EXTERNAL")


class Migration(migrations.Migration):

    dependencies = [
        ('portal', '0008_search_titles_index'),
        migrations.swappable_dependency(settings.WAGTAIL_PAGE_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='searchentry',
            name='portal_entry_titles',
        ),
        migrations.AddField(
            model_name='searchentry',
            name='body_pairs',
            field=models.BinaryField(blank=True, default=b'', editable=False),
        ),
        migrations.RunPython(store_out_of_line, migrations.RunPython.noop, elidable=True),
        migrations.RunPython(make_filters, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name='searchentry',
            index=models.Index(
                fields=['sort_key', 'title_tokens', 'title_folded', 'body_pairs'], name='portal_entry_titles_pairs'
            ),
        ),
    ]
