"""Images in modern formats: <picture> with AVIF/WebP sources, a JPEG fallback, srcset, sizes, lazy loading."""

import re
from io import BytesIO

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage
from PIL import features
from wagtail.images.models import Image, Rendition
from wagtail.rich_text import RichText

from lantoa.portal.templatetags.portal_tags import IMAGE_FORMATS

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_rendition_cache():
    """Wagtail caches renditions by image id; ids come back after each test's rollback."""
    cache.clear()
    yield
    cache.clear()


def upload(name: str, size: tuple[int, int], fmt: str = "PNG") -> Image:
    out = BytesIO()
    PILImage.new("RGB", size, "teal").save(out, fmt)
    return Image.objects.create(title=name, file=SimpleUploadedFile(f"{name}.{fmt.lower()}", out.getvalue()))


def pictures(html: str) -> list[str]:
    return re.findall(r"<picture>.*?</picture>", html, re.S)


def attr(tag: str, name: str) -> str | None:
    match = re.search(rf'\s{name}="([^"]*)"', tag)
    return match.group(1) if match else None


def widths(srcset: str) -> list[int]:
    return [int(candidate.rsplit(" ", 1)[1].rstrip("w")) for candidate in srcset.split(", ")]


@pytest.fixture
def illustrated(publish):
    """A published article with a 1600×900 lead image and a body image, and an older one with an image."""
    older = publish(
        title="Tin cũ có ảnh", date="2025-01-01", lead_image=upload("cu", (1600, 900)), lead_image_alt="Ảnh cũ"
    )
    article = publish(
        title="Tin có ảnh",
        date="2025-06-01",
        summary="Tóm tắt.",
        lead_image=upload("dai-dien", (1600, 900)),
        lead_image_alt="Cán bộ hướng dẫn người dân",
    )
    article.body = [
        ("paragraph", RichText("<p>Đoạn mở đầu.</p>")),
        (
            "image",
            {"image": upload("trong-bai", (1200, 800)), "decorative": False, "alt_text": "Biểu đồ số người tham gia"},
        ),
    ]
    article.save_revision().publish()
    article.refresh_from_db()
    return article, older


def test_article_images_are_pictures_with_avif_webp_sources_jpeg_fallback_srcset_and_sizes(client, illustrated):
    article, _older = illustrated

    html = client.get(article.url).content.decode()
    found = pictures(html)

    lead = next(p for p in found if "Cán bộ hướng dẫn người dân" in p)
    body = next(p for p in found if "Biểu đồ số người tham gia" in p)
    for picture, expected_widths in ((lead, [480, 720, 960]), (body, [480, 720, 960])):
        sources = re.findall(r"<source[^>]*>", picture)
        types = [attr(source, "type") for source in sources]
        assert "image/webp" in types
        assert ("image/avif" in types) == features.check("avif")
        assert types == [f"image/{fmt}" for fmt in IMAGE_FORMATS[:-1]]  # best first, JPEG is the <img>
        for source in sources:
            assert widths(attr(source, "srcset")) == expected_widths
            assert attr(source, "sizes") == "(min-width: 47rem) 45rem, calc(100vw - 2rem)"
            fmt = attr(source, "type").split("/")[1]
            assert all(url.endswith(f".{fmt}") for url in re.findall(r"(\S+) \d+w", attr(source, "srcset")))
        img = re.search(r"<img[^>]*>", picture).group(0)
        assert attr(img, "src").endswith(".jpg")
        assert widths(attr(img, "srcset")) == expected_widths
        assert attr(img, "sizes")
        # Width and height of the smallest rendition: the box keeps its ratio before the file arrives.
        assert int(attr(img, "width")) == 480
        assert int(attr(img, "height")) == {lead: 270, body: 320}[picture]
    assert attr(re.search(r"<img[^>]*>", lead).group(0), "loading") is None  # above the fold
    assert attr(re.search(r"<img[^>]*>", lead).group(0), "fetchpriority") == "high"
    assert attr(re.search(r"<img[^>]*>", body).group(0), "loading") == "lazy"
    assert attr(re.search(r"<img[^>]*>", body).group(0), "alt") == "Biểu đồ số người tham gia"


