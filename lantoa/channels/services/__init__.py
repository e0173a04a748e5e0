"""Writes of the channels app: accounts, composing and scheduling posts, sending them exactly once, subscriptions."""

import datetime
import hashlib
import hmac
import logging
import re
import secrets
import smtplib
import unicodedata
import urllib.parse
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from email import message_from_bytes, quoprimime
from email import policy as email_policy
from email.utils import formatdate, parseaddr

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage as DjangoEmailMessage
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.smtp import EmailBackend as SmtpBackend
from django.core.mail.utils import DNS_NAME
from django.db import IntegrityError, transaction
from django.db.models.functions import Length
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.models import Page

from lantoa import phones
from lantoa.baseurl import absolute_url, page_url
from lantoa.units.models import Unit
from lantoa.units.roles import Action
from lantoa.units.selectors import user_can

from .. import credentials
from ..adapters import (
    MESSAGE_BYTE_LIMITS,
    MESSAGE_LIMITS,
    TITLE_LIMITS,
    ErrorKind,
    Outgoing,
    PlatformError,
    Sms,
    SmsGateway,
    SmtpPipeline,
    adapter_for,
    smtp_address,
)
from ..models import (
    Alert,
    ChannelAccount,
    ChannelPost,
    DeliveryAttempt,
    DeliveryChunk,
    DeliveryReport,
    EngagementSnapshot,
    Platform,
    PostEngagement,
    RecipientDelivery,
    SmsCode,
    Subscriber,
)
from ..selectors import campaign_recipients, stalled_posts

# Ids and outcomes only: tokens, addresses and phone numbers never reach a log line.
logger = logging.getLogger(__name__)

MAX_BACKOFF_SECONDS = 3600
UTM_MEDIUM = {Platform.EMAIL: "email", Platform.SMS: "sms"}
TOKEN_SHAPE = re.compile(r"[\x21-\x7e]+")
# An account whose token could not be checked yet may still send: the first send is the check.
SENDING_STATUSES = frozenset({"active", "unverified"})
# Platforms whose post goes to subscribers, in chunks, rather than to one account's page.
CAMPAIGN_PLATFORMS = frozenset({Platform.EMAIL, Platform.SMS})


# ---------------------------------------------------------------- accounts


def save_account(
    *,
    user,
    unit: Unit,
    platform: str,
    name: str,
    external_id: str = "",
    secret: str | None = None,
    token_expires_at: datetime.datetime | None = None,
    account: ChannelAccount | None = None,
) -> ChannelAccount:
    """Create or change a channel account; a new `secret` replaces the stored one and clears a rejection."""
    if not user_can(user, Action.MANAGE, unit) or (account and not user_can(user, Action.MANAGE, account.unit)):
        raise PermissionDenied
    if secret and not TOKEN_SHAPE.fullmatch(secret):
        # Platforms issue tokens of plain ASCII; anything else was mistyped or pasted with surrounding text.
        raise ValidationError(
            {
                "secret": _(
                    "Mã truy cập chỉ gồm chữ không dấu, chữ số và ký hiệu, không có dấu cách: "
                    "hãy sao chép lại mã từ nền tảng."
                )
            }
        )
    account = account or ChannelAccount()
    account.unit = unit
    account.platform = platform
    account.name = name
    account.external_id = external_id
    account.token_expires_at = token_expires_at
    if secret:
        account.credentials_encrypted = credentials.encrypt(secret)
        account.credentials_hint = credentials.mask(secret)
        # Not active until the platform has accepted the token (see verify_account below).
        account.status = ChannelAccount.Status.UNVERIFIED
        account.status_message = ""
        account.alert, account.alert_since = "", None
        if token_expires_at and token_expires_at <= _warning_horizon():
            account.alert, account.alert_since = Alert.EXPIRING, timezone.now()
    if not account.credentials_encrypted and platform not in (Platform.EMAIL,):
        raise ValidationError({"secret": _("Hãy nhập mã truy cập của tài khoản.")})
    with transaction.atomic():
        account.full_clean()
        account.save()
    if secret:
        verify_account(account=account, token=secret)
    return account


# Shown beside an account whose token could not be checked, by why: a refusal tells staff to fix the token,
# anything else that the check is only postponed.
NOT_VERIFIED = gettext_lazy(
    "Chưa kiểm tra được mã với nền tảng: %(reason)s Mã sẽ được kiểm tra lại khi đăng bài đầu tiên."
)
TOKEN_REFUSED = gettext_lazy(
    "Nền tảng từ chối mã truy cập (sai, hết hạn hoặc không đủ quyền với trang/kênh này). "
    "Hãy lấy mã mới trên nền tảng rồi nhập lại. Thông báo của nền tảng: %(message)s"
)


def verify_account(*, account: ChannelAccount, token: str) -> ChannelAccount:
    """Ask the platform whether the token works: active if it does, rejected ("lỗi") if it is refused, still
    unverified if the platform cannot be asked now. A platform offering no check (e-mail, SMS) stays active."""
    adapter = adapter_for(account.platform)
    try:
        checked = adapter.check_credentials(account, token)
    except PlatformError as error:
        logger.warning(
            "channel account %s: token check failed: %s (http %s)", account.pk, error.kind, error.http_status
        )
        if error.kind in (ErrorKind.TOKEN, ErrorKind.VALIDATION):
            fields = {
                "status": ChannelAccount.Status.REJECTED,
                "status_message": (TOKEN_REFUSED % {"message": error.message})[:500],
                "alert": Alert.REJECTED,
                "alert_since": timezone.now(),
            }
        else:
            fields = {
                "status": ChannelAccount.Status.UNVERIFIED,
                "status_message": (NOT_VERIFIED % {"reason": error.message})[:500],
            }
    else:
        fields = {"status": ChannelAccount.Status.ACTIVE, "status_message": ""}
        if not checked:
            logger.info("channel account %s: %s offers no token check", account.pk, account.platform)
    ChannelAccount.objects.filter(pk=account.pk).update(**fields)
    for name, value in fields.items():
        setattr(account, name, value)
    return account


def _warning_horizon() -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=settings.LANTOA_CHANNELS_TOKEN_WARNING_DAYS)


