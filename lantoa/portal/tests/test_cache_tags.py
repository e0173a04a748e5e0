"""Targeted invalidation: a page change rebuilds what shows the page, and everything else stays cached."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Locale
from wagtail.rich_text import RichText

from lantoa import cache as cache_tags
from lantoa.content.models import ArticlePage
from lantoa.portal.cache import HEADER
from lantoa.tests.factories import EventFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def cached(client, *urls: str) -> None:
    """Put `urls` in the cache and check that they are served from it."""
    for url in urls:
        client.get(url)
        assert client.get(url)[HEADER] == "hit", url


def served(client, url: str) -> tuple[str, str]:
    response = client.get(url)
    assert response.status_code == 200, url
    return response[HEADER], response.content.decode()


def feed(code: str) -> str:
    return reverse("portal:feed_province", args=[code])


def test_an_unrelated_commune_s_article_stays_cached_when_another_commune_publishes(
    client, publish, page_cache, site, units
):
    hue_article = publish(parent="hue_a", title="Tin của một xã ở Huế")
    hanoi_article = publish(parent="hanoi_a", title="Tin cũ của xã ở Hà Nội")
    # The other article of the same commune shows it in its "more news" only once its cached copy expires: a new
    # article does not rebuild every article of its commune, province and the centre.
    unrelated = [hue_article.url, site["hue_a"].url, site["hue"].url, feed(units["hue"].code), hanoi_article.url]
    showing = [site["hanoi_a"].url, site["hanoi"].url, "/", feed(units["hanoi"].code)]
    cached(client, *unrelated, *showing)

    publish(parent="hanoi_a", title="Tin mới của xã ở Hà Nội")

    for url in unrelated:
        assert served(client, url)[0] == "hit", url
    for url in showing:  # its office pages (commune, province), the home page, the province's feed
        status, html = served(client, url)
        assert status == "miss" and "Tin mới của xã ở Hà Nội" in html, url


def test_an_article_that_goes_away_leaves_its_siblings_more_news_at_once(client, publish, page_cache):
    sibling = publish(parent="hanoi_a", title="Bài cùng xã", date=TODAY - datetime.timedelta(days=1))
    leaving = publish(parent="hanoi_a", title="Bài sẽ gỡ xuống", date=TODAY)
    far = publish(parent="hue_a", title="Bài ở Huế", date=TODAY - datetime.timedelta(days=2))
    assert "Bài sẽ gỡ xuống" in served(client, sibling.url)[1]
    cached(client, sibling.url, far.url)

    leaving.unpublish()

    status, html = served(client, sibling.url)
    assert status == "miss" and "Bài sẽ gỡ xuống" not in html
    assert served(client, far.url)[0] == "hit"


@pytest.mark.parametrize("change", ["slug", "move within the office"])
def test_an_article_at_a_new_address_leaves_its_siblings_more_news_at_once(
    client, publish, page_cache, change, django_capture_on_commit_callbacks
):
    sibling = publish(parent="hanoi_a", title="Bài cùng xã", date=TODAY - datetime.timedelta(days=1))
    renamed = publish(parent="hanoi_a", title="Bài sẽ đổi địa chỉ", date=TODAY)
    far = publish(parent="hue_a", title="Bài ở Huế", date=TODAY - datetime.timedelta(days=2))
    old_url = renamed.url
    assert f'href="{old_url}"' in served(client, sibling.url)[1]
    cached(client, sibling.url, far.url)

    if change == "slug":
        renamed.slug = "bai-da-doi-dia-chi"
        with django_capture_on_commit_callbacks(execute=True):  # Wagtail tells of a new slug once it is committed
            renamed.save_revision().publish()
    else:  # under a section of the same office: the same unit and language, another address
        section = renamed.get_parent().add_child(
            instance=ArticlePage(title="Chuyên mục", slug="chuyen-muc", date=TODAY - datetime.timedelta(days=900))
        )
        renamed.move(section, pos="last-child")
    renamed = ArticlePage.objects.get(pk=renamed.pk)
    assert renamed.url != old_url

    status, html = served(client, sibling.url)
    assert status == "miss" and f'href="{renamed.url}"' in html and f'href="{old_url}"' not in html
    assert served(client, far.url)[0] == "hit"


def test_an_article_renamed_and_backdated_in_one_publish_leaves_its_siblings_more_news_at_once(
    client, publish, page_cache, django_capture_on_commit_callbacks
):
    # Its office's four newer articles fill the "more news" once it is backdated: it leaves the cards, and its
    # old address with it (Wagtail tells of the new slug after the publish has indexed the new date).
    siblings = [
        publish(parent="hanoi_a", title=f"Bài cùng xã {days}", date=TODAY - datetime.timedelta(days=days))
        for days in (1, 2, 3, 4)
    ]
    renamed = publish(parent="hanoi_a", title="Bài sẽ đổi địa chỉ và ngày", date=TODAY)
    old_url = renamed.url
    assert f'href="{old_url}"' in served(client, siblings[0].url)[1]
    cached(client, siblings[0].url)

    renamed.slug = "bai-da-doi-dia-chi-va-ngay"
    renamed.date = TODAY - datetime.timedelta(days=900)
    with django_capture_on_commit_callbacks(execute=True):
        renamed.save_revision().publish()

    status, html = served(client, siblings[0].url)
    assert status == "miss" and f'href="{old_url}"' not in html and "Bài cùng xã 4" in html


def test_reordering_an_article_among_its_siblings_leaves_their_pages_cached(client, publish, page_cache):
    sibling = publish(parent="hanoi_a", title="Bài cùng xã", date=TODAY - datetime.timedelta(days=1))
    reordered = publish(parent="hanoi_a", title="Bài đổi thứ tự", date=TODAY)
    cached(client, sibling.url)

    reordered.move(reordered.get_parent(), pos="first-child")  # what the admin's drag and drop does: same address

    assert served(client, sibling.url)[0] == "hit"


def test_the_topic_page_feed_and_listing_of_its_terms_are_rebuilt_and_other_topics_stay(
    client, publish, page_cache, site
):
    topics = {topic.policy_area.slug: topic.url for topic in site_topics()}
    area, other = sorted(topics)[:2]
    urls = {
        "topic": topics[area],
        "other topic": topics[other],
        "area feed": reverse("portal:feed_policy_area", args=[area]),
        "other feed": reverse("portal:feed_policy_area", args=[other]),
        "listing": reverse("portal:listing"),
        "sitemap": "/sitemap.xml",
    }
    cached(client, *urls.values())

    publish(parent="hue_b", title="Chính sách mới theo lĩnh vực", areas=[area])

    assert served(client, urls["other topic"])[0] == "hit"
    assert served(client, urls["other feed"])[0] == "hit"
    for name in ("topic", "area feed", "listing"):
        status, html = served(client, urls[name])
        assert status == "miss" and "Chính sách mới theo lĩnh vực" in html, name
    assert served(client, urls["sitemap"])[0] == "miss"


def site_topics():
    from lantoa.content.models import TopicPage

    return (
        TopicPage.objects.live()
        .filter(locale__language_code="vi", policy_area__isnull=False)
        .select_related("policy_area")
    )


def test_editing_an_old_article_leaves_the_home_page_cached_until_its_date_makes_it_news(
    client, publish, page_cache, site
):
    for n in range(10):
        publish(parent="centre", title=f"Tin trung ương {n}", date=TODAY - datetime.timedelta(days=n))
    old = publish(parent="hue_a", title="Bài cũ năm 2019", date=datetime.date(2019, 3, 1))
    cached(client, "/", old.url, site["hue_a"].url)

    old.title = "Bài cũ năm 2019 (đã sửa lỗi chính tả)"
    old.save_revision().publish()

    assert served(client, "/")[0] == "hit"  # not among the nine news the home page shows
    for url in (old.url, site["hue_a"].url):  # the article and its commune's list of news
        status, html = served(client, url)
        assert status == "miss" and "đã sửa lỗi chính tả" in html, url

    old = ArticlePage.objects.get(pk=old.pk)
    old.date = TODAY
    old.save_revision().publish()

    status, html = served(client, "/")
    assert status == "miss" and "đã sửa lỗi chính tả" in html


def test_an_article_leaving_the_home_page_s_news_rebuilds_it(client, publish, page_cache):
    newest = publish(parent="hanoi_b", title="Tin sẽ được lùi ngày", date=TODAY)
    for n in range(1, 10):
        publish(parent="centre", title=f"Tin khác {n}", date=TODAY - datetime.timedelta(days=n))
    assert "Tin sẽ được lùi ngày" in served(client, "/")[1]
    cached(client, "/")

    newest = ArticlePage.objects.get(pk=newest.pk)
    newest.date = datetime.date(2018, 1, 1)
    newest.save_revision().publish()

    status, html = served(client, "/")
    assert status == "miss" and "Tin sẽ được lùi ngày" not in html


def test_unpublishing_the_seventh_newest_article_takes_it_off_the_home_page_s_nine_news(client, publish, page_cache):
    news = [
        publish(parent="centre", title=f"Tin toàn quốc số {n}", date=TODAY - datetime.timedelta(days=n))
        for n in range(10)
    ]
    seventh = news[6]
    assert "Tin toàn quốc số 6" in served(client, "/")[1]  # the home page lists the nine newest
    cached(client, "/")

    seventh.unpublish()

    status, html = served(client, "/")
    assert status == "miss" and "Tin toàn quốc số 6" not in html and "Tin toàn quốc số 9" in html


def test_a_new_translation_rebuilds_the_language_links_of_the_other_versions(client, publish, page_cache, site):
    article = publish(parent="centre", title="Bài có bản dịch")
    other = publish(parent="centre", title="Bài không liên quan", date=TODAY - datetime.timedelta(days=400))
    english = Locale.objects.get(language_code="en")
    # The English home page exists already (its creation, a new language on every page, invalidates everything).
    site["centre"].copy_for_translation(english, alias=True)
    cached(client, article.url, other.url)

    translated = article.copy_for_translation(english, copy_parents=True)
    translated.title = "An article with a translation"
    translated.save_revision().publish()

    status, html = served(client, article.url)
    assert status == "miss" and translated.url in html
    assert served(client, other.url)[0] == "hit"


def test_an_unpublished_translation_leaves_the_language_links_of_the_other_versions(client, publish, page_cache, site):
    # The versions of a page in every language are kept per process by its tag's version (`live_translations`).
    article = publish(parent="centre", title="Bài có bản dịch sẽ gỡ")
    translated = article.copy_for_translation(Locale.objects.get(language_code="en"), copy_parents=True)
    translated.title = "A translation taken down"
    translated.save_revision().publish()
    cached(client, article.url)
    assert translated.url in served(client, article.url)[1]

    ArticlePage.objects.get(pk=translated.pk).unpublish()  # as now: `translated` was read before its publish

    status, html = served(client, article.url)
    assert status == "miss" and translated.url not in html


def test_a_page_linking_to_a_moved_article_shows_its_new_address(client, publish, page_cache, site):
    target = publish(parent="hanoi_a", title="Bài sẽ chuyển")
    linking = publish(parent="hue_a", title="Bài dẫn tới bài khác", date=TODAY - datetime.timedelta(days=400))
    linking = ArticlePage.objects.get(pk=linking.pk)
    linking.body = [("paragraph", RichText(f'<p>Xem <a linktype="page" id="{target.pk}">bài này</a>.</p>'))]
    linking.save_revision().publish()
    bystander = publish(parent="hue_b", title="Bài đứng ngoài", date=TODAY - datetime.timedelta(days=500))
    old_url = target.url
    cached(client, linking.url, bystander.url, site["hanoi_a"].url, site["hanoi_b"].url)

    target.move(site["hanoi_b"], pos="last-child")
    target.refresh_from_db()

    status, html = served(client, linking.url)
    assert status == "miss" and f'href="{target.url}"' in html and f'href="{old_url}"' not in html
    assert "Bài sẽ chuyển" not in served(client, site["hanoi_a"].url)[1]
    assert "Bài sẽ chuyển" in served(client, site["hanoi_b"].url)[1]
    assert served(client, bystander.url)[0] == "hit"


def test_a_deleted_article_leaves_its_lists_and_the_rest_stays_cached(client, publish, page_cache, site):
    doomed = publish(parent="hue_a", title="Bài sẽ xoá")
    bystander = publish(parent="hanoi_a", title="Bài ở xa", date=TODAY - datetime.timedelta(days=400))
    cached(client, site["hue_a"].url, "/", bystander.url)

    doomed.delete()

    for url in (site["hue_a"].url, "/"):
        status, html = served(client, url)
        assert status == "miss" and "Bài sẽ xoá" not in html, url
    assert served(client, bystander.url)[0] == "hit"


def test_a_new_event_rebuilds_the_pages_with_the_events_box_and_not_the_articles(client, publish, page_cache, units):
    article = publish(parent="hanoi_a", title="Bài không có hộp sự kiện", date=TODAY - datetime.timedelta(days=400))
    cached(client, "/", article.url)

    EventFactory(unit=units["hanoi_a"], title="Đối thoại chính sách tại xã")

    status, html = served(client, "/")
    assert status == "miss" and "Đối thoại chính sách tại xã" in html
    assert served(client, article.url)[0] == "hit"


def test_renaming_a_unit_rebuilds_every_page(client, publish, page_cache, units):
    article = publish(parent="hue_a", title="Bài của xã", date=TODAY - datetime.timedelta(days=400))
    cached(client, article.url, "/")

    units["hue_a"].name = "Phường Thuận Hoá Mới"
    units["hue_a"].save()

    assert served(client, article.url)[0] == "miss"
    assert served(client, "/")[0] == "miss"


def test_a_render_during_which_what_it_shows_changed_is_not_kept(client, publish, page_cache, monkeypatch):
    article = publish(parent="hue_a", title="Bài đang được sửa")
    original = ArticlePage.get_context

    def changed_meanwhile(self, request, *args, **kwargs):
        context = original(self, request, *args, **kwargs)
        cache_tags.bump(cache_tags.page_tag(self.translation_key))  # a publish committed mid-render
        return context

    monkeypatch.setattr(ArticlePage, "get_context", changed_meanwhile)
    assert client.get(article.url)[HEADER] == "miss"
    monkeypatch.setattr(ArticlePage, "get_context", original)

    assert client.get(article.url)[HEADER] == "miss"  # the first render was not stored
    assert client.get(article.url)[HEADER] == "hit"


def test_bumping_writes_each_tag_the_next_value_of_one_sequence():
    before = cache_tags.sequence()
    cache_tags.bump("a", "b")
    cache_tags.bump("b")

    versions = cache_tags.versions(["a", "b", "never"])
    assert versions == {"a": before + 1, "b": before + 2, "never": 0}
    assert cache_tags.sequence() == before + 2


def test_global_invalidation_rebuilds_every_page_on_any_publish(client, publish, page_cache, settings):
    settings.LANTOA_CACHE_INVALIDATION = "global"
    article = publish(parent="hue_a", title="Bài ở Huế", date=TODAY - datetime.timedelta(days=400))
    cached(client, article.url)

    publish(parent="hanoi_a", title="Bài ở Hà Nội")

    assert served(client, article.url)[0] == "miss"


def test_a_link_in_an_article_follows_the_linked_page_s_translation_as_it_is_published_and_unpublished(
    client, publish, page_cache, site
):
    english = Locale.objects.get(language_code="en")
    linked = publish(parent="centre", title="Hướng dẫn đóng bảo hiểm xã hội tự nguyện")
    linked_english = linked.copy_for_translation(english, copy_parents=True)
    linked_english.title = "How to pay voluntary social insurance"
    linked_english.save_revision()  # a draft: English readers are sent to the Vietnamese page
    article = publish(parent="centre", title="Bài có đường dẫn")
    article.body = [("paragraph", RichText(f'<p><a linktype="page" id="{linked.pk}">Xem hướng dẫn</a></p>'))]
    article.save_revision().publish()
    article_english = article.copy_for_translation(english, copy_parents=True)
    article_english.title = "An article with a link"
    article_english.save_revision().publish()
    article_english.refresh_from_db()
    unrelated = publish(parent="hue_a", title="Bài không liên quan", date=TODAY - datetime.timedelta(days=400))
    cached(client, article_english.url, unrelated.url)
    assert f'href="{linked.url}"' in served(client, article_english.url)[1]

    linked_english.save_revision().publish()
    linked_english.refresh_from_db()

    status, html = served(client, article_english.url)
    assert status == "miss" and f'href="{linked_english.url}"' in html
    assert served(client, unrelated.url)[0] == "hit"

    linked_english.unpublish()

    status, html = served(client, article_english.url)
    assert status == "miss" and f'href="{linked.url}"' in html


def test_a_page_created_live_of_a_kind_search_does_not_hold_reaches_the_cached_sitemap_at_once(
    client, page_cache, site
):
    # Imports and demo data create pages live, without a revision: no publish signal. A bulletin is not in the search
    # index, but the sitemap lists it.
    from lantoa.bulletins.models import BulletinPage

    cached(client, "/sitemap-pages.xml")
    bulletin = BulletinPage(
        title="Bản tin nhập sẵn",
        slug="ban-tin-nhap-san",
        date=datetime.date(2026, 11, 2),
        intro="Thưa bà con.",
        live=True,
    )
    site["hanoi_a"].add_child(instance=bulletin)

    status, xml = served(client, "/sitemap-pages.xml")
    assert status == "miss" and bulletin.url in xml
