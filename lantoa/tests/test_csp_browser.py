"""The portal and Wagtail's admin work under the Content-Security-Policy: no violation in Chromium's console."""

import pytest
from django.contrib.auth import get_user_model
from django.utils.text import slugify

from lantoa.content.models import ArticlePage
from lantoa.content.services import publish

pytestmark = [
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("django_db_setup"),
]

PASSWORD = "mat-khau-csp-1"
PORTAL = [
    "/",
    "/tin-tuc/",
    "/tim-kiem/?q=luong+huu",
    "/dang-ky-tu-van/",
    "/ban-tin/dang-ky/",
    "/ban-tin/sms/dang-ky/",
    "/cong-cu/bhxh-tu-nguyen/",
    "/cong-cu/bhyt-ho-gia-dinh/",
    "/api/v1/docs",
]
ADMIN = [
    "/admin/",
    "/admin/pages/{article}/edit/",
    "/admin/pages/{home}/",
    "/admin/pages/add/content/articlepage/{home}/",
    "/admin/images/",
    "/admin/documents/",
    "/admin/reports/workflow/",
    "/admin/reports/site-history/",
    "/admin/users/",
    "/admin/lantoa/noi-dung/",
    "/admin/lantoa/dang-nhap-sai/",
    "/admin/thong-ke/",
    "/admin/bao-cao/",
    "/admin/bao-cao/danh-sach/",
    "/admin/lantoa/ke-hoach/",
    "/admin/lantoa/kich-ban/",
    "/admin/lantoa/kenh/",
    "/admin/lantoa/kenh/lich/",
    "/admin/lantoa/dang-ky/",
    "/admin/lantoa/su-kien/",
]


@pytest.fixture
def article(site):
    title = "Điều chỉnh lương hưu từ tháng bảy"
    page = site["centre"].add_child(instance=ArticlePage(title=title, slug=slugify(title), live=False))
    publish(page)
    return page


@pytest.fixture
def watched_page(chromium):
    """A browser page that records every CSP violation Chromium reports in its console, by address."""
    context = chromium.new_context(viewport={"width": 1366, "height": 900}, locale="vi-VN")
    page = context.new_page()
    page.violations = []
    page.current = ""

    def on_console(message):
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            page.violations.append(f"{page.current}: {message.text[:200]}")

    page.on("console", on_console)
    yield page
    context.close()


def _visit(page, url: str):
    page.current = url
    response = page.goto(url, wait_until="load")
    page.wait_for_timeout(300)  # scripts that run after load (Stimulus controllers, editors)
    return response


def test_portal_pages_load_without_any_csp_violation(live_server, article, watched_page):
    for path in [*PORTAL, article.url]:
        response = _visit(watched_page, live_server.url + path)
        assert response.ok, path
        assert "script-src 'self'" in response.headers["content-security-policy"]

    assert watched_page.violations == []


def test_admin_pages_load_without_any_csp_violation(live_server, site, article, watched_page):
    get_user_model().objects.create_superuser("quan-tri", password=PASSWORD)
    page = watched_page
    _visit(page, live_server.url + "/admin/login/")
    page.fill("#id_username", "quan-tri")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(live_server.url + "/admin/")

    for path in ADMIN:
        url = live_server.url + path.format(article=article.pk, home=site["centre"].pk)
        response = _visit(page, url)
        assert response.ok, path
        assert "content-security-policy" in response.headers, path

    assert page.violations == []
