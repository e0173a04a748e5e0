"""Calculations checked against amounts worked by hand from the seeded rules in force on each date."""

from datetime import date
from decimal import Decimal

import pytest

from lantoa.calculators.models import BaseSalary, VoluntarySISupport
from lantoa.calculators.services import CalculationError, household_hi_contribution, voluntary_si_contribution

pytestmark = pytest.mark.django_db


def vsi(income, months=1, group="other", on=date(2025, 7, 1)):
    return voluntary_si_contribution(income=Decimal(income), months=months, group=group, on_date=on)


def test_poor_household_member_before_july_2025_gets_30_percent_of_the_poverty_line_contribution():
    # 01/8/2024: rate 22%, rural poverty line 1.500.000, support for the poor 30% (NĐ 134/2015).
    # contribution 1.500.000 × 22% = 330.000; support 1.500.000 × 22% × 30% = 99.000; pays 330.000 − 99.000.
    result = vsi(1_500_000, group="poor", on=date(2024, 8, 1))
    assert result.monthly_contribution == 330_000
    assert result.support_per_month == 99_000
    assert result.person_per_month == 231_000
    assert (result.income_min, result.income_max) == (1_500_000, 46_800_000)  # 20 × 2.340.000


def test_poor_household_member_from_july_2025_gets_half_and_pays_for_twelve_months():
    # From 01/7/2025 the poor get 50%: support 330.000 × 50% = 165.000; pays 165.000 a month;
    # twelve months at once: 12 × 330.000 = 3.960.000 due, 12 × 165.000 = 1.980.000 supported and paid.
    result = vsi(1_500_000, months=12, group="poor")
    assert result.support_per_month == 165_000
    assert result.person_per_month == 165_000
    assert result.contribution_for_period == 3_960_000
    assert result.support_for_period == 1_980_000
    assert result.person_for_period == 1_980_000


def test_support_follows_the_poverty_line_not_the_chosen_income():
    # Near-poor from 01/7/2025, income 5.000.000, every 3 months: 5.000.000 × 22% = 1.100.000 a month;
    # support 1.500.000 × 22% × 40% = 132.000 whatever the income; pays 968.000, i.e. 2.904.000 per 3 months.
    result = vsi(5_000_000, months=3, group="near_poor")
    assert result.monthly_contribution == 1_100_000
    assert result.support_per_month == 132_000
    assert result.person_for_period == 2_904_000
    assert result.contribution_for_period == 3_300_000


def test_ethnic_minority_support_rose_from_10_to_30_percent_on_1_july_2025():
    # Income 2.000.000 → 440.000 a month. 30/6/2025: 10% of 330.000 = 33.000; 01/7/2025: 30% = 99.000.
    before = vsi(2_000_000, months=6, group="ethnic_minority", on=date(2025, 6, 30))
    after = vsi(2_000_000, months=6, group="ethnic_minority", on=date(2025, 7, 1))
    assert (before.support_per_month, before.person_per_month) == (33_000, 407_000)
    assert (after.support_per_month, after.person_per_month, after.person_for_period) == (99_000, 341_000, 2_046_000)


def test_2021_uses_the_700_000_poverty_line_and_1_490_000_base_salary():
    # 01/6/2021: poverty line 700.000 (QĐ 59/2015), base salary 1.490.000 → range 700.000 to 29.800.000.
    # Income 1.000.000 → 220.000; support 700.000 × 22% × 10% = 15.400; pays 204.600.
    result = vsi(1_000_000, on=date(2021, 6, 1))
    assert (result.income_min, result.income_max) == (700_000, 29_800_000)
    assert (result.monthly_contribution, result.support_per_month, result.person_per_month) == (
        220_000,
        15_400,
        204_600,
    )


def test_ceiling_is_twenty_base_salaries_in_force_on_the_date():
    # 01/7/2023: 20 × 1.800.000 = 36.000.000 is allowed: 36.000.000 × 22% = 7.920.000; one đồng more is not.
    assert vsi(36_000_000, on=date(2023, 7, 1)).monthly_contribution == 7_920_000
    with pytest.raises(CalculationError) as error:
        vsi(36_000_001, on=date(2023, 7, 1))
    assert error.value.field == "income"
    assert (
        "từ 1.500.000 đ (chuẩn nghèo nông thôn: Nghị định 07/2021/NĐ-CP, Điều 3 khoản 1 điểm a) đến 36.000.000 đ"
        in error.value.message
    )


