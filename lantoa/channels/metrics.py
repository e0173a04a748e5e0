"""Indicators computed from channels: posts sent to social platforms by a unit's accounts, and their reach."""

from django.db.models import Count, Sum

from lantoa.metrics import (
    Indicator,
    batch,
    local_days,
    over_ranges,
    over_ranges_together,
    provider,
    range_totals,
    ranges_totals,
    subtree_totals,
)

from .models import ChannelPost, Platform, PostEngagement

SOCIAL_PLATFORMS = (Platform.FACEBOOK, Platform.ZALO, Platform.YOUTUBE, Platform.TIKTOK)


def _sent(start, end):
    return ChannelPost.objects.filter(
        local_days("sent_at", start, end), status=ChannelPost.Status.SENT, account__platform__in=SOCIAL_PLATFORMS
    )


def _engagement(start, end):
    # The platforms' latest reach of each post sent in the period, as last imported; a post without figures adds 0.
    return PostEngagement.objects.filter(
        local_days("post__sent_at", start, end),
        post__status=ChannelPost.Status.SENT,
        post__account__platform__in=SOCIAL_PLATFORMS,
    )


@provider(Indicator.SOCIAL_POSTS)
def social_posts(unit, start, end) -> int:
    return _sent(start, end).filter(account__unit__path__startswith=unit.path).count()


@batch(social_posts)
def social_posts_many(units, start, end):
    return subtree_totals(units, _sent(start, end), "account__unit__path")


@provider(Indicator.SOCIAL_REACH)
def social_reach(unit, start, end) -> int:
    engagement = _engagement(start, end).filter(post__account__unit__path__startswith=unit.path)
    return engagement.aggregate(total=Sum("reach"))["total"] or 0


@batch(social_reach)
def social_reach_many(units, start, end):
    return subtree_totals(units, _engagement(start, end), "post__account__unit__path", Sum("reach"))


@over_ranges(social_posts)
def social_posts_ranges(unit, ranges):
    return range_totals(_sent, unit, ranges, "sent_at", "account__unit__path")


@over_ranges(social_reach)
def social_reach_ranges(unit, ranges):
    return range_totals(_engagement, unit, ranges, "post__sent_at", "post__account__unit__path", Sum("reach"))


@over_ranges_together(social_posts, social_reach)
def social_ranges(unit, ranges):
    # The posts with their latest figures (one each, or none: reach adds 0), in one query.
    values = {Indicator.SOCIAL_POSTS: Count("pk"), Indicator.SOCIAL_REACH: Sum("engagement__reach")}
    return ranges_totals(_sent, unit, ranges, "sent_at", "account__unit__path", values)
