"""Publishing through the fake platforms: exactly once, retries with backoff, and every failure visible."""

import datetime
import urllib.parse

import pytest
from django.core.management import call_command
from django.utils import timezone

from lantoa.channels import selectors, services
from lantoa.channels.models import ChannelAccount, ChannelPost, DeliveryAttempt
from lantoa.channels.services import delivery
from lantoa.channels.tasks import publish_post
from lantoa.units.roles import Role

from .conftest import FACEBOOK_TOKEN, ZALO_TOKEN


def _compose(approver, article, account) -> ChannelPost:
    [post] = services.compose_posts(user=approver, page=article, accounts=[account])
    return post


@pytest.fixture
def publish(django_capture_on_commit_callbacks):
    """Schedule a post as the admin does; "now" enqueues the task once the transaction commits."""

    def run(user, post, scheduled_at=None):
        with django_capture_on_commit_callbacks(execute=True):
            return services.schedule_post(user=user, post=post, scheduled_at=scheduled_at)

    return run


def _make_due(post: ChannelPost) -> None:
    ChannelPost.objects.filter(pk=post.pk).update(next_attempt_at=timezone.now())


def test_publish_now_posts_once_to_the_facebook_page_with_the_graph_api_form(
    publish, platforms, accounts, article, approver
):
    post = _compose(approver, article, accounts["facebook"])

    publish(approver, post)

    post.refresh_from_db()
    assert post.status == ChannelPost.Status.SENT
    [request] = platforms.publishing_requests()
    assert request.path == "/graph/104857600/feed"
    assert request.headers["content-type"] == "application/x-www-form-urlencoded"
    expected = urllib.parse.urlencode(
        [("message", post.message), ("link", post.link), ("access_token", FACEBOOK_TOKEN)]
    ).encode()
    assert request.body == expected
    assert post.platform_post_id == platforms.facebook_posts["104857600"][0]["id"]
    [attempt] = post.attempts.all()
    assert attempt.outcome == DeliveryAttempt.Outcome.SENT


def test_zalo_article_goes_out_as_json_with_the_token_in_the_access_token_header(
    publish, platforms, accounts, article, approver
):
    post = _compose(approver, article, accounts["zalo"])

    publish(approver, post)

    [request] = platforms.publishing_requests()
    assert request.path == "/zalo/article/create"
    assert request.headers["access_token"] == ZALO_TOKEN
    assert request.headers["content-type"] == "application/json"
    assert ZALO_TOKEN.encode() not in request.body
    body = request.json
    assert body["title"] == article.title
    assert body["type"] == "normal"
    assert body["body"] == [{"type": "text", "content": post.message}, {"type": "text", "content": post.link}]
    post.refresh_from_db()
    assert post.status == ChannelPost.Status.SENT


def test_a_failing_platform_that_recovers_gets_exactly_one_post(publish, platforms, accounts, article, approver):
    post = _compose(approver, article, accounts["facebook"])
    platforms.fail_next("server_error", "malformed", "accept_then_500")

    publish(approver, post)
    for _round in range(5):
        _make_due(post)
        publish_post.call(post.pk)

    post.refresh_from_db()
    assert post.status == ChannelPost.Status.SENT
    assert len(platforms.all_posts()) == 1
    assert post.platform_post_id == platforms.all_posts()[0]["id"]
    outcomes = list(post.attempts.values_list("outcome", "error_kind"))
    assert outcomes == [
        ("transient", "server"),
        ("transient", "malformed"),
        ("transient", "server"),
        ("found", ""),
    ]


def test_a_crash_after_the_platform_accepted_does_not_duplicate_the_post(
    publish, platforms, accounts, article, approver
):
    post = _compose(approver, article, accounts["zalo"])
    publish(approver, post, scheduled_at=timezone.now() + datetime.timedelta(minutes=5))
    _make_due(post)
    # The worker records its attempt and the platform accepts the article, then the worker dies.
    claimed, attempt, _previous = delivery._claim(post.pk)
    delivery._send_to_platform(claimed, 0)
    DeliveryAttempt.objects.filter(pk=attempt.pk).update(started_at=timezone.now() - datetime.timedelta(hours=1))

    call_command("send_due_posts", verbosity=0)

    post.refresh_from_db()
    assert post.status == ChannelPost.Status.SENT
    assert len(platforms.zalo_articles) == 1
    assert post.platform_post_id == platforms.zalo_articles[0]["id"]
    assert list(post.attempts.values_list("outcome", flat=True)) == ["transient", "found"]


def test_a_post_already_sent_is_never_sent_again(publish, platforms, accounts, article, approver):
    post = _compose(approver, article, accounts["facebook"])
    publish(approver, post)
    ChannelPost.objects.filter(pk=post.pk).update(next_attempt_at=timezone.now())

    publish_post.call(post.pk)
    call_command("send_due_posts", verbosity=0)

    assert len(platforms.publishing_requests()) == 1
    assert post.attempts.count() == 1


