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
