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


def test_a_new_draft_title_is_found_at_once_and_the_old_one_no_more(site, articles):
    page = Page.objects.get(pk=next(iter(articles.values())).pk).specific
    page.title = "Đối thoại chính sách tại Mường Tè"
    page.save_revision()

    assert list(matching_pages(Page.objects.all(), "muong te")) == [page.page_ptr]
    assert matching_pages(Page.objects.all(), "doi thoai").filter(pk=page.pk).exists()


def test_pages_loaded_in_bulk_are_indexed_by_the_command(site, articles):
    from io import StringIO

    from django.core.management import call_command

    from lantoa.content.models import PageTitleWords

    PageTitleWords.objects.all().delete()  # as after a bulk insert, which saves no page
    assert not matching_pages(Page.objects.all(), "hoan kiem").exists()
    out = StringIO()

    call_command("index_page_titles", stdout=out)

    assert matching_pages(Page.objects.all(), "hoan kiem").exists()
    assert PageTitleWords.objects.count() == Page.objects.count()
    assert f"{Page.objects.count()}/{Page.objects.count()} (100%)" in out.getvalue()


def test_ranked_results_read_class_by_class_are_the_same_pages_in_the_same_order(client, make_staff, site, units):
    """The search reads each relevance class on its own (newest edit first) and pages through them: every
    screen of results holds the pages of the one ranked list, in its order, none twice, none missed."""
    import datetime

    from django.utils import timezone
    from wagtail.search.backends import get_search_backend

    edited = timezone.now() - datetime.timedelta(days=30)
    titles = (
        [f"Hoàn Kiếm ra quân số {n}" for n in range(9)]  # the whole phrase
        + [f"Hoàn Kiếmxx tuyên truyền {n}" for n in range(5)]  # the phrase's start
        + [f"Hoàn thiện hồ sơ ở Kiếm Sơn {n}" for n in range(8)]  # every word, apart
    )
    for n, title in enumerate(titles):
        when = None if n % 4 == 0 else edited + datetime.timedelta(hours=n * 7 % 11)  # ties and pages never edited
        site["hanoi_a"].add_child(instance=ArticlePage(title=title, live=False, latest_revision_created_at=when))
    ranked = list(matching_pages(Page.objects.all(), "hoan kiem"))
    assert {page.title for page in ranked} == {*titles, "Bảo hiểm xã hội Phường Hoàn Kiếm"}  # and the office page
    assert ranked[-1].title.startswith("Hoàn thiện")
    results = get_search_backend().autocomplete("hoan kiem", Page.objects.all())

    screens = [list(results[start : start + 5]) for start in range(0, 30, 5)]

    assert [page.pk for screen in screens for page in screen] == [page.pk for page in ranked]
    assert [page.pk for page in results[7:19]] == [page.pk for page in ranked[7:19]]  # a slice across classes
    assert list(results[40:60]) == []
    assert results.count() == len(ranked)
    client.force_login(make_staff(units["hanoi"], Role.AUTHOR))
    second = _titles(client.get("/admin/pages/search/", {"q": "hoan kiem", "p": 2}))
    assert ranked[20].title in second and ranked[19].title not in second
    assert f"21-{len(ranked)} trong {len(ranked)} trang" in " ".join(second.split())  # Wagtail's heading: "None"
