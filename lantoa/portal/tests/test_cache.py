"""Cached pages change at once when what they show is published, unpublished or edited."""

import re

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


def test_a_click_on_a_shared_link_is_served_the_cached_page_of_its_address(client, publish, page_cache):
    """Facebook, Google, TikTok and Zalo add their own parameter to every click (fbclid ...): its value out of the
    key, the clicks on a shared post hit the cache; the post's campaign tags (utm_*) are part of the address."""
    article = publish(title="Tin được chia sẻ")

    clicks = [client.get(article.url, {"fbclid": f"IwAR{n}"}) for n in range(3)]
    google = [client.get(article.url, {"gclid": f"Cj0{n}"}) for n in range(2)]

    assert [click[HEADER] for click in clicks] == ["miss", "hit", "hit"]
    assert [click[HEADER] for click in google] == ["miss", "hit"]
    tagged = {"utm_source": "facebook", "utm_content": "post-1"}
    first = client.get(article.url, {**tagged, "fbclid": "IwAR9"})
    again = client.get(article.url, {**tagged, "fbclid": "IwAR10"})
    assert (first[HEADER], again[HEADER]) == ("miss", "hit")
    html = first.content.decode()
    # The no-JavaScript pixel reports the campaign's tags and the click id's name (analytics tells a click from
    # Facebook by it), never one reader's click id.
    assert "utm_content%3Dpost-1%26fbclid%3D&amp;p=" in html and "IwAR" not in html
    assert "Cj0" not in google[1].content.decode() and "gclid%3D" in google[1].content.decode()


def test_a_redirect_keeps_the_click_ids_of_the_reader_s_address(client, publish, page_cache):
    article = publish(title="Tin chuyển hướng")

    response = client.get(article.url.rstrip("/"), {"fbclid": "IwAR-1", "utm_source": "facebook"})

    assert response.status_code == 301
    assert response["Location"] == f"{article.url}?utm_source=facebook&fbclid=IwAR-1"


def test_a_page_rendered_for_its_reader_alone_keeps_the_referrer_in_its_pixel(client, publish, page_cache):
    publish(title="Bảo hiểm y tế học sinh")

    response = client.get(
        reverse("portal:search"), {"q": "bao hiem y te"}, HTTP_REFERER="https://www.google.com/search?q=bhyt"
    )

    assert HEADER not in response
    assert "r=https%3A%2F%2Fwww.google.com" in response.content.decode()


def test_a_parameter_that_changes_the_page_still_makes_its_own_entry(client, publish, page_cache):
    publish(title="Tin thứ nhất")
    listing = reverse("portal:listing")

    client.get(listing, {"fbclid": "a"})
    other = client.get(listing, {"fbclid": "b", "type": "article"})

    assert other[HEADER] == "miss"
    assert client.get(listing, {"fbclid": "c", "type": "article"})[HEADER] == "hit"


def test_a_cached_page_never_carries_one_readers_referrer_to_the_next(client, publish, page_cache):
    article = publish(title="Tin có người giới thiệu")

    first = client.get(article.url, HTTP_REFERER="https://l.facebook.com/l.php?u=x&h=AT0-ban-doc-thu-nhat")
    second = client.get(article.url, HTTP_REFERER="https://zalo.me/g/nhom-cua-ban-doc-thu-hai")

    assert second[HEADER] == "hit"
    for response in (first, second):
        html = response.content.decode()
        assert "ban-doc-thu-nhat" not in html and "facebook.com" not in html
        assert '<noscript><img src="/a/p.gif?u=' in html


def test_the_registration_form_keeps_the_campaign_tags_of_a_clicked_link(client, page_cache):
    response = client.get(
        reverse("outreach:register"), {"utm_source": "zalo", "utm_content": "post-7", "fbclid": "IwAR1", "zarsrc": "30"}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="utm_source" value="zalo"' in html and 'name="utm_content" value="post-7"' in html


@pytest.mark.parametrize(
    ("query", "another_click", "clean"),
    [
        ("fbclid", "fbclid=x", ""),
        ("fbclid=1&x=2", "fbclid=9&x=2", "x=2"),
        ("x=2&fbclid=", "x=2&fbclid=8", "x=2"),
        ("&&fbclid=1&", "&&fbclid=7&", "&&"),
        ("fb%63lid=2", "fbclid=6", ""),
        ("%ff%fe=1&fbclid=2", "%ff%fe=1&fbclid=5", "%ff%fe=1"),
        ("fbclid=%zz&a=%", "fbclid=4&a=%", "a=%"),
    ],
)
def test_a_malformed_query_string_with_a_click_id_is_answered_like_the_same_without_it(
    client, publish, page_cache, query, another_click, clean
):
    article = publish(title="Tin có địa chỉ lạ")

    first = client.get(f"{article.url}?{query}")
    again = client.get(f"{article.url}?{another_click}")
    without = client.get(f"{article.url}?{clean}")

    assert first.status_code == again.status_code == without.status_code == 200
    assert again[HEADER] == "hit" and again.content == first.content

    def page(response) -> str:  # all but the no-JavaScript pixel, whose address names the click id
        return re.sub(r"<noscript>.*?</noscript>", "", response.content.decode(), flags=re.S)

    assert page(first) == page(without)
