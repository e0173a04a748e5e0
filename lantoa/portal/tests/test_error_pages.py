"""Error pages as production shows them (DEBUG off): the portal's own, in the reader's language, light."""

import pytest
from django.test import Client, RequestFactory

from lantoa.portal import errors

PAGES = {
    "vi": {"home": 'href="/"', "search": 'action="/tim-kiem/"'},
    "en": {"home": 'href="/en/"', "search": 'action="/en/tim-kiem/"'},
    "hmn": {"home": 'href="/hmn/"', "search": 'action="/hmn/tim-kiem/"'},
}
HEADINGS = {
    (400, "vi"): "Yêu cầu không hợp lệ",
    (400, "en"): "Invalid request",
    (403, "vi"): "Không có quyền xem trang này",
    (403, "en"): "You may not see this page",
    (404, "vi"): "Không tìm thấy trang",
    (404, "en"): "Page not found",
    (500, "vi"): "Hệ thống đang gặp sự cố",
    (500, "en"): "Something went wrong on our side",
    ("csrf", "vi"): "Chưa gửi được biểu mẫu",
    ("csrf", "en"): "The form was not sent",
    # No vetted Hmong translation of these yet: the Vietnamese shows, on a page marked as Hmong.
    (500, "hmn"): "Hệ thống đang gặp sự cố",
}


def assert_portal_error_page(response, status, language, heading):
    assert response.status_code == status
    assert response["Content-Type"] == "text/html; charset=utf-8"
    body = response.content.decode()
    assert f'<html lang="{language}">' in body
    assert f"<h1>{heading}</h1>" in body
    # A way on: search the portal, or go home in the same language.
    assert PAGES[language]["search"] in body and 'name="q"' in body
    assert PAGES[language]["home"] in body
    assert "Not Found" not in body and "Server Error" not in body
    # Light: the shared stylesheet only, no script, no image.
    assert "<script" not in body and "<img" not in body
    assert len(response.content) < 4 * 1024


@pytest.mark.parametrize(("prefix", "language"), [("", "vi"), ("/en", "en")])
def test_a_missing_page_is_the_portals_own_404_in_the_readers_language(client, site, settings, prefix, language):
    assert settings.DEBUG is False

    response = client.get(f"{prefix}/trang-khong-co/")

    assert_portal_error_page(response, 404, language, HEADINGS[404, language])


@pytest.mark.parametrize(("prefix", "language"), [("", "vi"), ("/en", "en")])
def test_a_request_for_an_unknown_host_is_the_portals_own_400(client, site, prefix, language):
    response = client.get(f"{prefix}/", HTTP_HOST="ke-gia-mao.example")

    assert_portal_error_page(response, 400, language, HEADINGS[400, language])


@pytest.mark.parametrize(("prefix", "language"), [("", "vi"), ("/en", "en")])
def test_a_form_sent_without_its_csrf_token_explains_what_to_do(site, prefix, language):
    response = Client(enforce_csrf_checks=True).post(f"{prefix}/dang-ky-tu-van/", {"ho_ten": "Lan"})

    assert_portal_error_page(response, 403, language, HEADINGS["csrf", language])
    assert "tải lại trang" in response.text if language == "vi" else "reload the page" in response.text


@pytest.mark.urls("lantoa.portal.tests.error_urls")
@pytest.mark.parametrize(("prefix", "language"), [("", "vi"), ("/en", "en")])
@pytest.mark.parametrize("status", [403, 500])
def test_a_refusal_and_a_crash_are_the_portals_own_pages(db, prefix, language, status):
    response = Client(raise_request_exception=False).get(f"{prefix}/thu-loi/{status}/")

    assert_portal_error_page(response, status, language, HEADINGS[status, language])


@pytest.mark.parametrize(("path", "language"), [("/tin-tuc/", "vi"), ("/en/tin-tuc/", "en"), ("/hmn/x/", "hmn")])
def test_the_500_page_renders_without_the_database(path, language):
    # No `db` fixture: any query here fails the test, as it would fail when the database is down.
    response = errors.server_error(RequestFactory().get(path))

    assert_portal_error_page(response, 500, language, HEADINGS[500, language])


def test_favicon_ico_leads_to_the_static_icon_and_every_page_links_it(client, site):
    response = client.get("/favicon.ico")

    assert response.status_code == 301
    assert response["Location"] == "/static/portal/favicon.ico"
    home = client.get("/").text
    assert '<link rel="icon" href="/static/portal/favicon.svg" type="image/svg+xml">' in home


def test_the_500_page_still_answers_when_its_template_cannot_render(settings, caplog):
    # Production's manifest storage raises for a static file missing from the manifest.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    settings.STATIC_ROOT = "/nonexistent-lantoa-static"

    response = errors.server_error(RequestFactory().get("/en/tin-tuc/"))

    assert response.status_code == 500
    body = response.content.decode()
    assert '<html lang="en">' in body and "<h1>Something went wrong on our side</h1>" in body
    assert 'href="/en/tim-kiem/"' in body and 'href="/en/"' in body
    assert "could not be rendered" in caplog.text
