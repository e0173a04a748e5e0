"""sitemap.xml and robots.txt: valid against the sitemaps.org schemas, every live public page once, no drafts."""

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import xmlschema
from django.urls import reverse
from wagtail.models import Page, PageViewRestriction

from lantoa.content.services import translate_page
from lantoa.portal.sitemaps import PageSitemap

pytestmark = pytest.mark.django_db

SCHEMAS = Path(__file__).resolve().parent / "schemas"
NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}


@pytest.fixture(scope="module")
def schemas() -> dict[str, xmlschema.XMLSchema]:
    """The published sitemaps.org 0.9 schemas (copies in tests/schemas/).

    Both accept elements of other namespaces with processContents="strict": the hreflang
    alternates (xhtml:link) are checked against the W3C XHTML 1.0 schema that xmlschema ships
    for that namespace, not skipped.
    """
    return {
        "sitemapindex": xmlschema.XMLSchema(SCHEMAS / "siteindex.xsd"),
        "urlset": xmlschema.XMLSchema(SCHEMAS / "sitemap.xsd"),
    }


def parse_xml(content: bytes) -> ET.Element:
    return ET.fromstring(content)  # noqa: S314 - our own response, not untrusted input


def fetch_valid(client, schemas, path: str, root: str) -> ET.Element:
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    text = response.content.decode()
    schemas[root].validate(text)
    element = parse_xml(response.content)
    assert element.tag == f"{{{NS['sm']}}}{root}"
    return element


def sitemap_sections(client, schemas) -> list[ET.Element]:
    """Every <urlset> the index lists, each validated against sitemap.xsd, the index against siteindex.xsd."""
    index = fetch_valid(client, schemas, reverse("sitemap"), "sitemapindex")
    sections = []
    for loc in index.findall("sm:sitemap/sm:loc", NS):
        assert loc.text.startswith("http://testserver/")
        sections.append(fetch_valid(client, schemas, loc.text.removeprefix("http://testserver"), "urlset"))
    return sections


def sitemap_locations(client, schemas) -> list[str]:
    locations = []
    for urlset in sitemap_sections(client, schemas):
        for url in urlset.findall("sm:url", NS):
            assert url.find("sm:loc", NS).text.startswith("http://testserver/")
            locations.append(url.find("sm:loc", NS).text)
    return locations


def public_page_count() -> int:
    return Page.objects.live().public().filter(depth__gte=2).count()


def test_sitemap_index_and_every_section_are_valid_with_hreflang_alternates(
    client, publish, site, schemas, monkeypatch
):
    article = publish(title="Hướng dẫn đóng bảo hiểm xã hội tự nguyện")
    english = translate_page(article, "en", title="How to join voluntary social insurance")
    monkeypatch.setattr(PageSitemap, "limit", 4)

    sections = sitemap_sections(client, schemas)

    assert len(sections) > 1
    by_location = {
        url.find("sm:loc", NS).text: {
            link.get("hreflang"): link.get("href") for link in url.findall("xhtml:link[@rel='alternate']", NS)
        }
        for urlset in sections
        for url in urlset.findall("sm:url", NS)
    }
    vi_url, en_url = f"http://testserver{article.url}", f"http://testserver{english.url}"
    expected = {"vi": vi_url, "en": en_url, "x-default": vi_url}
    assert by_location[vi_url] == expected
    assert by_location[en_url] == expected
    # A page without translations has no alternates.
    assert by_location[f"http://testserver{site['hue'].url}"] == {}


def test_schema_validation_catches_a_bad_alternate_or_date(client, publish, schemas):
    """The check above can fail: a malformed hreflang or lastmod does not pass."""
    article = publish(title="Tin có bản dịch")
    translate_page(article, "en", title="Translated news")
    section = client.get(reverse("sitemap_section", args=["pages"])).content.decode()
    assert 'hreflang="en"' in section and "<lastmod>" in section
    schemas["urlset"].validate(section)

    assert not schemas["urlset"].is_valid(section.replace('hreflang="en"', 'hreflang="English, please"', 1))
    assert not schemas["urlset"].is_valid(section.replace("<lastmod>", "<lastmod>hôm qua ", 1))
    assert not schemas["urlset"].is_valid(section.replace("</loc>", "</loc><loc>http://testserver/x/</loc>", 1))


def test_sitemap_lists_every_live_public_page_once_and_no_draft(client, publish, schemas):
    live = publish(title="Tin công khai")
    draft = publish(title="Bản nháp", live=False)
    private = publish(title="Tin nội bộ")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)

    locations = sitemap_locations(client, schemas)

    assert len(locations) == len(set(locations))
    assert f"http://testserver{live.url}" in locations
    assert f"http://testserver{draft.url}" not in locations
    assert f"http://testserver{private.url}" not in locations
    assert len(locations) == public_page_count()


def test_sitemap_is_split_into_sections_when_large(client, publish, monkeypatch, schemas):
    publish(title="Tin một")
    article = publish(title="Tin hai")
    translate_page(article, "en", title="News two")
    monkeypatch.setattr(PageSitemap, "limit", 3)

    index = parse_xml(client.get(reverse("sitemap")).content)
    sections = [loc.text for loc in index.findall("sm:sitemap/sm:loc", NS)]

    assert len(sections) > 1
    assert any("p=2" in s for s in sections)
    locations = sitemap_locations(client, schemas)
    assert len(locations) == len(set(locations)) == public_page_count()


def test_robots_txt_points_at_the_sitemap_and_keeps_crawlers_out_of_admin(client):
    response = client.get("/robots.txt")

    body = response.content.decode()
    assert response["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in body
    assert "Disallow: /admin/" in body
