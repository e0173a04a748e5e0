"""YouTube: the Data API adapter (upload or update a video) and the download of our own media file it uploads."""

import json
import logging
import os
import urllib.error
import urllib.parse
import urllib.request

from django.conf import settings
from django.utils.translation import gettext as _

from ..models import Platform
from .base import (
    TITLE_LIMITS,
    Adapter,
    Downloaded,
    ErrorKind,
    Figures,
    Outgoing,
    PlatformError,
    Reply,
    _count,
    _dig,
    _json,
    _retry_after,
    download,
    http_request,
)

__all__ = ["YOUTUBE_FORBIDDEN", "Downloaded", "YouTubeAdapter", "download"]

logger = logging.getLogger(__name__)

# YouTube refuses angle brackets in titles and descriptions.
YOUTUBE_FORBIDDEN = str.maketrans({"<": "‹", ">": "›"})


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