def test_income_below_the_poverty_line_is_refused_with_the_range_in_force():
    with pytest.raises(CalculationError) as error:
        vsi(1_499_999, on=date(2025, 7, 1))
    assert error.value.message == (
        "Thu nhập lựa chọn phải từ 1.500.000 đ (chuẩn nghèo nông thôn: Nghị định 07/2021/NĐ-CP, "
        "Điều 3 khoản 1 điểm a) đến 46.800.000 đ "
        "(20 lần lương cơ sở: Nghị định 73/2024/NĐ-CP, Điều 3) mỗi tháng, theo quy định có hiệu lực ngày 01/07/2025."
    )


def test_contribution_is_rounded_half_up_to_a_whole_dong():
    # 1.500.075 × 22% = 330.016,5 → 330.017 (half up; banker's rounding would give 330.016).
    # 01/8/2024, other group: support 1.500.000 × 22% × 10% = 33.000 → pays 297.017.
    result = vsi(1_500_075, on=date(2024, 8, 1))
    assert result.monthly_contribution == 330_017
    assert result.person_per_month == 297_017


def test_payment_period_must_be_one_the_rule_allows():
    with pytest.raises(CalculationError) as error:
        vsi(1_500_000, months=2)
    assert error.value.message.startswith("Phương thức đóng phải là một trong: 1, 3, 6, 12 tháng (Luật Bảo hiểm xã hội")


def test_a_date_before_2016_is_a_clear_error():
    with pytest.raises(CalculationError) as error:
        vsi(1_000_000, on=date(2015, 12, 31))
    assert str(error.value) == (
        "Máy tính áp dụng quy định từ ngày 01/01/2016 (quy định đóng BHXH tự nguyện sớm nhất: Luật Bảo hiểm xã hội "
        "58/2014/QH13, Điều 87; Nghị định 134/2015/NĐ-CP, Điều 9 và Điều 10); ngày 31/12/2015 sớm hơn."
    )


def test_result_lists_the_rules_used_with_their_legal_sources():
    result = vsi(1_500_000, group="poor")
    sources = [rule.legal_source for rule in result.rules]
    assert "Luật Bảo hiểm xã hội 41/2024/QH15, Điều 36 khoản 1; Nghị định 159/2025/NĐ-CP, Điều 5" in sources
    assert any(source.startswith("Luật Bảo hiểm xã hội 41/2024/QH15, Điều 31 khoản 2") for source in sources)
    assert "Nghị định 73/2024/NĐ-CP, Điều 3" in sources
    assert "Nghị định 07/2021/NĐ-CP, Điều 3 khoản 1 điểm a" in sources


@pytest.mark.parametrize(
    ("on", "members", "per_member", "total_month", "total_year"),
    [
        # 2.340.000 × 4,5% = 105.300 for the first member.
        (date(2024, 7, 1), 1, [105_300], 105_300, 1_263_600),
        # 105.300; × 70% = 73.710; × 60% = 63.180; × 50% = 52.650; × 40% = 42.120 → 336.960 a month, × 12.
        (date(2025, 7, 1), 5, [105_300, 73_710, 63_180, 52_650, 42_120], 336_960, 4_043_520),
        # The sixth and seventh pay like the fifth: 336.960 + 2 × 42.120 = 421.200 a month.
        (date(2026, 1, 1), 7, [105_300, 73_710, 63_180, 52_650, 42_120, 42_120, 42_120], 421_200, 5_054_400),
        # 1.490.000 × 4,5% = 67.050; × 70% = 46.935; × 60% = 40.230 → 154.215 a month.
        (date(2023, 1, 1), 3, [67_050, 46_935, 40_230], 154_215, 1_850_580),
        # 1.800.000 × 4,5% = 81.000; 56.700; 48.600; 40.500 → 226.800 a month.
        (date(2024, 1, 1), 4, [81_000, 56_700, 48_600, 40_500], 226_800, 2_721_600),
    ],
)
def test_household_contribution_per_member_and_total(on, members, per_member, total_month, total_year):
    result = household_hi_contribution(members=members, on_date=on)
    assert [member.per_month for member in result.per_member] == per_member
    assert [member.per_year for member in result.per_member] == [amount * 12 for amount in per_member]
    assert (result.total_per_month, result.total_per_year) == (total_month, total_year)


@pytest.mark.parametrize("members", [0, -1, 21, 10**6])
def test_household_size_outside_one_to_twenty_is_refused(members):
    with pytest.raises(CalculationError) as error:
        household_hi_contribution(members=members, on_date=date(2025, 7, 1))
    assert error.value.message == "Số người trong hộ phải từ 1 đến 20."


