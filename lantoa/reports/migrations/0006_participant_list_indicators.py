"""The seeded quarterly template shows the figures of the participant lists beside those staff type.

After "Số người tham gia BHXH tự nguyện mới" (what commune officers marked enrolled) comes the same count from the
participant lists the agency's system exports (docs/attribution.md), likewise for household health insurance; after
the conversion share, the share verified by the lists. Reports already sent keep their figures; reports still open
get the new indicators on their next refresh.
"""

from django.db import migrations
from django.db.models import F

CODE = "ket-qua-truyen-thong-quy"
ADDED = [
    # (after, code, name, unit, aggregation, extra)
    (
        "new_voluntary_si",
        "new_voluntary_si_listed",
        "Số người tham gia BHXH tự nguyện mới (theo danh sách người tham gia)",
        "người",
        "sum",
        {},
    ),
    (
        "new_household_hi",
        "new_household_hi_listed",
        "Số người tham gia BHYT hộ gia đình mới (theo danh sách người tham gia)",
        "người",
        "sum",
        {},
    ),
    (
        "registration_conversion",
        "registrants_enrolled_verified",
        "Số người đăng ký tư vấn trong kỳ đã tham gia (đối chiếu danh sách người tham gia)",
        "người",
        "sum",
        {},
    ),
    (
        "registrants_enrolled_verified",
        "verified_conversion",
        "Tỷ lệ người đăng ký tư vấn đã tham gia (đối chiếu danh sách người tham gia)",
        "%",
        "ratio",
        {
            "numerator_code": "registrants_enrolled_verified",
            "denominator_code": "registrations",
            "scale": 100,
            "decimal_places": 1,
        },
    ),
]


def add(apps, schema_editor):
    TemplateIndicator = apps.get_model("reports", "TemplateIndicator")
    for after, code, name, unit, aggregation, extra in ADDED:
        anchor = TemplateIndicator.objects.filter(template__code=CODE, code=after).first()
        if anchor is None or TemplateIndicator.objects.filter(template_id=anchor.template_id, code=code).exists():
            continue
        TemplateIndicator.objects.filter(template_id=anchor.template_id, order__gt=anchor.order).update(
            order=F("order") + 1
        )
        TemplateIndicator.objects.create(
            template_id=anchor.template_id,
            order=anchor.order + 1,
            code=code,
            name=name,
            unit_of_measure=unit,
            aggregation=aggregation,
            source="system",
            min_value=0,
            required=False,
            **extra,
        )


def remove(apps, schema_editor):
    TemplateIndicator = apps.get_model("reports", "TemplateIndicator")
    for _after, code, *_rest in reversed(ADDED):
        found = TemplateIndicator.objects.filter(template__code=CODE, code=code, values__isnull=True).first()
        if found is not None:
            TemplateIndicator.objects.filter(template_id=found.template_id, order__gt=found.order).update(
                order=F("order") - 1
            )
            found.delete()


class Migration(migrations.Migration):
    dependencies = [("reports", "0005_registration_conversion_same_cohort")]

    operations = [migrations.RunPython(add, remove)]
