"""The calculators' JSON API: the same figures as the pages, Vietnamese 422s, unknown parameters refused."""

import pytest

pytestmark = pytest.mark.django_db

VSI = "/api/v1/calculators/voluntary-si"
HHI = "/api/v1/calculators/household-hi"


def test_voluntary_si_returns_the_figures_and_the_rules_used(client):
    response = client.get(VSI, {"income": 5_000_000, "months": 3, "group": "near_poor", "on_date": "2025-07-01"})
    assert response.status_code == 200, response.content
    body = response.json()
    # 5.000.000 × 22% = 1.100.000; support 1.500.000 × 22% × 40% = 132.000; pays 968.000 (2.904.000 per 3 months).
    assert body["monthly_contribution"] == 1_100_000
    assert body["support_per_month"] == 132_000
    assert body["person_per_month"] == 968_000
    assert body["person_for_period"] == 2_904_000
    assert body["group_label"] == "Người thuộc hộ cận nghèo"
    kinds = {rule["kind"]: rule for rule in body["rules"]}
    assert kinds["voluntarysisupport"]["effective_from"] == "2025-07-01"
    assert kinds["basesalary"]["legal_source"] == "Nghị định 73/2024/NĐ-CP, Điều 3"


def test_household_hi_returns_each_member_and_the_total(client):
    response = client.get(HHI, {"members": 5, "on_date": "2025-07-01"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert [m["per_month"] for m in body["per_member"]] == [105_300, 73_710, 63_180, 52_650, 42_120]
    assert (body["total_per_month"], body["total_per_year"]) == (336_960, 4_043_520)


def test_income_outside_the_range_is_a_vietnamese_422(client):
    response = client.get(VSI, {"income": 1_000_000, "on_date": "2025-07-01"})
    assert response.status_code == 422
    assert response.json()["detail"].startswith(
        "Thu nhập lựa chọn phải từ 1.500.000 đ (chuẩn nghèo nông thôn: Nghị định 07/2021/NĐ-CP, "
        "Điều 3 khoản 1 điểm a) đến 46.800.000 đ "
        "(20 lần lương cơ sở: Nghị định 73/2024/NĐ-CP, Điều 3)"
    )


def test_no_rule_in_force_is_a_vietnamese_422(client):
    response = client.get(HHI, {"members": 2, "on_date": "2010-01-01"})
    assert response.status_code == 422
    # The limit and the rule that sets it.
    assert response.json()["detail"].startswith("Máy tính áp dụng quy định từ ngày 01/01/2016")
    assert "Nghị định 105/2014/NĐ-CP" in response.json()["detail"]


@pytest.mark.parametrize(
    ("url", "params", "fragment"),
    [
        (VSI, {"income": 1_500_000, "colour": "red"}, "không hỗ trợ tham số “colour”"),
        (VSI, {"income": "abc"}, "“income” phải là số nguyên"),
        (VSI, {"income": "<script>alert(1)</script>"}, "“income” phải là số nguyên"),
        (VSI, {"income": -5}, "“income” phải lớn hơn hoặc bằng 0"),
        (VSI, {"income": 10**40}, "“income” phải nhỏ hơn hoặc bằng"),
        (VSI, {"income": 1_500_000, "group": "rich"}, "“group” phải là một trong"),
        (
            VSI,
            {"income": 1_500_000, "months": 2},
            "Phương thức đóng phải là một trong: 1, 3, 6, 12 tháng (Luật Bảo hiểm xã hội 41/2024/QH15",
        ),
        (VSI, {}, "thiếu “income”"),
        (HHI, {"members": 21}, "“members” phải nhỏ hơn hoặc bằng 20"),
        (HHI, {"members": 0}, "“members” phải lớn hơn hoặc bằng 1"),
        (HHI, {"members": 2, "on_date": "hôm qua"}, "“on_date”"),
    ],
)
def test_bad_input_is_refused_with_a_vietnamese_message(client, url, params, fragment):
    response = client.get(url, params)
    assert response.status_code == 422
    text = response.content.decode()
    assert "<script>" not in text
    body = response.json()
    assert fragment in (body.get("message") or body["detail"])
