"""A unit's name in the reader's language: the place as written, the kind of division translated where vetted."""

import pytest
from django.utils import translation

from lantoa.units.models import Unit

CENTRE = Unit(level="centre", name="Bảo hiểm xã hội Việt Nam")
HANOI = Unit(level="province", name="Thành phố Hà Nội", division_type="thành phố trung ương")
AN_GIANG = Unit(level="province", name="An Giang", division_type="tỉnh")
HOAN_KIEM = Unit(level="commune", name="Phường  Hoàn Kiếm", division_type="phường")
BAC_HA = Unit(level="commune", name="Xã Bắc Hà", division_type="xã")
CON_DAO = Unit(level="commune", name="Đặc khu Côn Đảo", division_type="đặc khu")
UNKNOWN = Unit(level="commune", name="Thị trấn Cũ", division_type="thị trấn")


@pytest.mark.parametrize(
    ("unit", "display", "office"),
    [
        (CENTRE, "Bảo hiểm xã hội Việt Nam", "Vietnam Social Security"),
        (HANOI, "Hà Nội City", "Social Security of Hà Nội City"),
        (AN_GIANG, "An Giang Province", "Social Security of An Giang Province"),
        (HOAN_KIEM, "Hoàn Kiếm Ward", "Social Security of Hoàn Kiếm Ward"),
        (BAC_HA, "Bắc Hà Commune", "Social Security of Bắc Hà Commune"),
        (CON_DAO, "Côn Đảo Special Zone", "Social Security of Côn Đảo Special Zone"),
        (UNKNOWN, "Thị trấn Cũ", "Social Security of Thị trấn Cũ"),
    ],
)
def test_in_english_the_division_is_translated_and_the_place_kept(unit, display, office):
    with translation.override("en"):
        assert unit.display_name == display
        assert unit.office_name == office


@pytest.mark.parametrize("language", ["vi", "hmn"])
def test_in_vietnamese_and_without_a_vetted_translation_the_name_is_the_official_one(language):
    with translation.override(language):
        assert HANOI.display_name == "Thành phố Hà Nội"
        assert HOAN_KIEM.office_name == "Bảo hiểm xã hội Phường  Hoàn Kiếm"
        assert CENTRE.office_name == "Bảo hiểm xã hội Việt Nam"


def test_an_office_page_titled_with_the_official_name_reads_in_the_readers_language(db):
    from lantoa.content.models import UnitPage

    unit = Unit(pk=7, level="commune", name="Phường Hoàn Kiếm", division_type="phường")
    created = UnitPage(title="Bảo hiểm xã hội Phường Hoàn Kiếm", unit=unit)
    renamed = UnitPage(title="BHXH phường Hoàn Kiếm (Hà Nội)", unit=unit)
    with translation.override("en"):
        assert created.reader_title == "Social Security of Hoàn Kiếm Ward"
        assert renamed.reader_title == "BHXH phường Hoàn Kiếm (Hà Nội)"  # an editor's own title stays
    with translation.override("vi"):
        assert created.reader_title == "Bảo hiểm xã hội Phường Hoàn Kiếm"
