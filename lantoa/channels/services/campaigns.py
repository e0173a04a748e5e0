"""Newsletters and SMS campaigns: a post's audience cut into chunks, each chunk sent as its own task (one SMTP
connection, or the SMS gateway's batches), the campaign closed when its last chunk is done, the newsletter
rendered once per language, and the gateway's delivery receipts."""

import datetime
import logging
import re
import secrets
import smtplib
import urllib.parse
import uuid
from email import message_from_bytes, quoprimime
from email import policy as email_policy
from email.utils import formatdate, parseaddr

from django.conf import settings
from django.core.mail import EmailMessage as DjangoEmailMessage
from django.core.mail import get_connection
from django.core.mail.backends.smtp import EmailBackend as SmtpBackend
from django.core.mail.utils import DNS_NAME
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from lantoa.baseurl import absolute_url

from ..adapters import (
    ErrorKind,
    PlatformError,
    Sms,
    SmsGateway,
    SmtpPipeline,
    smtp_address,
)
from ..models import (
    ChannelAccount,
    ChannelPost,
    DeliveryAttempt,
    DeliveryChunk,
    DeliveryReport,
    Platform,
    RecipientDelivery,
    SmsCode,
    Subscriber,
)
from ..selectors import campaign_recipients
from .compose import sms_text
from .sending import INTERNAL_ERROR, _backoff, _reject_account, _token_of, enqueue_chunk

# Ids and outcomes only: tokens, addresses and phone numbers never reach a log line.
logger = logging.getLogger(__name__)


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
    chunks: list[DeliveryChunk] = []
    first: int | None = None  # the first id of the chunk being cut; `last` is only read once it is set
    last = count = 0
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
        # Only the SMTP backend pipelines (SmtpPipeline above), so only its socket can be cut mid-transaction.
        if not finished and isinstance(connection, SmtpBackend) and connection.connection is not None:
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
            absolute_url(reverse("channels:unsubscribe", args=[marker])).encode("idna").split(marker.encode())
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
            # django-stubs 6 types message() as Django 6's email.message.EmailMessage; Django 5.2 returns a
            # SafeMIME* whose as_bytes() takes linesep.
            raw = head.as_bytes(linesep="\r\n")  # type: ignore[call-arg]
            headers = raw.split(b"\r\n\r\n", 1)[0] + b"\r\n"
            self._rendered[language] = (headers, before, after, quoted)
        return self._rendered[language]

    def copy_for(self, subscriber: Subscriber) -> bytes:
        if subscriber.email is None:  # campaign_recipients keeps those with an address
            raise ValueError("A newsletter copy is only made for a subscriber with an email address.")
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

    # Django 5.2's message() takes no argument; django-stubs 6 describes Django 6's message(*, policy).
    def message(self):  # type: ignore[override]
        return message_from_bytes(self.content, policy=email_policy.compat32)


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
