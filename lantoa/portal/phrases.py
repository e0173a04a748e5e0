"""Which phrases a body may hold, told without reading the body: a small Bloom filter of its word pairs.

Search ranks its candidates by points, and the body's points (the phrase as typed, the phrase folded: see
`selectors._body_points`) are the costly part: the long body is read from TOAST (PostgreSQL) or its overflow pages
(SQLite) and searched. `SearchResults.top` reads bodies only for the candidates that could still reach the page asked
for, by the most each body can add. Without a way to tell, every body "may" hold the phrase, and for a phrase of common
words that few bodies hold together ("doanh nghiep no dong", "quang ninh" typed without diacritics) the first page
read every body (7-18 ms at 100,000 articles).

So each entry keeps, beside its title (in the index the ranking reads, migration 0009), the pairs of words next to
each other in its body, hashed into `BITS` bits:

- **folded pairs**: each two consecutive folded words (`body_folded` is the folded words one space apart: a body
  whose folded text holds " a b c " holds the pairs (a, b) and (b, c));
- **pairs as written**, for a phrase typed in ASCII letters and digits, which the body holds as written
  case-insensitively (a regular expression or `icontains`, anywhere, even inside longer words): the body split on
  single spaces, each piece lowercased where it is an ASCII letter or one of the letters that PostgreSQL's UPPER()
  makes one ("ı", "ſ"), and each two consecutive pieces as the last `EDGE` characters of the first and the first
  `EDGE` of the second. A body holding "t1 t2" has a piece ending in t1 followed by a piece beginning with t2, and
  a word between two others in the phrase is a whole piece; so a phrase's pairs whose ends are known (a word of
  `EDGE` characters or more, or a whole piece) are among the body's. Only pairs of ASCII characters are kept:
  no phrase typed in ASCII asks for others.

A Bloom filter answers "maybe" or "no", never a wrong "no": a body the filter rules out cannot hold the phrase, so
its bound drops and its body is not read; one it lets through is read as before. The scores, and so the results and
their order, are the same; only how many bodies are read changes. An entry without a filter (indexed before it
existed) lets every phrase through.
"""

import re
import zlib
from collections.abc import Iterable
from itertools import pairwise

from lantoa import folding

# 4,096 bits (512 bytes): a body of 1,800 characters (about 400 words) sets about 15 % of them (two bits per pair), so
# a pair that is not there passes about one time in 45, a phrase of three words (two pairs) one in 2,000. A body of
# several thousand words sets most of them: its filter then rules out little, and its body is read as before.
BITS = 4096
EDGE = 3
_ASCII_WORD = re.compile(r"[a-z0-9]+")


def typed_in_ascii(words: Iterable[str]) -> bool:
    """Whether every word (lowercase, as `selectors.parse_query` makes them) is ASCII letters and digits."""
    return all(_ASCII_WORD.fullmatch(word) for word in words)


def _key(kind: str, first: str, second: str) -> str:
    return f"{kind}\x00{first}\x00{second}"


def _positions(key: str) -> tuple[int, int]:
    """The two bits of a pair's key: a CRC of it (stable across processes and versions, unlike `hash`), split."""
    crc = zlib.crc32(key.encode())
    return crc % BITS, (crc >> 16) % BITS


def _pairs_as_written(body: str) -> Iterable[tuple[str, str]]:
    # Lowercased, with the letters UPPER() makes ASCII ("ı", "ſ") as those: where the body holds an ASCII phrase
    # case-insensitively, its pieces' ends read as the phrase's words. (Lowercasing other letters may make more
    # pairs ASCII, "K" as "k": more bits set, never one missing.)
    pieces = body.replace("ı", "i").replace("ſ", "s").lower().split(" ")
    for first, second in pairwise(pieces):
        end, start = first[-EDGE:], second[:EDGE]
        if end.isascii() and end.isalnum() and start.isascii() and start.isalnum():
            yield end, start


def body_filter(body: str, folded_words: list[str] | None = None) -> bytes:
    """The filter of `body` (as stored: `SearchEntry.body`), whose folded words are `folded_words` (`body_folded`,
    read again when not given). About 0.5 ms for 400 words."""
    folded = folding.folded_tokens(body) if folded_words is None else folded_words
    pairs = {_key("f", first, second) for first, second in pairwise(folded)}
    pairs.update(_key("w", end, start) for end, start in _pairs_as_written(body))
    bits = bytearray(BITS // 8)
    for position in {position for pair in pairs for position in _positions(pair)}:
        bits[position >> 3] |= 1 << (position & 7)
    return bytes(bits)


def folded_phrase_bits(folded_words: list[str]) -> list[int]:
    """The bits a body's filter holds if its folded words hold these, in order (none for one word)."""
    return [p for first, second in pairwise(folded_words) for p in _positions(_key("f", first, second))]


def phrase_as_written_bits(words: tuple[str, ...]) -> list[int] | None:
    """The bits a body's filter holds if the body holds `words` as written, one space apart, case-insensitively;
    None for a phrase not typed in ASCII letters and digits (the filter cannot tell those)."""
    if not typed_in_ascii(words):
        return None
    last = len(words) - 1
    bits = []
    for index, (first, second) in enumerate(pairwise(words)):
        # The first word may end a longer piece and the last begin one: only their edges are known, and only when
        # they are that long. A word between two others is a whole piece.
        if (index == 0 and len(first) < EDGE) or (index + 1 == last and len(second) < EDGE):
            continue
        bits += _positions(_key("w", first[-EDGE:], second[:EDGE]))
    return bits


def holds(body_bits: bytes | memoryview | None, bits: list[int]) -> bool:
    """Whether a filter may hold every one of `bits` (always, for an entry without a filter)."""
    if not bits or len(body_bits or b"") != BITS // 8:  # no filter (indexed before they existed), or another size
        return True
    return all(body_bits[bit >> 3] >> (bit & 7) & 1 for bit in bits)
