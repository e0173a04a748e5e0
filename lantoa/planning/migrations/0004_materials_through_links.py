"""`Scenario.materials` now goes through the ordered `ScenarioMaterial` links (filled by 0003).

Django cannot add `through=` to an existing many-to-many, so the plain relation (and its table) is dropped
and the field declared again over the links, which creates no table.
"""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("planning", "0003_materials_to_links"),
        migrations.swappable_dependency(settings.WAGTAIL_PAGE_MODEL),
    ]

    operations = [
        migrations.RemoveField(model_name="scenario", name="materials"),
        migrations.AddField(
            model_name="scenario",
            name="materials",
            field=models.ManyToManyField(
                blank=True,
                related_name="+",
                through="planning.ScenarioMaterial",
                to=settings.WAGTAIL_PAGE_MODEL,
                verbose_name="tài liệu (trang nội dung)",
            ),
        ),
    ]
