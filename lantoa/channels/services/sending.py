"""Getting a post out: scheduling and cancelling it, queueing the tasks that send posts and campaign chunks,
reading an account's token, flagging a refused one, and the back-off between tries."""

import datetime
import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lantoa.units.roles import Action
from lantoa.units.selectors import user_can

from .. import credentials
from ..adapters import (
    ErrorKind,
    PlatformError,
)
from ..models import (
    Alert,
    ChannelAccount,
    ChannelPost,
    DeliveryChunk,
    Platform,
)
from .compose import _sms_too_long, message_limit

# Ids and outcomes only: tokens, addresses and phone numbers never reach a log line.
logger = logging.getLogger(__name__)


MAX_BACKOFF_SECONDS = 3600
# An account whose token could not be checked yet may still send: the first send is the check.
SENDING_STATUSES = frozenset({"active", "unverified"})
# Platforms whose post goes to subscribers, in chunks, rather than to one account's page.
CAMPAIGN_PLATFORMS = frozenset({Platform.EMAIL, Platform.SMS})


INTERNAL_ERROR = gettext_lazy(
    "Lỗi hệ thống khi gửi (đã ghi vào nhật ký cho bộ phận kỹ thuật). Hệ thống sẽ tự gửi lại; "
    "nếu lỗi lặp lại, hãy báo bộ phận kỹ thuật."
)


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
    """Queue the task that sends the post and note when; False (the post stays due) if the broker is down."""
    from ..tasks import publish_post

    queued = _enqueue(publish_post, post_id)
    if queued:
        ChannelPost.objects.filter(pk=post_id).update(queued_at=timezone.now())
    return queued


def enqueue_chunk(chunk_id: int) -> bool:
    """Queue the task that sends one campaign chunk and note when; False if the broker is down."""
    from ..tasks import send_chunk

    queued = _enqueue(send_chunk, chunk_id)
    if queued:
        DeliveryChunk.objects.filter(pk=chunk_id).update(queued_at=timezone.now())
    return queued


def cancel_post(*, user, post: ChannelPost) -> ChannelPost:
    """Cancel a post that has not gone out yet; needs the right to publish in the post's unit."""
    if not user_can(user, Action.PUBLISH, post.account.unit):
        raise PermissionDenied
    with transaction.atomic():
        post = ChannelPost.objects.select_for_update().get(pk=post.pk)
        if post.status not in (ChannelPost.Status.DRAFT, ChannelPost.Status.SCHEDULED, ChannelPost.Status.RETRYING):
            raise ValidationError(_("Bài đã gửi hoặc đang gửi, không huỷ được."))
        post.status = ChannelPost.Status.CANCELLED
        post.save(update_fields=["status"])
    return post


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


def _backoff(attempt_number: int) -> int:
    return min(settings.LANTOA_CHANNELS_RETRY_BASE_SECONDS * 2 ** (attempt_number - 1), MAX_BACKOFF_SECONDS)
