"""Zalo Official Accounts: the article API adapter."""

import json
import os
import time
import urllib.parse
import uuid

from django.conf import settings
from django.utils.translation import gettext as _

from ..models import Platform
from .base import (
    TITLE_LIMITS,
    Adapter,
    ErrorKind,
    Figures,
    Outgoing,
    PlatformError,
    Reply,
    _count,
    _json,
    _retry_after,
    download,
    http_request,
)

ZALO_DESCRIPTION_LIMIT = 300
ZALO_AUTHOR_LIMIT = 50
ZALO_VIDEO_BYTES = 50 * 1024 * 1024  # what /article/upload_video/preparevideo takes (MP4 or AVI)
# /article/upload_video/verify's status of an uploaded video.
ZALO_VIDEO_READY = 1
ZALO_VIDEO_PROCESSING = frozenset({0, 3})


class ZaloArticleAdapter(Adapter):
    """Zalo Official Account API: POST /article/create with the OA access token in the `access_token` header.

    A post with a video file (a loudspeaker bulletin) first uploads it (/article/upload_video/preparevideo, then
    /verify until Zalo has processed it) and puts the video at the head of the article's body."""

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

    def article(self, account, outgoing: Outgoing, *, video_id: str = "") -> dict:
        body = [{"type": "video", "video_id": video_id}] if video_id else []
        body.append({"type": "text", "content": outgoing.message})
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
        video_id = self.upload_video(token, outgoing.video_url) if outgoing.video_url else ""
        reply = http_request(
            "POST",
            f"{self._base()}/article/create",
            body=json.dumps(self.article(account, outgoing, video_id=video_id), ensure_ascii=False).encode(),
            headers={"Content-Type": "application/json", "access_token": token},
        )
        data = self._check(reply)
        token_or_id = (data.get("data") or {}).get("token") if isinstance(data.get("data"), dict) else None
        if not token_or_id:
            raise PlatformError(ErrorKind.MALFORMED, _("Nền tảng không trả về mã bài đăng."), http_status=reply.status)
        return str(token_or_id)

    def upload_video(self, token: str, url: str) -> str:
        """Upload our video file to Zalo and wait (LANTOA_CHANNELS_ZALO_VIDEO_WAIT seconds at most) until Zalo has
        processed it; its video_id. Still processing after that: a transient error, the sender tries again later."""
        video = download(url)
        try:
            if video.size > ZALO_VIDEO_BYTES:
                raise PlatformError(ErrorKind.VALIDATION, _("Video quá 50 MB, Zalo không nhận."))
            boundary = uuid.uuid4().hex
            with open(video.path, "rb") as stream:
                content = stream.read()
        finally:
            os.unlink(video.path)
        body = (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="ban-tin.mp4"\r\n'
                "Content-Type: video/mp4\r\n\r\n"
            ).encode()
            + content
            + f"\r\n--{boundary}--\r\n".encode()
        )
        reply = http_request(
            "POST",
            f"{self._base()}/article/upload_video/preparevideo",
            body=body,
            headers={"Content-Type": f"multipart/form-data; boundary={boundary}", "access_token": token},
        )
        data = self._check(reply).get("data")
        upload = data.get("token") if isinstance(data, dict) else None
        if not upload:
            raise PlatformError(ErrorKind.MALFORMED, _("Nền tảng không trả về mã tải lên."), http_status=reply.status)
        deadline = time.monotonic() + settings.LANTOA_CHANNELS_ZALO_VIDEO_WAIT
        query = urllib.parse.urlencode({"token": upload})
        while True:
            reply = http_request(
                "GET", f"{self._base()}/article/upload_video/verify?{query}", headers={"access_token": token}
            )
            data = self._check(reply).get("data")
            status = data.get("status") if isinstance(data, dict) else None
            if status == ZALO_VIDEO_READY and data.get("video_id"):
                return str(data["video_id"])
            if status not in ZALO_VIDEO_PROCESSING:
                raise PlatformError(
                    ErrorKind.VALIDATION,
                    _("Zalo không nhận video (trạng thái %(status)s).") % {"status": status},
                    http_status=reply.status,
                )
            if time.monotonic() >= deadline:
                raise PlatformError(
                    ErrorKind.SERVER, _("Zalo chưa xử lý xong video; hệ thống sẽ tự gửi lại."), http_status=reply.status
                )
            time.sleep(settings.LANTOA_CHANNELS_ZALO_VIDEO_POLL)

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
