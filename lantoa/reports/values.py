"""A report value as typed and as checked: Vietnamese number parsing, the plausibility bounds that need the person
to confirm, and the warning for a large change from the previous period. Pure functions, no writes."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from .models import TemplateIndicator

# An entered value further than this from the previous period's is flagged (a warning, never an error).
WARNING_CHANGE = Decimal("0.5")
# A count typed by hand above these needs the person to confirm it (a slip of the keyboard, an extra zero):
# more than PLAUSIBLE_JUMP times the unit's previous period, or above the bound of its level.
PLAUSIBLE_JUMP = 10
PLAUSIBLE_BOUND = {"commune": Decimal(100_000), "province": Decimal(5_000_000), "centre": Decimal(200_000_000)}
MAX_ABS_VALUE = Decimal("1e15")
_GROUPED = re.compile(r"^-?\d{1,3}(\.\d{3})+(,\d+)?$")  # 1.234.567,5 as written in Vietnamese
_PLAIN = re.compile(r"^-?\d+([.,]\d+)?$")


def plain(value: Decimal | None) -> str | None:
    """A value as the audit log and the JSON fields keep it: plain digits, no exponent, no trailing zeros."""
    return None if value is None else format(value.normalize(), "f")


def parse_value(indicator: TemplateIndicator, raw) -> Decimal | None:
    """An entered value as a Decimal within the indicator's type and range; ValidationError otherwise."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, bool) or not isinstance(raw, str | int | float | Decimal):
        raise ValidationError(_("phải là một số"), code="type")
    if isinstance(raw, str):
        text = raw.strip().replace("\u00a0", "").replace(" ", "")
        patterns = (_GROUPED, _PLAIN) if indicator.decimal_places == 0 else (_PLAIN, _GROUPED)
        if len(text) > 40:
            raise ValidationError(_("phải là một số"), code="type")
        for pattern in patterns:
            if pattern.match(text):
                text = text.replace(".", "").replace(",", ".") if pattern is _GROUPED else text.replace(",", ".")
                break
        else:
            raise ValidationError(_("phải là một số"), code="type")
        raw = text
    try:
        value = Decimal(str(raw))
    except InvalidOperation as exc:
        raise ValidationError(_("phải là một số"), code="type") from exc
    if not value.is_finite() or abs(value) >= MAX_ABS_VALUE:
        raise ValidationError(_("phải là một số"), code="type")
    exponent = value.as_tuple().exponent  # an int: `value` is finite
    if (
        isinstance(exponent, int)
        and -exponent > indicator.decimal_places
        and value != value.quantize(Decimal(1).scaleb(-indicator.decimal_places))
    ):
        if indicator.decimal_places == 0:
            raise ValidationError(_("phải là số nguyên"), code="integer")
        raise ValidationError(
            _("chỉ được có tối đa %(places)s chữ số thập phân") % {"places": indicator.decimal_places}, code="places"
        )
    low = indicator.min_value if indicator.min_value is not None else Decimal(0)
    if value < low:
        raise ValidationError(_("không được nhỏ hơn %(min)s") % {"min": plain(low)}, code="min")
    if indicator.max_value is not None and value > indicator.max_value:
        raise ValidationError(_("không được lớn hơn %(max)s") % {"max": plain(indicator.max_value)}, code="max")
    return value


def implausible(indicator: TemplateIndicator, value: Decimal | None, before: Decimal | None, level: str) -> str | None:
    """Why a value typed by hand needs a confirmation before it is saved, or None."""
    if value is None or indicator.max_value is not None or indicator.aggregation != TemplateIndicator.Aggregation.SUM:
        return None
    bound = PLAUSIBLE_BOUND.get(level)
    if bound is not None and value > bound:
        return _("lớn hơn %(bound)s, mức thường gặp của một đơn vị cấp này: hãy kiểm tra và xác nhận") % {
            "bound": number_format(bound, force_grouping=True)
        }
    if before is not None and before >= 10 and value > before * PLAUSIBLE_JUMP:
        return _("gấp hơn %(times)s lần kỳ trước (%(before)s): hãy kiểm tra và xác nhận") % {
            "times": PLAUSIBLE_JUMP,
            "before": number_format(before, force_grouping=True),
        }
    return None


def change_warning(indicator: TemplateIndicator, value: Decimal | None, before: Decimal | None) -> str | None:
    if value is None or before is None or before == 0:
        return None
    moved = (value - before) / abs(before)
    if abs(moved) <= WARNING_CHANGE:
        return None
    return _(
        "“%(name)s”: %(value)s khác nhiều so với kỳ trước (%(before)s, %(change)s%%); hãy kiểm tra lại hoặc giải trình."
    ) % {
        "name": indicator.name,
        "value": plain(value),
        "before": plain(before),
        "change": f"{moved * 100:+.0f}",
    }


def parse_value_or_none(indicator: TemplateIndicator, raw) -> Decimal | None:
    try:
        return parse_value(indicator, raw)
    except ValidationError:
        return None