def flag_expiring_tokens() -> int:
    """Mark accounts whose token expires within LANTOA_CHANNELS_TOKEN_WARNING_DAYS; clear the mark once renewed."""
    horizon = _warning_horizon()
    flagged = (
        ChannelAccount.objects.filter(alert="", token_expires_at__lte=horizon)
        .exclude(status=ChannelAccount.Status.DISABLED)
        .update(alert=Alert.EXPIRING, alert_since=timezone.now())
    )
    ChannelAccount.objects.filter(alert=Alert.EXPIRING).exclude(token_expires_at__lte=horizon).update(
        alert="", alert_since=None
    )
    return flagged


# ---------------------------------------------------------------- compose


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
    post.image_url = _image_url(image) if image else ""
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


def schedule_post(*, user, post: ChannelPost, scheduled_at: datetime.datetime | None = None) -> ChannelPost:
    """Publish now (no time given) or at `scheduled_at`; needs the right to publish in the post's unit."""
    if not user_can(user, Action.PUBLISH, post.account.unit):
        raise PermissionDenied
    now = timezone.now()
    if scheduled_at is not None and scheduled_at < now - datetime.timedelta(minutes=1):
        raise ValidationError({"scheduled_at": _("Thời điểm đăng đã qua.")})
    with transaction.atomic():
        post = ChannelPost.objects.select_for_update().get(pk=post.pk)
        if post.status not in (ChannelPost.Status.DRAFT, ChannelPost.Status.SCHEDULED, ChannelPost.Status.RETRYING):
            raise ValidationError(_("Bài đã gửi hoặc đang gửi."))
        # The sender name may have changed since the message was written: the stop note must still fit.
        limit = message_limit(post.account, post.language)
        if post.account.platform == Platform.SMS and len(post.message.rstrip()) > limit:
            raise ValidationError({"message": _sms_too_long(post.account, post.language, limit)})
        post.status = ChannelPost.Status.SCHEDULED
        post.scheduled_at = scheduled_at
        post.next_attempt_at = scheduled_at or now
        post.full_clean()
        post.save()
        if scheduled_at is None:
            transaction.on_commit(lambda: enqueue_post(post.pk))
    return post


def _enqueue(task, *args) -> bool:
    """Queue a task; a broker that is down must not fail the caller: `send_due_posts` queues it again later."""
    try:
        task.enqueue(*args)
    except Exception as exc:  # redis.ConnectionError, a locked database…: the row stays due
        logger.warning("could not queue %s%s: %s", task.name, args, type(exc).__name__)
        return False
    return True


def enqueue_post(post_id: int) -> bool:
    from ..tasks import publish_post

    queued = _enqueue(publish_post, post_id)
    if queued:
        ChannelPost.objects.filter(pk=post_id).update(queued_at=timezone.now())
    return queued


def enqueue_chunk(chunk_id: int) -> bool:
    from ..tasks import send_chunk

    queued = _enqueue(send_chunk, chunk_id)
    if queued:
        DeliveryChunk.objects.filter(pk=chunk_id).update(queued_at=timezone.now())
    return queued


def cancel_post(*, user, post: ChannelPost) -> ChannelPost:
    if not user_can(user, Action.PUBLISH, post.account.unit):
        raise PermissionDenied
    with transaction.atomic():
        post = ChannelPost.objects.select_for_update().get(pk=post.pk)
        if post.status not in (ChannelPost.Status.DRAFT, ChannelPost.Status.SCHEDULED, ChannelPost.Status.RETRYING):
            raise ValidationError(_("Bài đã gửi hoặc đang gửi, không huỷ được."))
        post.status = ChannelPost.Status.CANCELLED
        post.save(update_fields=["status"])
    return post


# ---------------------------------------------------------------- sending


INTERNAL_ERROR = gettext_lazy(
    "Lỗi hệ thống khi gửi (đã ghi vào nhật ký cho bộ phận kỹ thuật). Hệ thống sẽ tự gửi lại; "
    "nếu lỗi lặp lại, hãy báo bộ phận kỹ thuật."
)


def _claim(post_id: int) -> tuple[ChannelPost, DeliveryAttempt, int] | None:
    """Record the attempt and mark the post "sending" before anything leaves; None if it is not ours to send."""
    now = timezone.now()
    with transaction.atomic():
        post = (
            ChannelPost.objects.select_for_update(of=("self",))
            .select_related("account", "account__unit")
            .get(pk=post_id)
        )
        due = post.next_attempt_at is None or post.next_attempt_at <= now
        if post.status not in (ChannelPost.Status.SCHEDULED, ChannelPost.Status.RETRYING) or not due:
            return None
        previous = post.attempts.count()
        attempt = DeliveryAttempt.objects.create(post=post, number=previous + 1)
        post.status = ChannelPost.Status.SENDING
        post.save(update_fields=["status"])
    return post, attempt, previous


def send_post(*, post_id: int) -> ChannelPost:
    """Send one due post through its account's adapter, once: the heart of the publishing task."""
    claimed = _claim(post_id)
    if claimed is None:
        return ChannelPost.objects.get(pk=post_id)
    post, attempt, previous = claimed
    account = post.account
    try:
        if account.status not in SENDING_STATUSES:
            raise PlatformError(
                ErrorKind.TOKEN, account.status_message or _("Tài khoản kênh đang tạm ngừng hoặc bị từ chối.")
            )
        if account.platform in CAMPAIGN_PLATFORMS:
            # Planned into chunks, each its own task; the post is finished by the last chunk.
            _plan_campaign(post)
            post.refresh_from_db()
            return post
        platform_id, found = _send_to_platform(post, previous)
    except PlatformError as error:
        _record_failure(post, attempt, error)
    except Exception:  # a bug must not leave the post "sending" until the lease runs out
        _record_failure(post, attempt, PlatformError(ErrorKind.NETWORK, str(INTERNAL_ERROR)))
        logger.exception("channel post %s: unexpected error", post.pk)
    else:
        _record_success(post, attempt, platform_id, found=found)
    post.refresh_from_db()
    return post


