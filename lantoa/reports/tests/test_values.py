"""Entered values: types, decimals, ranges, Vietnamese number writing, and the far-from-last-period warning."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from lantoa.reports.models import TemplateIndicator
from lantoa.reports.values import change_warning, parse_value

COUNT = TemplateIndicator(code="leaflets", name="Số tờ rơi", unit_of_measure="tờ", min_value=Decimal(0))
SCORE = TemplateIndicator(
    code="score", name="Điểm", unit_of_measure="điểm", decimal_places=1, min_value=Decimal(1), max_value=Decimal(5)
)


@pytest.mark.parametrize(
    ("indicator", "raw", "expected"),
    [
        (COUNT, "1200", Decimal(1200)),
        (COUNT, " 1.234.567 ", Decimal(1234567)),
        (COUNT, "5 400", Decimal(5400)),
        (COUNT, 42, Decimal(42)),
        (COUNT, "12,0", Decimal(12)),
        (COUNT, "", None),
        (COUNT, None, None),
        (SCORE, "4,5", Decimal("4.5")),
        (SCORE, "4.5", Decimal("4.5")),
        (SCORE, 3.5, Decimal("3.5")),
    ],
)
def test_accepted_values(indicator, raw, expected):
    assert parse_value(indicator, raw) == expected


@pytest.mark.parametrize(
    ("indicator", "raw", "code"),
    [
        (COUNT, "abc", "type"),
        (COUNT, "1e9", "type"),
        (COUNT, "NaN", "type"),
        (COUNT, "Infinity", "type"),
        (COUNT, float("nan"), "type"),
        (COUNT, True, "type"),
        (COUNT, ["1"], "type"),
        (COUNT, {"a": 1}, "type"),
        (COUNT, "9" * 41, "type"),
        (COUNT, 10**16, "type"),
        (COUNT, "<script>1</script>", "type"),
        (COUNT, "12,5", "integer"),
        (COUNT, "-3", "min"),
        (SCORE, "4,55", "places"),
        (SCORE, "0,5", "min"),
        (SCORE, "6", "max"),
    ],
)
def test_refused_values(indicator, raw, code):
    with pytest.raises(ValidationError) as refused:
        parse_value(indicator, raw)
    assert refused.value.code == code


def test_a_value_far_from_last_period_is_a_warning_not_an_error():
    assert change_warning(COUNT, Decimal(160), Decimal(100)) is not None
    assert change_warning(COUNT, Decimal(40), Decimal(100)) is not None
    assert change_warning(COUNT, Decimal(150), Decimal(100)) is None
    assert change_warning(COUNT, Decimal(5), Decimal(0)) is None
    assert "+60%" in change_warning(COUNT, Decimal(160), Decimal(100))
