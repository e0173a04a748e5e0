"""YouTube (Data API v3) and TikTok (Content Posting API) against the local fake platforms."""

import datetime
import json

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from lantoa.channels import services
from lantoa.channels.adapters import MESSAGE_BYTE_LIMITS, MESSAGE_LIMITS, TITLE_LIMITS
from lantoa.channels.models import ChannelAccount, ChannelPost, DeliveryAttempt, Platform

from .conftest import TIKTOK_TOKEN, YOUTUBE_TOKEN
from .fake_platforms import VIDEO_BYTES


def _post(approver, article, account, **fields) -> ChannelPost:
    [post] = services.compose_posts(user=approver, page=article, accounts=[account])
    if fields:
        ChannelPost.objects.filter(pk=post.pk).update(**fields)
        post.refresh_from_db()
    return post


def _send(approver, post, django_capture_on_commit_callbacks) -> ChannelPost:
    with django_capture_on_commit_callbacks(execute=True):
        services.schedule_post(user=approver, post=post)
    post.refresh_from_db()
    return post


def _make_due(post):
    ChannelPost.objects.filter(pk=post.pk).update(next_attempt_at=timezone.now())


def test_youtube_update_rewrites_title_and_description_keeping_category_and_tags(
    platforms, media_accounts, article, approver, django_capture_on_commit_callbacks
):
    platforms.youtube_videos["dQw4w9WgXcQ"] = {
        "snippet": {"title": "Cũ", "description": "cũ", "categoryId": "27", "tags": ["bhxh"]},
        "channel": "UCbhxhhanoi",
    }
    post = _post(approver, article, media_accounts["youtube"], video_id="dQw4w9WgXcQ")

    post = _send(approver, post, django_capture_on_commit_callbacks)

    assert post.status == ChannelPost.Status.SENT
    assert post.platform_post_id == "dQw4w9WgXcQ"
    read, write = platforms.received
    assert (read.method, read.path, read.query) == (
        "GET",
        "/youtube/videos",
        {"part": ["snippet"], "id": ["dQw4w9WgXcQ"]},
    )
    assert write.method == "PUT" and write.query == {"part": ["snippet"]}
    assert write.headers["authorization"] == f"Bearer {YOUTUBE_TOKEN}"
    assert write.headers["content-type"] == "application/json; charset=UTF-8"
    expected = {
        "id": "dQw4w9WgXcQ",
        "snippet": {
            "title": article.title,
            "description": post.message,
            "defaultLanguage": "vi",
            "categoryId": "27",
            "tags": ["bhxh"],
        },
    }
    assert write.body == json.dumps(expected, ensure_ascii=False).encode()
    # The description carries the tagged link (YouTube has no link field).
    assert post.link in post.message and "utm_source=youtube" in post.link


def test_youtube_upload_is_a_resumable_upload_of_the_exact_video_bytes(
    platforms, media_accounts, article, approver, django_capture_on_commit_callbacks
):
    post = _post(approver, article, media_accounts["youtube"], video_url=f"{platforms.url}/media/video.mp4")

    post = _send(approver, post, django_capture_on_commit_callbacks)

    assert post.status == ChannelPost.Status.SENT
    [start] = [r for r in platforms.received if r.path == "/youtube-upload/videos"]
    assert start.query == {"uploadType": ["resumable"], "part": ["snippet,status"]}
    assert start.headers["x-upload-content-length"] == str(len(VIDEO_BYTES))
    assert start.headers["x-upload-content-type"] == "video/mp4"
    metadata = start.json
    assert metadata["status"] == {"privacyStatus": "public", "selfDeclaredMadeForKids": False}
    assert metadata["snippet"]["categoryId"] == "25"
    [upload] = [r for r in platforms.received if r.method == "PUT"]
    assert upload.body == VIDEO_BYTES
    assert platforms.youtube_videos[post.platform_post_id]["bytes"] == VIDEO_BYTES


def test_youtube_upload_lost_reply_is_found_in_the_uploads_playlist_not_uploaded_twice(
    platforms, media_accounts, article, approver, django_capture_on_commit_callbacks
):
    post = _post(approver, article, media_accounts["youtube"], video_url=f"{platforms.url}/media/video.mp4")
    # The first attempt uploaded, then its worker died before recording anything.
    _send(approver, post, django_capture_on_commit_callbacks)
    ChannelPost.objects.filter(pk=post.pk).update(status=ChannelPost.Status.RETRYING, platform_post_id="")
    DeliveryAttempt.objects.filter(post=post).update(outcome=DeliveryAttempt.Outcome.TRANSIENT)

    services.send_post(post_id=post.pk)

    post.refresh_from_db()
    assert post.status == ChannelPost.Status.SENT
    assert len(platforms.youtube_videos) == 1
    assert post.attempts.last().outcome == DeliveryAttempt.Outcome.FOUND
    lookup = [r for r in platforms.received if r.path == "/youtube/playlistItems"]
    assert lookup[0].query["playlistId"] == ["UUbhxhhanoi"]


