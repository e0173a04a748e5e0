"""The portal in a real headless Chromium: a reader's journey, accessibility and first-load page weight."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.text import slugify
from wagtail.images.models import Image
from wagtail.rich_text import RichText

from lantoa.content.models import ArticlePage
from lantoa.content.services import publish, translate_page
from lantoa.portal.templatetags.portal_tags import prepare_renditions

# The live server needs committed data; the migrations' data (root page, locales, taxonomy)
# is restored before each test because the flush after a transactional test wipes it.
pytestmark = [
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
    # The test database first, so it is dropped after the live server has closed its connections.
    pytest.mark.usefixtures("django_db_setup"),
    # Uploaded images are served too, so the browser loads the lead image it picks.
    pytest.mark.urls("lantoa.portal.tests.media_urls"),
]

SCREENSHOTS = Path(settings.BASE_DIR) / "test-artifacts" / "screenshots"
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1366, "height": 900}}
TITLE = "Hướng dẫn hưởng bảo hiểm thất nghiệp khi mất việc"
EN_TITLE = "How to claim unemployment insurance after losing your job"
PAGE_BUDGET_BYTES = 100 * 1024


def photo(name: str) -> Image:
    """A 1600×900 upload with soft shapes, quick to encode, with its card, lead and share renditions made."""
    from io import BytesIO

    from PIL import Image as PILImage

    gradient = PILImage.linear_gradient("L").resize((1600, 900))
    texture = PILImage.effect_noise((160, 90), 60).resize((1600, 900), PILImage.Resampling.BICUBIC)
    picture = PILImage.merge("RGB", (gradient, texture, gradient.transpose(PILImage.Transpose.FLIP_LEFT_RIGHT)))
    out = BytesIO()
    picture.save(out, "JPEG", quality=90)
    image = Image.objects.create(title=name, file=SimpleUploadedFile(f"{name}.jpg", out.getvalue()))
    # Encoding AVIF takes a while: done here, not while the browser waits for its first page.
    prepare_renditions(image, presets=("card", "lead"))
    return image


@pytest.fixture
def article(site):
    """A published national article with a lead image and an English translation, next to two other news items."""
    cache.clear()  # Wagtail caches renditions by image id, and ids come back after a flush
    for title in ("Lịch tiếp công dân tháng này", "Điều chỉnh lương hưu từ tháng bảy"):
        publish(site["centre"].add_child(instance=ArticlePage(title=title, slug=slugify(title), live=False)))
    page = site["centre"].add_child(
        instance=ArticlePage(
            title=TITLE,
            slug="huong-dan-bao-hiem-that-nghiep",
            summary="Người lao động mất việc được trợ cấp thất nghiệp nếu đã đóng đủ 12 tháng.",
            body=[("paragraph", RichText("<p>Hồ sơ nộp tại trung tâm dịch vụ việc làm trong 3 tháng.</p>"))],
            lead_image=photo("that-nghiep"),
            lead_image_alt="Người lao động nộp hồ sơ tại trung tâm dịch vụ việc làm",
            live=False,
        )
    )
    publish(page)
    translate_page(
        page,
        "en",
        title=EN_TITLE,
        summary="Workers who lose their job receive benefits after 12 months of contributions.",
        body=[("paragraph", RichText("<p>Apply at the employment service centre within 3 months.</p>"))],
    )
    return page


@pytest.fixture
def browser_page(chromium):
    context = chromium.new_context(viewport=VIEWPORTS["desktop"], locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def screenshot(page, name: str) -> None:
    """Full-page screenshots of the current page at phone and desktop widths; nothing wider than a phone."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for label, size in VIEWPORTS.items():
        page.set_viewport_size(size)
        if label == "phone":
            assert_no_horizontal_scroll(page, name)
        path = SCREENSHOTS / f"{name}-{label}.png"
        page.screenshot(path=str(path), full_page=True)
        assert path.stat().st_size > 0
    page.set_viewport_size(VIEWPORTS["desktop"])


def assert_no_horizontal_scroll(page, name: str) -> None:
    """The document is no wider than the viewport; names what sticks out if it is."""
    widths = page.evaluate(
        """() => ({
            scroll: document.documentElement.scrollWidth,
            inner: window.innerWidth,
            wider: [...document.querySelectorAll("body *")]
                .filter(el => el.getBoundingClientRect().right > window.innerWidth + 0.5
                               && !el.closest(".main-nav ul"))
                .slice(0, 5).map(el => `${el.tagName}.${el.className}`),
        })"""
    )
    assert widths["scroll"] <= widths["inner"], f"{name} is wider than the phone: {widths}"


