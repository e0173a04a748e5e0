"""sitemap.xml and robots.txt: every live public page once, no drafts, split into sections when large."""

import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from wagtail.models import Page, PageViewRestriction

from lantoa.portal.sitemaps import PageSitemap

pytestmark = pytest.mark.django_db


def parse_xml(content: bytes) -> ET.Element:
    return ET.fromstring(content)  # noqa: S314 - our own response, not untrusted input


NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def sitemap_locations(client) -> list[str]:
    index = client.get(reverse("sitemap"))
    assert index.status_code == 200
    root = parse_xml(index.content)
    assert root.tag == f"{{{NS['sm']}}}sitemapindex"
    locations = []
    for section in root.findall("sm:sitemap/sm:loc", NS):
        response = client.get(section.text.replace("http://testserver", ""))
        assert response.status_code == 200
        urlset = parse_xml(response.content)
        assert urlset.tag == f"{{{NS['sm']}}}urlset"
        for url in urlset.findall("sm:url", NS):
            assert url.find("sm:loc", NS).text.startswith("http://testserver/")
            locations.append(url.find("sm:loc", NS).text)
    return locations


def test_sitemap_lists_every_live_public_page_once_and_no_draft(client, publish):
    live = publish(title="Tin công khai")
    draft = publish(title="Bản nháp", live=False)
    private = publish(title="Tin nội bộ")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)

    locations = sitemap_locations(client)

    assert len(locations) == len(set(locations))
    assert f"http://testserver{live.url}" in locations
    assert f"http://testserver{draft.url}" not in locations
    assert f"http://testserver{private.url}" not in locations
    expected = Page.objects.live().public().filter(depth__gte=2).count()
    assert len(locations) == expected


def test_sitemap_is_split_into_sections_when_large(client, publish, monkeypatch):
    publish(title="Tin một")
    monkeypatch.setattr(PageSitemap, "limit", 3)

    index = parse_xml(client.get(reverse("sitemap")).content)
    sections = [loc.text for loc in index.findall("sm:sitemap/sm:loc", NS)]

    assert len(sections) > 1
    assert any("p=2" in s for s in sections)
    locations = sitemap_locations(client)
    assert len(locations) == len(set(locations)) == Page.objects.live().public().filter(depth__gte=2).count()


def test_robots_txt_points_at_the_sitemap_and_keeps_crawlers_out_of_admin(client):
    response = client.get("/robots.txt")

    body = response.content.decode()
    assert response["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in body
    assert "Disallow: /admin/" in body
