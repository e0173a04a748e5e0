"""Adapters that speak each platform's HTTP API and sort its failures into what the sender should do next."""

import json
import logging
import os
import re
import shutil
import smtplib
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar

from django.conf import settings
from django.utils.translation import gettext as _

from ..models import Platform

T = TypeVar("T")
logger = logging.getLogger(__name__)

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
TITLE_LIMITS = {Platform.ZALO: 150, Platform.EMAIL: 200, Platform.YOUTUBE: 100, Platform.TIKTOK: 90}
# YouTube counts its description limit in UTF-8 bytes (a Vietnamese letter with diacritics takes 2-3).
MESSAGE_BYTE_LIMITS = {Platform.YOUTUBE: 5_000}
# YouTube refuses angle brackets in titles and descriptions.
YOUTUBE_FORBIDDEN = str.maketrans({"<": "‹", ">": "›"})
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

    def check_credentials(self, account, token: str) -> bool:
        # Reading one post of the page's feed needs a valid page token.
        query = urllib.parse.urlencode({"fields": "id", "limit": 1})
        reply = http_request(
            "GET",
            f"{self._base()}/{urllib.parse.quote(account.external_id)}/feed?{query}",
            headers={"Authorization": f"Bearer {token}"},
        )
        self._raise_for(reply, _json(reply))
        return True

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

    def engagement(self, account, token: str, platform_post_id: str) -> Figures:
        # Counts on the post itself, then the page insights (reach = unique impressions).
        headers = {"Authorization": f"Bearer {token}"}
        post_url = f"{self._base()}/{urllib.parse.quote(platform_post_id)}"
        query = urllib.parse.urlencode({"fields": self.ENGAGEMENT_FIELDS})
        reply = http_request("GET", f"{post_url}?{query}", headers=headers)
        data = _json(reply)
        self._raise_for(reply, data)
        query = urllib.parse.urlencode({"metric": "post_impressions_unique,post_impressions"})
        reply = http_request("GET", f"{post_url}/insights?{query}", headers=headers)
        insights = _json(reply)
        self._raise_for(reply, insights)
        metrics = {}
        for item in insights.get("data") or []:
            values = item.get("values") if isinstance(item, dict) else None
            if values and isinstance(values[-1], dict):
                metrics[item.get("name")] = _count(values[-1].get("value"))
        return Figures(
            reach=metrics.get("post_impressions_unique"),
            views=metrics.get("post_impressions"),
            reactions=_count(_dig(data, "reactions", "summary", "total_count")),
            shares=_count(_dig(data, "shares", "count")) or 0,
            comments=_count(_dig(data, "comments", "summary", "total_count")),
        )

    ENGAGEMENT_FIELDS = "shares,comments.limit(0).summary(true),reactions.limit(0).summary(true)"


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

    def check_credentials(self, account, token: str) -> bool:
        query = urllib.parse.urlencode({"offset": 0, "limit": 1, "type": "normal"})
        self._check(http_request("GET", f"{self._base()}/article/getslice?{query}", headers={"access_token": token}))
        return True

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

    def engagement(self, account, token: str, platform_post_id: str) -> Figures:
        # The article's detail carries its view and share counters; Zalo gives no reach or reactions here.
        query = urllib.parse.urlencode({"id": platform_post_id})
        reply = http_request("GET", f"{self._base()}/article/getdetail?{query}", headers={"access_token": token})
        data = self._check(reply).get("data")
        if not isinstance(data, dict):
            raise PlatformError(ErrorKind.MALFORMED, _("Nền tảng trả lời không đúng định dạng."), http_status=200)
        return Figures(
            views=_count(data.get("total_view")),
            shares=_count(data.get("total_share")),
            comments=_count(data.get("total_comment")),
        )


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
    adapters = {
        Platform.FACEBOOK: FacebookPageAdapter,
        Platform.ZALO: ZaloArticleAdapter,
        Platform.YOUTUBE: YouTubeAdapter,
        Platform.TIKTOK: TikTokAdapter,
    }
    if platform in adapters:
        return adapters[platform]()
    return NotYetAdapter(platform)


