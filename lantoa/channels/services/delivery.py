"""Sending one post to its account's platform exactly once: claiming it, looking before sending again,
recording the attempt's outcome (retry with back-off, or fail), recovering posts whose worker died."""

import datetime
import logging
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..adapters import (
    ErrorKind,
    Outgoing,
    PlatformError,
    adapter_for,
)
from ..models import (
    ChannelAccount,
    ChannelPost,
    DeliveryAttempt,
    DeliveryChunk,
)
from ..selectors import stalled_posts
from .campaigns import _plan_campaign
from .sending import CAMPAIGN_PLATFORMS, INTERNAL_ERROR, SENDING_STATUSES, _backoff, _reject_account, _token_of

# Ids and outcomes only: tokens, addresses and phone numbers never reach a log line.
logger = logging.getLogger(__name__)


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
        fields: dict[str, Any] = {"last_error": error.message}
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
