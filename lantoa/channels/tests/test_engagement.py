"""Engagement imported from each platform, kept as latest and daily figures, summed per unit, shown in the API."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from lantoa.channels import selectors, services
from lantoa.channels.models import (
    ChannelAccount,
    ChannelPost,
    EngagementSnapshot,
    PostEngagement,
    RecipientDelivery,
    Subscriber,
)
from lantoa.units.roles import Role

from .fake_platforms import ENGAGEMENT


@pytest.fixture
def sent(platforms, accounts, media_accounts, article, approver, units, django_capture_on_commit_callbacks, settings):
    """One post sent to each of Facebook, Zalo, YouTube (update), TikTok and SMS (two people)."""
    settings.LANTOA_CHANNELS_CHUNK_SIZE = 10
    platforms.youtube_videos["yt1"] = {"snippet": {"title": "x", "categoryId": "25"}, "channel": "UCbhxhhanoi"}
    for i in range(2):
        Subscriber.objects.create(phone=f"8490000000{i}", unit=units["hanoi"], status=Subscriber.Status.CONFIRMED)
    chosen = [accounts["facebook"], accounts["zalo"], *media_accounts.values()]
    posts = services.compose_posts(user=approver, page=article, accounts=chosen)
    by_platform = {}
    for post in posts:
        if post.account.platform == "youtube":
            ChannelPost.objects.filter(pk=post.pk).update(video_id="yt1")
        if post.account.platform == "tiktok":
            ChannelPost.objects.filter(pk=post.pk).update(image_url="https://lantoa.example/a.jpg")
        with django_capture_on_commit_callbacks(execute=True):
            services.schedule_post(user=approver, post=post)
        post.refresh_from_db()
        assert post.status == ChannelPost.Status.SENT, (post.account.platform, post.last_error)
        by_platform[post.account.platform] = post
    return by_platform


def test_the_scheduled_import_reads_each_platforms_figures_into_latest_and_daily_rows(platforms, sent):
    call_command("import_engagement", verbosity=0)

    expected = {
        "facebook": ENGAGEMENT,
        "zalo": {"reach": None, "views": 500, "reactions": None, "shares": 3, "comments": None},
        "youtube": {"reach": None, "views": 500, "reactions": 12, "shares": None, "comments": 5},
        "tiktok": {"reach": None, "views": 500, "reactions": 12, "shares": 3, "comments": 5},
        "sms": {"reach": 2, "views": None, "reactions": None, "shares": None, "comments": None},
    }
    for platform, figures in expected.items():
        engagement = PostEngagement.objects.get(post=sent[platform])
        assert {name: getattr(engagement, name) for name in PostEngagement.FIGURES} == figures, platform
        assert engagement.error == ""
    assert EngagementSnapshot.objects.filter(date=timezone.localdate()).count() == 5
    # Facebook asked exactly what the Graph API documents.
    insights = [r for r in platforms.received if r.path.endswith("/insights")]
    assert insights[0].query == {"metric": ["post_impressions_unique,post_impressions"]}
    tiktok = [r for r in platforms.received if r.path == "/tiktok/v2/video/query/"]
    assert tiktok[0].json == {"filters": {"video_ids": [platforms.tiktok_posts[0]["video_id"]]}}


def test_running_it_again_the_same_day_updates_rather_than_adds(platforms, sent):
    services.import_engagement()
    ENGAGEMENT_AFTER = {**ENGAGEMENT}
    services.import_engagement()

    assert PostEngagement.objects.count() == 5
    assert EngagementSnapshot.objects.count() == 5
    assert ENGAGEMENT_AFTER == ENGAGEMENT


def test_a_token_refused_during_import_flags_the_account_and_keeps_the_error(platforms, sent):
    platforms.fail_next("expired")  # the Facebook post's first engagement request

    counts = services.import_engagement()

    assert counts["failed"] == 1
    account = ChannelAccount.objects.get(pk=sent["facebook"].account_id)
    assert (account.status, account.alert) == (ChannelAccount.Status.REJECTED, "rejected")
    assert "expired" in PostEngagement.objects.get(post=sent["facebook"]).error
    assert PostEngagement.objects.get(post=sent["zalo"]).views == 500


def test_a_tiktok_post_that_failed_after_acceptance_is_shown_failed(platforms, sent):
    platforms.tiktok_posts[0]["failed"] = "video_pull_failed"

    services.import_engagement()

    post = ChannelPost.objects.get(pk=sent["tiktok"].pk)
    assert (post.status, post.last_error) == (ChannelPost.Status.FAILED, "video_pull_failed")


def test_engagement_totals_sum_the_units_subtree_by_platform_for_the_analytics(platforms, sent, units):
    services.import_engagement()
    today = timezone.localdate()

    totals = selectors.engagement_totals(units["centre"], today, today)

    assert totals["posts"] == 5
    assert totals["measured"] == 5
    assert totals["views"] == 500 * 4
    assert totals["reach"] == ENGAGEMENT["reach"] + 2
    assert totals["by_platform"]["facebook"]["reactions"] == ENGAGEMENT["reactions"]
    assert selectors.engagement_totals(units["hue"], today, today)["posts"] == 0
    yesterday = today - datetime.timedelta(days=1)
    assert selectors.engagement_totals(units["hanoi"], yesterday, yesterday)["posts"] == 0


def test_the_api_shows_a_posts_engagement_and_the_unit_totals_within_scope(client, platforms, sent, units, make_staff):
    services.import_engagement()
    hanoi_author = make_staff(units["hanoi"], Role.AUTHOR)
    client.force_login(hanoi_author)
    today = timezone.localdate().isoformat()

    detail = client.get(f"/api/v1/channels/posts/{sent['facebook'].pk}").json()
    assert detail["engagement"]["reactions"] == ENGAGEMENT["reactions"]
    totals = client.get("/api/v1/channels/engagement", {"unit": "01", "start": today, "end": today})
    assert totals.status_code == 200
    assert totals.json()["posts"] == 5

    hue_author = make_staff(units["hue"], Role.AUTHOR)
    client.force_login(hue_author)
    refused = client.get("/api/v1/channels/engagement", {"unit": "01", "start": today, "end": today})
    assert refused.status_code == 404
    backwards = client.get("/api/v1/channels/engagement", {"unit": "46", "start": today, "end": "2020-01-01"})
    assert backwards.status_code == 422


def test_sms_reach_counts_only_delivered_recipients(platforms, sent):
    post = sent["sms"]
    RecipientDelivery.objects.filter(post=post).first().delete()

    services.import_engagement()

    # No delivery report from this gateway: what it accepted is the best we know.
    assert PostEngagement.objects.get(post=post).reach == 1


def test_sms_reach_follows_the_gateways_delivery_reports_once_there_are_any(platforms, sent):
    post = sent["sms"]
    first, second = RecipientDelivery.objects.filter(post=post).order_by("subscriber_id")
    ref = f"{post.idempotency_key.hex}-{first.subscriber_id}"
    assert services.record_delivery_report(ref=ref, status="failed", code="EXPIRED") == "updated"

    services.import_engagement()

    # Both sent, one report (failed), the other's not in yet: nobody is known to have received it.
    assert PostEngagement.objects.get(post=post).reach == 0

    ref = f"{post.idempotency_key.hex}-{second.subscriber_id}"
    assert services.record_delivery_report(ref=ref, status="delivered") == "updated"
    services.import_engagement()

    assert PostEngagement.objects.get(post=post).reach == 1