@pytest.mark.parametrize(
    ("failure", "status", "kind", "http"),
    [
        ("expired", ChannelPost.Status.FAILED, "token", 401),
        ("rate_limit", ChannelPost.Status.RETRYING, "rate_limit", 403),
        ("server_error", ChannelPost.Status.RETRYING, "server", 503),
        ("malformed", ChannelPost.Status.RETRYING, "malformed", 200),
    ],
)
def test_youtube_errors_are_sorted_and_shown(
    platforms, media_accounts, article, approver, django_capture_on_commit_callbacks, failure, status, kind, http
):
    platforms.youtube_videos["abc"] = {"snippet": {"title": "x", "categoryId": "25"}, "channel": "UCbhxhhanoi"}
    post = _post(approver, article, media_accounts["youtube"], video_id="abc")
    platforms.fail_next(failure)
    before = timezone.now()

    post = _send(approver, post, django_capture_on_commit_callbacks)

    assert post.status == status
    [attempt] = post.attempts.all()
    assert (attempt.error_kind, attempt.http_status) == (kind, http)
    assert attempt.platform_message
    if failure == "rate_limit":
        # Retry-After (7 s) is shorter than the backoff (30 s): the backoff wins; neither is skipped.
        assert post.next_attempt_at >= before + datetime.timedelta(seconds=30)
    if failure == "expired":
        account = ChannelAccount.objects.get(pk=media_accounts["youtube"].pk)
        assert account.status == ChannelAccount.Status.REJECTED
        assert account.alert == "rejected"


def test_tiktok_photo_post_pulls_the_image_and_carries_the_link_in_the_description(
    platforms, media_accounts, article, approver, django_capture_on_commit_callbacks
):
    post = _post(approver, article, media_accounts["tiktok"], image_url="https://lantoa.example/anh.jpg")

    post = _send(approver, post, django_capture_on_commit_callbacks)

    assert post.status == ChannelPost.Status.SENT
    [request] = platforms.publishing_requests()
    assert request.path == "/tiktok/v2/post/publish/content/init/"
    assert request.headers["authorization"] == f"Bearer {TIKTOK_TOKEN}"
    expected = {
        "post_info": {
            "title": article.title[: TITLE_LIMITS[Platform.TIKTOK]],
            "description": post.message,
            "privacy_level": "PUBLIC_TO_EVERYONE",
            "disable_comment": False,
            "auto_add_music": True,
        },
        "source_info": {
            "source": "PULL_FROM_URL",
            "photo_cover_index": 0,
            "photo_images": ["https://lantoa.example/anh.jpg"],
        },
        "post_mode": "DIRECT_POST",
        "media_type": "PHOTO",
    }
    assert request.body == json.dumps(expected, ensure_ascii=False).encode()
    assert post.platform_post_id == platforms.tiktok_posts[0]["publish_id"]


def test_tiktok_video_post_and_its_errors(
    platforms, media_accounts, article, approver, django_capture_on_commit_callbacks
):
    post = _post(approver, article, media_accounts["tiktok"], video_url="https://lantoa.example/v.mp4")
    platforms.fail_next("rate_limit")

    post = _send(approver, post, django_capture_on_commit_callbacks)

    assert post.status == ChannelPost.Status.RETRYING
    assert post.attempts.get().error_kind == "rate_limit"
    _make_due(post)
    post = services.send_post(post_id=post.pk)
    assert post.status == ChannelPost.Status.SENT
    request = platforms.publishing_requests()[-1]
    assert request.path == "/tiktok/v2/post/publish/video/init/"
    assert request.json["source_info"] == {"source": "PULL_FROM_URL", "video_url": "https://lantoa.example/v.mp4"}
    assert request.json["post_info"]["title"] == post.message


