"""Composing posts and their text: drafts pre-filled from a published page within each platform's limits, the
tagged link, the stop note every campaign SMS ends with, staff's edits to a draft."""

import urllib.parse
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from wagtail.models import Page

from lantoa.baseurl import absolute_url, page_url
from lantoa.units.roles import Action
from lantoa.units.selectors import user_can

from ..adapters import (
    MESSAGE_BYTE_LIMITS,
    MESSAGE_LIMITS,
    TITLE_LIMITS,
)
from ..models import (
    ChannelAccount,
    ChannelPost,
    Platform,
)

UTM_MEDIUM: dict[str, str] = {Platform.EMAIL: "email", Platform.SMS: "sms"}
# Platforms whose adapter publishes a video file (ChannelPost.video_url).
VIDEO_PLATFORMS = frozenset({Platform.FACEBOOK, Platform.ZALO, Platform.YOUTUBE, Platform.TIKTOK})


def fits(platform: str, text: str) -> bool:
    """Whether `text` is within the platform's message limit (characters, and bytes where it counts bytes)."""
    byte_limit = MESSAGE_BYTE_LIMITS.get(platform)
    return len(text) <= MESSAGE_LIMITS[platform] and (byte_limit is None or len(text.encode()) <= byte_limit)


def sms_stop_note(account: ChannelAccount, language: str) -> str:
    """The line every campaign SMS ends with: how to stop them, in the subscribers' language.

    The keywords are those `receive_sms` acts on; the sender is the account's brandname or number.
    """
    with translation.override(language):
        if account.external_id:
            return _("Soạn TC gửi %(sender)s để ngừng nhận tin.") % {"sender": account.external_id}
        return _("Trả lời TC để ngừng nhận tin.")


def sms_text(post: ChannelPost) -> str:
    """A campaign SMS as the gateway gets it: the post's message, then the stop note on its own line."""
    return f"{post.message.rstrip()}\n{sms_stop_note(post.account, post.language)}"


def message_limit(account: ChannelAccount, language: str) -> int:
    """Characters left for what staff write: an SMS keeps room for its stop note (and the line break)."""
    limit = MESSAGE_LIMITS[account.platform]
    if account.platform == Platform.SMS:
        limit -= len(sms_stop_note(account, language)) + 1
    return limit


