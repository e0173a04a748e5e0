"""Vietnamese text folding for search: lowercase, without diacritics (đ → d), split into tokens."""

import re
import unicodedata
from functools import lru_cache

TOKEN_RE = re.compile(r"\w+", re.UNICODE)
# Control characters (NUL included) break PostgreSQL and mean nothing in a query.
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@lru_cache(maxsize=4096)
def fold_char(char: str) -> str:
    """One lowercase ASCII-ish character for `char`; always exactly one character long.

    Characters that share an uppercase fold alike (long "ſ" and "s", dotless "ı" and "i", "µ" and "μ", final "ς"
    and "σ"): the database compares case-insensitively through the uppercase, and search relies on "equal
    ignoring case" implying "equal folded" (`portal.selectors._body_points`)."""
    lowered = char.upper().lower()
    if len(lowered) != 1:  # an uppercase of two characters ("ß" as "SS"): the character's own lowercase
        lowered = char.lower()
    if len(lowered) != 1:
        return char
    if lowered == "đ":
        return "d"
    base = "".join(c for c in unicodedata.normalize("NFD", lowered) if not unicodedata.combining(c))
    return base if len(base) == 1 else lowered


def normalize(text: str) -> str:
    """Text in NFC without control characters: how Vietnamese is compared, whatever keyboard typed it."""
    return CONTROL_RE.sub(" ", unicodedata.normalize("NFC", text or ""))


class _FoldTable(dict):
    """`str.translate` table that folds each character the first time it is met (fold_char)."""

    def __missing__(self, code: int) -> str:
        folded = fold_char(chr(code))
        if len(self) < 65_536:  # a bound, whatever text comes in
            self[code] = folded
        return folded


_FOLD_TABLE = _FoldTable()


def fold_aligned(text: str) -> str:
    """`text` folded character by character, so positions in the result are positions in `text`."""
    return text.translate(_FOLD_TABLE)


def fold(text: str) -> str:
    """Folded form of `text`: "Bảo hiểm thất nghiệp" → "bao hiem that nghiep"."""
    return fold_aligned(normalize(text))


def unaccent(text: str) -> str:
    """`text` without diacritics, case kept: "Đắk Lắk" → "Dak Lak", for output whose fonts have no Vietnamese."""
    return "".join(fold_char(c).upper() if c.isupper() else fold_char(c) for c in normalize(text))


def tokens(text: str) -> list[str]:
    """The words of `text`, lowercase, diacritics kept."""
    return TOKEN_RE.findall(normalize(text).lower())


def folded_tokens(text: str) -> list[str]:
    return TOKEN_RE.findall(fold(text))


def padded(tokens: list[str]) -> str:
    """`tokens` joined by single spaces and padded, so " token " matches whole words only."""
    return f" {' '.join(tokens)} "


def token_string(text: str) -> str:
    """Folded tokens joined by single spaces and padded, so " token " matches whole words only."""
    return padded(folded_tokens(text))


def has_diacritics(text: str) -> bool:
    return fold(text) != normalize(text).lower()