def test_tiktok_asks_the_creators_options_first_and_posts_within_them(
    platforms, media_accounts, article, approver, django_capture_on_commit_callbacks
):
    platforms.tiktok_creator.update(
        privacy_level_options=["MUTUAL_FOLLOW_FRIENDS", "SELF_ONLY"], comment_disabled=True, duet_disabled=True
    )
    post = _post(approver, article, media_accounts["tiktok"], video_url="https://lantoa.example/v.mp4")

    post = _send(approver, post, django_capture_on_commit_callbacks)

    assert post.status == ChannelPost.Status.SENT, post.last_error
    tiktok = [r.path.removeprefix("/tiktok") for r in platforms.received if r.path.startswith("/tiktok")]
    assert tiktok == ["/v2/post/publish/creator_info/query/", "/v2/post/publish/video/init/"]
    info = platforms.publishing_requests()[-1].json["post_info"]
    # No PUBLIC_TO_EVERYONE on offer: the first option; what the creator turned off stays off.
    assert info["privacy_level"] == "MUTUAL_FOLLOW_FRIENDS"
    assert (info["disable_comment"], info["disable_duet"], info["disable_stitch"]) == (True, True, True)


def test_a_creator_tiktok_will_not_let_post_fails_permanently_with_tiktoks_message(
    platforms, media_accounts, article, approver, django_capture_on_commit_callbacks
):
    platforms.tiktok_creator_error = (
        403,
        "spam_risk_user_banned_from_posting",
        "The user is banned from making new posts.",
    )
    post = _post(approver, article, media_accounts["tiktok"], image_url="https://lantoa.example/anh.jpg")

    post = _send(approver, post, django_capture_on_commit_callbacks)

    assert post.status == ChannelPost.Status.FAILED
    assert post.last_error == "The user is banned from making new posts."
    attempt = post.attempts.get()
    assert (attempt.outcome, attempt.error_kind, attempt.http_status) == ("permanent", "validation", 403)
    assert platforms.publishing_requests() == []
    # Not a token problem: the account stays as it was.
    assert ChannelAccount.objects.get(pk=media_accounts["tiktok"].pk).alert == ""


def test_tiktoks_rate_limit_on_the_creator_query_is_retried(
    platforms, media_accounts, article, approver, django_capture_on_commit_callbacks
):
    platforms.tiktok_creator_error = (429, "rate_limit_exceeded", "API rate limit exceeded")
    post = _post(approver, article, media_accounts["tiktok"], image_url="https://lantoa.example/anh.jpg")

    post = _send(approver, post, django_capture_on_commit_callbacks)

    assert post.status == ChannelPost.Status.RETRYING
    platforms.tiktok_creator_error = None
    _make_due(post)
    assert services.send_post(post_id=post.pk).status == ChannelPost.Status.SENT


def test_a_creator_info_reply_without_privacy_options_is_not_guessed(
    platforms, media_accounts, article, approver, django_capture_on_commit_callbacks
):
    platforms.tiktok_creator["privacy_level_options"] = []
    post = _post(approver, article, media_accounts["tiktok"], image_url="https://lantoa.example/anh.jpg")

    post = _send(approver, post, django_capture_on_commit_callbacks)

    assert post.status == ChannelPost.Status.RETRYING
    assert post.attempts.get().error_kind == "malformed"
    assert platforms.publishing_requests() == []


def test_tiktok_expired_token_flags_the_account(
    platforms, media_accounts, article, approver, django_capture_on_commit_callbacks
):
    post = _post(approver, article, media_accounts["tiktok"], image_url="https://lantoa.example/anh.jpg")
    platforms.fail_next("expired")

    post = _send(approver, post, django_capture_on_commit_callbacks)

    assert post.status == ChannelPost.Status.FAILED
    assert post.last_error == "The access token is invalid or not found in the request."
    assert ChannelAccount.objects.get(pk=media_accounts["tiktok"].pk).alert == "rejected"


def test_composition_respects_each_platforms_limits(platforms, media_accounts, accounts, article, approver):
    article.summary = "Người lao động được hưởng nhiều quyền lợi hơn. " * 200
    article.save_revision().publish()
    article.refresh_from_db()
    all_accounts = [*accounts.values(), *media_accounts.values()]

    posts = services.compose_posts(user=approver, page=article, accounts=all_accounts)

    for post in posts:
        platform = post.account.platform
        assert len(post.message) <= MESSAGE_LIMITS[platform], platform
        if platform in MESSAGE_BYTE_LIMITS:
            assert len(post.message.encode()) <= MESSAGE_BYTE_LIMITS[platform]
        if platform in (Platform.YOUTUBE, Platform.TIKTOK, Platform.SMS):
            assert post.message.endswith(post.link), platform
    youtube = next(p for p in posts if p.account.platform == Platform.YOUTUBE)
    with pytest.raises(ValidationError):
        services.update_post(
            user=approver,
            post=youtube,
            title=youtube.title,
            message="ệ" * 2000,  # 2,000 characters but 6,000 bytes
            link=youtube.link,
            image_url="",
        )