def test_reader_goes_from_home_to_article_to_english_and_searches_without_diacritics(
    live_server, article, browser_page
):
    from playwright.sync_api import expect

    page = browser_page
    page.goto(live_server.url + "/")
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.get_by_role("heading", name="Tin mới trên cả nước")).to_be_visible()
    screenshot(page, "home")

    page.locator("main").get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.get_by_text("Hồ sơ nộp tại trung tâm dịch vụ việc làm trong 3 tháng.")).to_be_visible()
    lead = page.locator(".article__lead-image img")
    expect(lead).to_have_attribute("alt", "Người lao động nộp hồ sơ tại trung tâm dịch vụ việc làm")
    # Chromium takes the AVIF (or WebP) source, at a width for its column, and the file is there.
    lead.evaluate("img => img.decode()")
    chosen = lead.evaluate("img => ({src: img.currentSrc, width: img.naturalWidth})")
    assert chosen["src"].endswith((".avif", ".webp")), chosen
    assert chosen["width"] in (720, 960), chosen  # a 720 px column at 1x, not the original 1600
    screenshot(page, "article")
    # Printed, the article keeps its title, text and picture and drops navigation and forms.
    page.emulate_media(media="print")
    for chrome in (".main-nav", ".language-switcher", ".site-search", ".related"):
        expect(page.locator(chrome)).to_be_hidden()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(lead).to_be_visible()
    page.emulate_media(media="screen")

    page.locator(".language-switcher").get_by_role("link", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text(EN_TITLE)
    expect(page.get_by_text("Apply at the employment service centre within 3 months.")).to_be_visible()
    assert page.url.startswith(live_server.url + "/en/")

    page.locator(".language-switcher").get_by_role("link", name="Tiếng Việt").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)

    search_box = page.locator("header").get_by_role("searchbox")
    search_box.fill("bao hiem that nghiep")
    search_box.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tìm kiếm")
    result = page.locator(".results").get_by_role("link", name=TITLE)
    expect(result).to_be_visible()
    expect(result.locator("mark").first).to_have_text("bảo")
    expect(page.locator(".results")).not_to_contain_text("Lịch tiếp công dân")
    screenshot(page, "search")
    page.goto(live_server.url + "/tin-tuc/")
    screenshot(page, "listing")

    result.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)


def test_home_article_and_search_have_no_serious_accessibility_violations(live_server, article, browser_page):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    findings = {}
    for name, path in {
        "home": "/",
        "article": article.url,
        "search": "/tim-kiem/?q=bao+hiem+that+nghiep",
    }.items():
        for label, size in VIEWPORTS.items():
            browser_page.set_viewport_size(size)
            browser_page.goto(live_server.url + path)
            violations = axe.run(browser_page).response["violations"]
            findings[f"{name} ({label})"] = [
                f"{v['impact']}: {v['id']} ({len(v['nodes'])}×) {v['help']}" for v in violations
            ]
    print(f"axe findings: {findings}")
    serious = {where: [v for v in found if v.startswith(("serious", "critical"))] for where, found in findings.items()}
    assert not any(serious.values()), f"serious/critical: {serious}\nall findings: {findings}"


def first_load_bytes(chromium, url: str) -> tuple[int, dict[str, int]]:
    """Bytes a phone transfers loading `url` with an empty cache, leaving out images below the fold."""
    context = chromium.new_context(viewport=VIEWPORTS["phone"], locale="vi-VN")
    page = context.new_page()
    finished = []
    page.on("requestfinished", lambda request: finished.append(request))
    page.goto(url, wait_until="networkidle")
    assert_no_horizontal_scroll(page, url)
    visible_images = set(
        page.evaluate(
            """() => [...document.images]
                .filter(img => { const r = img.getBoundingClientRect();
                                 return r.bottom > 0 && r.top < window.innerHeight && r.width > 0; })
                .map(img => img.currentSrc)"""
        )
    )
    by_type: dict[str, int] = {}
    for request in finished:
        if request.resource_type == "image" and request.url not in visible_images:
            continue
        sizes = request.sizes()
        size = sizes["responseBodySize"] + sizes["responseHeadersSize"]
        by_type[request.resource_type] = by_type.get(request.resource_type, 0) + size
    context.close()
    return sum(by_type.values()), by_type


def test_home_and_article_transfer_under_100_kb_on_first_load(live_server, article, chromium):
    figures = {
        name: first_load_bytes(chromium, live_server.url + path)
        for name, path in {
            "home": "/",
            "article": article.url,
        }.items()
    }
    report = ", ".join(f"{name}: {total / 1024:.1f} KB {by_type}" for name, (total, by_type) in figures.items())
    print(f"first-load transfer: {report}")
    for total, by_type in figures.values():
        assert by_type.get("document", 0) > 0, report
        assert total < PAGE_BUDGET_BYTES, report
    # The article's lead image is at the top: it is counted, in the size chosen for a phone.
    assert figures["article"][1].get("image", 0) > 0, report
