"""Posts that carry a video file (a loudspeaker bulletin's) on Facebook and Zalo, against the fake platforms."""

import pytest
from django.urls import reverse
from django.utils import timezone

from lantoa.channels import services
from lantoa.channels.models import ChannelPost, PostEngagement
from lantoa.channels.tasks import publish_post

from .conftest import FACEBOOK_TOKEN, ZALO_TOKEN
from .fake_platforms import ENGAGEMENT, VIDEO_BYTES


@pytest.fixture
def video_post(platforms, approver, article, django_capture_on_commit_callbacks):
    """A post of the article on `account`, with a video file on our (here: the fake's) media address."""

    def make(account, *, video_url=None):
        [post] = services.compose_posts(user=approver, page=article, accounts=[account])
        ChannelPost.objects.filter(pk=post.pk).update(video_url=video_url or f"{platforms.url}/media/video.mp4")
        post.refresh_from_db()
        return post

    return make


@pytest.fixture
def send(approver, django_capture_on_commit_callbacks):
    def run(post):
        with django_capture_on_commit_callbacks(execute=True):
            services.schedule_post(user=approver, post=post)
        post.refresh_from_db()
        return post

    return run


def _retry(post):
    ChannelPost.objects.filter(pk=post.pk).update(next_attempt_at=timezone.now())
    publish_post.call(post.pk)
    post.refresh_from_db()
    return post


def test_facebook_posts_a_video_for_facebook_to_fetch_with_the_message_and_link_as_description(
    platforms, accounts, video_post, send
):
    post = send(video_post(accounts["facebook"]))

    assert post.status == ChannelPost.Status.SENT
    [request] = platforms.publishing_requests()
    assert request.path == "/graph/104857600/videos"
    form = {key: values[0] for key, values in request.form.items()}
    assert form == {
        "file_url": f"{platforms.url}/media/video.mp4",
        "title": post.title,
        "description": f"{post.message}\n\n{post.link}",
        "access_token": FACEBOOK_TOKEN,
    }
    [video] = platforms.facebook_videos["104857600"]
    assert post.platform_post_id == video["id"] and video["size"] == len(VIDEO_BYTES)
    assert platforms.facebook_posts == {}  # no link post besides


def test_a_facebook_video_the_platform_took_before_failing_is_found_not_posted_twice(
    platforms, accounts, video_post, send
):
    platforms.fail_next("accept_then_500")
    post = send(video_post(accounts["facebook"]))
    assert post.status == ChannelPost.Status.RETRYING

    post = _retry(post)

    assert post.status == ChannelPost.Status.SENT
    [video] = platforms.facebook_videos["104857600"]
    assert post.platform_post_id == video["id"]
    assert list(post.attempts.values_list("outcome", flat=True)) == ["transient", "found"]
    lookup = [r for r in platforms.received if r.method == "GET" and r.path == "/graph/104857600/videos"]
    assert lookup and lookup[0].query["fields"] == ["id,description"]


def test_a_video_facebook_cannot_read_fails_with_facebooks_reason(platforms, accounts, video_post, send):
    post = send(video_post(accounts["facebook"], video_url="http://127.0.0.1:9/nothing-here.mp4"))

    assert post.status == ChannelPost.Status.FAILED
    assert "format that we don't support" in post.last_error


def test_engagement_of_a_facebook_video_reads_the_video_and_its_insights(platforms, accounts, video_post, send):
    post = send(video_post(accounts["facebook"]))

    services.import_engagement()

    figures = PostEngagement.objects.get(post=post)
    assert (figures.reach, figures.views, figures.reactions, figures.comments, figures.shares) == (
        ENGAGEMENT["reach"],
        ENGAGEMENT["views"],
        ENGAGEMENT["reactions"],
        ENGAGEMENT["comments"],
        None,  # Facebook gives no share count of a video
    )
    assert figures.error == ""
    paths = {r.path for r in platforms.received if r.method == "GET"}
    assert f"/graph/{post.platform_post_id}/video_insights" in paths


def test_zalo_uploads_the_video_waits_for_it_and_puts_it_at_the_head_of_the_article(
    platforms, accounts, video_post, send, settings
):
    settings.LANTOA_CHANNELS_ZALO_VIDEO_POLL = 0
    platforms.zalo_video_statuses = [3, 3, 1]

    post = send(video_post(accounts["zalo"]))

    assert post.status == ChannelPost.Status.SENT
    upload, create = platforms.publishing_requests()
    assert upload.path == "/zalo/article/upload_video/preparevideo"
    assert upload.headers["access_token"] == ZALO_TOKEN and ZALO_TOKEN.encode() not in upload.body
    assert upload.headers["content-type"].startswith("multipart/form-data; boundary=")
    [(token, stored)] = platforms.zalo_uploads.items()
    assert stored["size"] == len(VIDEO_BYTES) and stored["checks"] == 3
    body = create.json["body"]
    assert body[0] == {"type": "video", "video_id": f"zalo-video-{token}"}
    assert body[1:] == [{"type": "text", "content": post.message}, {"type": "text", "content": post.link}]
    assert create.json["tracking_link"] == post.link


def test_a_video_zalo_refuses_fails_the_post_with_a_message_staff_can_read(
    platforms, accounts, video_post, send, settings
):
    settings.LANTOA_CHANNELS_ZALO_VIDEO_POLL = 0
    platforms.zalo_video_statuses = [3, 4]

    post = send(video_post(accounts["zalo"]))

    assert post.status == ChannelPost.Status.FAILED
    assert post.last_error == "Zalo không nhận video (trạng thái 4)."
    assert platforms.zalo_articles == []


def test_a_video_zalo_is_still_processing_is_sent_again_later(platforms, accounts, video_post, send, settings):
    settings.LANTOA_CHANNELS_ZALO_VIDEO_WAIT = 0
    platforms.zalo_video_statuses = [3]

    post = send(video_post(accounts["zalo"]))

    assert post.status == ChannelPost.Status.RETRYING
    assert post.last_error == "Zalo chưa xử lý xong video; hệ thống sẽ tự gửi lại."
    assert platforms.zalo_articles == []

    platforms.zalo_video_statuses = [1]
    post = _retry(post)
    assert post.status == ChannelPost.Status.SENT
    assert platforms.zalo_articles[0]["body"][0]["type"] == "video"


def test_a_video_file_that_cannot_be_fetched_fails_the_zalo_post_before_anything_is_uploaded(
    platforms, accounts, video_post, send
):
    post = send(video_post(accounts["zalo"], video_url="http://127.0.0.1:9/nothing-here.mp4"))

    assert post.status == ChannelPost.Status.FAILED
    assert "Không tải được tệp video" in post.last_error
    assert platforms.publishing_requests() == []


def test_staff_attach_a_video_file_to_a_facebook_post_and_a_hostile_address_is_refused(
    client, platforms, accounts, approver, article
):
    [post] = services.compose_posts(user=approver, page=article, accounts=[accounts["facebook"]])
    client.force_login(approver)
    url = reverse("channels_post_edit", args=[post.pk])
    form = {"message": post.message, "link": post.link}

    refused = client.post(url, {**form, "video_url": "javascript:alert(1)"})
    assert (refused.status_code == 200 and "Nhập một URL hợp lệ." in refused.text) or "valid URL" in refused.text
    post.refresh_from_db()
    assert post.video_url == ""

    saved = client.post(url, {**form, "video_url": "https://bhxh.example/media/ban-tin.mp4"})
    assert saved.status_code == 302
    post.refresh_from_db()
    assert post.video_url == "https://bhxh.example/media/ban-tin.mp4"
