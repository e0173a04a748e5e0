"""How the calculators round and write amounts of money: whole đồng, written the Vietnamese way."""

from decimal import ROUND_HALF_UP, Decimal

ONE_DONG = Decimal("1")


def round_dong(amount: Decimal) -> Decimal:
    """Round to a whole đồng, halves up (0,5 đ → 1 đ), as contribution notices are written."""
    return Decimal(amount).quantize(ONE_DONG, rounding=ROUND_HALF_UP)


def format_dong(amount: Decimal | int) -> str:
    """1500000 → "1.500.000 đ" (dots between thousands, as Vietnamese writes amounts)."""
    whole = int(round_dong(Decimal(amount)))
    sign = "-" if whole < 0 else ""
    return f"{sign}{abs(whole):,} đ".replace(",", ".")


def format_percent(value: Decimal) -> str:
    """Decimal("4.50") → "4,5%" (decimal comma, no trailing zeros)."""
    text = format(Decimal(value).normalize(), "f")
    return f"{text.replace('.', ',')}%"
