"""TikTok: the Content Posting API adapter (direct video or photo post)."""

import json

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
    _count,
    _json,
    _retry_after,
    http_request,
)


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
