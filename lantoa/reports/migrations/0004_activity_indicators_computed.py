"""The seeded quarterly template computes loudspeaker broadcasts, leaflets and media partnerships.

`lantoa/planning/metrics.py` counts them from plan activities marked done (their `quantity`), so a unit no
longer types them a second time in its report. Only the indicators still as seeded ("manual") change;
no report value is touched: existing reports keep what was entered (`services._fill` does not overwrite a
value typed by hand), new reports are filled from the activities.
"""

from django.db import migrations

CODE = "ket-qua-truyen-thong-quy"
COMPUTED = ["loudspeaker_broadcasts", "leaflets_distributed", "media_partnerships"]


def to_system(apps, schema_editor):
    TemplateIndicator = apps.get_model("reports", "TemplateIndicator")
    TemplateIndicator.objects.filter(template__code=CODE, code__in=COMPUTED, source="manual").update(source="system")


def to_manual(apps, schema_editor):
    TemplateIndicator = apps.get_model("reports", "TemplateIndicator")
    TemplateIndicator.objects.filter(template__code=CODE, code__in=COMPUTED, source="system").update(source="manual")


class Migration(migrations.Migration):
    dependencies = [("reports", "0003_approved_totals")]

    operations = [migrations.RunPython(to_system, to_manual)]
