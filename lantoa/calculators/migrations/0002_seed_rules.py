"""Seed the contribution rules known when the calculators were built, each with its legal source.

The figures are frozen here on purpose: later changes are made by the centre in the admin, as new
records with their own effective dates. Re-running creates nothing twice and overwrites no edit.
Doubts about sources and dates are listed in docs/calculators.md.
"""

from datetime import date
from decimal import Decimal

from django.db import migrations

BASE_SALARIES = [
    (1_300_000, date(2017, 7, 1), date(2018, 6, 30), "Nghị định 47/2017/NĐ-CP, Điều 3"),
    (1_390_000, date(2018, 7, 1), date(2019, 6, 30), "Nghị định 72/2018/NĐ-CP, Điều 3"),
    (1_490_000, date(2019, 7, 1), date(2023, 6, 30), "Nghị định 38/2019/NĐ-CP, Điều 3"),
    (1_800_000, date(2023, 7, 1), date(2024, 6, 30), "Nghị định 24/2023/NĐ-CP, Điều 3"),
    (2_340_000, date(2024, 7, 1), None, "Nghị định 73/2024/NĐ-CP, Điều 3"),
]

RURAL_POVERTY_LINES = [
    (
        700_000,
        date(2016, 1, 1),
        date(2021, 12, 31),
        "Quyết định 59/2015/QĐ-TTg, Điều 2 khoản 1",
        "Chuẩn nghèo giai đoạn 2016–2020, tiếp tục áp dụng trong năm 2021 cho đến khi có chuẩn nghèo mới.",
    ),
    (1_500_000, date(2022, 1, 1), None, "Nghị định 07/2021/NĐ-CP, Điều 3 khoản 1 điểm a", ""),
]

VOLUNTARY_SI_RULES = [
    (
        date(2016, 1, 1),
        date(2025, 6, 30),
        "Luật Bảo hiểm xã hội 58/2014/QH13, Điều 87; Nghị định 134/2015/NĐ-CP, Điều 9 và Điều 10",
        "Còn phương thức đóng một lần cho nhiều năm về sau (tối đa 5 năm) và một lần cho những năm còn thiếu; "
        "công cụ chưa tính các phương thức này.",
    ),
    (
        date(2025, 7, 1),
        None,
        "Luật Bảo hiểm xã hội 41/2024/QH15, Điều 36; Nghị định 159/2025/NĐ-CP",
        "Mức trần là 20 lần mức tham chiếu; khi chưa có mức tham chiếu thì bằng lương cơ sở. "
        "Công cụ chưa tính phương thức đóng một lần cho nhiều năm.",
    ),
]

SUPPORTS = [
    (
        date(2018, 1, 1),
        date(2025, 6, 30),
        "Nghị định 134/2015/NĐ-CP, Điều 14 khoản 1",
        {"poor": 30, "near_poor": 25, "ethnic_minority": 10, "other": 10},
        "Trước 01/7/2025 người dân tộc thiểu số (không thuộc hộ nghèo, cận nghèo) hưởng mức của đối tượng khác.",
    ),
    (
        date(2025, 7, 1),
        None,
        "Luật Bảo hiểm xã hội 41/2024/QH15, Điều 31; Nghị định 159/2025/NĐ-CP",
        {"poor": 50, "near_poor": 40, "ethnic_minority": 30, "other": 20},
        "",
    ),
]

HOUSEHOLD_HI_RULES = [
    (
        date(2018, 12, 1),
        date(2025, 6, 30),
        "Luật Bảo hiểm y tế (sửa đổi 2014), Điều 13 khoản 1 điểm e; Nghị định 146/2018/NĐ-CP, Điều 7 khoản 1 điểm e",
    ),
    (
        date(2025, 7, 1),
        None,
        "Luật Bảo hiểm y tế (sửa đổi 2024, Luật 51/2024/QH15); Nghị định 188/2025/NĐ-CP",
    ),
]
HOUSEHOLD_HI_SHARES = {2: 70, 3: 60, 4: 50, 5: 40}


def seed(apps, schema_editor):
    BaseSalary = apps.get_model("calculators", "BaseSalary")
    RuralPovertyLine = apps.get_model("calculators", "RuralPovertyLine")
    VoluntarySIRule = apps.get_model("calculators", "VoluntarySIRule")
    VoluntarySISupport = apps.get_model("calculators", "VoluntarySISupport")
    HouseholdHIRule = apps.get_model("calculators", "HouseholdHIRule")
    HouseholdHIMemberShare = apps.get_model("calculators", "HouseholdHIMemberShare")

    for amount, start, end, source in BASE_SALARIES:
        BaseSalary.objects.get_or_create(
            effective_from=start, defaults={"amount": Decimal(amount), "effective_to": end, "legal_source": source}
        )
    for amount, start, end, source, note in RURAL_POVERTY_LINES:
        RuralPovertyLine.objects.get_or_create(
            effective_from=start,
            defaults={"amount": Decimal(amount), "effective_to": end, "legal_source": source, "note": note},
        )
    for start, end, source, note in VOLUNTARY_SI_RULES:
        VoluntarySIRule.objects.get_or_create(
            effective_from=start,
            defaults={
                "rate_percent": Decimal("22"),
                "min_income_poverty_line_multiple": Decimal("1"),
                "max_income_base_salary_multiple": Decimal("20"),
                "payment_periods": "1,3,6,12",
                "effective_to": end,
                "legal_source": source,
                "note": note,
            },
        )
    for start, end, source, percents, note in SUPPORTS:
        for group, percent in percents.items():
            VoluntarySISupport.objects.get_or_create(
                group=group,
                effective_from=start,
                defaults={"percent": Decimal(percent), "effective_to": end, "legal_source": source, "note": note},
            )
    for start, end, source in HOUSEHOLD_HI_RULES:
        rule, created = HouseholdHIRule.objects.get_or_create(
            effective_from=start,
            defaults={"rate_percent": Decimal("4.5"), "effective_to": end, "legal_source": source},
        )
        if created:
            for position, percent in HOUSEHOLD_HI_SHARES.items():
                HouseholdHIMemberShare.objects.create(rule=rule, position=position, percent_of_first=Decimal(percent))


class Migration(migrations.Migration):
    dependencies = [("calculators", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
