"""Permissions are read from memberships (lantoa.content.permissions): the group of each unit and role goes,
with its page and collection permission rows. Memberships are kept; they are what grants now."""

import django.db.models.deletion
from django.db import migrations, models


def drop_unit_groups(apps, schema_editor):
    UnitGroup = apps.get_model("units", "UnitGroup")
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(pk__in=UnitGroup.objects.values("group_id")).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("units", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.AddField(
            model_name="unit",
            name="collection",
            field=models.OneToOneField(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="unit",
                to="wagtailcore.collection",
            ),
        ),
        migrations.RunPython(drop_unit_groups, migrations.RunPython.noop, elidable=True),
        migrations.DeleteModel(
            name="UnitGroup",
        ),
    ]
