"""Channel accounts: saving one (its token encrypted), checking the token with the platform, flagging tokens
about to expire."""

import datetime
import logging
import re

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lantoa.units.models import Unit
from lantoa.units.roles import Action
from lantoa.units.selectors import user_can

from .. import credentials
from ..adapters import (
    ErrorKind,
    PlatformError,
    adapter_for,
)
from ..models import (
    Alert,
    ChannelAccount,
    Platform,
)

# Ids and outcomes only: tokens, addresses and phone numbers never reach a log line.
logger = logging.getLogger(__name__)


TOKEN_SHAPE = re.compile(r"[\x21-\x7e]+")


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
