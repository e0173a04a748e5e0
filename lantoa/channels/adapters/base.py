"""What every platform adapter shares: the platforms' length limits, the error kinds a failure is sorted into
(and so what the sender does next), what a post says (`Outgoing`) and what a platform reports back (`Figures`),
one HTTP exchange (`http_request`), the `Adapter` interface and `NotYetAdapter` for platforms without one."""

import json
import logging
import os
import shutil
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from enum import StrEnum

from django.conf import settings
from django.utils.translation import gettext as _

from ..models import Platform

logger = logging.getLogger(__name__)

# Longest message each platform accepts (characters), used to trim what compose pre-fills.
# These tables are keyed by Platform members and read with the platform string an account stores: typed by str.
MESSAGE_LIMITS: dict[str, int] = {
    Platform.FACEBOOK: 63_206,
    Platform.ZALO: 2_000,
    Platform.YOUTUBE: 5_000,
    Platform.TIKTOK: 2_200,
    Platform.EMAIL: 20_000,
    # Three concatenated SMS segments of 67 UCS-2 characters: Vietnamese needs UCS-2 for its diacritics.
    Platform.SMS: 201,
}
TITLE_LIMITS: dict[str, int] = {Platform.ZALO: 150, Platform.EMAIL: 200, Platform.YOUTUBE: 100, Platform.TIKTOK: 90}
# YouTube counts its description limit in UTF-8 bytes (a Vietnamese letter with diacritics takes 2-3).
MESSAGE_BYTE_LIMITS: dict[str, int] = {Platform.YOUTUBE: 5_000}


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
    video_url: str = ""
    video_id: str = ""
    language: str = "vi"


@dataclass(frozen=True)
class Figures:
    """Engagement of one post as a platform reports it; None where the platform gives no such figure."""

    reach: int | None = None
    views: int | None = None
    reactions: int | None = None
    shares: int | None = None
    comments: int | None = None
    # A platform that publishes asynchronously (TikTok) may report later that the post failed.
    failure: str = ""


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
        # Staff read a sentence they can act on; the technical reason goes to the log, with the host only
        # (a path or query may carry an id or a token).
        logger.warning(
            "platform request to %s failed: %s", urllib.parse.urlsplit(url).netloc, getattr(exc, "reason", exc)
        )
        raise PlatformError(ErrorKind.NETWORK, network_message(exc)) from exc


def network_message(exc: BaseException) -> str:
    """What staff are told when a platform does not answer, by cause."""
    reason = getattr(exc, "reason", exc)
    if isinstance(reason, TimeoutError) or "timed out" in str(reason):
        return _("Nền tảng không trả lời kịp. Hệ thống sẽ tự gửi lại; nếu lỗi kéo dài, hãy báo bộ phận kỹ thuật.")
    if isinstance(reason, OSError) and getattr(reason, "errno", None) in (-2, -3, -5):
        return _(
            "Máy chủ Lan Toả không tìm thấy địa chỉ của nền tảng (không có mạng Internet hoặc sai cấu hình địa chỉ). "
            "Hệ thống sẽ tự gửi lại; nếu lỗi kéo dài, hãy báo bộ phận kỹ thuật kiểm tra kết nối mạng của máy chủ."
        )
    return _(
        "Không kết nối được tới nền tảng. Hệ thống sẽ tự gửi lại; nếu lỗi kéo dài, hãy báo bộ phận kỹ thuật "
        "kiểm tra kết nối mạng của máy chủ."
    )


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

    def check_credentials(self, account, token: str) -> bool:
        """Ask the platform whether `token` works for `account`: True if it does, False if this platform offers
        no way to ask; a refusal raises PlatformError (TOKEN when the token is refused)."""
        return False

    def find(self, account, token: str, outgoing: Outgoing) -> str | None:
        """The platform's id of a post already made from `outgoing`, if the platform shows one."""
        return None

    def engagement(self, account, token: str, platform_post_id: str) -> Figures | None:
        """Current figures of a sent post; None when the platform offers none."""
        return None

    def post_engagement(self, account, token: str, post) -> Figures | None:
        """Current figures of `post` (a sent ChannelPost): `engagement` of its id, unless the platform reads a video
        post elsewhere (Facebook)."""
        return self.engagement(account, token, post.platform_post_id)


def _dig(data, *keys):
    for key in keys:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


def _count(value) -> int | None:
    """A platform's figure as a whole number (YouTube sends strings); anything else is unknown."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int) and value >= 0:
        return value
    if isinstance(value, str) and value.isdigit():
        return int(value)
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


@dataclass(frozen=True)
class Downloaded:
    path: str
    size: int
    content_type: str


def download(url: str) -> Downloaded:
    """Fetch a media file (our own site's) to a temporary file, in blocks, so a large video never sits in memory."""
    request = urllib.request.Request(url, method="GET")  # noqa: S310 (our own media URLs)
    handle, path = tempfile.mkstemp(prefix="lantoa-media-")
    try:
        with (
            os.fdopen(handle, "wb") as out,
            urllib.request.urlopen(request, timeout=settings.LANTOA_CHANNELS_TIMEOUT) as response,  # noqa: S310
        ):
            content_type = response.headers.get_content_type()
            shutil.copyfileobj(response, out, 1024 * 1024)
    except (OSError, urllib.error.URLError) as exc:
        os.unlink(path)
        logger.warning(
            "media download from %s failed: %s", urllib.parse.urlsplit(url).netloc, getattr(exc, "reason", exc)
        )
        raise PlatformError(
            ErrorKind.VALIDATION,
            _(
                "Không tải được tệp video từ địa chỉ đã nhập: hãy kiểm tra địa chỉ tệp "
                "(mở được trên trình duyệt) rồi đăng lại."
            ),
        ) from exc
    return Downloaded(path=path, size=os.path.getsize(path), content_type=content_type)
