"""Engagement import: reach, views, reactions, shares and comments of recently sent posts, from each platform
(or, for newsletters and SMS, from the recorded deliveries)."""

import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ..adapters import (
    ErrorKind,
    Figures,
    PlatformError,
    adapter_for,
)
from ..models import (
    ChannelPost,
    DeliveryReport,
    EngagementSnapshot,
    Platform,
    PostEngagement,
    RecipientDelivery,
)
from .sending import CAMPAIGN_PLATFORMS, SENDING_STATUSES, _reject_account, _token_of

# Ids and outcomes only: tokens, addresses and phone numbers never reach a log line.
logger = logging.getLogger(__name__)


def import_engagement(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Fetch reach, views, reactions, shares and comments of recently sent posts from each platform.

    Keeps the latest figures (PostEngagement) and the day's snapshot (EngagementSnapshot). A refused
    token flags the account and skips its other posts; a rate limit skips the account until next run;
    other errors are kept on the post's engagement row and the import goes on.
    """
    now = now or timezone.now()
    since = now - datetime.timedelta(days=settings.LANTOA_CHANNELS_ENGAGEMENT_DAYS)
    posts = (
        ChannelPost.objects.filter(status=ChannelPost.Status.SENT, sent_at__gte=since)
        .exclude(platform_post_id="")
        .select_related("account")
        .order_by("account_id", "pk")
    )
    counts = {"imported": 0, "failed": 0, "skipped": 0}
    blocked: set[int] = set()
    tokens: dict[int, str] = {}
    reporting: dict[int, bool] = {}  # SMS account → whether its gateway sends delivery reports
    for post in posts.iterator(chunk_size=500):
        account = post.account
        if account.pk in blocked or account.status not in SENDING_STATUSES:
            counts["skipped"] += 1
            continue
        try:
            if account.platform in CAMPAIGN_PLATFORMS:
                figures = _campaign_figures(post, reporting)
            else:
                if account.pk not in tokens:
                    tokens[account.pk] = _token_of(account)
                figures = adapter_for(account.platform).post_engagement(account, tokens[account.pk], post)
        except PlatformError as error:
            counts["failed"] += 1
            if error.kind in (ErrorKind.TOKEN, ErrorKind.RATE_LIMIT):
                blocked.add(account.pk)
            if error.kind == ErrorKind.TOKEN:
                _reject_account(account.pk, error.message)
            PostEngagement.objects.update_or_create(
                post=post, defaults={"fetched_at": now, "error": error.message[:500]}
            )
            logger.warning("engagement of channel post %s: %s (http %s)", post.pk, error.kind, error.http_status)
            continue
        if figures is None:
            counts["skipped"] += 1
            continue
        if figures.failure:
            # The platform published asynchronously and now says it failed (TikTok).
            ChannelPost.objects.filter(pk=post.pk).update(status=ChannelPost.Status.FAILED, last_error=figures.failure)
            counts["failed"] += 1
            continue
        values = {name: getattr(figures, name) for name in PostEngagement.FIGURES}
        with transaction.atomic():
            PostEngagement.objects.update_or_create(post=post, defaults={**values, "fetched_at": now, "error": ""})
            EngagementSnapshot.objects.update_or_create(post=post, date=timezone.localdate(now), defaults=values)
        counts["imported"] += 1
    return counts


def _campaign_figures(post: ChannelPost, reporting: dict[int, bool]):
    """Newsletters and SMS: reach is the number of people the message was delivered to.

    For SMS that is what the gateway's delivery reports said, once the account has any (a post whose
    reports are still coming counts those that came); a gateway that sends none leaves "sent" as the
    best we know, like email.
    """
    deliveries = post.recipient_deliveries.all()
    if post.account.platform == Platform.SMS:
        if post.account_id not in reporting:
            reporting[post.account_id] = (
                RecipientDelivery.objects.filter(post__account_id=post.account_id).exclude(delivery_status="").exists()
            )
        if reporting[post.account_id]:
            return Figures(reach=deliveries.filter(delivery_status=DeliveryReport.DELIVERED).count())
    return Figures(reach=deliveries.filter(sent_at__isnull=False).count())