def _send_to_platform(post: ChannelPost, previous_attempts: int) -> tuple[str, bool]:
    adapter = adapter_for(post.account.platform)
    token = _token_of(post.account)
    outgoing = Outgoing(
        title=post.title,
        message=post.message,
        link=post.link,
        image_url=post.image_url,
        idempotency_key=str(post.idempotency_key),
        video_url=post.video_url,
        video_id=post.video_id,
        language=post.language,
    )
    # After any earlier attempt the platform may have accepted the post without our knowing
    # (a crash, a timeout, a 5xx after the write): look before sending again.
    if previous_attempts and adapter.supports_lookup:
        existing = adapter.find(post.account, token, outgoing)
        if existing:
            return existing, True
    return adapter.publish(post.account, token, outgoing), False


def _token_of(account: ChannelAccount) -> str:
    try:
        return credentials.decrypt(account.credentials_encrypted)
    except credentials.CredentialsUnreadable as exc:
        raise PlatformError(
            ErrorKind.TOKEN, _("Không giải mã được thông tin xác thực: hãy nhập lại mã truy cập.")
        ) from exc


def _reject_account(account_id: int, message: str) -> None:
    """The platform refused the token: flag the account for its unit's staff (dashboard, channel pages)."""
    # Only an active account is flagged; a disabled one stays disabled.
    ChannelAccount.objects.filter(pk=account_id, status__in=SENDING_STATUSES).update(
        status=ChannelAccount.Status.REJECTED,
        status_message=message[:500],
        alert=Alert.REJECTED,
        alert_since=timezone.now(),
    )


def _record_success(post: ChannelPost, attempt: DeliveryAttempt, platform_id: str, *, found: bool) -> None:
    now = timezone.now()
    with transaction.atomic():
        attempt.outcome = DeliveryAttempt.Outcome.FOUND if found else DeliveryAttempt.Outcome.SENT
        attempt.finished_at = now
        attempt.http_status = None if found else 200
        attempt.save()
        ChannelPost.objects.filter(pk=post.pk).update(
            status=ChannelPost.Status.SENT, platform_post_id=platform_id[:200], sent_at=now, last_error=""
        )
        # The platform took the post: the token works.
        ChannelAccount.objects.filter(pk=post.account_id, status=ChannelAccount.Status.UNVERIFIED).update(
            status=ChannelAccount.Status.ACTIVE, status_message=""
        )
    logger.info("channel post %s sent (attempt %s, found=%s)", post.pk, attempt.number, found)


def _backoff(attempt_number: int) -> int:
    return min(settings.LANTOA_CHANNELS_RETRY_BASE_SECONDS * 2 ** (attempt_number - 1), MAX_BACKOFF_SECONDS)


def _record_failure(post: ChannelPost, attempt: DeliveryAttempt, error: PlatformError) -> None:
    now = timezone.now()
    malformed = error.kind == ErrorKind.MALFORMED and (
        post.attempts.filter(error_kind=ErrorKind.MALFORMED).count() + 1 >= settings.LANTOA_CHANNELS_MALFORMED_LIMIT
    )
    permanent = error.permanent or malformed or attempt.number >= settings.LANTOA_CHANNELS_MAX_ATTEMPTS
    with transaction.atomic():
        attempt.outcome = DeliveryAttempt.Outcome.PERMANENT if permanent else DeliveryAttempt.Outcome.TRANSIENT
        attempt.error_kind = error.kind
        attempt.http_status = error.http_status
        attempt.platform_message = error.message
        attempt.finished_at = now
        attempt.save()
        fields = {"last_error": error.message}
        if permanent:
            fields.update(status=ChannelPost.Status.FAILED, next_attempt_at=None)
        else:
            delay = max(_backoff(attempt.number), error.retry_after or 0)
            fields.update(status=ChannelPost.Status.RETRYING, next_attempt_at=now + datetime.timedelta(seconds=delay))
        ChannelPost.objects.filter(pk=post.pk).update(**fields)
        if error.kind == ErrorKind.TOKEN:
            _reject_account(post.account_id, error.message)
    logger.warning(
        "channel post %s attempt %s failed: %s (http %s, %s)",
        post.pk,
        attempt.number,
        error.kind,
        error.http_status,
        "permanent" if permanent else "will retry",
    )


def recover_stalled_posts(now: datetime.datetime | None = None) -> int:
    """Posts whose worker died mid-send go back to "retrying"; the next attempt looks before it sends."""
    count = 0
    for post in stalled_posts(now):
        with transaction.atomic():
            locked = ChannelPost.objects.select_for_update().get(pk=post.pk)
            if locked.status != ChannelPost.Status.SENDING:
                continue
            locked.attempts.filter(outcome=DeliveryAttempt.Outcome.STARTED).update(
                outcome=DeliveryAttempt.Outcome.TRANSIENT,
                error_kind=ErrorKind.NETWORK,
                platform_message=_("Tiến trình gửi dừng giữa chừng."),
                finished_at=timezone.now(),
            )
            locked.status = ChannelPost.Status.RETRYING
            locked.next_attempt_at = timezone.now()
            locked.queued_at = None
            locked.save(update_fields=["status", "next_attempt_at", "queued_at"])
            count += 1
    # A chunk whose worker died goes back to "retrying"; SMS refs and recorded recipients keep it from repeating.
    cutoff = timezone.now() - datetime.timedelta(seconds=settings.LANTOA_CHANNELS_SENDING_LEASE_SECONDS)
    count += DeliveryChunk.objects.filter(status=DeliveryChunk.Status.SENDING, claimed_at__lt=cutoff).update(
        status=DeliveryChunk.Status.RETRYING,
        next_attempt_at=timezone.now(),
        queued_at=None,
        last_error=_("Tiến trình gửi dừng giữa chừng."),
    )
    return count


# ---------------------------------------------------------------- newsletter and subscribers


def _absolute(path: str) -> str:
    return absolute_url(path)


