"""Staff find pages in the admin's search and the page chooser by their title typed without diacritics."""

import pytest
from wagtail.models import Page

from lantoa.content.models import ArticlePage
from lantoa.content.search import matching_pages
from lantoa.units.roles import Role


@pytest.fixture
def articles(site):
    make = site["hanoi_a"].add_child
    return {
        "draft": make(instance=ArticlePage(title="Đối thoại với đồng bào ở phường Hoàn Kiếm", live=False)),
        "other": make(instance=ArticlePage(title="Bảo hiểm y tế hộ gia đình năm 2026", live=False)),
        "hue": site["hue_a"].add_child(instance=ArticlePage(title="Đối thoại ở phường Thuận Hóa", live=False)),
    }


def _titles(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def test_admin_search_finds_a_title_typed_without_diacritics(client, make_staff, units, articles):
    client.force_login(make_staff(units["hanoi"], Role.AUTHOR))

    html = _titles(client.get("/admin/pages/search/", {"q": "hoan kiem"}))

    assert "Bảo hiểm xã hội Phường Hoàn Kiếm" in html  # the commune's office page
    assert "Đối thoại với đồng bào ở phường Hoàn Kiếm" in html  # a draft
    assert "Bảo hiểm y tế hộ gia đình" not in html


def test_admin_search_folds_d_and_matches_the_start_of_words(client, make_staff, units, articles):
    client.force_login(make_staff(units["hanoi"], Role.AUTHOR))

    assert "Đối thoại với đồng bào" in _titles(client.get("/admin/pages/search/", {"q": "DONG bao"}))
    assert "Bảo hiểm y tế hộ gia" in _titles(client.get("/admin/pages/search/", {"q": "gia dinh bao hi"}))
    assert "Bảo hiểm y tế hộ gia" in _titles(client.get("/admin/pages/search/", {"q": "hộ gia đình"}))
    assert "Bảo hiểm y tế hộ gia" not in _titles(client.get("/admin/pages/search/", {"q": "iem"}))


def test_admin_search_keeps_the_unit_scope(client, make_staff, units, articles):
    client.force_login(make_staff(units["hanoi"], Role.AUTHOR))

    html = _titles(client.get("/admin/pages/search/", {"q": "doi thoai"}))

    assert "phường Hoàn Kiếm" in html
    assert "Thuận Hóa" not in html


def test_page_chooser_search_finds_a_title_typed_without_diacritics(client, make_staff, units, articles):
    client.force_login(make_staff(units["hanoi"], Role.EDITOR))

    html = _titles(client.get("/admin/choose-page/search/", {"q": "doi thoai dong bao"}))

    assert "Đối thoại với đồng bào ở phường Hoàn Kiếm" in html


def test_matching_pages_puts_the_whole_phrase_first(site, articles):
    site["hanoi_b"].add_child(instance=ArticlePage(title="Hoàn thiện hồ sơ ở Kiếm Sơn", live=False))

    titles = [page.title for page in matching_pages(Page.objects.all(), "hoan kiem")]

    assert titles[-1] == "Hoàn thiện hồ sơ ở Kiếm Sơn"
    assert set(titles[:-1]) == {"Bảo hiểm xã hội Phường Hoàn Kiếm", "Đối thoại với đồng bào ở phường Hoàn Kiếm"}


def test_matching_pages_finds_nothing_for_punctuation_alone(site, articles):
    assert not matching_pages(Page.objects.all(), "%_'").exists()
