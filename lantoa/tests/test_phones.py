"""One phone, one form: what people type (any digits, any separators, +84) becomes 0xxxxxxxxx or is refused."""

import pytest
from django.core.exceptions import ValidationError

from lantoa import phones


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("0912345678", "0912345678"),
        ("+84 912 345 678", "0912345678"),
        ("84912345678", "0912345678"),
        ("091.234.5678", "0912345678"),
        ("0352-345-678", "0352345678"),
        ("(+84) 862 345 678", "0862345678"),
        ("０９１２３４５６７８", "0912345678"),  # full-width
        ("٠٩١٢٣٤٥٦٧٨", "0912345678"),  # Arabic-Indic
        ("۰۹۱۲۳۴۵۶۷۸", "0912345678"),  # Extended Arabic-Indic
        ("＋８４ ９１２ ３４５ ６７８", "0912345678"),
        ("0912\u00a0345\u2013678", "0912345678"),  # no-break space, en dash
    ],
)
def test_mobile_numbers_in_any_digits_are_normalised_to_ten_ascii_digits(raw, expected):
    assert phones.normalise(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "091234567",
        "09123456789",
        "0212345678",
        "0112345678",
        "09123abc78",
        "+1 912 345 678",
        "0" * 10,
        "091234567²",  # a superscript is not a digit
        "0912345678\u202e",
        "0912345678\x00",
    ],
)
def test_non_mobile_or_malformed_numbers_are_refused_in_vietnamese(raw):
    with pytest.raises(ValidationError) as error:
        phones.normalise(raw)
    assert "Số điện thoại di động không hợp lệ" in error.value.messages[0]


def test_landlines_are_taken_only_where_asked():
    assert phones.normalise("024 3825 1234", landline=True) == "02438251234"
    assert phones.normalise("+84 24 3825 1234", landline=True) == "02438251234"
    with pytest.raises(ValidationError):
        phones.normalise("024 3825 1234")


def test_the_international_form_is_what_gateways_take():
    assert phones.international(phones.normalise("٠٩١٢٣٤٥٦٧٨")) == "84912345678"
