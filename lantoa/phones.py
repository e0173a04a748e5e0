"""Vietnamese phone numbers as people type them, turned once into the form Lan Toả stores and compares.

Registrations of interest (outreach), SMS sign-ups and replies (channels) all go through `normalise`,
so "０９１２ ３４５ ６７８", "٠٩١٢٣٤٥٦٧٨" and "+84 912-345-678" are one phone, merged as one person.
"""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MOBILE_PREFIXES = ("03", "05", "07", "08", "09")
# Spaces of any kind, dots, dashes (hyphen, the Unicode dashes, the minus sign) and parentheses.
_SEPARATORS = frozenset(".-()\u2010\u2011\u2012\u2013\u2014\u2015\u2212\uff0e\uff0d\uff08\uff09")
_PLUS = frozenset("+\uff0b")


def _ascii(raw: str) -> str:
    """Decimal digits of any script as ASCII, separators dropped; anything else kept, so the pattern refuses it."""
    out = []
    for char in raw:
        digit = unicodedata.decimal(char, None)
        if digit is not None:
            out.append(str(digit))
        elif char.isspace() or char in _SEPARATORS:
            continue
        elif char in _PLUS:
            out.append("+")
        else:
            out.append(char)
    return "".join(out)


def normalise(raw: str, *, landline: bool = False) -> str:
    """A Vietnamese mobile number as 0xxxxxxxxx (ten ASCII digits); with `landline`, also 02xxxxxxxxx.

    +84, 84 and 0 prefixes, spaces, dots, dashes and parentheses are accepted, and digits of other
    scripts (full-width, Arabic-Indic, …) are read as the digits they are. Raises ValidationError
    (code "phone") with a Vietnamese message otherwise.
    """
    if raw and len(raw) == 10 and raw.isascii() and raw.isdigit() and raw.startswith(MOBILE_PREFIXES):
        return raw  # already in the stored form: the participant lists hold millions of these
    text = _ascii(raw or "")
    if text.startswith("+84"):
        text = "0" + text[3:]
    elif text.startswith("84") and len(text) in (11, 12):
        text = "0" + text[2:]
    if re.fullmatch(r"0[0-9]{9}", text) and text.startswith(MOBILE_PREFIXES):
        return text
    if landline and re.fullmatch(r"02[0-9]{9}", text):
        return text
    if landline:
        message = _("Số điện thoại không hợp lệ: cần số di động 10 chữ số hoặc số cố định 11 chữ số bắt đầu bằng 02.")
    else:
        message = _("Số điện thoại di động không hợp lệ: cần 10 chữ số, bắt đầu bằng 03, 05, 07, 08 hoặc 09.")
    raise ValidationError(message, code="phone")


def international(phone: str) -> str:
    """A normalised number in the form SMS gateways take: 0912345678 → 84912345678."""
    return "84" + phone[1:]
