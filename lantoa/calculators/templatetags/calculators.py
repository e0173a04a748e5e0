"""Template filters of the calculators: amounts and rates written the Vietnamese way."""

from django import template

from lantoa.calculators.money import format_dong, format_percent

register = template.Library()


@register.filter
def dong(amount) -> str:
    """1500000 → "1.500.000 đ"."""
    return format_dong(amount)


@register.filter
def percent(value) -> str:
    """Decimal("4.50") → "4,5%"."""
    return format_percent(value)
