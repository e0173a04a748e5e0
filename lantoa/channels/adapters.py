"""Adapters that speak each platform's HTTP API and sort its failures into what the sender should do next."""

import json
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from enum import StrEnum

from django.conf import settings
from django.utils.translation import gettext as _

from .models import Platform

# Longest message each platform accepts (characters), used to trim what compose pre-fills.
MESSAGE_LIMITS = {
    Platform.FACEBOOK: 63_206,
    Platform.ZALO: 2_000,
    Platform.YOUTUBE: 5_000,
    Platform.TIKTOK: 2_200,
    Platform.EMAIL: 20_000,
    # Three concatenated SMS segments of 67 UCS-2 characters: Vietnamese needs UCS-2 for its diacritics.
    Platform.SMS: 201,
}
TITLE_LIMITS = {Platform.ZALO: 150, Platform.EMAIL: 200}
ZALO_DESCRIPTION_LIMIT = 300
ZALO_AUTHOR_LIMIT = 50


class ErrorKind(StrEnum):
    TOKEN = "token"  # noqa: S105 (not a secret) expired or invalid credentials: permanent, account flagged
    RATE_LIMIT = "rate_limit"  # transient, honour Retry-After
    SERVER = "server"  # 5xx: transient
    NETWORK = "network"  # no answer: transient
    MALFORMED = "malformed"  # a reply we cannot read: transient, permanent after a few
    VALIDATION = "validation"  # the platform refused the content: permanent, with its message
    UNSUPPORTED = "unsupported"  # no adapter can publish here yet: permanent


PERMANENT_KINDS = frozenset({ErrorKind.TOKEN, ErrorKind.VALIDATION, ErrorKind.UNSUPPORTED})


class PlatformError(Exception):
    def __init__(
        self, kind: ErrorKind, message: str, *, http_status: int | None = None, retry_after: int | None = None
    ):
        super().__init__(message)
        self.kind = kind
        self.message = message[:1000]
        self.http_status = http_status
        self.retry_after = retry_after

    @property
    def permanent(self) -> bool:
        return self.kind in PERMANENT_KINDS


@dataclass(frozen=True)
class Outgoing:
    """What a post says, as an adapter sends it."""

    title: str
    message: str
    link: str
    image_url: str
    idempotency_key: str


@dataclass(frozen=True)
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes


def _retry_after(headers: dict[str, str]) -> int | None:
    value = headers.get("retry-after", "")
    return int(value) if value.strip().isdigit() else None


def http_request(method: str, url: str, *, body: bytes | None = None, headers: dict[str, str] | None = None) -> Reply:
    """One HTTP exchange; a missing answer becomes a transient PlatformError. Never logs the request."""
    request = urllib.request.Request(url, data=body, method=method, headers=headers or {})  # noqa: S310 (configured https URLs)
    try:
        with urllib.request.urlopen(request, timeout=settings.LANTOA_CHANNELS_TIMEOUT) as response:  # noqa: S310
            return Reply(response.status, {k.lower(): v for k, v in response.headers.items()}, response.read())
    except urllib.error.HTTPError as exc:
        return Reply(exc.code, {k.lower(): v for k, v in exc.headers.items()}, exc.read())
    except (TimeoutError, urllib.error.URLError, ConnectionError) as exc:
        reason = getattr(exc, "reason", exc)
        raise PlatformError(
            ErrorKind.NETWORK, _("Không kết nối được tới nền tảng: %(reason)s") % {"reason": reason}
        ) from exc


def _json(reply: Reply) -> dict:
    try:
        data = json.loads(reply.body)
    except ValueError:
        data = None
    if not isinstance(data, dict):
        if reply.status >= 500:
            raise PlatformError(ErrorKind.SERVER, _("Nền tảng gặp lỗi máy chủ."), http_status=reply.status)
        raise PlatformError(ErrorKind.MALFORMED, _("Nền tảng trả lời không đúng định dạng."), http_status=reply.status)
    return data


