"""The admin in a real headless Chromium: the slug field folds a Vietnamese title as the server does."""

import re

import pytest
from playwright.sync_api import expect

from lantoa.content.slugs import page_slug
from lantoa.units.roles import Role

pytestmark = [
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("django_db_setup"),
]

TITLE = (
    "Bảo hiểm xã hội tự nguyện: Đồng bào Ê Đê ở Đắk Lắk được hỗ trợ đóng phí "
    "từ ngân sách địa phương năm 2026 và các năm tiếp theo"
)


def test_typing_a_vietnamese_title_fills_a_short_ascii_slug(live_server, chromium, site, units, make_staff):
    author = make_staff(units["hanoi_a"], Role.AUTHOR, password="mat-khau-thu-1")
    # bypass_csp: the test's own wait_for_function evaluates a string, which the admin's policy forbids; the
    # admin's scripts themselves are checked under the policy in lantoa/tests/test_csp_browser.py.
    context = chromium.new_context(viewport={"width": 1366, "height": 900}, locale="vi-VN", bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(20_000)
    try:
        page.goto(f"{live_server.url}/admin/login/")
        page.fill("#id_username", author.username)
        page.fill("#id_password", "mat-khau-thu-1")
        page.click("button[type=submit]")
        page.wait_for_url(f"{live_server.url}/admin/")
        page.goto(f"{live_server.url}/admin/pages/add/content/articlepage/{site['hanoi_a'].pk}/")
        page.type("#id_title", TITLE)
        page.locator("#id_title").blur()
        # Wagtail's title → slug sync runs on the input events, a moment after typing, so on a loaded machine the
        # slug may still show an earlier keystroke's: wait for the last word to be in it, then compare it whole.
        # (A locator, not wait_for_function: a string predicate Playwright has to poll is eval'd in the page, which
        # the admin's CSP refuses.)
        expect(page.locator("#id_slug")).to_have_value(re.compile(r"-ngan$"))

        slug = page.input_value("#id_slug")
    finally:
        context.close()

    assert slug == page_slug(TITLE) == "bao-hiem-xa-hoi-tu-nguyen-dong-bao-e-de-o-dak-lak-duoc-ho-tro-dong-phi-tu-ngan"
