"""Writes of the channels app: accounts, composing and scheduling posts, sending them exactly once, subscriptions."""

import datetime
import logging
import smtplib
import urllib.parse
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.models import Page

from lantoa.units.models import Unit
from lantoa.units.roles import Action
from lantoa.units.selectors import user_can

from . import credentials
from .adapters import MESSAGE_LIMITS, TITLE_LIMITS, ErrorKind, Outgoing, PlatformError, adapter_for
from .models import ChannelAccount, ChannelPost, DeliveryAttempt, Platform, RecipientDelivery, Subscriber
from .selectors import newsletter_recipients, stalled_posts

# Ids and outcomes only: tokens, addresses and phone numbers never reach a log line.
logger = logging.getLogger(__name__)

MAX_BACKOFF_SECONDS = 3600
UTM_MEDIUM = {Platform.EMAIL: "email", Platform.SMS: "sms"}


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
    account = account or ChannelAccount()
    account.unit = unit
    account.platform = platform
    account.name = name
    account.external_id = external_id
    account.token_expires_at = token_expires_at
    if secret:
        account.credentials_encrypted = credentials.encrypt(secret)
        account.credentials_hint = credentials.mask(secret)
        account.status = ChannelAccount.Status.ACTIVE
        account.status_message = ""
    if not account.credentials_encrypted and platform not in (Platform.EMAIL,):
        raise ValidationError({"secret": _("Hãy nhập mã truy cập của tài khoản.")})
    with transaction.atomic():
        account.full_clean()
        account.save()
    return account


# ---------------------------------------------------------------- compose


def _trim(text: str, limit: int) -> str:
    """Cut at a word boundary with an ellipsis, so a trimmed message still reads as a sentence."""
    text = text.strip()
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rstrip().rfind(" ")]
    return cut.rstrip(" ,.;:") + "…"


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
    if not page.full_url:
        raise ValidationError(_("Trang chưa thuộc trang web nào nên chưa có địa chỉ để chia sẻ."))
    link = tagged_link(page.full_url, platform=account.platform, campaign=page.slug, key=str(post.idempotency_key))
    limit = MESSAGE_LIMITS[account.platform]
    if account.platform == Platform.SMS:
        # The link must survive whole; the words give way.
        message = f"{_trim(page.title, max(limit - len(link) - 1, 20))} {link}"
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
    url = rendition.url
    return url if url.startswith("http") else f"{settings.WAGTAILADMIN_BASE_URL.rstrip('/')}{url}"


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


def update_post(*, user, post: ChannelPost, title: str, message: str, link: str, image_url: str) -> ChannelPost:
    """Staff's edits to a post that has not gone out yet."""
    if not user_can(user, Action.EDIT, post.account.unit):
        raise PermissionDenied
    if post.status not in (ChannelPost.Status.DRAFT, ChannelPost.Status.SCHEDULED):
        raise ValidationError(_("Bài đã gửi hoặc đang gửi, không sửa được nữa."))
    limit = MESSAGE_LIMITS[post.account.platform]
    if len(message) > limit:
        raise ValidationError({"message": _("Nội dung dài quá %(limit)s ký tự của nền tảng.") % {"limit": limit}})
    post.title, post.message, post.link, post.image_url = title, message, link, image_url
    with transaction.atomic():
        post.full_clean()
        post.save()
    return post


def schedule_post(*, user, post: ChannelPost, scheduled_at: datetime.datetime | None = None) -> ChannelPost:
    """Publish now (no time given) or at `scheduled_at`; needs the right to publish in the post's unit."""
    if not user_can(user, Action.PUBLISH, post.account.unit):
        raise PermissionDenied
    now = timezone.now()
    if scheduled_at is not None and scheduled_at < now - datetime.timedelta(minutes=1):
        raise ValidationError({"scheduled_at": _("Thời điểm đăng đã qua.")})
    with transaction.atomic():
        post = ChannelPost.objects.select_for_update().get(pk=post.pk)
        if post.status not in (ChannelPost.Status.DRAFT, ChannelPost.Status.SCHEDULED):
            raise ValidationError(_("Bài đã gửi hoặc đang gửi."))
        post.status = ChannelPost.Status.SCHEDULED
        post.scheduled_at = scheduled_at
        post.next_attempt_at = scheduled_at or now
        post.full_clean()
        post.save()
        if scheduled_at is None:
            from .tasks import publish_post

            transaction.on_commit(lambda: publish_post.enqueue(post.pk))
    return post


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
        if account.status != ChannelAccount.Status.ACTIVE:
            raise PlatformError(
                ErrorKind.TOKEN, account.status_message or _("Tài khoản kênh đang tạm ngừng hoặc bị từ chối.")
            )
        if account.platform == Platform.EMAIL:
            platform_id = _send_newsletter(post)
            found = False
        else:
            platform_id, found = _send_to_platform(post, previous)
    except PlatformError as error:
        _record_failure(post, attempt, error)
    except Exception as exc:  # a bug must not leave the post "sending" until the lease runs out
        _record_failure(
            post, attempt, PlatformError(ErrorKind.NETWORK, _("Lỗi nội bộ: %(error)s") % {"error": type(exc).__name__})
        )
        logger.exception("channel post %s: unexpected error", post.pk)
    else:
        _record_success(post, attempt, platform_id, found=found)
    post.refresh_from_db()
    return post