def test_rate_limit_waits_at_least_the_platforms_retry_after(publish, platforms, accounts, article, approver, settings):
    settings.LANTOA_CHANNELS_RETRY_BASE_SECONDS = 1
    platforms.retry_after = 120
    post = _compose(approver, article, accounts["zalo"])
    platforms.fail_next("rate_limit")
    before = timezone.now()

    publish(approver, post)

    post.refresh_from_db()
    assert post.status == ChannelPost.Status.RETRYING
    assert post.next_attempt_at >= before + datetime.timedelta(seconds=120)
    attempt = post.attempts.get()
    assert (attempt.error_kind, attempt.http_status) == ("rate_limit", 429)
    # Not due yet: the periodic job leaves it alone.
    call_command("send_due_posts", verbosity=0)
    assert len(platforms.publishing_requests()) == 1


def test_retries_back_off_exponentially(publish, platforms, accounts, article, approver, settings):
    settings.LANTOA_CHANNELS_RETRY_BASE_SECONDS = 10
    post = _compose(approver, article, accounts["facebook"])
    platforms.fail_next("server_error", "server_error")
    delays = []
    publish(approver, post)
    for _round in range(2):
        post.refresh_from_db()
        attempt = post.attempts.order_by("-number").first()
        delays.append(round((post.next_attempt_at - attempt.finished_at).total_seconds()))
        _make_due(post)
        publish_post.call(post.pk)

    assert delays == [10, 20]
    post.refresh_from_db()
    assert post.status == ChannelPost.Status.SENT


def test_expired_token_fails_for_good_and_raises_an_alert_for_the_unit(
    publish, platforms, accounts, article, approver, hanoi_admin, units, make_staff
):
    post = _compose(approver, article, accounts["facebook"])
    platforms.fail_next("expired")

    publish(approver, post)

    post.refresh_from_db()
    assert post.status == ChannelPost.Status.FAILED
    assert "Session has expired" in post.last_error
    account = ChannelAccount.objects.get(pk=accounts["facebook"].pk)
    assert account.status == ChannelAccount.Status.REJECTED
    assert list(selectors.accounts_needing_attention(hanoi_admin)) == [account]
    hue_viewer = make_staff(units["hue"], Role.VIEWER)
    assert list(selectors.accounts_needing_attention(hue_viewer)) == []


def test_platform_validation_error_is_permanent_and_shows_the_platforms_message(
    publish, platforms, accounts, article, approver
):
    post = _compose(approver, article, accounts["zalo"])
    platforms.fail_next("validation")

    publish(approver, post)

    post.refresh_from_db()
    assert post.status == ChannelPost.Status.FAILED
    assert post.last_error == "Tiêu đề bài viết không hợp lệ"
    assert accounts["zalo"].status == ChannelAccount.Status.ACTIVE


def test_malformed_replies_become_permanent_after_the_limit(publish, platforms, accounts, article, approver, settings):
    settings.LANTOA_CHANNELS_MALFORMED_LIMIT = 2
    post = _compose(approver, article, accounts["zalo"])
    platforms.fail_next("malformed", "malformed")

    publish(approver, post)
    post.refresh_from_db()
    assert post.status == ChannelPost.Status.RETRYING
    _make_due(post)
    publish_post.call(post.pk)

    post.refresh_from_db()
    assert post.status == ChannelPost.Status.FAILED
    assert platforms.zalo_articles == []


def test_scheduled_post_waits_for_its_time_then_goes_out_with_the_periodic_job(
    publish, platforms, accounts, article, approver
):
    post = _compose(approver, article, accounts["facebook"])
    publish(approver, post, scheduled_at=timezone.now() + datetime.timedelta(hours=2))

    call_command("send_due_posts", verbosity=0)
    assert platforms.publishing_requests() == []

    ChannelPost.objects.filter(pk=post.pk).update(next_attempt_at=timezone.now() - datetime.timedelta(seconds=1))
    call_command("send_due_posts", verbosity=0)
    post.refresh_from_db()
    assert post.status == ChannelPost.Status.SENT
    assert len(platforms.publishing_requests()) == 1


def test_a_youtube_post_without_a_video_fails_with_a_clear_message(publish, units, hanoi_admin, article, approver):
    account = services.save_account(
        user=hanoi_admin, unit=units["hanoi"], platform="youtube", name="BHXH Hà Nội TV", secret="yt-key-abcdef123"
    )
    post = _compose(approver, article, account)

    publish(approver, post)

    post.refresh_from_db()
    assert post.status == ChannelPost.Status.FAILED
    assert post.last_error == "YouTube chỉ đăng video: hãy gắn tệp video hoặc mã một video có sẵn trên kênh."


def test_no_token_reaches_the_logs(publish, platforms, accounts, article, approver, caplog):
    caplog.set_level("DEBUG")
    post = _compose(approver, article, accounts["facebook"])
    platforms.fail_next("expired")
    publish(approver, post)

    assert caplog.records
    assert FACEBOOK_TOKEN not in caplog.text
    assert FACEBOOK_TOKEN[-4:] not in caplog.text


def test_a_second_worker_cannot_claim_a_post_another_worker_is_sending(publish, platforms, accounts, article, approver):
    post = _compose(approver, article, accounts["facebook"])
    publish(approver, post, scheduled_at=timezone.now() + datetime.timedelta(minutes=5))
    _make_due(post)
    first = delivery._claim(post.pk)

    publish_post.call(post.pk)
    call_command("send_due_posts", verbosity=0)

    assert first is not None
    assert platforms.received == []
    post.refresh_from_db()
    assert post.status == ChannelPost.Status.SENDING
    assert post.attempts.count() == 1
