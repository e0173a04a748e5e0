"""The law on the day asked, 2016 through 2027: amounts worked by hand on both sides of every change date."""

from datetime import date
from decimal import Decimal

import pytest

from lantoa.calculators.services import household_hi_contribution, voluntary_si_contribution

pytestmark = pytest.mark.django_db


def vsi(income, on, group="other", months=1):
    return voluntary_si_contribution(income=Decimal(income), months=months, group=group, on_date=on)


def first_member(on):
    return household_hi_contribution(members=1, on_date=on).total_per_month


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (date(2016, 3, 1), 51_750),  # 1.150.000 × 4,5% (NĐ 66/2013)
        (date(2016, 4, 30), 51_750),
        (date(2016, 5, 1), 54_450),  # 1.210.000 × 4,5% (NĐ 47/2016)
        (date(2017, 6, 30), 54_450),
        (date(2017, 7, 1), 58_500),  # 1.300.000 × 4,5% (NĐ 47/2017)
        (date(2026, 6, 30), 105_300),  # 2.340.000 × 4,5% (NĐ 73/2024)
        (date(2026, 7, 1), 113_850),  # 2.530.000 × 4,5% (NĐ 161/2026)
        (date(2026, 12, 3), 113_850),
        (date(2027, 3, 1), 113_850),
    ],
)
def test_household_health_insurance_follows_the_base_salary_of_the_day(on, expected):
    assert first_member(on) == expected


def test_household_rule_of_decree_188_starts_on_15_august_2025():
    before = household_hi_contribution(members=2, on_date=date(2025, 8, 14))
    after = household_hi_contribution(members=2, on_date=date(2025, 8, 15))
    # 105.300 + 73.710 either side; only the rule and its source change.
    assert before.total_per_month == after.total_per_month == 179_010
    assert "146/2018" in " ".join(rule.legal_source for rule in before.rules)
    assert "188/2025/NĐ-CP, Điều 6 khoản 5" in " ".join(rule.legal_source for rule in after.rules)


def test_2016_and_2017_are_answered_without_state_support():
    # 01/6/2016: floor 700.000 (QĐ 59/2015), ceiling 20 × 1.210.000 = 24.200.000; no support before 2018.
    result = vsi(700_000, date(2016, 6, 1), group="poor")
    assert (result.income_min, result.income_max) == (700_000, 24_200_000)
    assert (result.monthly_contribution, result.support_per_month, result.person_per_month) == (154_000, 0, 154_000)
    # 31/12/2017 still none; 01/01/2018 the poor get 30%: 154.000 × 30% = 46.200.
    assert vsi(700_000, date(2017, 12, 31), group="poor").support_per_month == 0
    assert vsi(700_000, date(2018, 1, 1), group="poor").support_per_month == 46_200


def test_the_ceiling_follows_the_base_salary_of_1_july_2026():
    # 20 × 2.340.000 = 46.800.000 on 30/6/2026; 20 × 2.530.000 = 50.600.000 from 01/7/2026.
    assert vsi(2_000_000, date(2026, 6, 30)).income_max == 46_800_000
    assert vsi(2_000_000, date(2026, 7, 1)).income_max == 50_600_000


def test_the_2026_2030_poverty_line_raises_the_floor_and_the_support_on_1_january_2027():
    # 31/12/2026: floor 1.500.000 → 330.000; poor 50% → 165.000.
    end_2026 = vsi(1_500_000, date(2026, 12, 31), group="poor")
    assert (end_2026.income_min, end_2026.monthly_contribution, end_2026.support_per_month) == (
        1_500_000,
        330_000,
        165_000,
    )
    # 01/01/2027: floor 2.200.000 (NĐ 351/2025) → 484.000; poor 50% → 242.000; near-poor 40% → 193.600.
    start_2027 = vsi(2_200_000, date(2027, 1, 1), group="poor")
    assert (start_2027.income_min, start_2027.monthly_contribution, start_2027.person_per_month) == (
        2_200_000,
        484_000,
        242_000,
    )
    assert vsi(2_200_000, date(2027, 1, 1), group="near_poor").support_per_month == 193_600
    assert "351/2025" in " ".join(rule.legal_source for rule in start_2027.rules)
