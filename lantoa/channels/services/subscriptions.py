"""Subscribers: email sign-up with double opt-in, confirmation and unsubscription; SMS sign-up and
unsubscription confirmed by a texted code; replies that unsubscribe by keyword."""

import datetime
import hashlib
import hmac
import logging
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models.functions import Length
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from lantoa import phones
from lantoa.baseurl import absolute_url
from lantoa.folding import fold
from lantoa.units.models import Unit

from .. import credentials
from ..adapters import (
    ErrorKind,
    PlatformError,
    Sms,
    SmsGateway,
)
from ..models import (
    ChannelAccount,
    Platform,
    SmsCode,
    Subscriber,
)
from .sending import _enqueue, _reject_account, _token_of

# Ids and outcomes only: tokens, addresses and phone numbers never reach a log line.
logger = logging.getLogger(__name__)


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
    if subscriber.email is None:
        raise ValueError("Only a subscriber by email is sent a confirmation email.")
    confirm = absolute_url(reverse("channels:confirm", args=[subscriber.token]))
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
    if subscriber.phone is None:  # codes are only made for a subscriber found or created by phone
        return "skipped"
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
        if sms_code.unit is None:
            raise ValueError("A sign-up code always carries the unit chosen (request_sms_code checks it).")
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


def receive_sms(*, sender: str, text: str) -> str:
    """A message a subscriber sent to the brandname: an unsubscribe keyword (TC, HUỶ…) unsubscribes the sender.

    Returns `unsubscribed`, or `ignored` for any other text or a number that is not subscribed.
    """
    words = fold(text).upper().split()
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
