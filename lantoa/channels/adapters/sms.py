"""SMS: the gateway's batch endpoint (`SmsGateway`) and what goes in and comes back."""

import json
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from .base import (
    ErrorKind,
    PlatformError,
    _json,
    _retry_after,
    http_request,
)


@dataclass(frozen=True)
class Sms:
    ref: str  # our reference: the gateway sends a ref at most once (idempotency)
    to: str  # international form without "+", e.g. 84912345678
    text: str


@dataclass(frozen=True)
class SmsResult:
    ref: str
    accepted: bool
    gateway_id: str
    error: str


class SmsGateway:
    """A brandname SMS gateway's JSON batch API (docs/channels.md, "SMS gateway"):
    POST {base}/v1/sms/batch with the API key as a bearer token; one result per message, by `ref`;
    a `ref` seen before is not sent again and answers `duplicate`."""

    def _base(self) -> str:
        base = settings.LANTOA_CHANNELS_SMS_URL.rstrip("/")
        if not base:
            raise PlatformError(ErrorKind.VALIDATION, _("Chưa cấu hình cổng SMS (LANTOA_CHANNELS_SMS_URL)."))
        return base

    def send_batch(self, account, token: str, messages: list[Sms]) -> list[SmsResult]:
        payload = {
            "brandname": account.external_id,
            "unicode": any(not m.text.isascii() for m in messages),
            "messages": [{"ref": m.ref, "to": m.to, "text": m.text} for m in messages],
        }
        reply = http_request(
            "POST",
            f"{self._base()}/v1/sms/batch",
            body=json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode(),
            headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json; charset=utf-8"},
        )
        if reply.status == 429:
            raise PlatformError(
                ErrorKind.RATE_LIMIT,
                _("Cổng SMS giới hạn tần suất gửi."),
                http_status=429,
                retry_after=_retry_after(reply.headers),
            )
        data = _json(reply)
        message = str(data.get("message") or _("Lỗi không rõ (HTTP %(status)s).") % {"status": reply.status})
        if reply.status == 401:
            raise PlatformError(ErrorKind.TOKEN, message, http_status=401)
        if reply.status >= 500:
            raise PlatformError(ErrorKind.SERVER, message, http_status=reply.status)
        if reply.status >= 400:
            raise PlatformError(ErrorKind.VALIDATION, message, http_status=reply.status)
        results = data.get("results")
        if data.get("code") != "00" or not isinstance(results, list):
            raise PlatformError(
                ErrorKind.MALFORMED, _("Nền tảng trả lời không đúng định dạng."), http_status=reply.status
            )
        by_ref = {r.get("ref"): r for r in results if isinstance(r, dict)}
        out = []
        for sms in messages:
            result = by_ref.get(sms.ref)
            if result is None or result.get("status") not in ("accepted", "duplicate", "rejected"):
                raise PlatformError(
                    ErrorKind.MALFORMED, _("Cổng SMS không trả kết quả cho mọi tin."), http_status=reply.status
                )
            accepted = result["status"] in ("accepted", "duplicate")
            out.append(SmsResult(sms.ref, accepted, str(result.get("id") or "")[:64], str(result.get("error") or "")))
        return out