def _plan_campaign(post: ChannelPost) -> None:
    """Cut a newsletter's or SMS campaign's audience into chunks of subscriber ids, one task each.

    The ids are streamed, never held all at once; the chunks are written in one transaction, so a
    crash leaves either none (the post is recovered and planned again) or all of them.
    """
    if post.chunks.exists():  # planned before a crash: finish what is left
        _finish_campaign_if_done(post.pk)
        return
    if post.account.platform == Platform.SMS:
        _token_of(post.account)  # a key we cannot read fails the post now, not in every chunk
    size = settings.LANTOA_CHANNELS_CHUNK_SIZE
    now = timezone.now()
    chunks, first, last, count = [], None, None, 0
    for pk in campaign_recipients(post).values_list("pk", flat=True).iterator(chunk_size=10_000):
        if first is None:
            first = pk
        last, count = pk, count + 1
        if count == size:
            chunks.append(
                DeliveryChunk(post=post, number=len(chunks) + 1, first_pk=first, last_pk=last, next_attempt_at=now)
            )
            first, count = None, 0
    if first is not None:
        chunks.append(
            DeliveryChunk(post=post, number=len(chunks) + 1, first_pk=first, last_pk=last, next_attempt_at=now)
        )
    with transaction.atomic():
        DeliveryChunk.objects.bulk_create(chunks, batch_size=1000)
    logger.info("channel post %s: %s chunks planned", post.pk, len(chunks))
    if not chunks:
        _finish_campaign_if_done(post.pk)
        return
    for chunk_id in post.chunks.values_list("pk", flat=True):
        enqueue_chunk(chunk_id)


def _claim_chunk(chunk_id: int) -> DeliveryChunk | None:
    now = timezone.now()
    with transaction.atomic():
        chunk = (
            DeliveryChunk.objects.select_for_update(of=("self",))
            .select_related("post", "post__account", "post__account__unit")
            .filter(pk=chunk_id)
            .first()
        )
        if chunk is None or chunk.status not in (DeliveryChunk.Status.PENDING, DeliveryChunk.Status.RETRYING):
            return None
        if chunk.next_attempt_at and chunk.next_attempt_at > now:
            return None
        if chunk.post.status != ChannelPost.Status.SENDING:
            return None
        chunk.status = DeliveryChunk.Status.SENDING
        chunk.claimed_at = now
        chunk.attempts += 1
        chunk.save(update_fields=["status", "claimed_at", "attempts"])
    return chunk


def send_chunk(*, chunk_id: int) -> str:
    """Send one chunk of a campaign to the recipients in it that have no recorded outcome yet."""
    chunk = _claim_chunk(chunk_id)
    if chunk is None:
        return "skipped"
    post = chunk.post
    try:
        if post.account.status != ChannelAccount.Status.ACTIVE:
            raise PlatformError(
                ErrorKind.TOKEN, post.account.status_message or _("Tài khoản kênh đang tạm ngừng hoặc bị từ chối.")
            )
        # The recorded outcomes of this chunk's range only: a NOT IN over a million rows would not fit
        # PostgreSQL's hash and run row by row.
        recorded = RecipientDelivery.objects.filter(
            post=post, subscriber_id__gte=chunk.first_pk, subscriber_id__lte=chunk.last_pk
        )
        recipients = (
            campaign_recipients(post)
            .filter(pk__gte=chunk.first_pk, pk__lte=chunk.last_pk)
            .exclude(pk__in=recorded.values("subscriber_id"))
        )
        if post.account.platform == Platform.SMS:
            _send_sms_chunk(post, recipients)
        else:
            _send_email_chunk(post, recipients)
    except PlatformError as error:
        _chunk_failed(chunk, error)
    except Exception:
        logger.exception("channel post %s chunk %s: unexpected error", post.pk, chunk.number)
        _chunk_failed(chunk, PlatformError(ErrorKind.NETWORK, str(INTERNAL_ERROR)))
    else:
        in_chunk = RecipientDelivery.objects.filter(
            post=post, subscriber_id__gte=chunk.first_pk, subscriber_id__lte=chunk.last_pk
        )
        DeliveryChunk.objects.filter(pk=chunk.pk).update(
            status=DeliveryChunk.Status.DONE,
            sent=in_chunk.filter(sent_at__isnull=False).count(),
            failed=in_chunk.filter(sent_at__isnull=True).count(),
            last_error="",
        )
    _finish_campaign_if_done(post.pk)
    return "done"


def _record_recipients(post: ChannelPost, rows: list[RecipientDelivery]) -> None:
    if rows:
        RecipientDelivery.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["post", "subscriber"],
            update_fields=["sent_at", "error", "reference"],
        )
        rows.clear()


def _send_email_chunk(post: ChannelPost, recipients) -> None:
    """One SMTP connection for the whole chunk; outcomes recorded every LANTOA_CHANNELS_EMAIL_RECORD_EVERY messages.

    The newsletter is rendered once (`_Newsletter`) and each copy is its bytes with the recipient's
    parts put in; with Django's SMTP backend the copies go through `SmtpPipeline` (one round trip a
    message), with any other backend (console, file, the tests' locmem) as Django messages.
    A crash can repeat a message to at most RECORD_EVERY people of the chunk in flight (SMTP has no
    idempotency key); everyone recorded is never mailed again (see docs/channels.md).
    """
    try:
        connection = get_connection(fail_silently=False)
        connection.open()
        newsletter = _Newsletter(post)
        if isinstance(connection, SmtpBackend) and connection.connection is not None:
            send_all = SmtpPipeline(connection.connection, sender=newsletter.from_address).send_all
        else:

            def send_all(messages):
                for item, address, content in messages:
                    yield item, bool(connection.send_messages([newsletter.django_message(address, content)]))

    except (OSError, smtplib.SMTPException) as exc:
        raise PlatformError(
            ErrorKind.NETWORK,
            _(
                "Không kết nối được máy chủ thư. Hệ thống sẽ tự gửi lại; nếu lỗi kéo dài, hãy báo bộ phận kỹ thuật "
                "kiểm tra cấu hình máy chủ thư."
            ),
        ) from exc
    pending: list[RecipientDelivery] = []
    every = settings.LANTOA_CHANNELS_EMAIL_RECORD_EVERY
    refused = _("Máy chủ thư từ chối địa chỉ.")
    copies = (
        (subscriber, subscriber.email, newsletter.copy_for(subscriber))
        for subscriber in recipients.only("pk", "email", "token", "language").iterator(chunk_size=1000)
    )
    finished = False
    try:
        for subscriber, accepted in send_all(copies):
            if accepted:
                pending.append(RecipientDelivery(post=post, subscriber=subscriber, sent_at=timezone.now()))
            else:
                pending.append(RecipientDelivery(post=post, subscriber=subscriber, error=refused))
            if len(pending) >= every:
                _record_recipients(post, pending)
        finished = True
    except (OSError, smtplib.SMTPException) as exc:
        raise PlatformError(
            ErrorKind.NETWORK, _("Máy chủ thư ngắt kết nối giữa chừng. Hệ thống sẽ tự gửi tiếp phần còn lại.")
        ) from exc
    finally:
        _record_recipients(post, pending)
        if not finished and getattr(connection, "connection", None) is not None:
            # Cut mid-transaction (pipelined commands in flight): a polite QUIT would be read as message content.
            connection.connection.close()
            connection.connection = None
        connection.close()