# ---------------------------------------------------------------- YouTube


class YouTubeAdapter(Adapter):
    """YouTube Data API v3. It has no link or community post: a post either uploads a video
    (`videos.insert`, resumable upload) or rewrites the title and description of a video already on
    the channel (`videos.update`), the description carrying the message and the tagged link."""

    platform = Platform.YOUTUBE
    supports_lookup = True
    RATE_REASONS = frozenset({"quotaExceeded", "rateLimitExceeded", "userRateLimitExceeded", "dailyLimitExceeded"})
    CATEGORY_NEWS = "25"  # News & Politics

    def _base(self) -> str:
        return settings.LANTOA_CHANNELS_YOUTUBE_URL.rstrip("/")

    def _upload_base(self) -> str:
        return settings.LANTOA_CHANNELS_YOUTUBE_UPLOAD_URL.rstrip("/")

    def _check(self, reply: Reply) -> dict:
        if reply.status < 400:
            return _json(reply)
        try:
            data = json.loads(reply.body)
        except ValueError:
            data = None
        error = data.get("error") if isinstance(data, dict) else None
        error = error if isinstance(error, dict) else {}
        reasons = {e.get("reason") for e in error.get("errors") or [] if isinstance(e, dict)}
        message = str(error.get("message") or _("Lỗi không rõ (HTTP %(status)s).") % {"status": reply.status})
        if reply.status == 401 or "authError" in reasons:
            raise PlatformError(ErrorKind.TOKEN, message, http_status=reply.status)
        if reply.status == 429 or reasons & self.RATE_REASONS:
            raise PlatformError(
                ErrorKind.RATE_LIMIT, message, http_status=reply.status, retry_after=_retry_after(reply.headers)
            )
        if reply.status >= 500:
            raise PlatformError(ErrorKind.SERVER, message, http_status=reply.status)
        if not error:
            raise PlatformError(
                ErrorKind.MALFORMED, _("Nền tảng trả lời không đúng định dạng."), http_status=reply.status
            )
        raise PlatformError(ErrorKind.VALIDATION, message, http_status=reply.status)

    @staticmethod
    def snippet(outgoing: Outgoing) -> dict:
        description = outgoing.message
        if outgoing.link and outgoing.link not in description:
            description = f"{description}\n\n{outgoing.link}"
        return {
            "title": outgoing.title.translate(YOUTUBE_FORBIDDEN)[: TITLE_LIMITS[Platform.YOUTUBE]],
            "description": description.translate(YOUTUBE_FORBIDDEN),
            "defaultLanguage": outgoing.language,
        }

    def publish(self, account, token: str, outgoing: Outgoing) -> str:
        if outgoing.video_id:
            return self._update(token, outgoing)
        if outgoing.video_url:
            return self._insert(token, outgoing)
        raise PlatformError(
            ErrorKind.VALIDATION,
            _("YouTube chỉ đăng video: hãy gắn tệp video hoặc mã một video có sẵn trên kênh."),
        )

    def _update(self, token: str, outgoing: Outgoing) -> str:
        headers = {"Authorization": f"Bearer {token}"}
        query = urllib.parse.urlencode({"part": "snippet", "id": outgoing.video_id})
        current = self._check(http_request("GET", f"{self._base()}/videos?{query}", headers=headers))
        items = current.get("items")
        if not isinstance(items, list):
            raise PlatformError(ErrorKind.MALFORMED, _("Nền tảng trả lời không đúng định dạng."), http_status=200)
        if not items:
            raise PlatformError(ErrorKind.VALIDATION, _("Không có video %(id)s trên kênh.") % {"id": outgoing.video_id})
        existing = items[0].get("snippet") or {}
        # videos.update replaces the whole snippet: keep the category and tags the video has.
        snippet = {**self.snippet(outgoing), "categoryId": existing.get("categoryId") or self.CATEGORY_NEWS}
        if existing.get("tags"):
            snippet["tags"] = existing["tags"]
        body = json.dumps({"id": outgoing.video_id, "snippet": snippet}, ensure_ascii=False).encode()
        reply = http_request(
            "PUT",
            f"{self._base()}/videos?part=snippet",
            body=body,
            headers={**headers, "Content-Type": "application/json; charset=UTF-8"},
        )
        data = self._check(reply)
        if data.get("id") != outgoing.video_id:
            raise PlatformError(ErrorKind.MALFORMED, _("Nền tảng không trả về mã bài đăng."), http_status=reply.status)
        return outgoing.video_id

    def _insert(self, token: str, outgoing: Outgoing) -> str:
        video = download(outgoing.video_url)
        try:
            metadata = {
                "snippet": {**self.snippet(outgoing), "categoryId": self.CATEGORY_NEWS},
                "status": {"privacyStatus": "public", "selfDeclaredMadeForKids": False},
            }
            reply = http_request(
                "POST",
                f"{self._upload_base()}/videos?uploadType=resumable&part=snippet,status",
                body=json.dumps(metadata, ensure_ascii=False).encode(),
                headers={
                    "Authorization": f"Bearer {token}",
                    "Content-Type": "application/json; charset=UTF-8",
                    "X-Upload-Content-Type": video.content_type,
                    "X-Upload-Content-Length": str(video.size),
                },
            )
            if reply.status >= 400:
                self._check(reply)
            session = reply.headers.get("location")
            if not session:
                raise PlatformError(
                    ErrorKind.MALFORMED, _("Nền tảng không trả về địa chỉ tải lên."), http_status=reply.status
                )
            with open(video.path, "rb") as stream:
                reply = http_request(
                    "PUT",
                    session,
                    body=stream,
                    headers={"Content-Type": video.content_type, "Content-Length": str(video.size)},
                )
            data = self._check(reply)
        finally:
            os.unlink(video.path)
        if not isinstance(data.get("id"), str) or not data["id"]:
            raise PlatformError(ErrorKind.MALFORMED, _("Nền tảng không trả về mã bài đăng."), http_status=reply.status)
        return data["id"]

    def check_credentials(self, account, token: str) -> bool:
        query = urllib.parse.urlencode({"part": "id", "mine": "true"})
        self._check(
            http_request("GET", f"{self._base()}/channels?{query}", headers={"Authorization": f"Bearer {token}"})
        )
        return True

    def find(self, account, token: str, outgoing: Outgoing) -> str | None:
        # An update is idempotent by itself; an upload is found in the channel's uploads playlist
        # ("UU" + the channel id after "UC") by the tagged link in its description.
        if outgoing.video_id:
            return None
        if not outgoing.link or not account.external_id.startswith("UC"):
            return None
        playlist = "UU" + account.external_id[2:]
        query = urllib.parse.urlencode({"part": "snippet", "playlistId": playlist, "maxResults": 25})
        data = self._check(
            http_request("GET", f"{self._base()}/playlistItems?{query}", headers={"Authorization": f"Bearer {token}"})
        )
        for item in data.get("items") or []:
            snippet = item.get("snippet") if isinstance(item, dict) else None
            if isinstance(snippet, dict) and outgoing.link in str(snippet.get("description") or ""):
                video_id = _dig(snippet, "resourceId", "videoId")
                if video_id:
                    return str(video_id)
        return None

    def engagement(self, account, token: str, platform_post_id: str) -> Figures:
        query = urllib.parse.urlencode({"part": "statistics", "id": platform_post_id})
        data = self._check(
            http_request("GET", f"{self._base()}/videos?{query}", headers={"Authorization": f"Bearer {token}"})
        )
        items = data.get("items")
        if not isinstance(items, list) or not items or not isinstance(items[0].get("statistics"), dict):
            raise PlatformError(ErrorKind.MALFORMED, _("Nền tảng trả lời không đúng định dạng."), http_status=200)
        stats = items[0]["statistics"]
        # YouTube gives no reach and no share count through the Data API.
        return Figures(
            views=_count(stats.get("viewCount")),
            reactions=_count(stats.get("likeCount")),
            comments=_count(stats.get("commentCount")),
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


# ---------------------------------------------------------------- TikTok


class TikTokAdapter(Adapter):
    """TikTok Content Posting API, direct post: a video (`/v2/post/publish/video/init/`) or a photo post
    (`/v2/post/publish/content/init/`), TikTok pulling the media from our URL (a domain verified with TikTok).
    TikTok does not make links in captions clickable: the link is there for people to copy."""

    platform = Platform.TIKTOK
    supports_lookup = True
    TOKEN_CODES = frozenset({"access_token_invalid", "scope_not_authorized", "token_not_authorized_for_specified_user"})
    RATE_CODES = frozenset({"rate_limit_exceeded", "spam_risk_too_many_posts", "spam_risk_user_banned_from_posting"})

    def _base(self) -> str:
        return settings.LANTOA_CHANNELS_TIKTOK_URL.rstrip("/")

    def _call(self, path: str, token: str, payload: dict) -> dict:
        reply = http_request(
            "POST",
            f"{self._base()}{path}",
            body=json.dumps(payload, ensure_ascii=False).encode(),
            headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json; charset=UTF-8"},
        )
        data = _json(reply)
        error = data.get("error")
        if not isinstance(error, dict) or not isinstance(error.get("code"), str):
            if reply.status >= 500:
                raise PlatformError(ErrorKind.SERVER, _("Nền tảng gặp lỗi máy chủ."), http_status=reply.status)
            raise PlatformError(
                ErrorKind.MALFORMED, _("Nền tảng trả lời không đúng định dạng."), http_status=reply.status
            )
        code = error["code"]
        if code == "ok" and reply.status < 400:
            return data.get("data") if isinstance(data.get("data"), dict) else {}
        message = str(error.get("message") or code)
        if code in self.TOKEN_CODES or reply.status == 401:
            raise PlatformError(ErrorKind.TOKEN, message, http_status=reply.status)
        if code in self.RATE_CODES or reply.status == 429:
            raise PlatformError(
                ErrorKind.RATE_LIMIT, message, http_status=reply.status, retry_after=_retry_after(reply.headers)
            )
        if reply.status >= 500 or code == "internal_error":
            raise PlatformError(ErrorKind.SERVER, message, http_status=reply.status)
        raise PlatformError(ErrorKind.VALIDATION, message, http_status=reply.status)

    @staticmethod
    def caption(outgoing: Outgoing) -> str:
        text = outgoing.message
        if outgoing.link and outgoing.link not in text:
            text = f"{text}\n{outgoing.link}"
        return text

    def creator_info(self, token: str) -> dict:
        """What the creator may post now (`/v2/post/publish/creator_info/query/`), asked before every direct post.

        A creator TikTok will not let post (daily cap, banned, unaudited app…) fails the post permanently with
        TikTok's message; a refused token or our own rate limit are handled as for any call.
        """
        try:
            info = self._call("/v2/post/publish/creator_info/query/", token, {})
        except PlatformError as error:
            if error.kind == ErrorKind.RATE_LIMIT and error.http_status != 429:
                # spam_risk_* here means this creator cannot post, not that we asked too often.
                raise PlatformError(ErrorKind.VALIDATION, error.message, http_status=error.http_status) from error
            raise
        options = info.get("privacy_level_options")
        if not isinstance(options, list) or not options or not all(isinstance(o, str) for o in options):
            raise PlatformError(ErrorKind.MALFORMED, _("Nền tảng trả lời không đúng định dạng."), http_status=200)
        return info

    def check_credentials(self, account, token: str) -> bool:
        self._call("/v2/post/publish/creator_info/query/", token, {})
        return True

    @staticmethod
    def privacy_level(info: dict) -> str:
        options = info["privacy_level_options"]
        return "PUBLIC_TO_EVERYONE" if "PUBLIC_TO_EVERYONE" in options else options[0]

    def publish(self, account, token: str, outgoing: Outgoing) -> str:
        if not outgoing.video_url and not outgoing.image_url:
            raise PlatformError(ErrorKind.VALIDATION, _("TikTok chỉ đăng video hoặc ảnh: hãy gắn ảnh hoặc tệp video."))
        info = self.creator_info(token)
        # A setting the creator turned off stays off on the post (TikTok's rules for direct posts).
        privacy = {"privacy_level": self.privacy_level(info), "disable_comment": bool(info.get("comment_disabled"))}
        if outgoing.video_url:
            payload = {
                "post_info": {
                    "title": self.caption(outgoing),
                    **privacy,
                    "disable_duet": bool(info.get("duet_disabled")),
                    "disable_stitch": bool(info.get("stitch_disabled")),
                },
                "source_info": {"source": "PULL_FROM_URL", "video_url": outgoing.video_url},
            }
            data = self._call("/v2/post/publish/video/init/", token, payload)
        elif outgoing.image_url:
            payload = {
                "post_info": {
                    "title": outgoing.title[: TITLE_LIMITS[Platform.TIKTOK]],
                    "description": self.caption(outgoing),
                    **privacy,
                    "auto_add_music": True,
                },
                "source_info": {
                    "source": "PULL_FROM_URL",
                    "photo_cover_index": 0,
                    "photo_images": [outgoing.image_url],
                },
                "post_mode": "DIRECT_POST",
                "media_type": "PHOTO",
            }
            data = self._call("/v2/post/publish/content/init/", token, payload)
        publish_id = data.get("publish_id")
        if not isinstance(publish_id, str) or not publish_id:
            raise PlatformError(ErrorKind.MALFORMED, _("Nền tảng không trả về mã bài đăng."), http_status=200)
        return publish_id

    def find(self, account, token: str, outgoing: Outgoing) -> str | None:
        # The account's latest videos; ours carries the idempotency key (utm_content) in its caption.
        if not outgoing.link:
            return None
        data = self._call("/v2/video/list/?fields=id,video_description", token, {"max_count": 20})
        for video in data.get("videos") or []:
            if isinstance(video, dict) and outgoing.idempotency_key in str(video.get("video_description") or ""):
                return str(video.get("id"))
        return None

    def engagement(self, account, token: str, platform_post_id: str) -> Figures:
        # We hold TikTok's publish id: ask what became of it, then query the public post's counters.
        status = self._call("/v2/post/publish/status/fetch/", token, {"publish_id": platform_post_id})
        if status.get("status") == "FAILED":
            return Figures(failure=str(status.get("fail_reason") or "FAILED"))
        ids = status.get("publicaly_available_post_id") or []
        if not ids:
            return Figures()
        fields = "id,view_count,like_count,comment_count,share_count"
        data = self._call(f"/v2/video/query/?fields={fields}", token, {"filters": {"video_ids": [str(i) for i in ids]}})
        videos = data.get("videos")
        if not isinstance(videos, list) or not videos or not isinstance(videos[0], dict):
            raise PlatformError(ErrorKind.MALFORMED, _("Nền tảng trả lời không đúng định dạng."), http_status=200)
        video = videos[0]
        return Figures(
            views=_count(video.get("view_count")),
            reactions=_count(video.get("like_count")),
            comments=_count(video.get("comment_count")),
            shares=_count(video.get("share_count")),
        )


# ---------------------------------------------------------------- SMTP


def smtp_address(address: str) -> str:
    """An address as SMTP carries it: an internationalised domain in punycode (Django's EmailField allows one)."""
    local, _at, domain = address.rpartition("@")
    if domain.isascii():
        return address
    try:
        return f"{local}@{domain.encode('idna').decode('ascii')}"
    except UnicodeError:
        return address  # not a domain name: the envelope refuses it


class SmtpPipeline:
    """Prebuilt messages over an open smtplib connection, one envelope each, many messages a connection.

    When the server offers PIPELINING (RFC 2920; Postfix, Exim and the big providers do), a message's
    content, its end and the next message's MAIL, RCPT and DATA go in one write: one round trip a
    message instead of smtplib's four. Otherwise it is smtplib's `sendmail`, message by message.
    """

    def __init__(self, smtp: smtplib.SMTP, sender: str):
        smtp.ehlo_or_helo_if_needed()
        self.smtp = smtp
        self.sender = smtp_address(sender)
        self.pipelining = smtp.has_extn("pipelining")
        self.mail_options = ["BODY=8BITMIME"] if smtp.has_extn("8bitmime") else []

    def send_all(self, messages: Iterable[tuple[T, str, bytes]]) -> Iterator[tuple[T, bool]]:
        """Send each (item, recipient, content with CRLF lines); yield (item, True) once the server accepted
        it, (item, False) if it refused the recipient. Any other refusal or a lost connection raises
        smtplib.SMTPException or OSError: the messages not yielded yet have unknown outcomes."""
        if not self.pipelining:
            for item, recipient, content in messages:
                yield item, self._sendmail(smtp_address(recipient), content)
            return
        smtp = self.smtp
        options = "".join(f" {option}" for option in self.mail_options)
        waiting = None  # (item, content, MAIL reply, RCPT reply, DATA reply) of the message in flight
        for item, recipient, content in messages:
            recipient = smtp_address(recipient)
            if _UNSAFE_ADDRESS.search(recipient):
                yield item, False
                continue
            envelope = f"MAIL FROM:<{self.sender}>{options}\r\nRCPT TO:<{recipient}>\r\nDATA\r\n".encode("ascii")
            smtp.send(self._finish(waiting) + envelope)
            if waiting is not None:
                yield waiting[0], self._outcome(*waiting[2:], smtp.getreply())
            waiting = (item, content, smtp.getreply(), smtp.getreply(), smtp.getreply())
        if waiting is not None:
            smtp.send(self._finish(waiting))
            yield waiting[0], self._outcome(*waiting[2:], smtp.getreply())

    def _sendmail(self, recipient: str, content: bytes) -> bool:
        if _UNSAFE_ADDRESS.search(recipient):
            return False
        try:
            self.smtp.sendmail(self.sender, [recipient], content, self.mail_options)
        except smtplib.SMTPRecipientsRefused:
            return False
        return True

    @staticmethod
    def _finish(waiting) -> bytes:
        """The content after a DATA the server took (dot-stuffed, then the end mark), else leave the transaction."""
        if waiting is None:
            return b""
        if waiting[4][0] == 354:
            return _DOT_AT_LINE_START.sub(b"..", waiting[1].rstrip(b"\r\n")) + b"\r\n.\r\n"
        return b"RSET\r\n"

    def _outcome(self, mail, rcpt, data, last) -> bool:
        # `last` answers the end of the content, or the RSET after a refused DATA. A server that takes
        # DATA without a recipient gets the content and drops it: still a refused recipient.
        if mail[0] != 250:
            raise smtplib.SMTPSenderRefused(*mail, self.sender)
        if rcpt[0] not in (250, 251):
            return False
        if data[0] != 354:
            raise smtplib.SMTPDataError(*data)
        if last[0] != 250:
            raise smtplib.SMTPDataError(*last)
        return True


_DOT_AT_LINE_START = re.compile(rb"(?m)^\.")
# What cannot go in an SMTP envelope unquoted (spaces, brackets, control and non-ASCII characters).
_UNSAFE_ADDRESS = re.compile(r"[^\x21-\x7e]|[<>]")


# ---------------------------------------------------------------- SMS gateway


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