def test_rendition_files_are_really_in_their_formats(client, illustrated):
    article, _older = illustrated
    client.get(article.url)

    magic = {"webp": lambda b: b[:4] == b"RIFF" and b[8:12] == b"WEBP", "jpeg": lambda b: b[:3] == b"\xff\xd8\xff"}
    magic["avif"] = lambda b: b[4:12] in (b"ftypavif", b"ftypavis")
    renditions = Rendition.objects.filter(image=article.lead_image)
    for fmt in IMAGE_FORMATS:
        made = [r for r in renditions if r.filter_spec.endswith(f"format-{fmt}")]
        assert made, fmt
        for rendition in made:
            with rendition.file.open("rb") as handle:
                assert magic[fmt](handle.read(16)), (fmt, rendition.file.name)


def test_home_cards_use_card_sizes_and_only_the_first_loads_eagerly(client, illustrated):
    html = client.get("/").content.decode()

    cards = [p for p in pictures(html) if 'class="card__image"' in p]
    assert len(cards) == 2
    for card in cards:
        img = re.search(r"<img[^>]*>", card).group(0)
        assert widths(attr(img, "srcset")) == [320, 480, 640]
        assert attr(img, "sizes").endswith("calc(100vw - 2rem)")
        assert (attr(img, "width"), attr(img, "height")) == ("320", "180")
        webp = next(source for source in re.findall(r"<source[^>]*>", card) if 'type="image/webp"' in source)
        assert widths(attr(webp, "srcset")) == [320, 480, 640]
    assert [attr(re.search(r"<img[^>]*>", c).group(0), "loading") for c in cards] == [None, "lazy"]


def test_a_small_original_lists_each_width_once(client, publish):
    article = publish(title="Ảnh nhỏ", lead_image=upload("nho", (600, 338)), lead_image_alt="Ảnh nhỏ")

    lead = pictures(client.get(article.url).content.decode())[0]

    # Wagtail does not enlarge: 720 and 960 both give the 600 px original, listed once.
    for srcset in re.findall(r'srcset="([^"]*)"', lead):
        assert widths(srcset) == sorted(set(widths(srcset)))
        assert max(widths(srcset)) <= 600


def test_share_image_is_an_absolute_jpeg_rendition_even_for_a_webp_original(client, publish):
    article = publish(title="Ảnh WebP", lead_image=upload("webp-goc", (1600, 900), "WEBP"), lead_image_alt="Ảnh")

    html = client.get(article.url).content.decode()

    og = re.search(r'<meta property="og:image" content="([^"]+)">', html).group(1)
    # Absolute, on the host of the canonical URL (the site's), whatever host the request came on.
    canonical = re.search(r'<link rel="canonical" href="(https?://[^/"]+)/', html).group(1)
    assert re.fullmatch(rf"{canonical}/media/images/\S+\.fill-1200x630\.format-jpeg\.jpg", og), og
    assert f'<meta name="twitter:image" content="{og}">' in html
    assert '<meta property="og:image:width" content="1200">' in html
    assert '<meta property="og:image:height" content="630">' in html
    assert '<meta property="og:image:type" content="image/jpeg">' in html
    assert '<meta property="og:image:alt" content="Ảnh">' in html


def test_page_without_image_has_a_summary_card_and_no_og_image(client, publish):
    html = client.get(publish(title="Không ảnh").url).content.decode()

    assert "og:image" not in html
    assert '<meta name="twitter:card" content="summary">' in html


@pytest.mark.django_db(transaction=True)
def test_an_uploaded_image_gets_every_portal_rendition_from_the_worker(settings):
    """The encoders run in a background task after the upload commits, so no reader waits for AVIF."""
    from lantoa.portal.templatetags.portal_tags import IMAGE_PRESETS, SHARE_IMAGE_SPEC

    settings.LANTOA_PREPARE_RENDITIONS = True
    image = upload("tai-len", (1600, 900))
    specs = {spec for preset in IMAGE_PRESETS.values() for spec in preset.filter_specs()} | {SHARE_IMAGE_SPEC}
    made = set(Rendition.objects.filter(image=image).values_list("filter_spec", flat=True))
    assert made == specs

    # Renaming the image changes no file: nothing is queued again.
    Rendition.objects.filter(image=image).delete()
    image.title = "Đổi tên"
    image.save(update_fields=["title"])
    assert not Rendition.objects.filter(image=image).exists()


def test_without_the_setting_an_upload_makes_no_rendition():
    image = upload("khong-tao", (800, 450))
    assert not Rendition.objects.filter(image=image).exists()
