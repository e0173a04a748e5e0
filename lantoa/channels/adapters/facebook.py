"""Facebook pages: the Graph API adapter."""

import urllib.parse

from django.conf import settings
from django.utils.translation import gettext as _

from ..models import Platform
from .base import (
    Adapter,
    ErrorKind,
    Figures,
    Outgoing,
    PlatformError,
    Reply,
    _count,
    _dig,
    _json,
    _retry_after,
    http_request,
)


class FacebookPageAdapter(Adapter):
    """Graph API: POST /{page-id}/feed with message, link and the page access token; a post with a video file
    (a loudspeaker bulletin) is POST /{page-id}/videos, Facebook fetching the file from our URL, the message and the
    link as its description."""

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
        if outgoing.video_url:
            return self._publish_video(account, token, outgoing)
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

    @staticmethod
    def video_description(outgoing: Outgoing) -> str:
        """A video has no link field: the tagged link ends its description (and finds it again, see `find`)."""
        if outgoing.link and outgoing.link not in outgoing.message:
            return f"{outgoing.message}\n\n{outgoing.link}"
        return outgoing.message

    def _publish_video(self, account, token: str, outgoing: Outgoing) -> str:
        fields = [
            ("file_url", outgoing.video_url),
            ("title", outgoing.title),
            ("description", self.video_description(outgoing)),
            ("access_token", token),
        ]
        reply = http_request(
            "POST",
            f"{self._base()}/{urllib.parse.quote(account.external_id)}/videos",
            body=urllib.parse.urlencode(fields).encode(),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        data = _json(reply)
        self._raise_for(reply, data)
        video_id = data.get("id")
        if not isinstance(video_id, str) or not video_id:
            raise PlatformError(ErrorKind.MALFORMED, _("Nền tảng không trả về mã bài đăng."), http_status=reply.status)
        return video_id

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
        # A video's description ends with the link.
        if not outgoing.link:
            return None
        edge, fields = ("videos", "id,description") if outgoing.video_url else ("feed", "id,link")
        query = urllib.parse.urlencode({"fields": fields, "limit": 25})
        reply = http_request(
            "GET",
            f"{self._base()}/{urllib.parse.quote(account.external_id)}/{edge}?{query}",
            headers={"Authorization": f"Bearer {token}"},
        )
        data = _json(reply)
        self._raise_for(reply, data)
        for item in data.get("data") or []:
            if not isinstance(item, dict) or not item.get("id"):
                continue
            if item.get("link") == outgoing.link or (
                outgoing.video_url and outgoing.link in str(item.get("description") or "")
            ):
                return str(item["id"])
        return None

    def post_engagement(self, account, token: str, post) -> Figures:
        if post.video_url:
            return self.video_engagement(token, post.platform_post_id)
        return self.engagement(account, token, post.platform_post_id)

    def video_engagement(self, token: str, video_id: str) -> Figures:
        """A video's counts and insights (reach = unique impressions, views = 3-second views); no share count."""
        data, metrics = self._read(
            token, video_id, self.VIDEO_FIELDS, "video_insights", "total_video_impressions_unique,total_video_views"
        )
        return Figures(
            reach=metrics.get("total_video_impressions_unique"),
            views=metrics.get("total_video_views"),
            reactions=_count(_dig(data, "reactions", "summary", "total_count")),
            comments=_count(_dig(data, "comments", "summary", "total_count")),
        )

    def engagement(self, account, token: str, platform_post_id: str) -> Figures:
        # Counts on the post itself, then the page insights (reach = unique impressions).
        data, metrics = self._read(
            token, platform_post_id, self.ENGAGEMENT_FIELDS, "insights", "post_impressions_unique,post_impressions"
        )
        return Figures(
            reach=metrics.get("post_impressions_unique"),
            views=metrics.get("post_impressions"),
            reactions=_count(_dig(data, "reactions", "summary", "total_count")),
            shares=_count(_dig(data, "shares", "count")) or 0,
            comments=_count(_dig(data, "comments", "summary", "total_count")),
        )

    def _read(self, token: str, object_id: str, fields: str, edge: str, metric: str) -> tuple[dict, dict]:
        """A post's or video's `fields`, then the latest value of each `metric` of its insights `edge`."""
        headers = {"Authorization": f"Bearer {token}"}
        url = f"{self._base()}/{urllib.parse.quote(object_id)}"
        reply = http_request("GET", f"{url}?{urllib.parse.urlencode({'fields': fields})}", headers=headers)
        data = _json(reply)
        self._raise_for(reply, data)
        reply = http_request("GET", f"{url}/{edge}?{urllib.parse.urlencode({'metric': metric})}", headers=headers)
        insights = _json(reply)
        self._raise_for(reply, insights)
        metrics = {}
        for item in insights.get("data") or []:
            values = item.get("values") if isinstance(item, dict) else None
            if values and isinstance(values[-1], dict):
                metrics[item.get("name")] = _count(values[-1].get("value"))
        return data, metrics

    ENGAGEMENT_FIELDS = "shares,comments.limit(0).summary(true),reactions.limit(0).summary(true)"
    VIDEO_FIELDS = "comments.limit(0).summary(true),reactions.limit(0).summary(true)"
