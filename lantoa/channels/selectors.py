"""Reads of channels, posts and subscribers, always scoped through lantoa.units.selectors."""

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from lantoa.units.models import Unit
from lantoa.units.roles import Action
from lantoa.units.selectors import path_q, request_cache, scope, scope_paths

from .models import (
    ChannelAccount,
    ChannelPost,
    DeliveryChunk,
    DeliveryReport,
    EngagementFigures,
    Platform,
    RecipientDelivery,
    SmsCode,
    Subscriber,
)


def accounts_for(user, action: Action | str = Action.VIEW) -> QuerySet[ChannelAccount]:
    return scope(ChannelAccount.objects.select_related("unit"), user, action)


def posts_for(user, action: Action | str = Action.VIEW) -> QuerySet[ChannelPost]:
    return scope(
        ChannelPost.objects.select_related("account", "account__unit"), user, action, unit_field="account__unit"
    )


def subscribers_for(user, action: Action | str = Action.VIEW) -> QuerySet[Subscriber]:
    return scope(Subscriber.objects.all(), user, action)


def _needs_attention(days: int | None = None) -> Q:
    days = settings.LANTOA_CHANNELS_TOKEN_WARNING_DAYS if days is None else days
    horizon = timezone.now() + datetime.timedelta(days=days)
    return (Q(alert__gt="") | Q(status=ChannelAccount.Status.REJECTED) | Q(token_expires_at__lte=horizon)) & ~Q(
        status=ChannelAccount.Status.DISABLED
    )


def accounts_needing_attention(user, *, days: int | None = None) -> QuerySet[ChannelAccount]:
    """Accounts the user reaches whose token the platform rejected or that expires within `days`."""
    return accounts_for(user).filter(_needs_attention(days))


def account_summary(user) -> dict[str, int]:
    """How many accounts `user` reaches that need attention (`alerts`) and may post with (`editable`): what the
    admin menu and the page header show on every screen, read once a request in one query."""
    cache = request_cache(user)
    if "_lantoa_channel_accounts" not in cache:
        edit = scope_paths(user, Action.EDIT)
        counts = {"alerts": Count("pk", filter=_needs_attention())}
        if edit is None:
            counts["editable"] = Count("pk")
        elif edit:
            counts["editable"] = Count("pk", filter=path_q(edit, "unit__path"))
        summary = accounts_for(user).aggregate(**counts)  # no query when the user reaches no unit
        summary.setdefault("editable", 0)
        cache["_lantoa_channel_accounts"] = summary
    return cache["_lantoa_channel_accounts"]


def _not_queued_lately(now: datetime.datetime) -> Q:
    # A task queued lately is still on its way (or in a backlog); one queued long ago was lost (broker restart).
    requeue = now - datetime.timedelta(seconds=settings.LANTOA_CHANNELS_REQUEUE_SECONDS)
    return Q(queued_at__isnull=True) | Q(queued_at__lt=requeue)


def due_post_ids(now: datetime.datetime | None = None) -> list[int]:
    """Posts whose (scheduled or retry) time has come; the sender re-checks each under a lock."""
    now = now or timezone.now()
    return list(
        ChannelPost.objects.filter(
            status__in=[ChannelPost.Status.SCHEDULED, ChannelPost.Status.RETRYING], next_attempt_at__lte=now
        )
        .filter(_not_queued_lately(now))
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)
    )


def due_chunk_ids(now: datetime.datetime | None = None) -> list[int]:
    """Campaign chunks waiting for (another) try whose time has come."""
    now = now or timezone.now()
    return list(
        DeliveryChunk.objects.filter(
            status__in=[DeliveryChunk.Status.PENDING, DeliveryChunk.Status.RETRYING],
            next_attempt_at__lte=now,
            post__status=ChannelPost.Status.SENDING,
        )
        .filter(_not_queued_lately(now))
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)
    )


