"""The channels API: scoped by role, tokens never returned, bad input refused in Vietnamese."""

import pytest

from lantoa.channels import services
from lantoa.channels.models import ChannelPost
from lantoa.units.roles import Role

from .conftest import FACEBOOK_TOKEN


@pytest.fixture
def hue_account(units, make_staff):
    admin = make_staff(units["hue"], Role.UNIT_ADMIN)
    return services.save_account(
        user=admin, unit=units["hue"], platform="facebook", name="BHXH Huế", external_id="777", secret="EAAG-hue-9999"
    )


def test_accounts_list_shows_only_the_units_in_reach_and_never_the_token(
    client, units, make_staff, accounts, hue_account
):
    client.force_login(make_staff(units["hanoi_a"], Role.VIEWER))
    assert client.get("/api/v1/channels/accounts").json() == []

    client.force_login(make_staff(units["hanoi"], Role.VIEWER))
    response = client.get("/api/v1/channels/accounts")

    assert response.status_code == 200
    names = {item["name"] for item in response.json()}
    assert names == {"BHXH Hà Nội", "BHXH Hà Nội OA", "Bản tin BHXH Hà Nội"}
    assert FACEBOOK_TOKEN not in response.text
    facebook = next(item for item in response.json() if item["platform"] == "facebook")
    assert facebook["credentials"] == "••••1234"


def test_anonymous_callers_get_401_in_vietnamese(client, db):
    response = client.get("/api/v1/channels/posts")

    assert response.status_code == 401
    assert response.json()["detail"] == "Bạn cần đăng nhập để dùng chức năng này."


def test_an_author_composes_but_cannot_publish_and_an_approver_can(
    client, units, make_staff, accounts, article, platforms, django_capture_on_commit_callbacks
):
    client.force_login(make_staff(units["hanoi"], Role.AUTHOR))
    response = client.post(
        "/api/v1/channels/posts",
        {"page_id": article.pk, "account_ids": [accounts["facebook"].pk]},
        content_type="application/json",
    )
    assert response.status_code == 201
    [post] = response.json()
    assert post["status"] == "draft"
    assert "utm_source=facebook" in post["link"]

    refused = client.post(f"/api/v1/channels/posts/{post['id']}/schedule", {}, content_type="application/json")
    assert refused.status_code == 403

    client.force_login(make_staff(units["hanoi"], Role.APPROVER))
    with django_capture_on_commit_callbacks(execute=True):
        published = client.post(f"/api/v1/channels/posts/{post['id']}/schedule", {}, content_type="application/json")
    assert published.status_code == 200
    detail = client.get(f"/api/v1/channels/posts/{post['id']}").json()
    assert detail["status"] == "sent"
    assert [a["outcome"] for a in detail["attempts"]] == ["sent"]


def test_posts_of_another_province_are_invisible(client, units, make_staff, accounts, hue_account, article):
    approver = make_staff(units["hanoi"], Role.APPROVER)
    [post] = services.compose_posts(user=approver, page=article, accounts=[accounts["facebook"]])
    client.force_login(make_staff(units["hue"], Role.UNIT_ADMIN))

    assert client.get("/api/v1/channels/posts").json()["count"] == 0
    assert client.get(f"/api/v1/channels/posts/{post.pk}").status_code == 404
    response = client.post(
        "/api/v1/channels/posts",
        {"page_id": article.pk, "account_ids": [accounts["facebook"].pk]},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["detail"] == "Có tài khoản kênh không tồn tại hoặc ngoài phạm vi của bạn."
    assert ChannelPost.objects.count() == 1


def test_bad_input_is_refused_with_a_vietnamese_422(client, units, make_staff, accounts):
    client.force_login(make_staff(units["hanoi"], Role.APPROVER))

    response = client.post(
        "/api/v1/channels/posts", {"page_id": "abc", "account_ids": []}, content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json()["message"].startswith("Dữ liệu không hợp lệ:")
    assert "“page_id” phải là số nguyên" in response.json()["message"]

    response = client.get("/api/v1/channels/posts?status=published")
    assert response.status_code == 422
    assert "“status” phải là một trong" in response.json()["message"]