def test_household_rule_not_yet_in_force_is_a_clear_error():
    with pytest.raises(
        CalculationError,
        match="Máy tính áp dụng quy định từ ngày 01/01/2016 \\(quy định đóng BHYT hộ gia đình sớm nhất",
    ):
        household_hi_contribution(members=2, on_date=date(2015, 12, 31))


def test_a_new_base_salary_changes_results_from_its_date_only():
    BaseSalary.objects.create(
        amount=Decimal("2700000"), effective_from=date(2028, 7, 1), legal_source="Nghị định thử nghiệm, Điều 3"
    )
    # The 2.530.000 record has no end date: the later record supersedes it from 01/7/2028.
    assert household_hi_contribution(members=1, on_date=date(2028, 6, 30)).total_per_month == 113_850
    # 2.700.000 × 4,5% = 121.500.
    after = household_hi_contribution(members=1, on_date=date(2028, 7, 1))
    assert after.total_per_month == 121_500
    assert "Nghị định thử nghiệm, Điều 3" in [rule.legal_source for rule in after.rules]
    # The ceiling moves too: 20 × 2.700.000 = 54.000.000.
    assert vsi(52_000_000, on=date(2028, 7, 1)).income_max == 54_000_000
    with pytest.raises(CalculationError):
        vsi(52_000_000, on=date(2028, 6, 30))


def test_a_new_support_level_for_one_group_leaves_the_others_unchanged():
    VoluntarySISupport.objects.create(
        group="poor", percent=Decimal("60"), effective_from=date(2027, 3, 1), legal_source="Nghị định thử nghiệm"
    )
    # The 2027 poverty line 2.200.000 → 484.000 a month: 50% = 242.000, then 60% = 290.400; near-poor 40%.
    assert vsi(2_200_000, group="poor", on=date(2027, 2, 28)).support_per_month == 242_000
    assert vsi(2_200_000, group="poor", on=date(2027, 3, 1)).support_per_month == Decimal("290400")
    assert vsi(2_200_000, group="near_poor", on=date(2027, 3, 1)).support_per_month == Decimal("193600")


@pytest.mark.parametrize(
    ("on", "income", "group", "expected"),
    [
        # (income range, contribution, support, person pays), worked by hand from the texts in force that day.
        # 01/01/2018, first day of state support (NĐ 134/2015 Điều 14): poverty line 700.000, base salary 1.300.000;
        # poor 30%: 700.000 × 22% × 30% = 46.200; income 1.000.000 × 22% = 220.000 → pays 173.800.
        (date(2018, 1, 1), 1_000_000, "poor", ((700_000, 26_000_000), 220_000, 46_200, 173_800)),
        # 30/06/2019, base salary 1.390.000 (NĐ 72/2018): ceiling 27.800.000; near-poor 25%: 154.000 × 25% = 38.500.
        (date(2019, 6, 30), 27_800_000, "near_poor", ((700_000, 27_800_000), 6_116_000, 38_500, 6_077_500)),
        # 01/07/2019, base salary 1.490.000 (NĐ 38/2019): ceiling 29.800.000.
        (date(2019, 7, 1), 700_000, "other", ((700_000, 29_800_000), 154_000, 15_400, 138_600)),
        # 31/12/2021, still 700.000; 01/01/2022, 1.500.000 (NĐ 07/2021): support 330.000 × 10% = 33.000.
        (date(2021, 12, 31), 1_500_000, "other", ((700_000, 29_800_000), 330_000, 15_400, 314_600)),
        (date(2022, 1, 1), 1_500_000, "other", ((1_500_000, 29_800_000), 330_000, 33_000, 297_000)),
        # 30/06/2023 and 01/07/2023 (NĐ 24/2023: 1.800.000 → ceiling 36.000.000), poor 30% = 99.000.
        (date(2023, 6, 30), 3_000_000, "poor", ((1_500_000, 29_800_000), 660_000, 99_000, 561_000)),
        (date(2023, 7, 1), 3_000_000, "poor", ((1_500_000, 36_000_000), 660_000, 99_000, 561_000)),
        # 30/06/2024 and 01/07/2024 (NĐ 73/2024: 2.340.000 → ceiling 46.800.000).
        (date(2024, 6, 30), 4_000_000, "near_poor", ((1_500_000, 36_000_000), 880_000, 82_500, 797_500)),
        (date(2024, 7, 1), 4_000_000, "near_poor", ((1_500_000, 46_800_000), 880_000, 82_500, 797_500)),
        # 01/07/2025, Luật 41/2024 and NĐ 159/2025: near-poor 40% = 132.000, other 20% = 66.000.
        (date(2025, 7, 1), 4_000_000, "near_poor", ((1_500_000, 46_800_000), 880_000, 132_000, 748_000)),
        (date(2026, 3, 15), 2_500_000, "other", ((1_500_000, 46_800_000), 550_000, 66_000, 484_000)),
    ],
)
def test_voluntary_si_on_each_side_of_every_change(on, income, group, expected):
    result = vsi(income, group=group, on=on)
    assert (
        (result.income_min, result.income_max),
        result.monthly_contribution,
        result.support_per_month,
        result.person_per_month,
    ) == expected


