"""The seeded quarterly template's conversion share counts its numerator within its denominator's cohort.

"Tỷ lệ người đăng ký tư vấn đã tham gia BHXH tự nguyện" divided every new voluntary SI participant of the quarter
(whenever they registered) by the quarter's registrations, so it could pass 100 % (336.5 % nationally on the demo).
Its numerator is now the quarter's registrations whose person has joined voluntary SI since (lantoa/metrics.py,
"registration_conversion"), a new computed indicator placed after the registrations. Reports already sent keep
the figures they were sent with; reports still open get the new indicator on their next refresh.
"""

from django.db import migrations
from django.db.models import F

CODE = "ket-qua-truyen-thong-quy"
NEW = "registrants_enrolled_vsi"
NAME = "Số người đăng ký tư vấn trong kỳ đã tham gia BHXH tự nguyện"


def same_cohort(apps, schema_editor):
    TemplateIndicator = apps.get_model("reports", "TemplateIndicator")
    conversion = TemplateIndicator.objects.filter(
        template__code=CODE, code="registration_conversion", numerator_code="new_voluntary_si"
    ).first()
    if conversion is None or TemplateIndicator.objects.filter(template_id=conversion.template_id, code=NEW).exists():
        return
    registrations = TemplateIndicator.objects.filter(template_id=conversion.template_id, code="registrations").first()
    order = (registrations.order if registrations else conversion.order - 1) + 1
    TemplateIndicator.objects.filter(template_id=conversion.template_id, order__gte=order).update(
        order=F("order") + 1
    )
    TemplateIndicator.objects.create(
        template_id=conversion.template_id,
        order=order,
        code=NEW,
        name=NAME,
        unit_of_measure="người",
        aggregation="sum",
        source="system",
        min_value=0,
        required=True,
    )
    conversion.numerator_code = NEW
    conversion.save(update_fields=["numerator_code"])


def back(apps, schema_editor):
    TemplateIndicator = apps.get_model("reports", "TemplateIndicator")
    TemplateIndicator.objects.filter(template__code=CODE, code="registration_conversion", numerator_code=NEW).update(
        numerator_code="new_voluntary_si"
    )
    new = TemplateIndicator.objects.filter(template__code=CODE, code=NEW, values__isnull=True).first()
    if new is not None:
        TemplateIndicator.objects.filter(template_id=new.template_id, order__gt=new.order).update(
            order=F("order") - 1
        )
        new.delete()


class Migration(migrations.Migration):
    dependencies = [("reports", "0004_activity_indicators_computed")]

    operations = [migrations.RunPython(same_cohort, back)]