def _send_sms_chunk(post: ChannelPost, recipients) -> None:
    """The gateway's batch endpoint, LANTOA_CHANNELS_SMS_BATCH_SIZE messages a request.

    Each message's `ref` is the post's key and the subscriber's id: the gateway sends a ref at
    most once, so a retried batch (lost reply, crash) sends nobody a second SMS.
    """
    gateway = SmsGateway()
    token = _token_of(post.account)
    batch: list[tuple[Subscriber, Sms]] = []
    # Everyone in the campaign shares the post's language, so one text (with its stop note) for all.
    text = sms_text(post)

    def flush():
        results = gateway.send_batch(post.account, token, [sms for _sub, sms in batch])
        now = timezone.now()
        rows = [
            RecipientDelivery(
                post=post,
                subscriber=subscriber,
                sent_at=now if result.accepted else None,
                error="" if result.accepted else result.error[:500] or _("Cổng SMS từ chối tin."),
                reference=result.gateway_id,
            )
            for (subscriber, _sms), result in zip(batch, results, strict=True)
        ]
        _record_recipients(post, rows)
        batch.clear()

    for subscriber in recipients.only("pk", "phone").iterator(chunk_size=1000):
        batch.append(
            (subscriber, Sms(ref=f"{post.idempotency_key.hex}-{subscriber.pk}", to=subscriber.phone, text=text))
        )
        if len(batch) >= settings.LANTOA_CHANNELS_SMS_BATCH_SIZE:
            flush()
    if batch:
        flush()


def _chunk_failed(chunk: DeliveryChunk, error: PlatformError) -> None:
    permanent = error.permanent or chunk.attempts >= settings.LANTOA_CHANNELS_MAX_ATTEMPTS
    now = timezone.now()
    with transaction.atomic():
        if permanent:
            DeliveryChunk.objects.filter(pk=chunk.pk).update(
                status=DeliveryChunk.Status.FAILED, last_error=error.message, next_attempt_at=None
            )
            if error.permanent:
                # A refused token or content fails every chunk alike: stop the campaign here.
                chunk.post.chunks.filter(
                    status__in=[DeliveryChunk.Status.PENDING, DeliveryChunk.Status.RETRYING]
                ).update(status=DeliveryChunk.Status.FAILED, last_error=error.message, next_attempt_at=None)
        else:
            delay = max(_backoff(chunk.attempts), error.retry_after or 0)
            DeliveryChunk.objects.filter(pk=chunk.pk).update(
                status=DeliveryChunk.Status.RETRYING,
                last_error=error.message,
                next_attempt_at=now + datetime.timedelta(seconds=delay),
                queued_at=None,
            )
        ChannelPost.objects.filter(pk=chunk.post_id).update(last_error=error.message)
        if error.kind == ErrorKind.TOKEN:
            _reject_account(chunk.post.account_id, error.message)
    logger.warning(
        "channel post %s chunk %s attempt %s failed: %s (http %s, %s)",
        chunk.post_id,
        chunk.number,
        chunk.attempts,
        error.kind,
        error.http_status,
        "permanent" if permanent else "will retry",
    )


def _finish_campaign_if_done(post_id: int) -> None:
    """When no chunk is left to send, close the post's attempt: sent, or failed with the chunks' error."""
    open_states = [DeliveryChunk.Status.PENDING, DeliveryChunk.Status.SENDING, DeliveryChunk.Status.RETRYING]
    with transaction.atomic():
        post = ChannelPost.objects.select_for_update().get(pk=post_id)
        if post.status != ChannelPost.Status.SENDING or post.chunks.filter(status__in=open_states).exists():
            return
        deliveries = post.recipient_deliveries
        sent = deliveries.filter(sent_at__isnull=False).count()
        refused = deliveries.filter(sent_at__isnull=True).count()
        failed_chunk = post.chunks.filter(status=DeliveryChunk.Status.FAILED).order_by("number").first()
        summary = _("%(sent)s người nhận, %(refused)s bị từ chối") % {"sent": sent, "refused": refused}
        now = timezone.now()
        attempt = post.attempts.filter(outcome=DeliveryAttempt.Outcome.STARTED).order_by("-number").first()
        if failed_chunk is None:
            outcome, status, error = DeliveryAttempt.Outcome.SENT, ChannelPost.Status.SENT, ""
        else:
            outcome, status = DeliveryAttempt.Outcome.PERMANENT, ChannelPost.Status.FAILED
            error = _("Phần %(number)s: %(error)s") % {"number": failed_chunk.number, "error": failed_chunk.last_error}
        if attempt is not None:
            attempt.outcome = outcome
            attempt.finished_at = now
            attempt.platform_message = (error or summary)[:1000]
            attempt.save(update_fields=["outcome", "finished_at", "platform_message"])
        post.status = status
        post.platform_post_id = summary[:200]
        post.last_error = error[:1000]
        post.sent_at = now if status == ChannelPost.Status.SENT else None
        post.next_attempt_at = None
        post.save(update_fields=["status", "platform_post_id", "last_error", "sent_at", "next_attempt_at"])
    logger.info("channel post %s campaign finished: %s", post_id, status)


