"""Advance payment (once for up to 60 months ahead, discounted) and catch-up payment (once for the missing
months, with interest), worked by hand from Nghị định 134/2015/NĐ-CP Điều 10 khoản 2 và 3:

    advance:  Σ_{i=1..n} (contribution − support) / (1 + r)^(i−1)
    catch-up: Σ_{i=1..n} contribution × (1 + r)^i      (no state support on catch-up months)

with r the fund's monthly rate VSS publishes (a test rate of 0,5 %/month here: none is seeded).
"""

from datetime import date
from decimal import Decimal

import pytest

from lantoa.calculators.models import FundInterestRate
from lantoa.calculators.services import CalculationError, PaymentMode, voluntary_si_contribution

pytestmark = pytest.mark.django_db

VSI = "/api/v1/calculators/voluntary-si"
PAGE = "/cong-cu/bhxh-tu-nguyen/"
DAY = date(2026, 3, 2)


@pytest.fixture
def fund_rate():
    return FundInterestRate.objects.create(
        effective_from=date(2026, 1, 1),
        effective_to=date(2027, 12, 31),
        monthly_rate_percent=Decimal("0.5"),
        legal_source="Lãi suất thử nghiệm của bộ kiểm thử",
    )


def pay(mode, months, income=1_500_000, group="other", on=DAY):
    return voluntary_si_contribution(income=income, months=months, group=group, on_date=on, mode=mode)


def test_advance_three_months_is_discounted_month_by_month(fund_rate):
    result = pay(PaymentMode.ADVANCE, 3)
    # 1.500.000 × 22 % = 330.000; support 1.500.000 × 22 % × 20 % = 66.000; the person's month: 264.000.
    assert (result.monthly_contribution, result.support_per_month, result.person_per_month) == (
        330_000,
        66_000,
        264_000,
    )
    # 264.000 + 264.000 / 1,005 + 264.000 / 1,005² = 264.000 + 262.686,57 + 261.379,67 = 788.066,24 → 788.066.
    assert result.person_for_period == 788_066
    assert result.person_without_interest == 792_000
    assert result.discount == 3_934
    assert result.monthly_interest_rate_percent == Decimal("0.5")
    assert fund_rate in result.rules


def test_catch_up_two_months_adds_interest_and_no_support(fund_rate):
    result = pay(PaymentMode.CATCH_UP, 2)
    # 330.000 × 1,005 + 330.000 × 1,005² = 331.650 + 333.308,25 = 664.958,25 → 664.958; no support.
    assert (result.support_per_month, result.support_percent) == (0, 0)
    assert result.person_for_period == 664_958
    assert result.interest == 4_958
    assert result.contribution_for_period == 660_000


def test_advance_across_the_2027_poverty_line_uses_the_line_in_force_on_the_day(fund_rate):
    # On 01/01/2027 the floor is 2.200.000 (Nghị định 351/2025/NĐ-CP): 484.000 a month, support 96.800.
    result = pay(PaymentMode.ADVANCE, 60, income=2_200_000, on=date(2027, 1, 1))
    assert (result.monthly_contribution, result.support_per_month) == (484_000, 96_800)
    assert result.person_without_interest == 387_200 * 60
    assert result.person_for_period == 20_128_278
    with pytest.raises(CalculationError, match=r"Thu nhập lựa chọn phải từ 2\.200\.000 đ"):
        pay(PaymentMode.ADVANCE, 12, income=1_500_000, on=date(2027, 1, 1))


def test_sixty_one_months_ahead_is_refused_naming_the_limit_and_the_rule(fund_rate):
    with pytest.raises(CalculationError) as error:
        pay(PaymentMode.ADVANCE, 61)
    assert error.value.field == "months"
    assert error.value.message.startswith("Đóng trước một lần tối đa 60 tháng (Luật Bảo hiểm xã hội 41/2024/QH15")
    assert error.value.message.endswith("bạn chọn 61 tháng.")
    with pytest.raises(CalculationError, match="tối đa 120 tháng"):
        pay(PaymentMode.CATCH_UP, 121)


def test_without_a_published_fund_rate_advance_is_refused_and_periods_still_work():
    with pytest.raises(CalculationError, match="chưa có lãi suất đầu tư quỹ BHXH bình quân tháng áp dụng vào ngày"):
        pay(PaymentMode.ADVANCE, 12)
    assert pay(PaymentMode.PERIOD, 12).person_for_period == 264_000 * 12


def test_the_api_answers_advance_and_catch_up_with_the_rule_used(client, fund_rate):
    response = client.get(VSI, {"income": 1_500_000, "months": 3, "mode": "advance", "on_date": "2026-03-02"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["mode"], body["person_for_period"], body["discount"], body["interest"]) == (
        "advance",
        788_066,
        3_934,
        0,
    )
    assert body["mode_label"] == "Đóng trước một lần cho nhiều năm về sau"
    assert "fundinterestrate" in [rule["kind"] for rule in body["rules"]]

    response = client.get(VSI, {"income": 1_500_000, "months": 61, "mode": "advance", "on_date": "2026-03-02"})
    assert response.status_code == 422
    assert "tối đa 60 tháng" in response.json()["detail"]
    response = client.get(VSI, {"income": 1_500_000, "months": 3, "mode": "later", "on_date": "2026-03-02"})
    assert response.status_code == 422


def test_the_page_shows_the_discount_and_the_amount_due(client, fund_rate):
    params = {"income": "1.500.000", "months": 1, "group": "other", "mode": "advance", "count": 3}
    response = client.get(PAGE, {**params, "on_date": "02/03/2026"})
    body = response.content.decode()
    assert "Giảm do đóng trước (lãi suất đầu tư quỹ BHXH 0,5%/tháng)" in body
    assert "−3.934 đ" in body
    assert "788.066 đ" in body
    assert "Lãi suất thử nghiệm của bộ kiểm thử" in body


def test_the_registration_link_keeps_the_payment_mode(client, fund_rate):
    params = {"income": "1.500.000", "months": 1, "group": "other", "mode": "advance", "count": 3}
    body = client.get(PAGE, {**params, "on_date": "02/03/2026"}).content.decode()
    assert "&amp;so_thang=3&amp;nhom=other&amp;phuong_thuc=advance" in body
    period = client.get(PAGE, {**params, "mode": "period", "on_date": "02/03/2026"}).content.decode()
    assert "phuong_thuc=" not in period  # paying per period is the default: nothing to carry


def test_the_page_asks_for_the_number_of_months_and_names_the_limit(client, fund_rate):
    base = {"income": "1.500.000", "months": 1, "group": "other", "on_date": "02/03/2026"}
    body = client.get(PAGE, {**base, "mode": "advance"}).content.decode()
    assert "Nhập số tháng muốn đóng một lần." in body
    body = client.get(PAGE, {**base, "mode": "advance", "count": 61}).content.decode()
    assert "Đóng trước một lần tối đa 60 tháng" in body
    body = client.get(PAGE, {**base, "mode": "catch_up", "count": "<b>x</b>"}).content.decode()
    assert "Nhập số tháng bằng chữ số" in body
    assert "<b>x</b>" not in body
