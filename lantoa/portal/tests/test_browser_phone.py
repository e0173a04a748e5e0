"""The public pages outside Wagtail's tree on a 390 px phone in Chromium: targets, padding, dates, search, errors."""

import pytest
from django.utils import timezone

from lantoa.outreach.models import Event

# The live server, its committed data and the screenshots work as in test_browser.
from .test_browser import (
    VIEWPORTS,
    assert_no_horizontal_scroll,
    screenshot,
)

pytestmark = [
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("django_db_setup"),
]

MIN_TARGET_PX = 24  # WCAG 2.2, 2.5.8 Target Size (Minimum)

TARGETS_JS = """selector => [...document.querySelectorAll(selector)]
    .filter(el => el.getClientRects().length && !el.closest('.visually-hidden'))
    .map(el => { const r = el.getBoundingClientRect();
                 return {text: el.textContent.trim().slice(0, 40), width: r.width, height: r.height}; })"""


@pytest.fixture
def phone(chromium):
    context = chromium.new_context(viewport=VIEWPORTS["phone"], locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def event(site):
    from lantoa.units.models import Unit

    hanoi = Unit.objects.get(code="01", level=Unit.Level.PROVINCE)
    commune = hanoi.children.first()
    return Event.objects.create(
        unit=hanoi,
        commune=commune,
        kind="kick_off",
        title="Lễ ra quân tuyên truyền bảo hiểm xã hội tự nguyện cho lao động tự do",
        starts_at=timezone.now(),
        place="Nhà văn hoá phường",
    )


def small_targets(page, selector: str) -> tuple[int, list[dict]]:
    found = page.evaluate(TARGETS_JS, selector)
    return len(found), [t for t in found if t["width"] < MIN_TARGET_PX or t["height"] < MIN_TARGET_PX]


def test_links_in_header_chips_and_footer_are_at_least_24_px_on_a_phone(live_server, site, phone):
    from lantoa.content.services import translate_page

    translate_page(site["centre"], "en", title="Vietnam Social Security")  # so the language links show
    page = phone
    page.goto(live_server.url + "/")

    for where, selector in {
        "language links": ".language-switcher a, .language-switcher [aria-current]",
        "header search": ".site-header input, .site-header button, .site-name",
        "main navigation": ".main-nav a",
        "chips": ".audiences__link, .topics__link, .tag-list__link, .unit-links__link",
        "footer": ".site-footer a",
    }.items():
        count, small = small_targets(page, selector)
        assert count, f"no {where} on the home page"
        assert not small, f"{where} under {MIN_TARGET_PX} px: {small}"
    screenshot(page, "phone-home-targets")


def test_event_and_registration_pages_keep_their_heading_inside_the_screen(live_server, event, phone):
    from playwright.sync_api import expect

    page = phone
    for name, path in {"event": event.get_absolute_url(), "registration": "/dang-ky-tu-van/?tinh=01"}.items():
        page.set_viewport_size(VIEWPORTS["phone"])  # screenshot() leaves the page at desktop width
        page.goto(live_server.url + path)
        heading = page.get_by_role("heading", level=1)
        expect(heading).to_be_visible()
        box = heading.bounding_box()
        assert box["x"] >= 12 and box["x"] + box["width"] <= VIEWPORTS["phone"]["width"] - 12, (name, box)
        assert_no_horizontal_scroll(page, name)
        screenshot(page, f"phone-{name}")


def test_registration_step_one_prompts_for_a_province_and_the_thank_you_page_answers(live_server, site, phone):
    from playwright.sync_api import expect

    page = phone
    page.goto(live_server.url + "/dang-ky-tu-van/")
    select = page.get_by_label("Tỉnh, thành phố nơi bạn sống")
    expect(select).to_have_value("")
    expect(select.locator("option").first).to_have_text("— Chọn tỉnh, thành phố —")
    # Required: the browser asks instead of sending an empty choice.
    assert select.evaluate("el => el.validity.valueMissing")
    select.select_option(label="Hà Nội")
    page.get_by_role("button", name="Tiếp tục").click()
    expect(page.get_by_label("Xã, phường nơi bạn sống")).to_be_visible()

    response = page.goto(live_server.url + "/dang-ky-tu-van/da-nhan/")
    assert response.status == 200
    expect(page.get_by_role("heading", level=1)).to_have_text("Cảm ơn bạn đã đăng ký")


def test_a_calculator_date_reads_day_month_year_in_a_browser_set_to_english(live_server, site, chromium):
    from playwright.sync_api import expect

    context = chromium.new_context(viewport=VIEWPORTS["phone"], locale="en-US")
    page = context.new_page()
    page.goto(live_server.url + "/cong-cu/bhxh-tu-nguyen/")
    day = page.get_by_label("Tính theo quy định có hiệu lực ngày")
    expect(day).to_have_attribute("type", "text")
    expect(day).to_have_attribute("placeholder", "dd/mm/yyyy")
    page.get_by_label("Mức thu nhập tháng").fill("1.500.000")
    day.fill("01/07/2025")
    page.get_by_role("button", name="Tính").click()

    expect(page.get_by_role("heading", name="Kết quả")).to_be_visible()
    expect(page.get_by_label("Tính theo quy định có hiệu lực ngày")).to_have_value("01/07/2025")
    expect(page.locator(".calc-result")).to_contain_text("01/07/2025")
    context.close()


def test_search_results_start_on_the_first_screen_of_a_phone_with_filters_folded(live_server, site, phone):
    from playwright.sync_api import expect

    page = phone
    page.goto(live_server.url + "/tim-kiem/?q=bao+hiem")
    filters = page.locator("details.filters-toggle")
    expect(filters).not_to_have_attribute("open", "")
    expect(page.get_by_label("Tỉnh, thành phố")).to_be_hidden()
    first = page.locator(".result").first
    expect(first).to_be_visible()
    assert first.bounding_box()["y"] < VIEWPORTS["phone"]["height"] - 100
    screenshot(page, "phone-search")

    page.set_viewport_size(VIEWPORTS["desktop"])
    page.goto(live_server.url + "/tim-kiem/?q=bao+hiem")
    expect(page.get_by_label("Tỉnh, thành phố")).to_be_visible()
    page.locator("summary", has_text="Bộ lọc").click()
    expect(page.get_by_label("Tỉnh, thành phố")).to_be_hidden()


@pytest.mark.parametrize(
    ("path", "heading"), [("/khong-co/", "Không tìm thấy trang"), ("/en/no-page/", "Page not found")]
)
def test_a_missing_page_offers_search_and_home_in_the_readers_language(live_server, site, phone, path, heading):
    from playwright.sync_api import expect

    page = phone
    response = page.goto(live_server.url + path)

    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    expect(page.get_by_role("searchbox")).to_be_visible()
    screenshot(page, f"error-404-{'en' if path.startswith('/en/') else 'vi'}")


def test_public_pages_outside_wagtail_have_no_serious_accessibility_violations(live_server, event, phone):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    findings = {}
    for name, path in {
        "registration step 1": "/dang-ky-tu-van/",
        "registration step 2": "/dang-ky-tu-van/?tinh=01",
        "thank-you": "/dang-ky-tu-van/da-nhan/",
        "event": event.get_absolute_url(),
        "calculator": "/cong-cu/bhxh-tu-nguyen/?income=1.500.000&months=1&group=other&on_date=01/07/2025",
        "search": "/tim-kiem/?q=bao+hiem",
        "sms sign-up": "/ban-tin/sms/dang-ky/",
        "404": "/khong-co/",
    }.items():
        phone.goto(live_server.url + path)
        violations = axe.run(phone).response["violations"]
        findings[name] = [f"{v['impact']}: {v['id']} ({len(v['nodes'])}×) {v['help']}" for v in violations]
    serious = {where: [v for v in found if v.startswith(("serious", "critical"))] for where, found in findings.items()}
    assert not any(serious.values()), f"serious/critical: {serious}\nall findings: {findings}"