class Adapter:
    platform: str = ""
    # Whether `find` can tell that a post already exists on the platform (see docs/channels.md).
    supports_lookup = False

    def publish(self, account, token: str, outgoing: Outgoing) -> str:
        """Send the post; return the platform's id for it, or raise PlatformError."""
        raise NotImplementedError

    def find(self, account, token: str, outgoing: Outgoing) -> str | None:
        """The platform's id of a post already made from `outgoing`, if the platform shows one."""
        return None


class FacebookPageAdapter(Adapter):
    """Graph API: POST /{page-id}/feed with message, link and the page access token."""

    platform = Platform.FACEBOOK
    supports_lookup = True
    TOKEN_CODES = frozenset({102, 190})
    RATE_LIMIT_CODES = frozenset({4, 17, 32, 341, 613})

    def _base(self) -> str:
        return settings.LANTOA_CHANNELS_FACEBOOK_URL.rstrip("/")

    def _raise_for(self, reply: Reply, data: dict) -> None:
        error = data.get("error")
        if reply.status < 400 and not error:
            return
        error = error if isinstance(error, dict) else {}
        code = error.get("code")
        message = str(error.get("message") or _("Lỗi không rõ (HTTP %(status)s).") % {"status": reply.status})
        if code in self.TOKEN_CODES or (error.get("type") == "OAuthException" and reply.status == 401):
            raise PlatformError(ErrorKind.TOKEN, message, http_status=reply.status)
        if code in self.RATE_LIMIT_CODES or reply.status == 429:
            raise PlatformError(
                ErrorKind.RATE_LIMIT, message, http_status=reply.status, retry_after=_retry_after(reply.headers)
            )
        if reply.status >= 500 or error.get("is_transient"):
            raise PlatformError(ErrorKind.SERVER, message, http_status=reply.status)
        raise PlatformError(ErrorKind.VALIDATION, message, http_status=reply.status)

    def publish(self, account, token: str, outgoing: Outgoing) -> str:
        fields = [("message", outgoing.message)]
        if outgoing.link:
            fields.append(("link", outgoing.link))
        fields.append(("access_token", token))
        reply = http_request(
            "POST",
            f"{self._base()}/{urllib.parse.quote(account.external_id)}/feed",
            body=urllib.parse.urlencode(fields).encode(),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        data = _json(reply)
        self._raise_for(reply, data)
        post_id = data.get("id")
        if not isinstance(post_id, str) or not post_id:
            raise PlatformError(ErrorKind.MALFORMED, _("Nền tảng không trả về mã bài đăng."), http_status=reply.status)
        return post_id

    def find(self, account, token: str, outgoing: Outgoing) -> str | None:
        # The page's latest posts; ours carries its idempotency key in the link (utm_content).
        if not outgoing.link:
            return None
        query = urllib.parse.urlencode({"fields": "id,link", "limit": 25})
        reply = http_request(
            "GET",
            f"{self._base()}/{urllib.parse.quote(account.external_id)}/feed?{query}",
            headers={"Authorization": f"Bearer {token}"},
        )
        data = _json(reply)
        self._raise_for(reply, data)
        for item in data.get("data") or []:
            if isinstance(item, dict) and item.get("link") == outgoing.link and item.get("id"):
                return str(item["id"])
        return None


class ZaloArticleAdapter(Adapter):
    """Zalo Official Account API: POST /article/create with the OA access token in the `access_token` header."""

    platform = Platform.ZALO
    supports_lookup = True
    TOKEN_CODES = frozenset({-216, -124, -155})
    RATE_LIMIT_CODES = frozenset({-32})

    def _base(self) -> str:
        return settings.LANTOA_CHANNELS_ZALO_URL.rstrip("/")

    def _check(self, reply: Reply) -> dict:
        if reply.status == 429:
            raise PlatformError(
                ErrorKind.RATE_LIMIT,
                _("Nền tảng giới hạn tần suất gửi."),
                http_status=429,
                retry_after=_retry_after(reply.headers),
            )
        data = _json(reply)
        if reply.status >= 500:
            raise PlatformError(ErrorKind.SERVER, str(data.get("message") or ""), http_status=reply.status)
        code = data.get("error")
        if code == 0:
            return data
        message = str(data.get("message") or _("Lỗi không rõ (mã %(code)s).") % {"code": code})
        if not isinstance(code, int):
            raise PlatformError(
                ErrorKind.MALFORMED, _("Nền tảng trả lời không đúng định dạng."), http_status=reply.status
            )
        if code in self.TOKEN_CODES:
            raise PlatformError(ErrorKind.TOKEN, message, http_status=reply.status)
        if code in self.RATE_LIMIT_CODES:
            raise PlatformError(
                ErrorKind.RATE_LIMIT, message, http_status=reply.status, retry_after=_retry_after(reply.headers)
            )
        raise PlatformError(ErrorKind.VALIDATION, message, http_status=reply.status)

    def article(self, account, outgoing: Outgoing) -> dict:
        body = [{"type": "text", "content": outgoing.message}]
        if outgoing.link:
            body.append({"type": "text", "content": outgoing.link})
        article = {
            "type": "normal",
            "title": outgoing.title[: TITLE_LIMITS[Platform.ZALO]],
            "author": account.name[:ZALO_AUTHOR_LIMIT],
            "description": outgoing.message[:ZALO_DESCRIPTION_LIMIT],
            "body": body,
            "tracking_link": outgoing.link,
            "status": "show",
            "comment": "show",
        }
        if outgoing.image_url:
            article["cover"] = {"cover_type": "photo", "photo_url": outgoing.image_url, "status": "show"}
        return article

    def publish(self, account, token: str, outgoing: Outgoing) -> str:
        reply = http_request(
            "POST",
            f"{self._base()}/article/create",
            body=json.dumps(self.article(account, outgoing), ensure_ascii=False).encode(),
            headers={"Content-Type": "application/json", "access_token": token},
        )
        data = self._check(reply)
        token_or_id = (data.get("data") or {}).get("token") if isinstance(data.get("data"), dict) else None
        if not token_or_id:
            raise PlatformError(ErrorKind.MALFORMED, _("Nền tảng không trả về mã bài đăng."), http_status=reply.status)
        return str(token_or_id)

    def find(self, account, token: str, outgoing: Outgoing) -> str | None:
        # The OA's latest articles; ours is the one whose tracking link carries our idempotency key.
        if not outgoing.link:
            return None
        query = urllib.parse.urlencode({"offset": 0, "limit": 20, "type": "normal"})
        reply = http_request("GET", f"{self._base()}/article/getslice?{query}", headers={"access_token": token})
        data = self._check(reply)
        medias = (data.get("data") or {}).get("medias") if isinstance(data.get("data"), dict) else None
        for item in medias or []:
            if isinstance(item, dict) and item.get("tracking_link") == outgoing.link and item.get("id"):
                return str(item["id"])
        return None


class NotYetAdapter(Adapter):
    """A platform whose API offers no way to publish a link post; staff post there by hand for now."""

    def __init__(self, platform: str):
        self.platform = platform

    def publish(self, account, token: str, outgoing: Outgoing) -> str:
        raise PlatformError(
            ErrorKind.UNSUPPORTED,
            _("Chưa hỗ trợ đăng tự động lên %(platform)s; hãy đăng thủ công.")
            % {"platform": Platform(self.platform).label},
        )


def adapter_for(platform: str) -> Adapter:
    if platform == Platform.FACEBOOK:
        return FacebookPageAdapter()
    if platform == Platform.ZALO:
        return ZaloArticleAdapter()
    return NotYetAdapter(platform)