def test_the_seeded_figures_and_sources_in_force_on_each_date():
    """Each figure with the text that sets it (checked in docs/calculators.md, "Seeded rules")."""
    from lantoa.calculators.models import HouseholdHIRule, RuralPovertyLine, VoluntarySIRule
    from lantoa.calculators.selectors import rule_in_force

    expected_salaries = {
        date(2017, 7, 1): (1_300_000, "Nghị định 47/2017/NĐ-CP, Điều 3"),
        date(2018, 7, 1): (1_390_000, "Nghị định 72/2018/NĐ-CP, Điều 3"),
        date(2023, 6, 30): (1_490_000, "Nghị định 38/2019/NĐ-CP, Điều 3"),
        date(2023, 7, 1): (1_800_000, "Nghị định 24/2023/NĐ-CP, Điều 3"),
        date(2026, 1, 1): (2_340_000, "Nghị định 73/2024/NĐ-CP, Điều 3"),
        date(2016, 4, 30): (1_150_000, "Nghị định 66/2013/NĐ-CP, Điều 3"),
        date(2016, 5, 1): (1_210_000, "Nghị định 47/2016/NĐ-CP, Điều 3"),
        date(2026, 7, 1): (2_530_000, "Nghị định 161/2026/NĐ-CP"),
    }
    for on, (amount, source) in expected_salaries.items():
        salary = rule_in_force(BaseSalary, on)
        assert (salary.amount, salary.legal_source) == (amount, source), on
    assert rule_in_force(RuralPovertyLine, date(2021, 12, 31)).amount == 700_000
    assert rule_in_force(RuralPovertyLine, date(2022, 1, 1)).amount == 1_500_000
    assert rule_in_force(RuralPovertyLine, date(2026, 12, 31)).amount == 1_500_000
    assert rule_in_force(RuralPovertyLine, date(2027, 1, 1)).amount == 2_200_000
    for on in (date(2016, 1, 1), date(2025, 6, 30), date(2025, 7, 1)):
        rule = rule_in_force(VoluntarySIRule, on)
        assert (rule.rate_percent, rule.min_income_poverty_line_multiple, rule.max_income_base_salary_multiple) == (
            22,
            1,
            20,
        )
        assert rule.periods() == [1, 3, 6, 12]
    assert "Điều 87" in rule_in_force(VoluntarySIRule, date(2025, 6, 30)).legal_source
    assert "Điều 32 khoản 2" in rule_in_force(VoluntarySIRule, date(2025, 7, 1)).legal_source
    supports = {
        date(2018, 1, 1): {"poor": 30, "near_poor": 25, "ethnic_minority": 10, "other": 10},
        date(2025, 7, 1): {"poor": 50, "near_poor": 40, "ethnic_minority": 30, "other": 20},
    }
    for on, percents in supports.items():
        for group, percent in percents.items():
            assert rule_in_force(VoluntarySISupport, on, group=group).percent == percent, (on, group)
    assert rule_in_force(VoluntarySISupport, date(2025, 7, 1), group="poor").legal_source == (
        "Luật Bảo hiểm xã hội 41/2024/QH15, Điều 36 khoản 1; Nghị định 159/2025/NĐ-CP, Điều 5"
    )
    for on in (date(2016, 1, 1), date(2018, 12, 1), date(2025, 7, 1), date(2025, 8, 15)):
        rule = rule_in_force(HouseholdHIRule, on)
        shares = {share.position: share.percent_of_first for share in rule.member_shares.all()}
        assert (rule.rate_percent, shares) == (Decimal("4.5"), {2: 70, 3: 60, 4: 50, 5: 40})
