"""How figures are written for people: grouped digits and the active language's separators.

Vietnamese (lantoa/formats/vi): 1.759.995 and 3,9 %; English: 1,759,995 and 3.9 %. Charts and
exports call these; templates use `intcomma` (django.contrib.humanize), which does the same.
"""

from django.utils.formats import number_format

NBSP = "\u00a0"


def figure(value, decimal_pos: int | None = None) -> str:
    """`value` with grouped digits: 1759995 → "1.759.995", 3.9 → "3,9"; None → "–"."""
    if value is None:
        return "–"
    return number_format(value, decimal_pos=decimal_pos, use_l10n=True, force_grouping=True)


def percent(value, decimal_pos: int | None = None) -> str:
    """A percentage as Vietnamese writes it: 3.9 → "3,9 %" (a no-break space before the sign)."""
    if value is None:
        return "–"
    return f"{figure(value, decimal_pos)}{NBSP}%"
