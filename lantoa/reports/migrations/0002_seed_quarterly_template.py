"""Seed the quarterly communication results template with the indicators the agency reports."""

from django.db import migrations

CODE = "ket-qua-truyen-thong-quy"

# (code, name, unit of measure, aggregation, source, extra)
INDICATORS = [
    ("articles_published", "Số tin, bài đã đăng", "tin, bài", "sum", "system", {}),
    ("documents_published", "Số văn bản, tài liệu đã đăng", "văn bản", "sum", "system", {}),
    ("portal_visits", "Lượt truy cập cổng thông tin", "lượt", "sum", "system", {}),
    ("social_posts", "Số bài đăng trên mạng xã hội", "bài", "sum", "system", {}),
    ("social_reach", "Lượt tiếp cận trên mạng xã hội", "lượt", "sum", "system", {}),
    ("events_held", "Số hội nghị, sự kiện đã tổ chức", "cuộc", "sum", "system", {}),
    ("event_attendees", "Số người tham dự sự kiện", "người", "sum", "system", {}),
    (
        "attendees_per_event",
        "Số người tham dự bình quân mỗi sự kiện",
        "người/cuộc",
        "ratio",
        "system",
        {"numerator_code": "event_attendees", "denominator_code": "events_held", "decimal_places": 1},
    ),
    ("registrations", "Số lượt đăng ký tư vấn", "lượt", "sum", "system", {}),
    ("new_voluntary_si", "Số người tham gia BHXH tự nguyện mới", "người", "sum", "system", {}),
    ("new_household_hi", "Số người tham gia BHYT hộ gia đình mới", "người", "sum", "system", {}),
    (
        "registration_conversion",
        "Tỷ lệ người đăng ký tư vấn đã tham gia BHXH tự nguyện",
        "%",
        "ratio",
        "system",
        {"numerator_code": "new_voluntary_si", "denominator_code": "registrations", "scale": 100, "decimal_places": 1},
    ),
    ("loudspeaker_broadcasts", "Số buổi phát thanh trên loa truyền thanh", "buổi", "sum", "manual", {}),
    ("leaflets_distributed", "Số tờ rơi, tờ gấp đã phát", "tờ", "sum", "manual", {}),
    ("media_partnerships", "Số hợp đồng phối hợp với cơ quan báo chí", "hợp đồng", "sum", "manual", {}),
    (
        "satisfaction_score",
        "Điểm hài lòng bình quân của người tham dự sự kiện (thang 5)",
        "điểm",
        "average",
        "manual",
        {"decimal_places": 1, "min_value": 1, "max_value": 5, "required": False},
    ),
]


def seed(apps, schema_editor):
    ReportTemplate = apps.get_model("reports", "ReportTemplate")
    TemplateIndicator = apps.get_model("reports", "TemplateIndicator")
    template, created = ReportTemplate.objects.get_or_create(
        code=CODE,
        defaults={
            "name": "Báo cáo kết quả công tác truyền thông",
            "periodicity": "quarterly",
            "levels": ["commune", "province"],
            "deadline_days": 10,
            "province_extra_days": 5,
            "reminder_days": 3,
            "description": (
                "Kết quả thông tin, truyền thông về chính sách BHXH, BHYT, BHTN hằng quý: cấp xã gửi "
                "BHXH tỉnh, BHXH tỉnh tổng hợp gửi BHXH Việt Nam."
            ),
        },
    )
    if not created:
        return
    for order, (code, name, unit_of_measure, aggregation, source, extra) in enumerate(INDICATORS, start=1):
        TemplateIndicator.objects.create(
            template=template,
            order=order,
            code=code,
            name=name,
            unit_of_measure=unit_of_measure,
            aggregation=aggregation,
            source=source,
            min_value=extra.get("min_value", 0),
            max_value=extra.get("max_value"),
            numerator_code=extra.get("numerator_code", ""),
            denominator_code=extra.get("denominator_code", ""),
            scale=extra.get("scale", 1),
            decimal_places=extra.get("decimal_places", 0),
            required=extra.get("required", True),
        )


def unseed(apps, schema_editor):
    ReportTemplate = apps.get_model("reports", "ReportTemplate")
    ReportTemplate.objects.filter(code=CODE, reports__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
