"""The base layout: landmarks, one h1, navigation, language switcher, canonical, hreflang and share metadata."""

import re

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.images.models import Image
from wagtail.models import Locale

from lantoa.content.models import HomePage
from lantoa.content.services import translate_page

pytestmark = pytest.mark.django_db


def png_bytes() -> bytes:
    from io import BytesIO

    from PIL import Image as PILImage

    out = BytesIO()
    PILImage.new("RGB", (1600, 900), "navy").save(out, "PNG")
    return out.getvalue()


def test_search_page_has_landmarks_skip_link_one_h1_and_a_form_that_works_without_js(client, site):
    html = client.get(reverse("portal:search")).content.decode()

    assert 'href="#main"' in html and '<main id="main"' in html
    assert "<header" in html and "<footer" in html and 'role="search"' in html
    assert len(re.findall(r"<h1[\s>]", html)) == 1
    assert 'action="/tim-kiem/" method="get"' in html
    # Optional, deferred static scripts only: the filters' opener (the <details> works without it), the
    # analytics beacon, and the carrier of a tagged link's utm_* to the registration links; everything else is
    # plain HTML.
    scripts = re.findall(r"<script[^>]*>", html)
    assert scripts == [
        '<script defer src="/static/portal/filters.js">',
        '<script defer src="/static/analytics/beacon.js" data-endpoint="/a/e">',
        '<script defer src="/static/portal/carry.js">',
    ]


def test_navigation_links_topic_pages_and_listing(client, site):
    html = client.get(reverse("portal:search")).content.decode()

    assert 'href="/tin-tuc/"' in html
    assert 'href="/chu-de-bao-hiem-that-nghiep/"' in html


def test_article_head_has_canonical_open_graph_twitter_and_feed(client, publish):
    cache.clear()  # Wagtail caches renditions by image id, and ids come back after a rollback
    image = Image.objects.create(title="Ảnh", file=SimpleUploadedFile("anh.png", png_bytes()))
    article = publish(title="Tăng mức hỗ trợ", summary="Từ tháng 7.", lead_image=image, lead_image_alt="Người dân")

    html = client.get(article.url).content.decode()

    assert f'<link rel="canonical" href="{article.get_full_url()}">' in html
    assert '<meta property="og:title" content="Tăng mức hỗ trợ">' in html
    assert '<meta property="og:description" content="Từ tháng 7.">' in html
    assert '<meta property="og:type" content="article">' in html
    # The share image is absolute, on the canonical's host, and a JPEG whatever the original.
    site_root = article.get_site().root_url
    assert re.search(rf'<meta property="og:image" content="{site_root}/media/[^"]+\.jpg">', html), html
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    assert 'type="application/rss+xml"' in html


def test_topic_page_offers_its_own_feed(client, site):
    html = client.get("/chu-de-bao-hiem-y-te/").content.decode()

    assert 'href="http://testserver/feeds/linh-vuc/bao-hiem-y-te/"' in html


def test_language_switcher_links_the_translation_and_falls_back_to_that_home(client, publish, site):
    english = Locale.objects.get(language_code="en")
    site["centre"].copy_for_translation(english).save_revision().publish()
    translated = publish(title="Tin có bản dịch")
    copy = translated.copy_for_translation(english, copy_parents=True)
    copy.title = "Translated news"
    copy.save_revision().publish()
    untranslated = publish(title="Tin chưa dịch")
    english_home = HomePage.objects.get(locale=english)

    translated_html = client.get(translated.url).content.decode()
    untranslated_html = client.get(untranslated.url).content.decode()

    copy.refresh_from_db()
    assert f'href="{copy.url}" hreflang="en"' in translated_html
    assert f'<link rel="alternate" hreflang="en" href="{copy.get_full_url()}">' in translated_html
    assert f'href="{english_home.url}" hreflang="en"' in untranslated_html


def test_stylesheet_is_small_and_has_focus_and_print_styles():
    from pathlib import Path

    css = (Path(__file__).resolve().parent.parent / "static" / "portal" / "portal.css").read_text()

    assert len(css.encode()) < 15_000
    assert ":focus-visible" in css and "@media print" in css


def test_every_page_type_has_one_accessible_language_switcher(client, publish, site):
    article = publish(title="Tin có bản dịch")
    translate_page(article, "en", title="Translated news")
    pages = {
        "home": "/",
        "article": article.url,
        "document": publish("document", title="Văn bản").url,
        "question": publish("question", title="Hỏi đáp").url,
        "topic": "/chu-de-bao-hiem-y-te/",
        "office": site["hanoi"].url,
        "search": reverse("portal:search"),
        "listing": reverse("portal:listing"),
    }

    for name, url in pages.items():
        html = client.get(url).content.decode()
        switchers = re.findall(r"<nav[^>]*language[^>]*>.*?</nav>", html, re.S)
        assert len(switchers) == 1, (name, switchers)
        switcher = switchers[0]
        assert 'aria-label="Chọn ngôn ngữ"' in switcher
        links = re.findall(r"<a [^>]*>", switcher)
        assert links, name
        for link in links:
            assert re.search(r' hreflang="[a-z]+"', link) and re.search(r' lang="[a-z]+"', link), (name, link)
        assert re.search(r'<span aria-current="true" lang="vi">', switcher), name

    english = client.get(article.url).content.decode()
    assert re.search(r'<a href="/en/[^"]+" hreflang="en" lang="en" rel="alternate">English</a>', english), english