class _Newsletter:
    """A newsletter post rendered once per language; each recipient's copy is those bytes with its address,
    Message-ID and unsubscribe link put in (microseconds, where building a MIME message costs a millisecond).

    Headers as Django's SMTP backend writes them, plus `List-Unsubscribe` and `List-Unsubscribe-Post`
    (RFC 2369, RFC 8058: mail clients show an unsubscribe button that POSTs to the link) and
    `X-Lantoa-Post` (the post's key). The Message-ID is the post's key and the subscriber's id, so a
    copy repeated after a crash carries the same one.
    """

    def __init__(self, post: ChannelPost):
        self.post = post
        self.subject = " ".join((post.title or post.message[:80]).split())
        self.from_email = settings.DEFAULT_FROM_EMAIL
        self.from_address = parseaddr(self.from_email)[1]
        self.domain = str(DNS_NAME).encode("idna")
        self.key = post.idempotency_key.hex.encode()
        self.date = formatdate(localtime=settings.EMAIL_USE_LOCALTIME)
        # The unsubscribe link around a placeholder token, cut once: prefix + token + suffix.
        marker = secrets.token_hex(16)
        self.unsubscribe = (
            _absolute(reverse("channels:unsubscribe", args=[marker])).encode("idna").split(marker.encode())
        )
        self._marker = marker
        self._rendered: dict[str, tuple[bytes, bytes, bytes, bool]] = {}

    def _render(self, language: str) -> tuple[bytes, bytes, bytes, bool]:
        """(headers, body before the link, body after it, whether lines must be quoted-printable)."""
        if language not in self._rendered:
            post = self.post
            with translation.override(language):
                footer = _("Huỷ nhận bản tin: %(url)s") % {"url": self._marker}
            text = (
                f"{post.message}\n\n{post.link}\n\n--\n{footer}\n" if post.link else f"{post.message}\n\n--\n{footer}\n"
            )
            text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\r\n")
            before, after = (part.encode() for part in text.split(self._marker, 1))
            # SMTP lines stop at 998 bytes (RFC 5322): a longer paragraph goes quoted-printable.
            quoted = any(len(line) > 900 for line in (before + after).split(b"\r\n"))
            # Django's own headers (encoded words for the subject and sender as its SMTP backend writes them),
            # less the per-recipient ones.
            head = DjangoEmailMessage(
                subject=self.subject,
                body="",
                from_email=self.from_email,
                to=["-@-"],
                headers={
                    "Date": self.date,
                    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                    "X-Lantoa-Post": str(post.idempotency_key),
                },
            ).message()
            for name in ("To", "Message-ID", "Content-Transfer-Encoding"):
                del head[name]
            head["Content-Transfer-Encoding"] = "quoted-printable" if quoted else "8bit"
            headers = head.as_bytes(linesep="\r\n").split(b"\r\n\r\n", 1)[0] + b"\r\n"
            self._rendered[language] = (headers, before, after, quoted)
        return self._rendered[language]

    def copy_for(self, subscriber: Subscriber) -> bytes:
        headers, before, after, quoted = self._render(
            subscriber.language if subscriber.language in ("vi", "en") else "vi"
        )
        unsubscribe = self.unsubscribe[0] + urllib.parse.quote(subscriber.token, safe="").encode() + self.unsubscribe[1]
        body = before + unsubscribe + after
        if quoted:
            body = quoprimime.body_encode(body.decode("latin-1"), eol="\r\n").encode("ascii")
        return b"".join(
            (
                headers,
                b"To: ",
                smtp_address(subscriber.email).encode("ascii", "replace"),  # one the envelope refuses anyway
                b"\r\nMessage-ID: <",
                self.key,
                b".%d@" % subscriber.pk,
                self.domain,
                b">\r\nList-Unsubscribe: <",
                unsubscribe,
                b">\r\n\r\n",
                body,
            )
        )

    def django_message(self, address: str, content: bytes) -> DjangoEmailMessage:
        """The copy as a Django message, for mail backends other than SMTP (console, file, locmem in tests)."""
        return _PrebuiltEmail(content, subject=self.subject, from_email=self.from_email, to=[address])


class _PrebuiltEmail(DjangoEmailMessage):
    def __init__(self, content: bytes, **kwargs):
        self.content = content
        super().__init__(body=message_from_bytes(content, policy=email_policy.default).get_content(), **kwargs)

    def message(self):
        return message_from_bytes(self.content, policy=email_policy.compat32)


def subscribe(*, email: str, unit: Unit, language: str = "vi", target_groups: Iterable = ()) -> Subscriber:
    """Record a sign-up and mail the confirmation link (double opt-in); a confirmed address changes nothing."""
    email = email.strip().lower()
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().filter(email=email).first()
        if subscriber is not None and subscriber.status == Subscriber.Status.CONFIRMED:
            return subscriber
        subscriber = subscriber or Subscriber(email=email)
        subscriber.unit = unit
        subscriber.language = language
        subscriber.status = Subscriber.Status.PENDING
        subscriber.unsubscribed_at = None
        subscriber.full_clean()
        subscriber.save()
        subscriber.target_groups.set(target_groups)
        transaction.on_commit(lambda: _send_confirmation(subscriber))
    return subscriber


def _send_confirmation(subscriber: Subscriber) -> None:
    confirm = _absolute(reverse("channels:confirm", args=[subscriber.token]))
    with translation.override(subscriber.language if subscriber.language in ("vi", "en") else "vi"):
        subject = _("Xác nhận đăng ký nhận bản tin Lan Toả")
        body = _(
            "Bạn (hoặc ai đó) vừa đăng ký nhận bản tin bằng địa chỉ này.\n"
            "Để xác nhận, hãy mở liên kết sau:\n%(url)s\n\n"
            "Nếu không phải bạn, hãy bỏ qua thư này: bạn sẽ không nhận được gì thêm."
        ) % {"url": confirm}
    EmailMultiAlternatives(subject=subject, body=body, to=[subscriber.email]).send()


def confirm_subscription(*, token: str) -> Subscriber | None:
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().filter(token=token).first()
        if subscriber is None or subscriber.status == Subscriber.Status.UNSUBSCRIBED:
            return None
        if subscriber.status == Subscriber.Status.PENDING:
            subscriber.status = Subscriber.Status.CONFIRMED
            subscriber.confirmed_at = timezone.now()
            subscriber.save(update_fields=["status", "confirmed_at"])
    return subscriber


def unsubscribe(*, token: str) -> Subscriber | None:
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().filter(token=token).first()
        if subscriber is None:
            return None
        if subscriber.status != Subscriber.Status.UNSUBSCRIBED:
            subscriber.status = Subscriber.Status.UNSUBSCRIBED
            subscriber.unsubscribed_at = timezone.now()
            subscriber.save(update_fields=["status", "unsubscribed_at"])
    return subscriber


# ---------------------------------------------------------------- SMS subscribers


