"""In Chromium at 390 and 1366 px: a reader finds the events, the calculators and the registration from the home
page, filters the events by province, and a Hmong reader is told the interface is not yet translated."""

import datetime
import re

import pytest
from django.utils import timezone

from lantoa.outreach.models import Event
from lantoa.portal.tests.test_browser import VIEWPORTS, screenshot

pytestmark = [
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("django_db_setup"),
]


@pytest.fixture
def events(site, units):
    made = []
    for commune, title, days in (
        ("hanoi_a", "Đối thoại chính sách BHXH tự nguyện với tiểu thương", 5),
        ("hue_a", "Lễ ra quân BHYT hộ gia đình ở Huế", 9),
        ("hanoi_b", "Hội nghị đã qua ở Cửa Nam", -20),
    ):
        made.append(
            Event.objects.create(
                unit=units[commune].parent,
                commune=units[commune],
                kind=Event.Kind.DIALOGUE,
                title=title,
                starts_at=timezone.now() + datetime.timedelta(days=days),
                place="Nhà văn hoá",
            )
        )
    return made


@pytest.fixture
def phone(chromium):
    context = chromium.new_context(viewport=VIEWPORTS["phone"], locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def test_a_phone_reader_reaches_events_calculators_and_registration_from_the_home_page(live_server, events, phone):
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import expect

    phone.goto(live_server.url + "/")
    box = phone.locator("section.entry-points")
    assert box.get_by_role("link", name="Tính mức đóng bảo hiểm xã hội tự nguyện").is_visible()
    assert box.get_by_role("link", name="Đối thoại chính sách BHXH tự nguyện với tiểu thương").count() == 1
    screenshot(phone, "entry-points-home")

    phone.locator(".main-nav").get_by_role("link", name="Sự kiện").click()
    expect(phone.locator("h1")).to_have_text("Sự kiện")
    phone.get_by_label("Tỉnh, thành phố").select_option(label="Thành phố Huế")
    phone.get_by_role("button", name="Lọc").click()
    # The URL changes when the navigation commits, before the new list is parsed: wait for the list itself.
    expect(phone).to_have_url(re.compile(r"tinh=46"))
    expect(phone.locator(".event-card__title")).to_have_text(["Lễ ra quân BHYT hộ gia đình ở Huế"])
    screenshot(phone, "events-by-province")
    violations = [v for v in Axe().run(phone).response["violations"] if v["impact"] in ("serious", "critical")]
    assert not violations, [f"{v['id']}: {v['help']}" for v in violations]

    phone.goto(live_server.url + "/")
    phone.locator("section.entry-points").get_by_role("link", name="Đăng ký tư vấn").click()
    expect(phone).to_have_url(re.compile(r"/dang-ky-tu-van/.*nguon=trang-chu"))


def test_a_hmong_reader_is_told_in_vietnamese_and_english_that_the_interface_is_untranslated(live_server, site, phone):
    phone.goto(live_server.url + "/hmn/")
    note = phone.get_by_role("note")
    assert note.is_visible()
    assert "Giao diện chưa được dịch sang tiếng Hmông" in note.locator('[lang="vi"]').inner_text()
    assert "not yet translated into Hmông" in note.locator('[lang="en"]').inner_text()
    screenshot(phone, "hmong-interface-note")


def test_a_visit_from_a_tagged_post_link_carries_its_tags_to_the_registration(live_server, site, phone):
    from playwright.sync_api import expect

    post = "5f0c6a52-1d2e-4f8a-9b7c-3e2d1c0b9a88"
    phone.goto(f"{live_server.url}/?utm_source=facebook&utm_campaign=bhxh-2026&utm_content={post}&utm_medium=<x>")
    phone.locator("section.entry-points").get_by_role("link", name="Đăng ký tư vấn").click()
    expect(phone).to_have_url(re.compile(rf"/dang-ky-tu-van/\?.*utm_content={post}"))
    assert "utm_campaign=bhxh-2026" in phone.url and "utm_medium" not in phone.url  # a tag that is no code is left
    assert phone.locator('input[name="utm_content"]').input_value() == post