def stalled_posts(now: datetime.datetime | None = None) -> QuerySet[ChannelPost]:
    """Posts left "sending" longer than the lease: their worker stopped between recording and finishing."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(seconds=settings.LANTOA_CHANNELS_SENDING_LEASE_SECONDS)
    # One filter() call: the started attempt must itself be older than the lease.
    # Campaigns are excluded once planned: their chunks are recovered one by one instead.
    return (
        ChannelPost.objects.filter(
            status=ChannelPost.Status.SENDING, attempts__outcome="started", attempts__started_at__lt=cutoff
        )
        .exclude(chunks__isnull=False)
        .distinct()
    )


def campaign_recipients(post: ChannelPost) -> QuerySet[Subscriber]:
    """Confirmed subscribers a newsletter or SMS post reaches: in its unit's subtree, its language, its target groups,
    with an address (email) or a phone number (SMS)."""
    recipients = Subscriber.objects.filter(
        status=Subscriber.Status.CONFIRMED,
        unit__path__startswith=post.account.unit.path,
        language=post.language,
    )
    if post.account.platform == Platform.SMS:
        recipients = recipients.filter(phone__isnull=False)
    else:
        recipients = recipients.filter(email__isnull=False)
    groups = list(post.target_groups.values_list("pk", flat=True))
    if groups:
        # Someone who chose no group wants everything; someone who chose some gets only those.
        recipients = recipients.filter(
            Q(pk__in=Subscriber.target_groups.through.objects.filter(targetgroup_id__in=groups).values("subscriber_id"))
            | ~Q(pk__in=Subscriber.target_groups.through.objects.values("subscriber_id"))
        )
    return recipients.order_by("pk")


def delivery_counts(post: ChannelPost) -> dict[str, int]:
    """A campaign's recipients: `sent` (accepted by the gateway or the mail server), `refused`, and for SMS what
    the gateway's delivery receipts said: `delivered`, `undelivered`, `awaiting` (sent, no receipt yet)."""
    sent = Q(sent_at__isnull=False)
    counts = RecipientDelivery.objects.filter(post=post).aggregate(
        recipients=Count("pk"),
        sent=Count("pk", filter=sent),
        delivered=Count("pk", filter=Q(delivery_status=DeliveryReport.DELIVERED)),
        undelivered=Count("pk", filter=Q(delivery_status=DeliveryReport.FAILED)),
        awaiting=Count("pk", filter=sent & Q(delivery_status="")),
    )
    return {**counts, "refused": counts["recipients"] - counts["sent"]}


def sms_code_purpose(token: str) -> str | None:
    """What the portal's code page at `token` is for (sign-up or unsubscription); None for no such page."""
    if len(token) > 64:
        return None
    return SmsCode.objects.filter(token=token).values_list("purpose", flat=True).first()


# The newsletter's name before SMS campaigns shared it.
newsletter_recipients = campaign_recipients


def calendar_posts(user, start: datetime.datetime, end: datetime.datetime) -> QuerySet[ChannelPost]:
    """Posts the user may see that go out (scheduled, retrying) or went out (sent, failed) in [start, end)."""
    when = Coalesce("sent_at", "next_attempt_at", "scheduled_at")
    return (
        posts_for(user)
        .exclude(status__in=[ChannelPost.Status.DRAFT, ChannelPost.Status.CANCELLED])
        .annotate(when=when)
        .filter(when__gte=start, when__lt=end)
        .order_by("when", "account__platform", "pk")
    )


def engagement_totals(unit: Unit, start: datetime.date, end: datetime.date) -> dict:
    """Engagement of the posts sent by `unit` and the units below it between `start` and `end` (dates, inclusive).

    For the analytics dashboards and reports: the latest imported figures of each post, summed, in all
    and per platform. `posts` counts the sent posts, `measured` those with imported figures; a figure
    no platform reported stays 0. Used by lantoa/analytics (keep the keys stable).
    """
    tz = timezone.get_current_timezone()
    since = datetime.datetime.combine(start, datetime.time.min, tzinfo=tz)
    until = datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz)
    posts = ChannelPost.objects.filter(
        path_q([unit.path], "account__unit__path"),
        status=ChannelPost.Status.SENT,
        sent_at__gte=since,
        sent_at__lt=until,
    )
    sums = {name: Coalesce(Sum(f"engagement__{name}"), 0) for name in EngagementFigures.FIGURES}
    # The stubs type a row with the literal annotations only, not the **sums: read it as a mapping.
    rows: Iterable[Mapping[str, Any]] = (
        posts.values("account__platform")
        .annotate(posts=Count("pk"), measured=Count("engagement"), **sums)
        .order_by("account__platform")
    )
    keys = ("posts", "measured", *EngagementFigures.FIGURES)
    total = dict.fromkeys(keys, 0)
    by_platform = {}
    for row in rows:
        figures = {key: row[key] for key in keys}
        by_platform[row["account__platform"]] = figures
        for key in keys:
            total[key] += figures[key]
    return {**total, "by_platform": by_platform}
