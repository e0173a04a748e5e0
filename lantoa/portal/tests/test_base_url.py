"""One public address: every full URL the site writes starts with LANTOA_BASE_URL, whatever host was asked."""

import re
import xml.etree.ElementTree as ET
from io import BytesIO

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.images.models import Image
from wagtail.models import Site

from lantoa.baseurl import absolute_url, page_url
from lantoa.content.services import setup_site, translate_page

pytestmark = pytest.mark.django_db

BASE = "https://bhxh.example.vn:8443"
# Any full URL in a response that is not on the public address (XML namespaces and schema locations aside).
FOREIGN = re.compile(r"https?://(?!bhxh\.example\.vn:8443)(?!www\.(sitemaps\.org|w3\.org))[^\s\"'<]+")


@pytest.fixture
def public_address(settings):
    settings.LANTOA_BASE_URL = BASE
    settings.WAGTAILADMIN_BASE_URL = BASE
    cache.clear()
    yield
    cache.clear()


def _image() -> Image:
    out = BytesIO()
    PILImage.new("RGB", (1600, 900), "teal").save(out, "PNG")
    return Image.objects.create(title="anh", file=SimpleUploadedFile("anh.png", out.getvalue()))


@pytest.fixture
def article(publish):
    page = publish(title="Tin có ảnh", lead_image=_image(), lead_image_alt="Người dân làm thủ tục")
    translate_page(page, "en", title="News with a picture")
    return page


def test_helper_joins_paths_to_the_public_address(public_address):
    assert absolute_url("/tin-tuc/") == f"{BASE}/tin-tuc/"
    assert absolute_url("tin-tuc/") == f"{BASE}/tin-tuc/"
    assert absolute_url("https://cdn.example.net/a.jpg") == "https://cdn.example.net/a.jpg"


def test_page_head_names_the_public_address_not_the_request_host(client, article, public_address):
    html = client.get(article.url, HTTP_HOST="localhost").content.decode()
    assert f'<link rel="canonical" href="{BASE}{article.url}">' in html
    assert f'<meta property="og:url" content="{BASE}{article.url}">' in html
    english = article.get_translation(article.get_translations().first().locale)
    assert f'hreflang="en" href="{BASE}{english.url}"' in html
    assert f'hreflang="x-default" href="{BASE}{article.url}"' in html
    assert re.search(rf'<meta property="og:image" content="{re.escape(BASE)}/media/images/[^"]+\.jpg">', html)
    assert f'type="application/rss+xml" title="Tin mới: Bảo hiểm xã hội Việt Nam" href="{BASE}/feeds/"' in html
    head = html.split("</head>")[0]
    assert not FOREIGN.findall(head), FOREIGN.findall(head)


def test_pages_outside_wagtail_name_the_public_address(client, site, public_address):
    html = client.get(reverse("portal:search"), HTTP_HOST="127.0.0.1:8000").content.decode()
    assert f'<link rel="canonical" href="{BASE}/tim-kiem/">' in html


def test_feed_links_are_on_the_public_address(client, article, public_address):
    body = client.get(reverse("portal:feed"), HTTP_HOST="localhost").content.decode()
    channel = ET.fromstring(body).find("channel")  # noqa: S314 -- our own response
    assert channel.find("link").text.startswith(f"{BASE}/")
    links = [item.find("link").text for item in channel.findall("item")]
    assert f"{BASE}{article.url}" in links
    assert not FOREIGN.findall(body), FOREIGN.findall(body)


def test_sitemap_and_robots_are_on_the_public_address(client, article, public_address):
    index = client.get(reverse("sitemap"), HTTP_HOST="localhost").content.decode()
    assert f"<loc>{BASE}/sitemap-pages.xml</loc>" in index
    section = client.get("/sitemap-pages.xml", HTTP_HOST="localhost").content.decode()
    assert f"<loc>{BASE}{article.url}</loc>" in section
    assert not FOREIGN.findall(index + section), FOREIGN.findall(index + section)
    robots = client.get("/robots.txt", HTTP_HOST="localhost").content.decode()
    assert f"Sitemap: {BASE}/sitemap.xml" in robots


def test_event_qr_code_encodes_the_public_address(client, units, public_address):
    from lantoa.outreach.models import Event

    event = Event.objects.create(
        unit=units["hanoi"],
        commune=units["hanoi_a"],
        kind=Event.Kind.DIALOGUE,
        title="Đối thoại chính sách",
        starts_at="2030-05-05T08:00:00+07:00",
        place="Nhà văn hoá",
    )
    html = client.get(event.get_absolute_url(), HTTP_HOST="localhost").content.decode()
    assert f"{BASE}/dang-ky-tu-van/?su_kien={event.pk}" in html
    assert "http://localhost" not in html


def test_channel_post_link_and_image_are_on_the_public_address(article, units, public_address):
    from lantoa.channels.models import ChannelAccount, ChannelPost, Platform
    from lantoa.channels.services import prefill

    account = ChannelAccount(unit=units["centre"], platform=Platform.FACEBOOK, name="Trang BHXH")
    post = prefill(article, account, ChannelPost())
    assert post.link.startswith(f"{BASE}{article.url}?")
    assert post.image_url.startswith(f"{BASE}/media/images/")


def test_newsletter_confirmation_email_links_to_the_public_address(
    units, public_address, django_capture_on_commit_callbacks
):
    from lantoa.channels.services import subscribe

    with django_capture_on_commit_callbacks(execute=True):
        subscribe(email="ban.doc@example.vn", unit=units["hanoi"])
    assert f"{BASE}/ban-tin/" in mail.outbox[-1].body
    assert not FOREIGN.findall(mail.outbox[-1].body)


def test_content_api_gives_full_urls_on_the_public_address(client, article, public_address):
    items = client.get("/api/v1/content/", HTTP_HOST="localhost").json()["items"]
    assert f"{BASE}{article.url}" in [item["url"] for item in items]


def test_setup_site_gives_the_wagtail_site_the_public_host_and_port(site, public_address):
    setup_site(with_unit_pages=False)
    default = Site.objects.get(is_default_site=True)
    assert (default.hostname, default.port) == ("bhxh.example.vn", 8443)
    assert page_url(default.root_page) == f"{BASE}/"
    # A second run changes nothing.
    setup_site(with_unit_pages=False)
    assert Site.objects.count() == 1
