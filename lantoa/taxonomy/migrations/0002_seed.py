"""Seed the vocabularies listed in PRODUCT.md; never overwrites edits."""

from django.db import migrations


def seed(apps, schema_editor):
    from lantoa.taxonomy.seed import seed as run

    run(apps)


class Migration(migrations.Migration):
    dependencies = [("taxonomy", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
