"""An index that the ranking of search reads its candidates' titles from (`SearchResults._read_bounds`): up to about
1,000 entries by sort key, an index-only scan on PostgreSQL (1-2 ms at 100,000 articles, where the 2 KB rows cost 7 ms
and more); on SQLite the two strings sit after the body, on its overflow pages."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('portal', '0007_search_title_walk'),
        migrations.swappable_dependency(settings.WAGTAIL_PAGE_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name='searchentry',
            index=models.Index(fields=['sort_key', 'title_tokens', 'title_folded'], name='portal_entry_titles'),
        ),
    ]
