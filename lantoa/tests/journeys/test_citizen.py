"""A citizen on a 390 px phone, in Vietnamese, English and Hmong: reading, calculating, registering, signing up."""

import json
import re
import urllib.request

import pytest
from playwright.sync_api import expect

from .checks import choose

LANGUAGES = {
    # prefix, a search typed without diacritics, the featured article it finds (title as shown in that language)
    "vi": ("", "luong huu 15 nam", "Giảm số năm đóng tối thiểu để hưởng lương hưu xuống còn 15 năm"),
    "en": ("/en", "pension 15 years", "Minimum contribution period for a pension cut to 15 years"),
    "hmn": ("/hmn", "nyiaj laus 15 xyoos", "Them nyiaj pov hwm 15 xyoos xwb los yeej tau nyiaj laus"),
}
PHONES = {"vi": "0912345601", "en": "0912345602", "hmn": "0912345603"}


def left_edge(page, selector: str) -> float:
    return page.locator(selector).first.evaluate("el => el.getBoundingClientRect().left")


def follow_link(page, href_part: str) -> None:
    """Click the first link of the page's content or navigation whose address contains `href_part`."""
    link = page.locator(f'main a[href*="{href_part}"], nav a[href*="{href_part}"]').first
    expect(link).to_be_visible(timeout=2_000)
    link.click()
    page.wait_for_url(re.compile(re.escape(href_part)))


def register(journey, page, *, language: str, phone: str, prefix: str, province: str = "01") -> None:
    """Both steps of the registration of interest, from the page the visitor is on, to the confirmation."""
    if page.locator("#id_tinh").count() and page.locator("select#id_tinh").is_visible():
        selected = page.locator("#id_tinh").evaluate("s => s.options[s.selectedIndex]?.value || ''")
        assert selected == "", f"step 1 preselects {selected!r}"
        journey.step(page, f"register-step-1-{language}", viewport="phone")
        page.select_option("#id_tinh", province)
        page.locator("form.reg-form button[type=submit]").click()
    expect(page.locator("#id_ho_ten")).to_be_visible()
    assert left_edge(page, "h1") >= 12, "the heading touches the left edge"
    journey.step(page, f"register-step-2-{language}", viewport="phone")
    page.fill("#id_ho_ten", "Nguyễn Thị Hoa")
    page.fill("#id_dien_thoai", phone)
    if page.locator("select#id_xa").is_visible():
        current = page.locator("#id_xa").input_value()
        if not current:
            choose(page, "#id_xa", "Hoàn Kiếm")
    page.locator("input[name=quan_tam]").first.check()
    page.locator("#id_dong_y").check()
    # A person takes longer than the form's minimum fill time (LANTOA_REGISTRATION_MIN_FILL_SECONDS, 1 s on the
    # stack); the browser types in a few hundred milliseconds and would be refused as a bot.
    page.wait_for_timeout(1500)
    page.locator("form.reg-form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/dang-ky-tu-van/da-nhan/"))
    journey.step(page, f"registration-confirmed-{language}", viewport="phone")


def public_event(stack) -> dict:
    """An upcoming event as the public API lists it (the address printed on the poster)."""
    with urllib.request.urlopen(f"{stack.url}/api/v1/outreach/events", timeout=10) as reply:  # noqa: S310
        items = json.load(reply)["items"]
    assert items, "the demo has public events"
    return items[0]  # the next one first


@pytest.mark.parametrize("language", ["vi", "en", "hmn"])
def test_citizen_on_a_phone_reads_calculates_and_registers(language, stack, new_context, journey):
    prefix, query, featured = LANGUAGES[language]
    context = new_context("phone", locale={"vi": "vi-VN", "en": "en-GB", "hmn": "vi-VN"}[language])
    journey.watch(context)
    page = context.new_page()

    page.goto(f"{prefix}/")
    expect(page.locator("html")).to_have_attribute("lang", language)
    journey.step(page, f"home-{language}", viewport="phone")

    page.locator("a.topics__link, a.audiences__link").first.click()
    expect(page.locator("h1")).to_be_visible()
    journey.step(page, f"topic-{language}", viewport="phone")

    page.locator("main a.card__link").first.click()
    expect(page.locator("h1")).to_be_visible()
    journey.step(page, f"article-{language}", viewport="phone")

    follow_link(page, "cong-cu/")
    expect(page.locator("form.calc-form")).to_be_visible()
    journey.step(page, f"calculator-{language}", viewport="phone")
    page.fill("#id_income", "1.500.000")
    page.locator("form.calc-form button[type=submit]").click()
    expect(page.locator(".calc-result")).to_be_visible()
    journey.step(page, f"calculator-result-{language}", viewport="phone")

    page.locator(".calc-result a.calc-button").click()
    page.wait_for_url(re.compile(r"/dang-ky-tu-van/"))
    register(journey, page, language=language, phone=PHONES[language], prefix=prefix)

    # Searching without diacritics finds the featured article.
    page.goto(f"{prefix}/")
    page.fill("#site-search-q", query)
    page.locator("form.site-search button[type=submit]").click()
    page.wait_for_url(re.compile(r"/tim-kiem/"))
    journey.step(page, f"search-{language}", viewport="phone")
    result = page.locator("main a", has_text=featured).first
    expect(result).to_be_visible()
    result.click()
    expect(page.locator("h1")).to_have_text(featured)
    journey.step(page, f"found-article-{language}", viewport="phone")
    journey.finish()


def test_citizen_scans_an_event_qr_code_and_registers(stack, new_context, journey):
    context = new_context("phone")
    journey.watch(context)
    page = context.new_page()
    event = public_event(stack)
    page.goto(event["url"])
    expect(page.locator("h1")).to_have_text(event["title"])
    assert left_edge(page, "h1") >= 12, "the heading touches the left edge"
    journey.step(page, "event-page", viewport="phone")
    printed = page.locator(".event-register code").inner_text().strip()
    assert printed.startswith(stack.url + "/"), f"the QR code leads to {printed}"
    # The QR code holds the registration address with the event: what a phone opens after scanning it.
    page.goto(stack.url + "/" + printed.split("/", 3)[3])
    page.wait_for_url(re.compile(r"/dang-ky-tu-van/\?su_kien="))
    register(journey, page, language="vi", phone="0912345611", prefix="")
    journey.finish()


def test_citizen_signs_up_for_sms_with_the_code_the_gateway_delivers(stack, new_context, journey, sms_account):
    context = new_context("phone")
    journey.watch(context)
    page = context.new_page()
    page.goto("/ban-tin/sms/dang-ky/")
    journey.step(page, "sms-sign-up", viewport="phone")
    phone = "0912345621"
    page.fill("input[name=phone]", phone)
    if page.locator("select[name=unit]").count():
        choose(page, "select[name=unit]", "Hà Nội")
    page.locator("input[name=consent]").check()
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/ban-tin/sms/ma/"))
    journey.step(page, "sms-code", viewport="phone")
    code = stack.wait_for_sms_code(phone)
    page.fill("input[name=code]", code)
    page.locator("main form button[type=submit]").click()
    expect(page.locator("main")).to_contain_text("Bạn đã đăng ký nhận tin nhắn")
    journey.step(page, "sms-confirmed", viewport="phone")
    journey.finish()
