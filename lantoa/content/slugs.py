"""Page addresses in ASCII: a Vietnamese title folded ("Bảo hiểm xã hội" → "bao-hiem-xa-hoi"), short, cut at a word.

A Unicode slug is a 200-character `%C6%B0…` address once percent-encoded in a link, a QR code or
an SMS. The same rule runs in the editor (the slug field's formatters, before Wagtail's
urlify) and on the server (pages created without a slug, or with a Unicode one).
"""

import re
import unicodedata
from functools import cache

from django.utils.text import slugify
from wagtail.admin.widgets import SlugInput

from lantoa.folding import fold_char, normalize

MAX_LENGTH = 80


def page_slug(text: str, *, max_length: int = MAX_LENGTH) -> str:
    """An ASCII slug for `text`, at most `max_length` characters, cut after a whole word when it must be cut."""
    folded = "".join(fold_char(char) for char in normalize(text))
    slug = slugify(folded)
    if len(slug) <= max_length:
        return slug
    cut = slug[: max_length + 1].rsplit("-", 1)[0] if "-" in slug[: max_length + 1] else slug[:max_length]
    return cut.strip("-")


@cache
def letters_by_base() -> dict[str, str]:
    """Accented Latin letters (Vietnamese and the minority languages' scripts) grouped by their ASCII letter."""
    groups: dict[str, list[str]] = {}
    for code in [*range(0xC0, 0x250), *range(0x1E00, 0x1F00)]:
        char = chr(code)
        if unicodedata.category(char) not in ("Lu", "Ll"):
            continue
        folded = fold_char(char)
        if folded != char.lower() and folded.isascii() and folded.isalpha():
            groups.setdefault(folded, []).append(char)
    return {base: "".join(chars) for base, chars in sorted(groups.items())}


@cache
def slug_formatters() -> list[tuple[str, str]]:
    """What the slug field does to a title before Wagtail's urlify, which drops "ế", "ư", "đ": fold each
    accented letter, then keep at most `MAX_LENGTH` characters, up to the last whole word."""
    formatters = [(f"[{re.escape(chars)}]", base) for base, chars in letters_by_base().items()]
    formatters.append((rf"^(?=[\s\S]{{{MAX_LENGTH + 1}}})([\s\S]{{1,{MAX_LENGTH}}})\s[\s\S]*$", "$1"))
    return formatters


class AsciiSlugInput(SlugInput):
    """Wagtail's slug field, folding Vietnamese as the server does (`page_slug`)."""

    def __init__(self, attrs=None, formatters=None, locale=None):
        super().__init__(attrs=attrs, formatters=formatters or slug_formatters(), locale=locale)
