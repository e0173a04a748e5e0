"""The demo's distribution channels: a Facebook page and a Zalo Official Account for the centre and for Hà Nội,
recent articles posted on them and the engagement each post earned. Everything goes through the channels app's
services and adapters, against the local stand-in for the platforms the tests use (no network, no real tokens);
afterwards the accounts are paused: their tokens work only with the stand-in."""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.test import override_settings
from django.utils import timezone
from wagtail.models import Page

from lantoa.channels import services as channels
from lantoa.channels.models import ChannelAccount, ChannelPost, Platform
from lantoa.channels.tests.fake_platforms import GOOD_TOKENS, FakePlatformServer
from lantoa.units.models import Unit

TOKENS = {Platform.FACEBOOK: "EAAG-page-token-1234", Platform.ZALO: "zalo-oa-token-5678"}
# (unit code, the unit's manager, its approver, account names, how many recent articles it shares)
OWNERS = [
    ("VSS", "trunguong.quantri", "trunguong.pheduyet", "Bảo hiểm xã hội Việt Nam", 8),
    ("01", "hanoi.quantri", "hanoi.pheduyet", "BHXH Thành phố Hà Nội", 5),
]
SUFFIX = " (mẫu)"
PAUSED = "Tài khoản mẫu, chỉ đăng được lên nền tảng giả lập: hãy nhập mã truy cập thật của trang để đăng bài."


@dataclass
class ChannelsResult:
    accounts: int = 0
    posts: int = 0
    engagement: int = 0


def figures(post_id: str) -> dict:
    """Plausible engagement of one post, the same every time for the same post: a few thousand people reached,
    a few percent of them reacting, fewer sharing or commenting."""
    seed = int(hashlib.sha256(post_id.encode()).hexdigest()[:8], 16)
    reach = 600 + seed % 5400
    return {
        "reach": reach,
        "views": round(reach * (1.3 + (seed >> 8) % 60 / 100)),
        "reactions": round(reach * (0.02 + (seed >> 12) % 40 / 1000)),
        "shares": round(reach * (0.003 + (seed >> 16) % 10 / 1000)),
        "comments": round(reach * (0.002 + (seed >> 20) % 8 / 1000)),
    }


def _articles(unit: Unit, count: int) -> list[Page]:
    from lantoa.content.models import ArticlePage

    home = Page.objects.filter(locale__language_code="vi", depth=2).first()
    pages = ArticlePage.objects.live().filter(locale__language_code="vi")
    if unit.level == Unit.Level.CENTRE:
        # The centre's own articles sit right under the home page, not in a unit's part of the tree.
        pages = pages.child_of(home) if home else pages.none()
    else:
        unit_page = Page.objects.filter(locale__language_code="vi", title__endswith=unit.name, depth=3).first()
        pages = pages.descendant_of(unit_page) if unit_page else pages.none()
    return list(pages.order_by("-first_published_at", "pk")[:count])


def load_channels(*, now: datetime.datetime | None = None) -> ChannelsResult:
    result = ChannelsResult()
    if ChannelAccount.objects.filter(name__endswith=SUFFIX).exists():
        return result  # loaded before: the demo's posts and their figures are there
    now = now or timezone.now()
    users = get_user_model().objects.in_bulk([name for owner in OWNERS for name in owner[1:3]], field_name="username")
    with FakePlatformServer() as state:
        state.figures = figures
        assert set(TOKENS.values()) <= GOOD_TOKENS
        with override_settings(
            LANTOA_CHANNELS_FACEBOOK_URL=f"{state.url}/graph",
            LANTOA_CHANNELS_ZALO_URL=f"{state.url}/zalo",
            LANTOA_CHANNELS_TIMEOUT=5,
        ):
            for code, manager, approver, name, count in OWNERS:
                unit = Unit.objects.filter(code=code).first()
                if unit is None or manager not in users or approver not in users:
                    continue
                accounts = [
                    channels.save_account(
                        user=users[manager],
                        unit=unit,
                        platform=platform,
                        name=f"{name}{SUFFIX}",
                        external_id=f"{external}{unit.code}",
                        secret=TOKENS[platform],
                    )
                    for platform, external in ((Platform.FACEBOOK, "1000"), (Platform.ZALO, "2891"))
                ]
                result.accounts += len(accounts)
                for n, page in enumerate(_articles(unit, count)):
                    posts = channels.compose_posts(user=users[approver], page=page, accounts=accounts)
                    for post in posts:
                        channels.schedule_post(user=users[approver], post=post)
                        # What the worker does with a due post; the worker later finds it sent and leaves it.
                        channels.send_post(post_id=post.pk)
                        # The demo's posts went out over the past weeks, one article every few days.
                        ChannelPost.objects.filter(pk=post.pk, status=ChannelPost.Status.SENT).update(
                            sent_at=now - datetime.timedelta(days=3 * n + 1, hours=n % 5)
                        )
                        result.posts += 1
            result.engagement = channels.import_engagement(now=now)["imported"]
    # Outside the loader the accounts would talk to the real platforms with tokens only the stand-in accepts:
    # paused, so the hourly engagement import skips them instead of flagging them as refused.
    ChannelAccount.objects.filter(name__endswith=SUFFIX).update(
        status=ChannelAccount.Status.DISABLED, status_message=PAUSED
    )
    return result
