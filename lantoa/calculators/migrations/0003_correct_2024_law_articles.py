"""Correct the article references of the voluntary social insurance rules in force from 1 July 2025.

Checked against the text of Luật Bảo hiểm xã hội 41/2024/QH15: the income floor and ceiling are in Điều 31
khoản 2, the 22% rate in Điều 32 khoản 2 and Điều 36 khoản 1, the payment periods in Điều 36 khoản 2; the state
support is set by the Government under Điều 36 khoản 1 (Nghị định 159/2025/NĐ-CP), not in Điều 31 as seeded.
Every figure and date seeded by 0002 agrees with the texts, so no record is added and no figure changes: only the
citation of the records still carrying the seeded text is corrected (a record the centre edited is left alone).
"""

from datetime import date

from django.db import migrations

FROM = date(2025, 7, 1)
SEEDED_RULE = "Luật Bảo hiểm xã hội 41/2024/QH15, Điều 36; Nghị định 159/2025/NĐ-CP"
RULE = (
    "Luật Bảo hiểm xã hội 41/2024/QH15, Điều 31 khoản 2 (thu nhập làm căn cứ đóng), Điều 32 khoản 2 và Điều 36 "
    "khoản 1 (tỷ lệ 22%), Điều 36 khoản 2 (phương thức đóng); Nghị định 159/2025/NĐ-CP"
)
SEEDED_SUPPORT = "Luật Bảo hiểm xã hội 41/2024/QH15, Điều 31; Nghị định 159/2025/NĐ-CP"
SUPPORT = "Luật Bảo hiểm xã hội 41/2024/QH15, Điều 36 khoản 1; Nghị định 159/2025/NĐ-CP"


def correct(apps, schema_editor):
    VoluntarySIRule = apps.get_model("calculators", "VoluntarySIRule")
    VoluntarySISupport = apps.get_model("calculators", "VoluntarySISupport")
    VoluntarySIRule.objects.filter(effective_from=FROM, legal_source=SEEDED_RULE).update(legal_source=RULE)
    VoluntarySISupport.objects.filter(effective_from=FROM, legal_source=SEEDED_SUPPORT).update(legal_source=SUPPORT)


def restore(apps, schema_editor):
    VoluntarySIRule = apps.get_model("calculators", "VoluntarySIRule")
    VoluntarySISupport = apps.get_model("calculators", "VoluntarySISupport")
    VoluntarySIRule.objects.filter(effective_from=FROM, legal_source=RULE).update(legal_source=SEEDED_RULE)
    VoluntarySISupport.objects.filter(effective_from=FROM, legal_source=SUPPORT).update(legal_source=SEEDED_SUPPORT)


class Migration(migrations.Migration):
    dependencies = [("calculators", "0002_seed_rules")]

    operations = [migrations.RunPython(correct, restore)]
