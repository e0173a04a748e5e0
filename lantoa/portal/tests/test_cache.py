"""Cached pages change at once when what they show is published, unpublished or edited."""

import feedparser
import pytest
from django.urls import reverse

from lantoa.portal.cache import HEADER
from lantoa.units.roles import Role

pytestmark = pytest.mark.django_db


def test_second_anonymous_request_is_served_from_the_cache(client, publish, page_cache):
    article = publish(title="Tin được lưu đệm")

    first = client.get(article.url)
    second = client.get(article.url)

    assert first[HEADER] == "miss"
    assert second[HEADER] == "hit"
    assert second.content == first.content


def test_publishing_an_edit_changes_cached_article_listing_feed_and_home_at_once(client, publish, page_cache):
    article = publish(title="Tiêu đề ban đầu", summary="Tóm tắt ban đầu.")
    home_before = client.get("/").content.decode()
    for url in (article.url, reverse("portal:listing"), reverse("portal:feed")):
        assert "Tiêu đề ban đầu" in client.get(url).content.decode()
        assert client.get(url)[HEADER] == "hit"

    article.title = "Tiêu đề đã sửa"
    article.save_revision().publish()

    assert "Tiêu đề đã sửa" in client.get(article.url).content.decode()
    assert "Tiêu đề đã sửa" in client.get(reverse("portal:listing")).content.decode()
    entries = feedparser.parse(client.get(reverse("portal:feed")).content).entries
    assert [e.title for e in entries] == ["Tiêu đề đã sửa"]
    if "Tiêu đề ban đầu" in home_before:
        home_after = client.get("/").content.decode()
        assert "Tiêu đề đã sửa" in home_after and "Tiêu đề ban đầu" not in home_after


def test_unpublished_article_disappears_from_cached_pages(client, publish, page_cache):
    article = publish(title="Tin sắp gỡ")
    url = article.url
    client.get(url)
    client.get(reverse("portal:listing"))

    article.unpublish()

    assert client.get(url).status_code == 404
    assert "Tin sắp gỡ" not in client.get(reverse("portal:listing")).content.decode()


def test_staff_are_never_served_or_stored_in_the_cache(client, publish, page_cache, make_staff, units):
    article = publish(title="Tin cho mọi người")
    client.force_login(make_staff(units["centre"], Role.EDITOR))

    staff_response = client.get(article.url)
    client.logout()
    anonymous = client.get(article.url)

    assert HEADER not in staff_response
    assert anonymous[HEADER] == "miss"


def test_search_results_are_not_cached(client, publish, page_cache):
    publish(title="Bảo hiểm y tế")

    response = client.get(reverse("portal:search"), {"q": "bao hiem y te"})

    assert HEADER not in response


def test_each_process_keeps_its_most_read_pages_in_front_of_the_shared_cache(client, publish, page_cache):
    from django.core.cache import cache

    article = publish(title="Tin đọc nhiều")
    first = client.get(article.url)
    cache.clear()  # the shared cache lost it (Redis restarted): this process still has it

    again = client.get(article.url)

    assert again[HEADER] == "hit"
    assert again.content == first.content
    article.title = "Tin đọc nhiều, đã sửa"
    article.save_revision().publish()
    assert "Tin đọc nhiều, đã sửa" in client.get(article.url).content.decode()


def test_the_local_tier_is_bounded_and_entries_expire():
    from django.http import HttpResponse

    from lantoa.portal.cache import LocalTier

    tier = LocalTier(size=2)
    for key in ("a", "b", "c"):
        tier.set(key, HttpResponse(key), timeout=600)
    tier.set("old", HttpResponse("old"), timeout=-1)

    assert tier.get("a") is None
    assert tier.get("c").content == b"c"
    assert tier.get("c") is not tier.get("c")  # every hit gets its own response object
    assert tier.get("old") is None
