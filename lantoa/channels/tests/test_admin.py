"""Admin of the channels: tokens encrypted and masked, alerts on the dashboard, compose and publish from a page."""

import datetime

from django.db import connection
from django.urls import reverse
from django.utils import timezone

from lantoa.channels.models import ChannelAccount, ChannelPost
from lantoa.units.roles import Role

from .conftest import FACEBOOK_TOKEN


def test_a_token_entered_in_the_admin_is_stored_encrypted_and_shown_only_masked(client, units, hanoi_admin):
    client.force_login(hanoi_admin)
    token = "EAAG-brand-new-token-WXYZ"

    response = client.post(
        reverse("channels_account_add"),
        {
            "unit": units["hanoi"].pk,
            "platform": "facebook",
            "name": "BHXH Hà Nội",
            "external_id": "42",
            "secret": token,
        },
    )

    assert response.status_code == 302
    account = ChannelAccount.objects.get()
    with connection.cursor() as cursor:
        cursor.execute("SELECT credentials_encrypted FROM channels_channelaccount")
        [(stored,)] = cursor.fetchall()
    assert token not in stored
    for url in (reverse("channels_accounts"), reverse("channels_account_edit", args=[account.pk])):
        page = client.get(url).text
        assert token not in page
        assert "••••WXYZ" in page


def test_editing_an_account_without_a_new_token_keeps_the_old_one(client, units, hanoi_admin, accounts):
    client.force_login(hanoi_admin)
    account = accounts["facebook"]
    before = account.credentials_encrypted

    client.post(
        reverse("channels_account_edit", args=[account.pk]),
        {"unit": units["hanoi"].pk, "platform": "facebook", "name": "Tên mới", "external_id": "104857600"},
    )

    account.refresh_from_db()
    assert account.name == "Tên mới"
    assert account.credentials_encrypted == before


def test_a_new_account_without_a_token_is_refused_in_vietnamese(client, units, hanoi_admin):
    client.force_login(hanoi_admin)

    response = client.post(
        reverse("channels_account_add"),
        {"unit": units["hanoi"].pk, "platform": "zalo", "name": "OA", "external_id": "1"},
    )

    assert response.status_code == 200
    assert "Hãy nhập mã truy cập của tài khoản." in response.text
    assert not ChannelAccount.objects.exists()


def test_a_changed_credentials_key_fails_the_post_with_a_clear_message(
    units, accounts, article, make_staff, settings, platforms
):
    from lantoa.channels import services
    from lantoa.channels.tasks import publish_post

    approver = make_staff(units["hanoi"], Role.APPROVER)
    [post] = services.compose_posts(user=approver, page=article, accounts=[accounts["facebook"]])
    services.schedule_post(user=approver, post=post)
    settings.LANTOA_CREDENTIALS_KEY = "another-key"

    publish_post.call(post.pk)

    post.refresh_from_db()
    assert post.status == ChannelPost.Status.FAILED
    assert post.last_error == "Không giải mã được thông tin xác thực: hãy nhập lại mã truy cập."
    assert platforms.received == []


def test_the_dashboard_warns_of_a_token_about_to_expire_only_within_reach(client, units, make_staff, accounts):
    ChannelAccount.objects.filter(pk=accounts["zalo"].pk).update(
        token_expires_at=timezone.now() + datetime.timedelta(days=3)
    )

    client.force_login(make_staff(units["hanoi"], Role.EDITOR))
    assert "Tài khoản kênh cần xử lý" in client.get(reverse("wagtailadmin_home")).text

    client.force_login(make_staff(units["hue"], Role.UNIT_ADMIN))
    assert "Tài khoản kênh cần xử lý" not in client.get(reverse("wagtailadmin_home")).text


def test_an_approver_composes_from_a_page_edits_and_publishes(
    client, units, make_staff, accounts, article, platforms, django_capture_on_commit_callbacks
):
    client.force_login(make_staff(units["hanoi"], Role.APPROVER))

    response = client.post(reverse("channels_compose", args=[article.pk]), {"accounts": [accounts["facebook"].pk]})
    assert response.status_code == 302
    post = ChannelPost.objects.get()
    edit = reverse("channels_post_edit", args=[post.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            edit,
            {"title": post.title, "message": "Thông điệp đã sửa", "link": post.link, "image_url": "", "publish": "1"},
        )

    assert response.status_code == 302
    post.refresh_from_db()
    assert post.status == ChannelPost.Status.SENT
    assert platforms.publishing_requests()[0].form["message"] == ["Thông điệp đã sửa"]
    assert FACEBOOK_TOKEN not in client.get(edit).text


def test_an_author_can_save_but_not_publish_and_keeps_the_edit(client, units, make_staff, accounts, article):
    client.force_login(make_staff(units["hanoi"], Role.AUTHOR))
    client.post(reverse("channels_compose", args=[article.pk]), {"accounts": [accounts["zalo"].pk]})
    post = ChannelPost.objects.get()

    response = client.post(
        reverse("channels_post_edit", args=[post.pk]),
        {"title": post.title, "message": "Bản sửa của tác giả", "link": post.link, "image_url": "", "publish": "1"},
        follow=True,
    )

    assert "Bạn không có quyền đăng bài ở đơn vị này; bài vẫn được lưu." in response.text
    post.refresh_from_db()
    assert (post.status, post.message) == (ChannelPost.Status.DRAFT, "Bản sửa của tác giả")


def test_staff_of_another_province_cannot_open_a_post(client, units, make_staff, accounts, article):
    author = make_staff(units["hanoi"], Role.AUTHOR)
    client.force_login(author)
    client.post(reverse("channels_compose", args=[article.pk]), {"accounts": [accounts["zalo"].pk]})
    post = ChannelPost.objects.get()

    client.force_login(make_staff(units["hue"], Role.UNIT_ADMIN))

    assert client.get(reverse("channels_post_edit", args=[post.pk])).status_code == 404
    assert post.title not in client.get(reverse("channels_posts")).text
