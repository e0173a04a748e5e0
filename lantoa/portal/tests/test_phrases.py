"""The body filter of word pairs (`phrases`): it never says "no" to a phrase the body holds, and it says "no" to the
common case it is there for, words that are in the body but not together."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lantoa import folding
from lantoa.portal import phrases, selectors

# The letters the two definitions meet: ASCII in both cases, the letters PostgreSQL's UPPER() makes ASCII, Vietnamese
# with diacritics, a capital whose lowercase is ASCII ("K", Kelvin), digits, punctuation and the spaces that are not
# one space (a tab, a no-break space).
PIECES = [
    "quang",
    "Quang",
    "QUANG",
    "quảng",
    "ninh",
    "Ninh",
    "nin",
    "xquang",
    "ninhx",
    "ıt",
    "ſo",
    "so",
    "it",
    "\u212a",
]
PIECES += ["đồng", "dong", "Dong", "no", "nợ", "5", "1900", "9068", ",", ".", "(", "-", "\t", "\xa0", "  ", ""]


def _holds_as_written(body: str, words: tuple[str, ...]) -> bool:
    """The phrase as typed in the body, as search defines it on PostgreSQL (`selectors._pg_case_insensitive`)."""
    pattern = " ".join("".join(selectors._ASCII_CASES.get(char, char) for char in word) for word in words)
    return re.search(pattern, body) is not None


def _holds_folded(body: str, words: tuple[str, ...]) -> bool:
    """The folded phrase between spaces in the folded body (`selectors._body_points`)."""
    return f" {' '.join(folding.fold(word) for word in words)} " in folding.token_string(body)


# How a body may write each letter of a phrase typed in lowercase ASCII and still hold it as typed.
SPELLINGS = {"i": "iIı", "s": "sSſ"}


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(PIECES), max_size=12),
    st.lists(st.sampled_from(["quang", "ninh", "nin", "so", "it", "dong", "no", "5", "1900", "9068", "k"]), min_size=2),
    st.sampled_from([" ", "", "x"]),
    st.data(),
)
def test_a_body_that_holds_a_phrase_passes_its_filter(pieces, words, glue, data):
    words = tuple(words[:4])
    # The phrase as the body writes it: each letter in either case, or as a letter UPPER() makes the same.
    written = " ".join(
        "".join(data.draw(st.sampled_from(SPELLINGS.get(char, char + char.upper()))) for char in word) for word in words
    )
    body = " ".join(pieces[:6]) + glue + written + glue + " ".join(pieces[6:])
    body_bits = phrases.body_filter(body)

    assert _holds_as_written(body, words)
    assert phrases.holds(body_bits, phrases.phrase_as_written_bits(words)), (body, words)
    if _holds_folded(body, words):
        assert phrases.holds(body_bits, phrases.folded_phrase_bits(list(map(folding.fold, words)))), (body, words)


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ("Tỉnh QUẢNG NINH có 12 xã.", ("quang", "ninh")),  # written with diacritics: as written it is another phrase
        ("Tỉnh Quảng Ninh có 12 xã.", ("quang", "ninh")),
        ("Doanh nghiệp còn nợ; đóng ngay.", ("doanh", "nghiep", "no", "dong")),
    ],
)
def test_a_body_without_the_phrase_as_typed_is_ruled_out(body, words):
    assert not phrases.holds(phrases.body_filter(body), phrases.phrase_as_written_bits(words))


def test_words_that_are_in_the_body_but_not_together_are_ruled_out_folded():
    body = "Doanh nghiệp khó khăn. Người lao động nợ tiền, chủ đóng cửa."
    folded_words = ["doanh", "nghiep", "no", "dong"]

    assert all(f" {word} " in folding.token_string(body) for word in folded_words)
    assert not phrases.holds(phrases.body_filter(body), phrases.folded_phrase_bits(folded_words))
    together = phrases.body_filter("Doanh nghiệp nợ đóng bảo hiểm bị xử phạt.")
    assert phrases.holds(together, phrases.folded_phrase_bits(folded_words))


def test_what_the_filter_cannot_tell_passes():
    body_bits = phrases.body_filter("Tỉnh Quảng Ninh.")
    # A phrase typed with diacritics, or not in letters and digits: the filter does not know it.
    assert phrases.phrase_as_written_bits(("quảng", "ninh")) is None
    # One word, or edge words shorter than the edge: no pair to test.
    assert phrases.folded_phrase_bits(["ninh"]) == [] and phrases.phrase_as_written_bits(("so", "5")) == []
    # An entry indexed before filters existed.
    assert phrases.holds(b"", phrases.phrase_as_written_bits(("quang", "ninh")))
    assert phrases.holds(b"\x00" * 10, phrases.phrase_as_written_bits(("quang", "ninh")))  # nor one of another size
    assert not phrases.holds(b"\x00" * 512, phrases.phrase_as_written_bits(("quang", "ninh")))
    assert len(body_bits) == phrases.BITS // 8 and phrases.holds(memoryview(body_bits), [])
