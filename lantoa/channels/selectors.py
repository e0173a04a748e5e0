"""Reads of channels, posts and subscribers, always scoped through lantoa.units.selectors."""

import datetime

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from lantoa.units.roles import Action
from lantoa.units.selectors import scope

from .models import ChannelAccount, ChannelPost, Subscriber


def accounts_for(user, action: Action | str = Action.VIEW) -> QuerySet[ChannelAccount]:
    return scope(ChannelAccount.objects.select_related("unit"), user, action)


def posts_for(user, action: Action | str = Action.VIEW) -> QuerySet[ChannelPost]:
    return scope(
        ChannelPost.objects.select_related("account", "account__unit"), user, action, unit_field="account__unit"
    )


def subscribers_for(user, action: Action | str = Action.VIEW) -> QuerySet[Subscriber]:
    return scope(Subscriber.objects.all(), user, action)


def accounts_needing_attention(user, *, days: int | None = None) -> QuerySet[ChannelAccount]:
    """Accounts the user reaches whose token the platform rejected or that expires within `days`."""
    days = settings.LANTOA_CHANNELS_TOKEN_WARNING_DAYS if days is None else days
    horizon = timezone.now() + datetime.timedelta(days=days)
    return (
        accounts_for(user)
        .filter(Q(status=ChannelAccount.Status.REJECTED) | Q(token_expires_at__lte=horizon))
        .exclude(status=ChannelAccount.Status.DISABLED)
    )


def due_post_ids(now: datetime.datetime | None = None) -> list[int]:
    """Posts whose (scheduled or retry) time has come; the sender re-checks each under a lock."""
    now = now or timezone.now()
    return list(
        ChannelPost.objects.filter(
            status__in=[ChannelPost.Status.SCHEDULED, ChannelPost.Status.RETRYING], next_attempt_at__lte=now
        )
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)
    )


def stalled_posts(now: datetime.datetime | None = None) -> QuerySet[ChannelPost]:
    """Posts left "sending" longer than the lease: their worker stopped between recording and finishing."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(seconds=settings.LANTOA_CHANNELS_SENDING_LEASE_SECONDS)
    # One filter() call: the started attempt must itself be older than the lease.
    return ChannelPost.objects.filter(
        status=ChannelPost.Status.SENDING, attempts__outcome="started", attempts__started_at__lt=cutoff
    ).distinct()


def newsletter_recipients(post: ChannelPost) -> QuerySet[Subscriber]:
    """Confirmed subscribers a newsletter post reaches: in its unit's subtree, its language, its target groups."""
    recipients = Subscriber.objects.filter(
        status=Subscriber.Status.CONFIRMED,
        unit__path__startswith=post.account.unit.path,
        language=post.language,
    )
    groups = list(post.target_groups.values_list("pk", flat=True))
    if groups:
        # Someone who chose no group wants everything; someone who chose some gets only those.
        recipients = recipients.filter(Q(target_groups__in=groups) | Q(target_groups__isnull=True)).distinct()
    return recipients.order_by("pk")