def _send_to_platform(post: ChannelPost, previous_attempts: int) -> tuple[str, bool]:
    adapter = adapter_for(post.account.platform)
    try:
        token = credentials.decrypt(post.account.credentials_encrypted)
    except credentials.CredentialsUnreadable as exc:
        raise PlatformError(
            ErrorKind.TOKEN, _("Không giải mã được thông tin xác thực: hãy nhập lại mã truy cập.")
        ) from exc
    outgoing = Outgoing(
        title=post.title,
        message=post.message,
        link=post.link,
        image_url=post.image_url,
        idempotency_key=str(post.idempotency_key),
    )
    # After any earlier attempt the platform may have accepted the post without our knowing
    # (a crash, a timeout, a 5xx after the write): look before sending again.
    if previous_attempts and adapter.supports_lookup:
        existing = adapter.find(post.account, token, outgoing)
        if existing:
            return existing, True
    return adapter.publish(post.account, token, outgoing), False


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
            # Only a rejection by the platform flags the account; a disabled one stays disabled.
            ChannelAccount.objects.filter(pk=post.account_id, status=ChannelAccount.Status.ACTIVE).update(
                status=ChannelAccount.Status.REJECTED, status_message=error.message[:500]
            )
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
            locked.save(update_fields=["status", "next_attempt_at"])
            count += 1
    return count


# ---------------------------------------------------------------- newsletter and subscribers


def _absolute(path: str) -> str:
    return f"{settings.WAGTAILADMIN_BASE_URL.rstrip('/')}{path}"


def _send_newsletter(post: ChannelPost) -> str:
    """Mail the post to each recipient not yet sent to; each one is recorded as soon as the server accepts it.

    A crash between the server's acceptance and that record can repeat one message to one person;
    nobody else gets a second copy (see docs/channels.md).
    """
    done = set(post.recipient_deliveries.filter(sent_at__isnull=False).values_list("subscriber_id", flat=True))
    sent = len(done)
    try:
        connection = get_connection(fail_silently=False)
        connection.open()
    except (OSError, smtplib.SMTPException) as exc:
        raise PlatformError(
            ErrorKind.NETWORK, _("Không kết nối được máy chủ thư: %(error)s") % {"error": type(exc).__name__}
        ) from exc
    try:
        for subscriber in newsletter_recipients(post).iterator(chunk_size=500):
            if subscriber.pk in done:
                continue
            delivery, _created = RecipientDelivery.objects.get_or_create(post=post, subscriber=subscriber)
            try:
                _newsletter_message(post, subscriber, connection).send()
            except smtplib.SMTPRecipientsRefused:
                delivery.error = _("Máy chủ thư từ chối địa chỉ.")
                delivery.save(update_fields=["error"])
                continue
            except (OSError, smtplib.SMTPException) as exc:
                raise PlatformError(
                    ErrorKind.NETWORK, _("Máy chủ thư ngắt kết nối: %(error)s") % {"error": type(exc).__name__}
                ) from exc
            delivery.sent_at = timezone.now()
            delivery.error = ""
            delivery.save(update_fields=["sent_at", "error"])
            sent += 1
    finally:
        connection.close()
    return _("%(count)s người nhận") % {"count": sent}


def _newsletter_message(post: ChannelPost, subscriber: Subscriber, connection) -> EmailMultiAlternatives:
    unsubscribe = _absolute(reverse("channels:unsubscribe", args=[subscriber.token]))
    with translation.override(subscriber.language if subscriber.language in ("vi", "en") else "vi"):
        footer = _("Huỷ nhận bản tin: %(url)s") % {"url": unsubscribe}
    body = f"{post.message}\n\n{post.link}\n\n--\n{footer}\n" if post.link else f"{post.message}\n\n--\n{footer}\n"
    return EmailMultiAlternatives(
        subject=post.title or post.message[:80],
        body=body,
        to=[subscriber.email],
        connection=connection,
        headers={
            # RFC 2369 and RFC 8058: mail clients show an unsubscribe button that POSTs to this URL.
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "X-Lantoa-Post": str(post.idempotency_key),
        },
    )


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