class CodeLimitReached(Exception):
    """Too many codes were sent to this phone lately (LANTOA_CHANNELS_SMS_CODES_PER_PHONE per window)."""


@dataclass(frozen=True)
class CodeCheck:
    """What entering a code did: `confirmed`, `unsubscribed`, `wrong` (with tries left), `expired`, `locked`."""

    outcome: str
    remaining: int = 0


# Replies that unsubscribe, compared without diacritics and case ("Huỷ", "HỦY", "tc").
UNSUBSCRIBE_KEYWORDS = frozenset({"TC", "HUY", "TUCHOI", "STOP"})


def subscriber_phone(raw: str) -> str:
    """A phone typed on the portal as stored and sent to the gateway: 0912 345 678 → 84912345678.

    Validation is lantoa.phones' (Vietnamese mobile numbers only, digits of any script read as ASCII).
    """
    return phones.international(phones.normalise(raw))


def sms_account_for(unit: Unit) -> ChannelAccount | None:
    """The active SMS account of the unit or, failing that, of the nearest unit above it (the centre last)."""
    return (
        ChannelAccount.objects.filter(
            platform=Platform.SMS, status=ChannelAccount.Status.ACTIVE, unit__path__in=unit.ancestor_paths()
        )
        .select_related("unit")
        .order_by(Length("unit__path").desc(), "pk")
        .first()
    )


def _code_hash(token: str, code: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), f"{token}:{code}".encode(), hashlib.sha256).hexdigest()


def request_sms_code(
    *,
    phone: str,
    purpose: str,
    unit: Unit | None = None,
    language: str = "vi",
    target_groups: Iterable = (),
) -> SmsCode:
    """Start a sign-up (purpose `subscribe`) or an unsubscription by phone; the code is texted after commit.

    `phone` is already in the stored form (`subscriber_phone`). Asking to unsubscribe a phone nobody
    subscribed gives a code row that no code matches and sends nothing, so the portal shows the same page.
    Raises CodeLimitReached when the phone had its share of codes in the window.
    """
    now = timezone.now()
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().filter(phone=phone).first()
        if purpose == SmsCode.Purpose.SUBSCRIBE:
            if unit is None or sms_account_for(unit) is None:
                raise ValidationError({"unit": _("Tỉnh, thành phố này chưa nhận đăng ký qua SMS.")})
            if subscriber is None:
                subscriber = _new_phone_subscriber(phone=phone, unit=unit, language=language)
        elif subscriber is not None and subscriber.status == Subscriber.Status.UNSUBSCRIBED:
            subscriber = None
        if subscriber is not None:
            since = now - datetime.timedelta(seconds=settings.LANTOA_CHANNELS_SMS_CODE_WINDOW)
            if subscriber.codes.filter(created_at__gte=since).count() >= settings.LANTOA_CHANNELS_SMS_CODES_PER_PHONE:
                if purpose == SmsCode.Purpose.SUBSCRIBE:
                    raise CodeLimitReached
                # Unsubscribing: answer as for a phone nobody subscribed (a code page, nothing sent), so
                # repeated requests cannot tell a subscribed phone from an unknown one.
                subscriber = None
        code = f"{secrets.randbelow(10**6):06d}"
        sms_code = SmsCode(
            purpose=purpose,
            subscriber=subscriber,
            unit=unit,
            language=language,
            expires_at=now + datetime.timedelta(minutes=settings.LANTOA_CHANNELS_SMS_CODE_MINUTES),
        )
        sms_code.code_hash = _code_hash(sms_code.token, code)
        if subscriber is not None:
            sms_code.code_encrypted = credentials.encrypt(code)
        sms_code.save()
        sms_code.target_groups.set(target_groups)
        if subscriber is not None:
            transaction.on_commit(lambda: _enqueue_code(sms_code.pk))
    return sms_code


def _new_phone_subscriber(*, phone: str, unit: Unit, language: str) -> Subscriber:
    """A pending subscriber for a phone signing up for the first time; the row, if a simultaneous sign-up of
    the same phone created it first (the unique phone index), locked and returned instead."""
    subscriber = Subscriber(phone=phone, unit=unit, language=language)
    subscriber.full_clean(validate_unique=False)
    try:
        with transaction.atomic():
            subscriber.save()
    except IntegrityError:
        return Subscriber.objects.select_for_update().get(phone=phone)
    return subscriber


def _enqueue_code(code_id: int) -> None:
    from ..tasks import send_sms_code

    _enqueue(send_sms_code, code_id)


def send_sms_code(*, code_id: int) -> str:
    """Text a code through the SMS account of the subscriber's unit (or the one above); one try, no retry.

    A code lives minutes: a person who did not get it asks again, within the per-phone limit.
    """
    sms_code = SmsCode.objects.select_related("subscriber", "subscriber__unit", "unit").filter(pk=code_id).first()
    if sms_code is None or sms_code.subscriber is None or sms_code.sent_at or not sms_code.code_encrypted:
        return "skipped"
    if sms_code.expires_at <= timezone.now() or sms_code.used_at:
        return "expired"
    subscriber = sms_code.subscriber
    account = sms_account_for(sms_code.unit or subscriber.unit)
    try:
        if account is None:
            raise PlatformError(ErrorKind.VALIDATION, _("Không có tài khoản SMS nào đang hoạt động cho đơn vị này."))
        language = sms_code.language if sms_code.language in ("vi", "en") else "vi"
        values = {
            "code": credentials.decrypt(sms_code.code_encrypted),
            "minutes": settings.LANTOA_CHANNELS_SMS_CODE_MINUTES,
        }
        with translation.override(language):
            if sms_code.purpose == SmsCode.Purpose.SUBSCRIBE:
                text = _("BHXH: mã xác nhận đăng ký nhận tin là %(code)s, dùng trong %(minutes)s phút.") % values
            else:
                text = _("BHXH: mã xác nhận huỷ nhận tin là %(code)s, dùng trong %(minutes)s phút.") % values
        [result] = SmsGateway().send_batch(
            account, _token_of(account), [Sms(ref=f"code-{sms_code.ref.hex}", to=subscriber.phone, text=text)]
        )
        if not result.accepted:
            raise PlatformError(ErrorKind.VALIDATION, result.error or _("Cổng SMS từ chối tin."))
    except (PlatformError, credentials.CredentialsUnreadable) as error:
        message = getattr(error, "message", "") or type(error).__name__
        SmsCode.objects.filter(pk=sms_code.pk).update(send_error=message[:500])
        if isinstance(error, PlatformError) and error.kind == ErrorKind.TOKEN and account is not None:
            _reject_account(account.pk, error.message)
        logger.warning("sms code %s not sent: %s", sms_code.pk, getattr(error, "kind", type(error).__name__))
        return "failed"
    # The plaintext is only needed to send it: from now on only the hash remains.
    SmsCode.objects.filter(pk=sms_code.pk).update(sent_at=timezone.now(), code_encrypted="", send_error="")
    logger.info("sms code %s sent", sms_code.pk)
    return "sent"


