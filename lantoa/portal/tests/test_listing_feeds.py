"""The listing and the RSS feeds: only live pages, filtered by policy area, target group, province, language."""

import feedparser
import pytest
from django.urls import reverse
from wagtail.models import Locale

pytestmark = pytest.mark.django_db


def listed(client, **params) -> list[str]:
    response = client.get(reverse("portal:listing"), params)
    assert response.status_code == 200
    return [entry.title for entry in response.context["entries"]]


def feed(client, url: str):
    response = client.get(url)
    assert response.status_code == 200
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.bozo_exception
    return parsed


def test_listing_shows_live_content_newest_first_and_no_drafts(client, publish):
    publish(title="Tin cũ", date="2025-01-02")
    publish(title="Tin mới", date="2025-06-01")
    publish(title="Bản nháp", live=False)

    assert listed(client) == ["Tin mới", "Tin cũ"]


def test_listing_filters_by_area_group_province_and_type(client, publish):
    publish("article", "hue_b", title="Tin Phú Xuân", areas=["bao-hiem-y-te"])
    publish("document", "hanoi", title="Văn bản Hà Nội", groups=["doanh-nghiep"])
    publish("question", "centre", title="Hỏi đáp chung", areas=["bhxh-tu-nguyen"], groups=["nong-dan"])

    assert listed(client, province="46") == ["Tin Phú Xuân"]
    assert listed(client, area="bhxh-tu-nguyen") == ["Hỏi đáp chung"]
    assert listed(client, group="doanh-nghiep") == ["Văn bản Hà Nội"]
    assert listed(client, type="document") == ["Văn bản Hà Nội"]
    assert listed(client, province="46", area="bhxh-tu-nguyen") == []


def test_listing_filters_by_language(client, publish, site):
    article = publish(title="Tin tiếng Việt")
    english = article.copy_for_translation(Locale.objects.get(language_code="en"), copy_parents=True)
    english.title = "News in English"
    english.save_revision().publish()

    assert listed(client) == ["Tin tiếng Việt"]
    assert listed(client, lang="en") == ["News in English"]


def test_listing_is_paginated_and_survives_bad_parameters(client, publish):
    for number in range(21):
        publish(title=f"Tin số {number}")

    assert len(listed(client)) == 20
    assert len(listed(client, page=2)) == 1
    assert len(listed(client, page="abc", province="<b>", lang="xx")) == 20


def test_site_feed_parses_and_lists_only_live_pages(client, publish):
    publish(title="Tăng lương hưu", summary="Từ ngày 1 tháng 7.")
    publish(title="Bản nháp", live=False)
    gone = publish(title="Tin đã gỡ")
    gone.unpublish()

    parsed = feed(client, reverse("portal:feed"))

    assert [entry.title for entry in parsed.entries] == ["Tăng lương hưu"]
    assert parsed.entries[0].summary == "Từ ngày 1 tháng 7."
    assert parsed.entries[0].link.startswith("http://testserver/")


def test_feeds_per_policy_area_target_group_and_province(client, publish):
    publish("article", "hanoi_b", title="Tin Cửa Nam", areas=["bao-hiem-y-te"])
    publish("article", "hue", title="Tin Huế", groups=["nong-dan"])

    area = feed(client, reverse("portal:feed_policy_area", args=["bao-hiem-y-te"]))
    group = feed(client, reverse("portal:feed_target_group", args=["nong-dan"]))
    province = feed(client, reverse("portal:feed_province", args=["01"]))

    assert [e.title for e in area.entries] == ["Tin Cửa Nam"]
    assert [e.title for e in group.entries] == ["Tin Huế"]
    assert [e.title for e in province.entries] == ["Tin Cửa Nam"]
    assert area.feed.title == "Bảo hiểm y tế"


def test_unknown_feed_scope_is_a_clean_404(client, site):
    assert client.get(reverse("portal:feed_policy_area", args=["khong-co"])).status_code == 404
    assert client.get(reverse("portal:feed_province", args=["00070"])).status_code == 404
