"""The rules in force from 2016 through 2027, each with its legal source (issue 14; docs/calculators.md).

- Base salary: 1,150,000 đ until 30/4/2016 (Nghị định 66/2013/NĐ-CP), 1,210,000 đ from 1/5/2016 (Nghị định
  47/2016/NĐ-CP); 2,530,000 đ from 1/7/2026 (Nghị định 161/2026/NĐ-CP), so the 2,340,000 đ record ends on 30/6/2026.
- Rural poverty line: Nghị định 351/2025/NĐ-CP keeps 1,500,000 đ through 31/12/2026 and sets 2,200,000 đ from
  1/1/2027 (the 2026–2030 standard).
- State support for voluntary SI began on 1/1/2018 (Nghị định 134/2015/NĐ-CP, Điều 14): 2016–2017 records at 0 %
  so a date then is answered, not refused. From 1/7/2025 the support is Điều 5 of Nghị định 159/2025/NĐ-CP.
- Household health insurance: the same 4.5 % and 70/60/50/40 % since 2015 (Luật 46/2014/QH13, Nghị định
  105/2014/NĐ-CP) until Nghị định 146/2018/NĐ-CP; Nghị định 188/2025/NĐ-CP (Điều 6 khoản 5) takes effect on
  15/8/2025, not 1/7/2025.

Only records still as seeded are changed (a record the centre edited in the admin is left as it is); re-running
changes nothing.
"""

from datetime import date
from decimal import Decimal

from django.db import migrations

BASE_EARLY = [
    (1_150_000, date(2016, 1, 1), date(2016, 4, 30), "Nghị định 66/2013/NĐ-CP, Điều 3"),
    (1_210_000, date(2016, 5, 1), date(2017, 6, 30), "Nghị định 47/2016/NĐ-CP, Điều 3"),
]
BASE_2026 = (2_530_000, date(2026, 7, 1), "Nghị định 161/2026/NĐ-CP")
POVERTY_2027 = (
    2_200_000,
    date(2027, 1, 1),
    "Nghị định 351/2025/NĐ-CP (chuẩn nghèo đa chiều giai đoạn 2026–2030)",
    "Chuẩn nghèo khu vực nông thôn giai đoạn 2026–2030.",
)
POVERTY_2022_NOTE = "Nghị định 351/2025/NĐ-CP giữ chuẩn này đến hết ngày 31/12/2026."
NO_SUPPORT_SOURCE = "Nghị định 134/2015/NĐ-CP, Điều 14 khoản 1 (Nhà nước hỗ trợ từ ngày 01/01/2018)"
NO_SUPPORT_NOTE = "Trước ngày 01/01/2018 Nhà nước chưa hỗ trợ tiền đóng BHXH tự nguyện."
SUPPORT_2025_SEEDED = (
    "Luật Bảo hiểm xã hội 41/2024/QH15, Điều 36 khoản 1; Nghị định 159/2025/NĐ-CP",
    "Luật Bảo hiểm xã hội 41/2024/QH15, Điều 31; Nghị định 159/2025/NĐ-CP",
)
SUPPORT_2025 = "Luật Bảo hiểm xã hội 41/2024/QH15, Điều 36 khoản 1; Nghị định 159/2025/NĐ-CP, Điều 5"
SUPPORT_2025_NOTE = (
    "Mức 50% cho người thuộc hộ nghèo và người sinh sống tại xã đảo, đặc khu; thời gian hỗ trợ tối đa 120 tháng."
)
HI_EARLY = (
    date(2016, 1, 1),
    date(2018, 11, 30),
    "Luật Bảo hiểm y tế (sửa đổi 2014, Luật 46/2014/QH13), Điều 13 khoản 1 điểm e; Nghị định 105/2014/NĐ-CP",
)
HI_2025_SEEDED = "Luật Bảo hiểm y tế (sửa đổi 2024, Luật 51/2024/QH15); Nghị định 188/2025/NĐ-CP"
HI_2025 = "Luật Bảo hiểm y tế (sửa đổi 2024, Luật 51/2024/QH15); Nghị định 188/2025/NĐ-CP, Điều 6 khoản 5"
HI_SHARES = {2: 70, 3: 60, 4: 50, 5: 40}
GROUPS = ["poor", "near_poor", "ethnic_minority", "other"]


def forward(apps, schema_editor):
    BaseSalary = apps.get_model("calculators", "BaseSalary")
    RuralPovertyLine = apps.get_model("calculators", "RuralPovertyLine")
    VoluntarySISupport = apps.get_model("calculators", "VoluntarySISupport")
    HouseholdHIRule = apps.get_model("calculators", "HouseholdHIRule")
    HouseholdHIMemberShare = apps.get_model("calculators", "HouseholdHIMemberShare")

    for amount, start, end, source in BASE_EARLY:
        BaseSalary.objects.get_or_create(
            effective_from=start, defaults={"amount": Decimal(amount), "effective_to": end, "legal_source": source}
        )
    BaseSalary.objects.filter(effective_from=date(2024, 7, 1), amount=2_340_000, effective_to__isnull=True).update(
        effective_to=date(2026, 6, 30)
    )
    amount, start, source = BASE_2026
    BaseSalary.objects.get_or_create(effective_from=start, defaults={"amount": Decimal(amount), "legal_source": source})

    RuralPovertyLine.objects.filter(
        effective_from=date(2022, 1, 1), amount=1_500_000, effective_to__isnull=True
    ).update(effective_to=date(2026, 12, 31), note=POVERTY_2022_NOTE)
    amount, start, source, note = POVERTY_2027
    RuralPovertyLine.objects.get_or_create(
        effective_from=start, defaults={"amount": Decimal(amount), "legal_source": source, "note": note}
    )

    for group in GROUPS:
        VoluntarySISupport.objects.get_or_create(
            group=group,
            effective_from=date(2016, 1, 1),
            defaults={
                "percent": Decimal(0),
                "effective_to": date(2017, 12, 31),
                "legal_source": NO_SUPPORT_SOURCE,
                "note": NO_SUPPORT_NOTE,
            },
        )
    VoluntarySISupport.objects.filter(effective_from=date(2025, 7, 1), legal_source__in=SUPPORT_2025_SEEDED).update(
        legal_source=SUPPORT_2025
    )
    VoluntarySISupport.objects.filter(effective_from=date(2025, 7, 1), group="poor", note="").update(
        note=SUPPORT_2025_NOTE
    )

    start, end, source = HI_EARLY
    rule, created = HouseholdHIRule.objects.get_or_create(
        effective_from=start, defaults={"rate_percent": Decimal("4.5"), "effective_to": end, "legal_source": source}
    )
    if created:
        for position, percent in HI_SHARES.items():
            HouseholdHIMemberShare.objects.create(rule=rule, position=position, percent_of_first=Decimal(percent))
    HouseholdHIRule.objects.filter(effective_from=date(2018, 12, 1), effective_to=date(2025, 6, 30)).update(
        effective_to=date(2025, 8, 14)
    )
    seeded = HouseholdHIRule.objects.filter(effective_from=date(2025, 7, 1), legal_source=HI_2025_SEEDED)
    if HouseholdHIRule.objects.filter(effective_from=date(2025, 8, 15)).exists():
        seeded.delete()  # seeded again over data this migration already moved (the tests' reseed): keep one
    else:
        seeded.update(effective_from=date(2025, 8, 15), legal_source=HI_2025)


class Migration(migrations.Migration):
    dependencies = [("calculators", "0003_correct_2024_law_articles")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
