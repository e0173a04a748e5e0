"""The portal calculator pages: results in đồng, the rules used, the registration link, and hostile input."""

import pytest

pytestmark = pytest.mark.django_db

VSI = "/cong-cu/bhxh-tu-nguyen/"
HHI = "/cong-cu/bhyt-ho-gia-dinh/"


def test_empty_voluntary_si_page_shows_a_labelled_form(client):
    response = client.get(VSI)
    assert response.status_code == 200
    body = response.content.decode()
    assert '<label for="id_income"' in body
    assert "Phương thức đóng" in body
    assert "6 tháng một lần" in body
    assert "Kết quả" not in body


def test_voluntary_si_result_is_shown_in_dong_with_its_rules_and_a_registration_link(client):
    response = client.get(VSI, {"income": "1.500.000", "months": "3", "group": "poor", "on_date": "2025-07-01"})
    body = response.content.decode()
    assert response.status_code == 200
    # 330.000 due, 165.000 supported and 165.000 paid a month; three months: 990.000 and 495.000.
    for amount in ("330.000 đ", "165.000 đ", "990.000 đ", "495.000 đ"):
        assert amount in body
    assert "Nghị định 159/2025/NĐ-CP" in body
    assert "Hiệu lực từ 01/07/2025" in body
    assert (
        'href="/dang-ky-tu-van/?nguon=may-tinh-bhxh&amp;quan_tam=bhxh-tu-nguyen&amp;thu_nhap=1500000'
        '&amp;so_thang=3&amp;nhom=poor"' in body
    )
    assert "Đăng ký tư vấn" in body


def test_the_rule_date_is_typed_and_shown_as_day_month_year_not_in_the_browsers_locale(client):
    empty = client.get(VSI).content.decode()
    field = empty.split('name="on_date"')[0].rsplit("<input", 1)[1] + empty.split('name="on_date"')[1].split(">")[0]
    # A text input: Chromium would draw type="date" as mm/dd/yyyy in an English-language browser.
    assert 'type="text"' in field and 'type="date"' not in field
    assert 'placeholder="dd/mm/yyyy"' in field and 'inputmode="numeric"' in field
    assert "Ngày/tháng/năm, ví dụ 01/07/2025." in empty

    typed = client.get(VSI, {"income": "1.500.000", "months": "3", "group": "poor", "on_date": "01/07/2025"})
    old_link = client.get(VSI, {"income": "1.500.000", "months": "3", "group": "poor", "on_date": "2025-07-01"})

    for response in (typed, old_link):
        assert response.status_code == 200
        assert 'value="01/07/2025"' in response.content.decode()
        assert "330.000 đ" in response.content.decode()


def test_rules_in_force_today_are_used_when_no_date_is_given(client):
    response = client.get(VSI, {"income": "2000000", "months": "1", "group": "other"})
    assert response.status_code == 200
    assert "440.000 đ" in response.content.decode()


def test_household_result_lists_each_member_and_the_total(client):
    response = client.get(HHI, {"members": "3", "on_date": "01/01/2023"})
    body = response.content.decode()
    assert response.status_code == 200
    # 67.050 + 46.935 + 40.230 = 154.215 a month; 1.850.580 a year.
    for amount in ("67.050 đ", "46.935 đ", "40.230 đ", "154.215 đ", "1.850.580 đ"):
        assert amount in body
    assert "Nghị định 146/2018/NĐ-CP" in body
    assert 'href="/dang-ky-tu-van/?nguon=may-tinh-bhyt&amp;quan_tam=bhyt-ho-gia-dinh&amp;so_nguoi=3"' in body


def test_income_outside_the_range_says_the_range_in_force(client):
    response = client.get(VSI, {"income": "50000000", "months": "1", "group": "other", "on_date": "2025-07-01"})
    body = response.content.decode()
    assert response.status_code == 200
    assert (
        "từ 1.500.000 đ (chuẩn nghèo nông thôn: Nghị định 07/2021/NĐ-CP, Điều 3 khoản 1 điểm a) đến 46.800.000 đ"
        in body
    )
    assert 'class="calc-button"' not in body  # no registration link without a result


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"income": "<script>alert(1)</script>"}, "Nhập số tiền bằng chữ số"),
        ({"income": "9" * 5000}, "Nhập số tiền bằng chữ số"),
        ({"income": "-1500000"}, "Nhập số tiền bằng chữ số"),
        ({"income": "1.5"}, "Nhập số tiền bằng chữ số"),
        ({"income": "1500000", "months": "2"}, "Hãy chọn một phương thức đóng"),
        ({"income": "1500000", "group": '"><img src=x onerror=alert(1)>'}, "Hãy chọn một nhóm đối tượng"),
        ({"income": "1500000", "on_date": "99999-01-01"}, "Nhập ngày theo dạng ngày/tháng/năm"),
        ({"income": "1500000", "on_date": "1800-01-01"}, "Ngày phải từ 01/01/1995 đến 31/12/2100"),
        ({"income": "1500000", "on_date": "2015-12-01"}, "Máy tính áp dụng quy định từ ngày 01/01/2016"),
        ({"income": ""}, "Trường này là bắt buộc"),
    ],
)
def test_hostile_voluntary_si_input_gets_a_form_error_and_is_never_reflected_raw(client, params, message):
    query = {"months": "1", "group": "other", **params}
    response = client.get(VSI, query)
    body = response.content.decode()
    assert response.status_code == 200
    assert message in body
    assert "<script>alert" not in body
    assert "<img src=x" not in body
    assert 'class="calc-button"' not in body  # no registration link without a result


@pytest.mark.parametrize(
    ("members", "message"),
    [
        ("0", "Số người trong hộ phải từ 1 đến 20."),
        ("21", "Số người trong hộ phải từ 1 đến 20."),
        ("1" * 5000, "Nhập số người bằng chữ số"),
        ("ba", "Nhập số người bằng chữ số"),
        ("<script>alert(1)</script>", "Nhập số người bằng chữ số"),
    ],
)
def test_hostile_household_input_gets_a_form_error(client, members, message):
    response = client.get(HHI, {"members": members})
    body = response.content.decode()
    assert response.status_code == 200
    assert message in body
    assert "<script>alert" not in body


def test_calculators_refuse_posts(client):
    assert client.post(VSI, {"income": "1500000"}).status_code == 405


def test_unrelated_query_parameters_show_the_empty_form(client):
    response = client.get(HHI, {"utm_source": "zalo"})
    assert response.status_code == 200
    assert "errorlist" not in response.content.decode()
