"""What staff see when a platform is unreachable or refuses a token, and what they can do with a post waiting
to be retried: messages in Vietnamese they can act on, tokens checked when saved, edit and cancel buttons."""

import logging
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lantoa.channels import services
from lantoa.channels.models import ChannelAccount, ChannelPost
from lantoa.units.roles import Role

from .conftest import FACEBOOK_TOKEN

pytestmark = pytest.mark.django_db


def _save(user, unit, token, *, platform="facebook", external_id="104857600"):
    return services.save_account(
        user=user, unit=unit, platform=platform, name="BHXH Hà Nội", external_id=external_id, secret=token
    )


def test_a_token_the_platform_accepts_makes_the_account_active(platforms, units, hanoi_admin):
    account = _save(hanoi_admin, units["hanoi"], FACEBOOK_TOKEN)
    assert (account.status, account.status_message) == (ChannelAccount.Status.ACTIVE, "")
    assert any(r.path == "/graph/104857600/feed" for r in platforms.received)


def test_a_made_up_token_shows_the_account_as_failed_with_what_to_do(client, platforms, units, hanoi_admin):
    client.force_login(hanoi_admin)
    response = client.post(
        reverse("channels_account_add"),
        {
            "unit": units["hanoi"].pk,
            "platform": "facebook",
            "name": "Trang thử",
            "external_id": "1",
            "secret": "made-up-token-42",
        },
        follow=True,
    )
    account = ChannelAccount.objects.get()
    assert account.status == ChannelAccount.Status.REJECTED
    assert "Hãy lấy mã mới trên nền tảng rồi nhập lại." in account.status_message
    assert "Lỗi: nền tảng từ chối mã" in response.text and "Đã lưu tài khoản kênh, nhưng" in response.text


def test_a_token_with_diacritics_or_spaces_is_refused_before_asking_the_platform(client, units, hanoi_admin):
    client.force_login(hanoi_admin)
    for token in ("mã bịa", "EAAG token"):
        response = client.post(
            reverse("channels_account_add"),
            {"unit": units["hanoi"].pk, "platform": "facebook", "name": "Trang", "external_id": "1", "secret": token},
        )
        assert response.status_code == 200 and "hãy sao chép lại mã từ nền tảng" in response.text
    assert not ChannelAccount.objects.exists()


def test_an_unreachable_platform_leaves_the_account_unverified_in_plain_vietnamese(units, hanoi_admin, caplog):
    # The test settings point the platforms at a closed port: no answer at all.
    with caplog.at_level(logging.WARNING):
        account = _save(hanoi_admin, units["hanoi"], "EAAG-secret-token-0000")
    assert account.status == ChannelAccount.Status.UNVERIFIED
    assert account.status_message.startswith("Chưa kiểm tra được mã với nền tảng: Không kết nối được tới nền tảng.")
    assert "Errno" not in account.status_message and "refused" not in account.status_message
    # The technical reason is in the log, the token is not.
    assert "Connection refused" in caplog.text and "EAAG-secret-token-0000" not in caplog.text


def test_a_platform_name_that_does_not_resolve_gives_an_actionable_message(
    settings, platforms, accounts, article, approver, django_capture_on_commit_callbacks, caplog
):
    settings.LANTOA_CHANNELS_FACEBOOK_URL = "http://lantoa-khong-ton-tai.invalid/graph"
    [post] = services.compose_posts(user=approver, page=article, accounts=[accounts["facebook"]])
    with django_capture_on_commit_callbacks(execute=True), caplog.at_level(logging.WARNING):
        services.schedule_post(user=approver, post=post)
    post.refresh_from_db()
    assert post.status == ChannelPost.Status.RETRYING
    assert "Errno" not in post.last_error and "Name or service" not in post.last_error
    assert "không tìm thấy địa chỉ của nền tảng" in post.last_error and "Hệ thống sẽ tự gửi lại" in post.last_error
    assert "lantoa-khong-ton-tai.invalid" in caplog.text and FACEBOOK_TOKEN not in caplog.text


@pytest.fixture
def retrying(accounts, article, approver):
    [post] = services.compose_posts(user=approver, page=article, accounts=[accounts["facebook"]])
    ChannelPost.objects.filter(pk=post.pk).update(
        status=ChannelPost.Status.RETRYING,
        next_attempt_at=timezone.now() + timezone.timedelta(minutes=5),
        last_error="Nền tảng đang gặp sự cố.",
    )
    post.refresh_from_db()
    return post


def test_a_post_waiting_to_retry_can_be_edited_and_cancelled_from_the_schedule(client, retrying, approver):
    client.force_login(approver)
    page = client.get(reverse("channels_posts")).text
    assert reverse("channels_post_edit", args=[retrying.pk]) in page
    assert f'action="{reverse("channels_post_cancel", args=[retrying.pk])}"' in page

    form = client.get(reverse("channels_post_edit", args=[retrying.pk])).text
    assert 'name="message"' in form and "Bài sẽ được gửi lại lúc" in form
    response = client.post(
        reverse("channels_post_edit", args=[retrying.pk]), {"message": "Nội dung đã sửa", "save": "1"}
    )
    assert response.status_code == 302
    retrying.refresh_from_db()
    assert (retrying.message, retrying.status) == ("Nội dung đã sửa", ChannelPost.Status.RETRYING)

    response = client.post(reverse("channels_post_cancel", args=[retrying.pk]), follow=True)
    assert "Đã huỷ bài đăng; bài sẽ không được gửi." in response.text
    retrying.refresh_from_db()
    assert retrying.status == ChannelPost.Status.CANCELLED


def test_cancelling_needs_a_post_csrf_and_the_unit_in_scope(retrying, approver, units, make_staff):
    url = reverse("channels_post_cancel", args=[retrying.pk])
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(approver)
    assert strict.get(url).status_code == 405
    assert strict.post(url).status_code == 403

    outsider = Client()
    outsider.force_login(make_staff(units["hue"], Role.APPROVER))
    assert outsider.post(url).status_code == 404

    author = Client()
    author.force_login(make_staff(units["hanoi"], Role.AUTHOR))
    author.post(url)
    retrying.refresh_from_db()
    assert retrying.status == ChannelPost.Status.RETRYING


def test_a_facebook_post_shows_its_video_file_but_no_video_id_and_a_youtube_post_shows_both(
    client, accounts, media_accounts, article, approver
):
    client.force_login(approver)
    [facebook] = services.compose_posts(user=approver, page=article, accounts=[accounts["facebook"]])
    [youtube] = services.compose_posts(user=approver, page=article, accounts=[media_accounts["youtube"]])
    page = client.get(reverse("channels_post_edit", args=[facebook.pk])).text
    assert 'name="message"' in page and 'name="video_url"' in page and 'name="video_id"' not in page
    page = client.get(reverse("channels_post_edit", args=[youtube.pk])).text
    assert 'name="video_url"' in page and 'name="video_id"' in page


def test_share_on_channels_comes_first_in_the_page_menu_and_unpublish_is_listed_once(
    client, accounts, article, approver
):
    client.force_login(approver)
    page = client.get(reverse("wagtailadmin_pages:edit", args=[article.pk])).text
    share = page.index(reverse("channels_compose", args=[article.pk]))
    others = [m.start() for m in re.finditer(rf"/admin/pages/{article.pk}/(move|copy|delete|unpublish|history)/", page)]
    assert others and all(share < position for position in others)
    assert page.count(f"/admin/pages/{article.pk}/unpublish/") == 1
