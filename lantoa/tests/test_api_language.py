"""The API speaks the language the client asks for in Accept-Language: Vietnamese by default, English on request."""

import pytest

POSTS = "/api/v1/channels/posts"  # refuses anonymous callers with a translated message


@pytest.mark.parametrize(
    ("accept", "language", "detail"),
    [
        (None, "vi", "Bạn cần đăng nhập để dùng chức năng này."),
        ("en", "en", "You need to sign in to use this feature."),
        ("en-US,en;q=0.9", "en", "You need to sign in to use this feature."),
        ("fr-FR, en;q=0.5", "en", "You need to sign in to use this feature."),  # the first one the interface speaks
        ("vi-VN,vi;q=0.9,en;q=0.8", "vi", "Bạn cần đăng nhập để dùng chức năng này."),
        ("hmn", "vi", "Bạn cần đăng nhập để dùng chức năng này."),  # a content language, not an interface one
        ("de, fr", "vi", "Bạn cần đăng nhập để dùng chức năng này."),
        ("*", "vi", "Bạn cần đăng nhập để dùng chức năng này."),
        ("en;q=abc,<script>", "vi", "Bạn cần đăng nhập để dùng chức năng này."),  # malformed: ignored
        ("x" * 10_000 + ",en", "vi", "Bạn cần đăng nhập để dùng chức năng này."),  # oversized: cut, ignored
    ],
)
def test_the_api_answers_in_the_language_asked_for(client, db, accept, language, detail):
    headers = {"HTTP_ACCEPT_LANGUAGE": accept} if accept is not None else {}

    response = client.get(POSTS, **headers)

    assert response.status_code == 401
    assert response.json()["detail"] == detail
    assert response["Content-Language"] == language
    assert "Accept-Language" in response["Vary"]


def test_the_portal_keeps_the_language_of_its_url(client, db):
    """Only the API follows the header; a portal page without a prefix stays Vietnamese."""
    response = client.get("/cong-cu/bhxh-tu-nguyen/", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    assert response["Content-Language"] == "vi"
    assert '<html lang="vi"' in response.text
