"""The Wagtail admin speaks Vietnamese: our catalogs cover Wagtail's strings and win over Wagtail's sparse vi ones."""

import json
import re
from pathlib import Path

import polib
import pytest
import wagtail
from django.contrib.auth import get_user_model

from lantoa.admin_vi.catalog import LOCALE_DIR, placeholders

WAGTAIL = Path(wagtail.__file__).resolve().parent


def translated(po: polib.POFile) -> dict:
    return {
        (e.msgctxt or "", e.msgid): (e.msgstr_plural.get(0, "") if e.msgid_plural else e.msgstr)
        for e in po
        if not e.obsolete and "fuzzy" not in e.flags
    }


def wagtail_msgids(app_dir: str, domain: str = "django") -> set:
    template = polib.pofile(str(WAGTAIL / app_dir / "locale" / "en" / "LC_MESSAGES" / f"{domain}.po"))
    return {(e.msgctxt or "", e.msgid) for e in template if e.msgid and not e.obsolete}


@pytest.fixture
def superuser_client(client, db):
    user = get_user_model().objects.create_superuser("quantri", "quantri@example.vn", "mat-khau-thu-1")
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    ("app_dir", "domain"),
    [("admin", "django"), ("admin", "djangojs"), ("", "django"), ("users", "django"), ("images", "django")],
)
def test_every_wagtail_msgid_of_the_installed_version_has_a_vietnamese_translation(app_dir, domain):
    ours = translated(polib.pofile(str(LOCALE_DIR / f"{domain}.po")))
    missing = [msgid for msgid in wagtail_msgids(app_dir, domain) if not ours.get(msgid)]
    assert missing == []


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_translations_keep_every_placeholder_and_tag_of_the_english(domain):
    broken = []
    for entry in polib.pofile(str(LOCALE_DIR / f"{domain}.po")):
        text = entry.msgstr_plural.get(0, "") if entry.msgid_plural else entry.msgstr
        allowed = (placeholders(entry.msgid), placeholders(entry.msgid_plural or entry.msgid))
        allowed += (placeholders(entry.msgid) | placeholders(entry.msgid_plural or ""),)
        if text and placeholders(text) not in allowed:
            broken.append(entry.msgid)
    assert broken == []


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_compiled_catalog_is_not_older_than_its_source(domain):
    po = LOCALE_DIR / f"{domain}.po"
    mo = LOCALE_DIR / f"{domain}.mo"
    compiled = polib.mofile(str(mo))
    assert {(e.msgctxt or "", e.msgid) for e in compiled if e.msgid} == {
        k for k, v in translated(polib.pofile(str(po))).items() if v
    }


def test_dashboard_is_in_vietnamese_where_wagtail_leaves_english(superuser_client, site):
    html = superuser_client.get("/admin/").content.decode()
    assert "Tóm tắt trang web" in html  # "Site summary"
    assert "Trang tổng quan" in html  # "Dashboard"
    assert "Site summary" not in html


def test_page_explorer_buttons_and_filters_are_in_vietnamese(superuser_client, site):
    response = superuser_client.get(f"/admin/pages/{site['centre'].pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    for vietnamese, english in [
        ("Thêm trang con", "Add child page"),
        ("Sắp xếp thứ tự menu", "Sort menu order"),
        ("Hiện bộ lọc", "Show filters"),
    ]:
        assert vietnamese in html
        assert english not in html


def test_javascript_catalog_of_the_admin_includes_our_translations(superuser_client):
    response = superuser_client.get("/admin/jsi18n/")
    assert response.status_code == 200
    catalog = json.loads(re.search(r"const newcatalog = (\{.*?\});", response.content.decode(), re.S).group(1))
    assert catalog["Page explorer"] == "Danh sách trang"  # Wagtail's vi leaves this in English
    assert catalog["Toggle sidebar"] == "Ẩn/hiện thanh bên"


def test_times_in_listings_read_in_vietnamese_minutes_hours_and_days():
    import datetime

    from django.utils import timezone, translation
    from django.utils.timesince import timesince

    now = timezone.now()
    with translation.override("vi"):
        since = [
            timesince(now - delta, now).replace("\xa0", " ")
            for delta in (
                datetime.timedelta(seconds=5),
                datetime.timedelta(days=3, hours=2),
                datetime.timedelta(days=800),
            )
        ]
    assert since == ["0 phút", "3 ngày, 2 giờ", "2 năm, 2 tháng"]