def _trim(text: str, limit: int, *, byte_limit: int | None = None) -> str:
    """Cut at a word boundary with an ellipsis, so a trimmed message still reads as a sentence."""
    text = text.strip()
    if len(text) > limit:
        cut = text[: limit - 1]
        if " " in cut[limit // 2 :]:
            cut = cut[: cut.rstrip().rfind(" ")]
        text = cut.rstrip(" ,.;:") + "…"
    if byte_limit is not None and len(text.encode()) > byte_limit:
        # Each character takes 1-4 bytes: shorten by at least the excess over 4, then look again.
        excess = len(text.encode()) - byte_limit
        return _trim(text, len(text) - max(excess // 4, 1), byte_limit=byte_limit)
    return text


def tagged_link(url: str, *, platform: str, campaign: str, key: str) -> str:
    """`url` with the utm_* tags analytics reads; utm_content carries the post's idempotency key."""
    parts = urllib.parse.urlsplit(url)
    query = urllib.parse.parse_qsl(parts.query)
    query = [(k, v) for k, v in query if not k.startswith("utm_")]
    query += [
        ("utm_source", platform),
        ("utm_medium", UTM_MEDIUM.get(platform, "social")),
        ("utm_campaign", campaign),
        ("utm_content", key),
    ]
    return urllib.parse.urlunsplit(parts._replace(query=urllib.parse.urlencode(query)))


def prefill(page: Page, account: ChannelAccount, post: ChannelPost) -> ChannelPost:
    """Fill `post` for `account` from a published page: title, summary, tagged link, image, within limits."""
    page = page.specific
    summary = getattr(page, "summary", "") or page.search_description or ""
    # A page with media of its own for the social platforms (a loudspeaker bulletin: its video, card and script)
    # is posted as that video with the script as caption, where the platform takes video.
    media = page.channel_media() if hasattr(page, "channel_media") else None
    if media and account.platform not in VIDEO_PLATFORMS:
        media = None
    if media:
        summary = media["caption"]
    full_url = page_url(page)
    if not full_url:
        raise ValidationError(_("Trang chưa thuộc trang web nào nên chưa có địa chỉ để chia sẻ."))
    link = tagged_link(full_url, platform=account.platform, campaign=page.slug, key=str(post.idempotency_key))
    limit = message_limit(account, page.locale.language_code)
    if account.platform == Platform.SMS:
        # The link must survive whole; the words give way.
        # With the stop note a long tagged link can leave no room for a readable title: then the link alone.
        room = limit - len(link) - 1
        message = f"{_trim(page.title, room)} {link}" if room >= 20 else link
    elif account.platform in (Platform.YOUTUBE, Platform.TIKTOK):
        # The description carries the link (YouTube and TikTok posts have no link field): keep room for it.
        room = limit - len(link) - 2
        byte_limit = MESSAGE_BYTE_LIMITS.get(account.platform)
        text = _trim(
            f"{page.title}\n\n{summary}".strip(),
            room,
            byte_limit=byte_limit - len(link.encode()) - 2 if byte_limit else None,
        )
        message = f"{text}\n\n{link}"
    else:
        message = _trim(f"{page.title}\n\n{summary}".strip(), limit)
    image = getattr(page, "lead_image", None)
    post.account = account
    post.page = page
    post.title = _trim(page.title, TITLE_LIMITS.get(account.platform, 255))
    post.message = message
    post.link = link
    post.image_url = media["image_url"] if media else _image_url(image) if image else ""
    post.video_url = media["video_url"] if media else ""
    post.language = page.locale.language_code
    return post


def _image_url(image) -> str:
    rendition = image.get_rendition("fill-1200x630")
    return absolute_url(rendition.url)


def compose_posts(*, user, page: Page, accounts: Iterable[ChannelAccount]) -> list[ChannelPost]:
    """Draft one post per account from a published page; staff edit and schedule them afterwards."""
    if not page.live:
        raise ValidationError(_("Chỉ soạn bài đăng từ trang đã xuất bản."))
    posts = []
    with transaction.atomic():
        for account in accounts:
            if not user_can(user, Action.EDIT, account.unit):
                raise PermissionDenied
            post = prefill(page, account, ChannelPost(created_by=user))
            post.full_clean()
            post.save()
            target_groups = getattr(page.specific, "target_groups", None)
            if target_groups is not None:
                post.target_groups.set(target_groups.all())
            posts.append(post)
    return posts


def update_post(
    *,
    user,
    post: ChannelPost,
    title: str,
    message: str,
    link: str,
    image_url: str,
    video_url: str | None = None,
    video_id: str | None = None,
) -> ChannelPost:
    """Staff's edits to a post that has not gone out yet, including one waiting to be retried (the retry then
    sends the corrected post; a post the platform did take is still found before sending again)."""
    if not user_can(user, Action.EDIT, post.account.unit):
        raise PermissionDenied
    if post.status not in (ChannelPost.Status.DRAFT, ChannelPost.Status.SCHEDULED, ChannelPost.Status.RETRYING):
        raise ValidationError(_("Bài đã gửi hoặc đang gửi, không sửa được nữa."))
    platform = post.account.platform
    limit = message_limit(post.account, post.language)
    if len(message) > limit:
        if platform == Platform.SMS:
            raise ValidationError({"message": _sms_too_long(post.account, post.language, limit)})
        raise ValidationError({"message": _("Nội dung dài quá %(limit)s ký tự của nền tảng.") % {"limit": limit}})
    if not fits(platform, message):
        raise ValidationError(
            {"message": _("Nội dung dài quá %(limit)s byte của nền tảng.") % {"limit": MESSAGE_BYTE_LIMITS[platform]}}
        )
    title_limit = TITLE_LIMITS.get(platform)
    if title_limit and len(title) > title_limit:
        raise ValidationError({"title": _("Tiêu đề dài quá %(limit)s ký tự của nền tảng.") % {"limit": title_limit}})
    post.title, post.message, post.link, post.image_url = title, message, link, image_url
    if video_url is not None:
        post.video_url = video_url
    if video_id is not None:
        post.video_id = video_id
    post.full_clean()
    with transaction.atomic():
        # Only the content is written, under the row's lock: a sender that has just claimed the post keeps it.
        status = ChannelPost.objects.select_for_update().values_list("status", flat=True).get(pk=post.pk)
        if status not in (ChannelPost.Status.DRAFT, ChannelPost.Status.SCHEDULED, ChannelPost.Status.RETRYING):
            raise ValidationError(_("Bài đã gửi hoặc đang gửi, không sửa được nữa."))
        post.save(update_fields=["title", "message", "link", "image_url", "video_url", "video_id"])
    return post


def _sms_too_long(account: ChannelAccount, language: str, limit: int) -> str:
    return _("Nội dung dài quá %(limit)s ký tự: mỗi tin SMS còn kèm câu “%(note)s”.") % {
        "limit": limit,
        "note": sms_stop_note(account, language),
    }
