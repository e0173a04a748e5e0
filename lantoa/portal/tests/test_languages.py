"""Languages: a chrome catalogue for every minority language, Vietnamese where it has no vetted translation, a
discreet note saying so, and a translation status for editors."""

import re
import shutil
import tempfile
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import translation

from lantoa.content.services import translate_page
from lantoa.portal import chrome
from lantoa.portal.management.commands.update_chrome_catalogs import Command, python_parts
from lantoa.units.roles import Role

pytestmark = pytest.mark.django_db

MINORITY = [code for code, _name in settings.LANGUAGES if code not in ("vi", "en")]
NOTE_VI = "Giao diện chưa được dịch sang tiếng Hmông nên hiển thị bằng tiếng Việt"
NOTE_EN = "The interface is not yet translated into Hmông, so it is shown in Vietnamese"


def msgids(path: Path) -> set[tuple[str, str]]:
    return {(entry.msgctxt or "", entry.msgid) for entry in polib.pofile(str(path)) if not entry.obsolete}


@pytest.mark.parametrize("code", MINORITY)
def test_every_minority_language_has_a_chrome_catalogue_with_its_mo(code):
    catalog = chrome.catalog_path(code)
    assert catalog.exists() and catalog.with_suffix(".mo").exists()
    status = chrome.catalog_status(code)
    assert status.exists and status.total > 200


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext (xgettext) is not installed")
def test_every_chrome_string_is_in_every_minority_catalogue():
    with tempfile.TemporaryDirectory() as work:
        pot = Path(work) / "chrome.pot"
        Command()._extract(Path(work), pot)
        expected = msgids(pot)
    for must in ("Trang chủ", "Tìm kiếm trên cổng thông tin", "Đăng ký tư vấn", "Lễ ra quân"):
        assert ("", must) in expected
    for code in MINORITY:
        missing = expected - msgids(chrome.catalog_path(code))
        assert not missing, f"{code}: run `manage.py update_chrome_catalogs` ({sorted(missing)[:5]})"


def test_only_the_reader_facing_parts_of_mixed_modules_are_chrome():
    source = chrome.PROJECT_DIR.joinpath("outreach/models.py").read_text()
    parts = python_parts(source, chrome.CHROME_PYTHON_PARTS["outreach/models.py"])
    assert "Lễ ra quân" in parts and "Bảo hiểm y tế hộ gia đình" in parts
    assert "lý do từ chối" not in parts  # a staff-only field label


def test_a_string_without_a_vetted_translation_shows_in_vietnamese():
    with translation.override("hmn"):
        assert translation.gettext("Trang chủ") == "Trang chủ"
    with translation.override("en"):
        assert translation.gettext("Trang chủ") != "Trang chủ"


def test_a_minority_language_page_says_discreetly_in_vietnamese_and_english_that_the_interface_is_untranslated(
    client, publish
):
    article = publish(title="Bảo hiểm y tế", body="Nội dung")
    translate_page(article, "hmn", title="Kev pov hwm kho mob")
    html = client.get("/hmn/").text
    assert '<html lang="hmn">' in html
    note = re.search(r'<div class="interface-note" role="note">.*?</div>\s*</div>', html, re.S).group(0)
    assert f'<p lang="vi">{NOTE_VI}' in note and f'<p lang="en">{NOTE_EN}' in note
    assert ">Trang chủ</a>" in html  # the chrome, in Vietnamese rather than invented Hmong

    for path in ("/", "/en/"):
        assert 'class="interface-note"' not in client.get(path).text


def test_a_complete_catalogue_needs_no_note(client, site, monkeypatch):
    complete = chrome.CatalogStatus("hmn", "Hmông", 10, 10, True)
    monkeypatch.setattr(chrome, "catalog_status", lambda code: complete)
    assert 'class="interface-note"' not in client.get("/hmn/").text


def test_editors_see_pages_per_language_and_unit_and_the_share_of_each_catalogue(client, units, publish, make_staff):
    news = publish(parent="hanoi_a", title="Tin Hoàn Kiếm")
    translate_page(news, "en", title="Hoan Kiem news")
    translate_page(news, "hmn", title="Xov xwm Hoan Kiem")
    publish(parent="hanoi_b", title="Tin Cửa Nam chưa dịch")
    publish(parent="hue_a", title="Tin Huế")
    editor = make_staff(units["hanoi"], Role.EDITOR)
    client.force_login(editor)

    response = client.get("/admin/lantoa/ban-dich/")

    assert response.status_code == 200
    html = response.text
    total = re.search(r"<th scope=\"row\">Tổng cộng</th>(.*?)</tr>", html, re.S).group(1)
    counts = re.findall(r"<td>([^<]*)</td>", total)
    codes = [code for code, _name in settings.LANGUAGES]
    assert counts[codes.index("vi")] == "2" and counts[codes.index("en")] == "1" and counts[codes.index("hmn")] == "1"
    assert "Phường Hoàn Kiếm" in html and "Phường Cửa Nam" in html
    assert "Tin Huế" not in html and "Thuận Hóa" not in html  # another province
    row = re.search(r"Tin Cửa Nam chưa dịch</a></td>.*?</tr>", html, re.S).group(0)
    assert "Tiếng Anh, Hmông" in row
    hmn = re.search(r"Hmông \(hmn\)</th>\s*<td>0/[\d.]+</td>\s*<td>0,0 %</td>", html)
    assert hmn, "the Hmong catalogue shows 0/total and 0,0 %"


def test_staff_without_a_unit_cannot_open_the_translation_status(client, django_user_model):
    user = django_user_model.objects.create_user(username="khach", password="mat-khau-thu-1")
    client.force_login(user)
    assert client.get("/admin/lantoa/ban-dich/").status_code in (302, 403)


def test_the_most_read_pages_without_a_translation_are_listed_from_their_portal_paths(units, publish, make_staff):
    from lantoa.content.selectors import translation_overview

    read = publish(parent="hanoi_a", title="Bài đọc nhiều")
    translated = publish(parent="hanoi_a", title="Bài đã dịch")
    translate_page(translated, "en", title="Translated")
    editor = make_staff(units["hanoi"], Role.EDITOR)

    with translation.override("vi"):
        overview = translation_overview(editor, most_read_paths=[translated.url, "/khong-co/", read.url])

    assert [(page.pk, languages) for page, languages in overview.most_read] == [(read.pk, ["Tiếng Anh"])]
