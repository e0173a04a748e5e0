"""Folding Vietnamese for search: what a reader types without diacritics matches text with them."""

from lantoa import folding


def test_fold_removes_tones_and_marks_including_d_with_stroke():
    assert folding.fold("Bảo hiểm THẤT NGHIỆP, Đắk Lắk") == "bao hiem that nghiep, dak lak"


def test_unaccent_removes_tones_and_marks_but_keeps_case():
    assert folding.unaccent("Bảo hiểm THẤT NGHIỆP, Đắk Lắk") == "Bao hiem THAT NGHIEP, Dak Lak"


def test_fold_keeps_positions_so_marks_land_on_the_original_letters():
    text = "Quỹ bảo hiểm"
    assert len(folding.fold_aligned(text)) == len(text)


def test_decomposed_input_is_normalised_before_folding():
    decomposed = "bảo".encode().decode()  # NFC
    import unicodedata

    assert folding.folded_tokens(unicodedata.normalize("NFD", decomposed)) == ["bao"]


def test_control_characters_are_dropped():
    assert "\x00" not in folding.normalize("bảo\x00hiểm")


def test_characters_that_share_an_uppercase_fold_alike():
    # PostgreSQL's UPPER() makes each pair equal; search's ranking relies on their folds being equal too.
    for variant, plain in [("ſ", "s"), ("ı", "i"), ("µ", "μ"), ("ς", "σ"), ("ϐ", "β"), ("K", "k")]:
        assert folding.fold(variant) == folding.fold(plain), variant
    assert folding.fold("ΟΔΟΣ") == folding.fold("οδος") == "οδοσ"
    assert folding.fold("ß") == "ß" and folding.fold("İ") == "İ"  # no one-character fold: kept as written
    assert len(folding.fold_aligned("ſách ıstanbul ß İ")) == len("ſách ıstanbul ß İ")