def check_sms_code(*, token: str, code: str) -> CodeCheck:
    """Enter a code: a right one confirms the sign-up (with the choices made then) or the unsubscription.

    Each code works once, until it expires, and allows LANTOA_CHANNELS_SMS_CODE_ATTEMPTS wrong tries.
    """
    now = timezone.now()
    limit = settings.LANTOA_CHANNELS_SMS_CODE_ATTEMPTS
    with transaction.atomic():
        sms_code = SmsCode.objects.select_for_update().filter(token=token).first()
        if sms_code is None or sms_code.used_at is not None or sms_code.expires_at <= now:
            return CodeCheck("expired")
        if sms_code.attempts >= limit:
            return CodeCheck("locked")
        right = hmac.compare_digest(_code_hash(token, code), sms_code.code_hash)
        if not right or sms_code.subscriber_id is None:
            sms_code.attempts += 1
            sms_code.save(update_fields=["attempts"])
            remaining = limit - sms_code.attempts
            return CodeCheck("wrong", remaining) if remaining else CodeCheck("locked")
        sms_code.used_at = now
        sms_code.save(update_fields=["used_at"])
        subscriber = Subscriber.objects.select_for_update().get(pk=sms_code.subscriber_id)
        if sms_code.purpose == SmsCode.Purpose.UNSUBSCRIBE:
            subscriber.status = Subscriber.Status.UNSUBSCRIBED
            subscriber.unsubscribed_at = now
            subscriber.save(update_fields=["status", "unsubscribed_at"])
            return CodeCheck("unsubscribed")
        subscriber.unit = sms_code.unit
        subscriber.language = sms_code.language
        subscriber.status = Subscriber.Status.CONFIRMED
        subscriber.confirmed_at = now
        subscriber.unsubscribed_at = None
        subscriber.full_clean()
        subscriber.save()
        subscriber.target_groups.set(sms_code.target_groups.all())
    logger.info("subscriber %s confirmed by sms code %s", subscriber.pk, sms_code.pk)
    return CodeCheck("confirmed")


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(char for char in decomposed if not unicodedata.combining(char)).upper()


def receive_sms(*, sender: str, text: str) -> str:
    """A message a subscriber sent to the brandname: an unsubscribe keyword (TC, HUỶ…) unsubscribes the sender.

    Returns `unsubscribed`, or `ignored` for any other text or a number that is not subscribed.
    """
    words = _fold(text).split()
    if not words or words[0] not in UNSUBSCRIBE_KEYWORDS:
        return "ignored"
    try:
        phone = subscriber_phone(sender)
    except ValidationError:
        return "ignored"
    changed = (
        Subscriber.objects.filter(phone=phone)
        .exclude(status=Subscriber.Status.UNSUBSCRIBED)
        .update(status=Subscriber.Status.UNSUBSCRIBED, unsubscribed_at=timezone.now())
    )
    return "unsubscribed" if changed else "ignored"


# A gateway's own vocabulary for a message that will not arrive; anything else but "delivered" is interim.
_FAILED_REPORTS = frozenset({"failed", "undelivered", "expired", "rejected"})
_CAMPAIGN_REF = re.compile(r"^([0-9a-f]{32})-([1-9][0-9]{0,17})$")
_CODE_REF = re.compile(r"^code-([0-9a-f]{32})$")


def record_delivery_report(*, ref: str, status: str, code: str = "") -> str:
    """Apply one delivery receipt: `updated`, `unchanged` (a repeat: a report is final once recorded),
    `ignored` (an interim status), `unknown` (no such message) or `pending` (the message's sending is
    not recorded yet: the gateway should report again later)."""
    status = status.lower()
    if status == "delivered":
        report = DeliveryReport.DELIVERED
    elif status in _FAILED_REPORTS:
        report = DeliveryReport.FAILED
    else:
        return "ignored"
    now = timezone.now()
    values = {"delivery_status": report, "delivery_code": code[:64] if report == DeliveryReport.FAILED else ""}
    if match := _CODE_REF.match(ref):
        codes = SmsCode.objects.filter(ref=uuid.UUID(match[1]))
        if codes.filter(delivery_status="").update(**values):
            return "updated"
        return "unchanged" if codes.exists() else "unknown"
    match = _CAMPAIGN_REF.match(ref)
    if match is None:
        return "unknown"
    rows = RecipientDelivery.objects.filter(post__idempotency_key=uuid.UUID(match[1]), subscriber_id=int(match[2]))
    # One conditional UPDATE: two receipts for one message racing each other count once.
    if rows.filter(delivery_status="").update(**values, reported_at=now):
        return "updated"
    if rows.exists():
        return "unchanged"
    post = ChannelPost.objects.filter(idempotency_key=uuid.UUID(match[1])).only("status").first()
    if post is not None and post.status == ChannelPost.Status.SENDING:
        return "pending"
    return "unknown"


# ---------------------------------------------------------------- engagement


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
                figures = adapter_for(account.platform).engagement(account, tokens[account.pk], post.platform_post_id)
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
    from ..adapters import Figures

    deliveries = post.recipient_deliveries.all()
    if post.account.platform == Platform.SMS:
        if post.account_id not in reporting:
            reporting[post.account_id] = (
                RecipientDelivery.objects.filter(post__account_id=post.account_id).exclude(delivery_status="").exists()
            )
        if reporting[post.account_id]:
            return Figures(reach=deliveries.filter(delivery_status=DeliveryReport.DELIVERED).count())
    return Figures(reach=deliveries.filter(sent_at__isnull=False).count())
