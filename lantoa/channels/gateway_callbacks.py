"""The SMS gateway's calls to us: the signature check and the shape of delivery receipts and inbound messages.

Both are JSON POSTs signed with the shared secret LANTOA_CHANNELS_SMS_CALLBACK_SECRET:
`X-Lantoa-Timestamp: <unix seconds>` and `X-Lantoa-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">`
(docs/channels.md, "Delivery reports and replies"). Nothing here logs a phone number or a message text.
"""

import hashlib
import hmac
import json
import time
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

MAX_BODY_BYTES = 256 * 1024
MAX_REPORTS = 1000


class CallbackRefused(Exception):
    """The request is not answered: `status` is the HTTP status to reply with."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True)
class Receipt:
    ref: str
    status: str
    code: str


def signature(body: bytes, timestamp: str, secret: str) -> str:
    """The signature header's value for `body` sent at `timestamp` (what the gateway, or its proxy, computes)."""
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def authenticated_json(request) -> dict:
    """The request's JSON object once its size, timestamp and signature pass; else CallbackRefused."""
    secret = settings.LANTOA_CHANNELS_SMS_CALLBACK_SECRET
    if not secret:
        raise CallbackRefused(403, _("Chưa cấu hình khoá bí mật cho cổng SMS."))
    length = request.META.get("CONTENT_LENGTH") or "0"
    if not (length.isascii() and length.isdigit()) or int(length) > MAX_BODY_BYTES:
        raise CallbackRefused(413, _("Nội dung quá lớn."))
    body = request.body
    if len(body) > MAX_BODY_BYTES:
        raise CallbackRefused(413, _("Nội dung quá lớn."))
    timestamp = request.headers.get("X-Lantoa-Timestamp", "")
    given = request.headers.get("X-Lantoa-Signature", "")
    fresh = (
        timestamp.isascii()
        and timestamp.isdigit()
        and len(timestamp) <= 12
        and abs(time.time() - int(timestamp)) <= settings.LANTOA_CHANNELS_SMS_CALLBACK_TOLERANCE
    )
    # A replayed request outside the window fails like a forged one.
    # compare_digest refuses non-ASCII text with a TypeError: such a header is simply not our signature.
    if not fresh or not given.isascii() or not hmac.compare_digest(signature(body, timestamp, secret), given):
        raise CallbackRefused(403, _("Chữ ký không hợp lệ."))
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise CallbackRefused(400, _("Nội dung không phải JSON.")) from exc
    if not isinstance(data, dict):
        raise CallbackRefused(400, _("Nội dung không đúng định dạng."))
    return data


def _text(item: dict, key: str, limit: int, *, required: bool = True) -> str:
    value = item.get(key, "")
    if not isinstance(value, str | int) or isinstance(value, bool) or (required and value == ""):
        raise CallbackRefused(400, _("Trường “%(field)s” thiếu hoặc không hợp lệ.") % {"field": key})
    value = str(value)
    if len(value) > limit:
        raise CallbackRefused(400, _("Trường “%(field)s” quá dài.") % {"field": key})
    return value


def delivery_receipts(data: dict) -> list[Receipt]:
    """`{"reports": [{"ref", "status", "code"?, "id"?}, …]}` → receipts; CallbackRefused (400) if malformed."""
    reports = data.get("reports")
    if not isinstance(reports, list) or not reports or len(reports) > MAX_REPORTS:
        raise CallbackRefused(400, _("Cần danh sách “reports” từ 1 đến %(limit)s mục.") % {"limit": MAX_REPORTS})
    receipts = []
    for item in reports:
        if not isinstance(item, dict):
            raise CallbackRefused(400, _("Mỗi mục của “reports” phải là một đối tượng."))
        receipts.append(
            Receipt(
                ref=_text(item, "ref", 100),
                status=_text(item, "status", 32),
                code=_text(item, "code", 200, required=False)[:64],
            )
        )
    return receipts


def inbound_message(data: dict) -> tuple[str, str]:
    """`{"from": "84912345678", "text": "TC", …}` → (sender, text); CallbackRefused (400) if malformed."""
    return _text(data, "from", 20), _text(data, "text", 1600, required=False)
