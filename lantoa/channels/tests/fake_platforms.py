"""A local stand-in for the platforms and the SMS gateway (with its signed callbacks), with their error replies."""

import hashlib
import hmac
import itertools
import json
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

GOOD_TOKENS = frozenset(
    {
        "EAAG-page-token-1234",
        "zalo-oa-token-5678",
        "ya29.youtube-token-9012",
        "act.tiktok-token-3456",
        "sms-api-key-7890",
    }
)
# What the fake platforms report as engagement of every post (views, reactions, …).
ENGAGEMENT = {"reach": 340, "views": 500, "reactions": 12, "shares": 3, "comments": 5}
VIDEO_BYTES = b"\x00\x00\x00\x18ftypmp42" + bytes(range(256)) * 64


@dataclass
class Received:
    """One request exactly as the platform saw it."""

    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes

    @property
    def form(self) -> dict[str, list[str]]:
        return urllib.parse.parse_qs(self.body.decode(), keep_blank_values=True)

    @property
    def json(self):
        return json.loads(self.body)


@dataclass
class FakePlatforms:
    """State of the fake platforms: what they received, what they hold, and the failures queued for them.

    `fail_next("expired", "rate_limit", ...)` makes the next publishing requests fail in that order:
    expired, rate_limit, server_error, malformed, validation, accept_then_500 (stores the post, then
    answers 500: the case where the platform has it and we do not know).
    """

    received: list[Received] = field(default_factory=list)
    facebook_posts: dict[str, list[dict]] = field(default_factory=dict)
    zalo_articles: list[dict] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    retry_after: int = 7
    url: str = ""
    # Seconds the platform waits after storing a post before it answers (a worker can die meanwhile).
    reply_delay: float = 0.0
    # Facebook page videos (POST /{page}/videos, fetched from file_url) and Zalo's uploaded videos: the statuses
    # /article/upload_video/verify answers in turn (3 = processing, 1 = ready, 4 = failed), the last one repeated.
    facebook_videos: dict[str, list[dict]] = field(default_factory=dict)
    zalo_uploads: dict[str, dict] = field(default_factory=dict)
    zalo_video_statuses: list[int] = field(default_factory=lambda: [3, 1])
    youtube_videos: dict[str, dict] = field(default_factory=dict)
    youtube_uploads: dict[str, dict] = field(default_factory=dict)
    tiktok_posts: list[dict] = field(default_factory=list)
    # What creator_info/query answers; `tiktok_creator_error` = (http status, code, message) refuses instead.
    tiktok_creator: dict = field(
        default_factory=lambda: {
            "creator_avatar_url": "https://p16.tiktokcdn.example/avatar.jpeg",
            "creator_username": "bhxhhanoi",
            "creator_nickname": "BHXH Hà Nội",
            "privacy_level_options": ["PUBLIC_TO_EVERYONE", "MUTUAL_FOLLOW_FRIENDS", "SELF_ONLY"],
            "comment_disabled": False,
            "duet_disabled": False,
            "stitch_disabled": True,
            "max_video_post_duration_sec": 300,
        }
    )
    tiktok_creator_error: tuple[int, str, str] | None = None
    # SMS gateway: every message it sent (a repeated ref is not sent again), and its batches.
    sms_sent: list[dict] = field(default_factory=list)
    sms_refs: dict[str, str] = field(default_factory=dict)
    # Where the gateway posts delivery receipts and subscribers' replies, signed with the shared secret.
    dlr_url: str = ""
    inbound_url: str = ""
    callback_secret: str = ""
    sms_reported: set[str] = field(default_factory=set)
    # Engagement each post reports (by the platform's post id); None: ENGAGEMENT for every post.
    figures: Callable[[str], dict] | None = None
    _ids: itertools.count = field(default_factory=lambda: itertools.count(1))
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def engagement_of(self, post_id: str) -> dict:
        return self.figures(post_id) if self.figures else ENGAGEMENT

    def fail_next(self, *modes: str) -> None:
        with self._lock:
            self.failures.extend(modes)

    def take_failure(self) -> str | None:
        with self._lock:
            return self.failures.pop(0) if self.failures else None

    def send_delivery_reports(self, failed: dict[str, str] | None = None) -> tuple[int, dict]:
        """POST a receipt for every message sent and not yet reported, like a gateway does: `delivered`,
        or `failed` with the code given for its number in `failed`. Returns the reply's status and JSON."""
        failed = failed or {}
        with self._lock:
            pending = [m for m in self.sms_sent if m["ref"] not in self.sms_reported]
        reports = [
            {"ref": m["ref"], "id": m["id"], "status": "failed", "code": failed[m["to"]]}
            if m["to"] in failed
            else {"ref": m["ref"], "id": m["id"], "status": "delivered"}
            for m in pending
        ]
        status, reply = self.post_signed(self.dlr_url, {"reports": reports})
        if status == 200:
            self.sms_reported.update(m["ref"] for m in pending)
        return status, reply

    def send_reply(self, sender: str, text: str) -> tuple[int, dict]:
        """A subscriber's SMS to the brandname, forwarded to the portal."""
        return self.post_signed(self.inbound_url, {"from": sender, "to": "BHXH-HN", "text": text, "id": "mo-1"})

    def post_signed(self, url: str, payload, *, secret: str | None = None, timestamp: str | None = None):
        body = payload if isinstance(payload, bytes) else json.dumps(payload, ensure_ascii=False).encode()
        timestamp = timestamp or str(int(time.time()))
        key = (self.callback_secret if secret is None else secret).encode()
        digest = hmac.new(key, timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
        request = urllib.request.Request(  # noqa: S310 -- the test's own server
            url,
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/json",
                "X-Lantoa-Timestamp": timestamp,
                "X-Lantoa-Signature": f"sha256={digest}",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 -- the test's own server
                return response.status, json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"{}")

    def publishing_requests(self) -> list[Received]:
        # TikTok's creator info query is a POST too, but publishes nothing.
        return [r for r in self.received if r.method == "POST" and not r.path.endswith("/creator_info/query/")]

    def all_posts(self) -> list[dict]:
        facebook = [post for posts in self.facebook_posts.values() for post in posts]
        videos = [video for videos in self.facebook_videos.values() for video in videos]
        return facebook + videos + self.zalo_articles

    def next_id(self) -> int:
        with self._lock:
            return next(self._ids)


class _Handler(BaseHTTPRequestHandler):
    state: FakePlatforms

    def log_message(self, format, *args):  # keep test output quiet
        return

    def _reply(self, status: int, payload, headers: dict[str, str] | None = None) -> None:
        body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
        self.send_response(status)
        if "Content-Type" not in (headers or {}):
            self.send_header("Content-Type", "application/json" if not isinstance(payload, bytes) else "text/html")
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def _record(self) -> Received:
        """Read and keep the request; the body is read whole (Content-Length), so a PUT of bytes is kept as sent."""
        length = int(self.headers.get("Content-Length") or 0)
        parts = urllib.parse.urlsplit(self.path)
        received = Received(
            method=self.command,
            path=parts.path,
            query=urllib.parse.parse_qs(parts.query),
            headers={k.lower(): v for k, v in self.headers.items()},
            body=self.rfile.read(length) if length else b"",
        )
        self.state.received.append(received)
        return received

    def do_GET(self):
        received = self._record()
        segments = received.path.strip("/").split("/")
        if segments[0] == "graph" and len(segments) == 3 and segments[2] == "feed":
            token = received.headers.get("authorization", "").removeprefix("Bearer ")
            if token not in GOOD_TOKENS:
                return self._facebook_error(400, 190, "Invalid OAuth access token.")
            posts = list(reversed(self.state.facebook_posts.get(segments[1], [])))
            return self._reply(200, {"data": [{"id": p["id"], "link": p.get("link", "")} for p in posts]})
        if segments[0] == "graph" and len(segments) == 3 and segments[2] == "videos":
            token = received.headers.get("authorization", "").removeprefix("Bearer ")
            if token not in GOOD_TOKENS:
                return self._facebook_error(400, 190, "Invalid OAuth access token.")
            videos = list(reversed(self.state.facebook_videos.get(segments[1], [])))
            return self._reply(200, {"data": [{"id": v["id"], "description": v["description"]} for v in videos]})
        if received.path == "/zalo/article/upload_video/verify":
            return self._zalo_verify(received)
        if received.path == "/zalo/article/getslice":
            if received.headers.get("access_token") not in GOOD_TOKENS:
                return self._reply(200, {"error": -216, "message": "Access token is invalid"})
            medias = [
                {"id": a["id"], "title": a["title"], "tracking_link": a.get("tracking_link", "")}
                for a in reversed(self.state.zalo_articles)
            ]
            return self._reply(
                200, {"error": 0, "message": "Success", "data": {"medias": medias, "total": len(medias)}}
            )
        if segments[0] == "graph" and len(segments) in (2, 3):
            return self._facebook_engagement(segments, received)
        if received.path == "/zalo/article/getdetail":
            if received.headers.get("access_token") not in GOOD_TOKENS:
                return self._reply(200, {"error": -216, "message": "Access token is invalid"})
            article_id = received.query.get("id", [""])[0]
            if not any(a["id"] == article_id for a in self.state.zalo_articles):
                return self._reply(200, {"error": -201, "message": "Article not found"})
            figures = self.state.engagement_of(article_id)
            data = {"id": article_id, "total_view": figures["views"], "total_share": figures["shares"]}
            return self._reply(200, {"error": 0, "message": "Success", "data": data})
        if segments[0] == "youtube":
            return self._youtube_get(segments, received)
        if received.path == "/media/video.mp4":
            return self._reply(200, VIDEO_BYTES, {"Content-Type": "video/mp4"})
        return self._reply(404, {"error": {"message": "Unknown path"}})

    def _facebook_engagement(self, segments, received):
        token = received.headers.get("authorization", "").removeprefix("Bearer ")
        if token not in GOOD_TOKENS or self.state.take_failure() == "expired":
            return self._facebook_error(400, 190, "Error validating access token: Session has expired.")
        figures = self.state.engagement_of(segments[1])
        is_video = any(v["id"] == segments[1] for videos in self.state.facebook_videos.values() for v in videos)
        if len(segments) == 2 and is_video:
            if received.query.get("fields") != ["comments.limit(0).summary(true),reactions.limit(0).summary(true)"]:
                return self._facebook_error(400, 100, "(#100) Tried accessing nonexisting field (shares)")
            return self._reply(
                200,
                {
                    "id": segments[1],
                    "comments": {"data": [], "summary": {"total_count": figures["comments"]}},
                    "reactions": {"data": [], "summary": {"total_count": figures["reactions"]}},
                },
            )
        if len(segments) == 3 and segments[2] == "video_insights" and is_video:
            metrics = {"total_video_impressions_unique": figures["reach"], "total_video_views": figures["views"]}
            names = received.query.get("metric", [""])[0].split(",")
            data = [{"name": n, "period": "lifetime", "values": [{"value": metrics[n]}]} for n in names if n in metrics]
            return self._reply(200, {"data": data})
        if len(segments) == 2:
            expected = "shares,comments.limit(0).summary(true),reactions.limit(0).summary(true)"
            if received.query.get("fields") != [expected]:
                return self._facebook_error(400, 100, "(#100) Unknown fields")
            return self._reply(
                200,
                {
                    "id": segments[1],
                    "shares": {"count": figures["shares"]},
                    "comments": {"data": [], "summary": {"total_count": figures["comments"]}},
                    "reactions": {"data": [], "summary": {"total_count": figures["reactions"]}},
                },
            )
        if segments[2] == "insights":
            metrics = {"post_impressions_unique": figures["reach"], "post_impressions": figures["views"]}
            names = received.query.get("metric", [""])[0].split(",")
            data = [{"name": n, "period": "lifetime", "values": [{"value": metrics[n]}]} for n in names if n in metrics]
            return self._reply(200, {"data": data})
        return self._reply(404, {"error": {"message": "Unknown path"}})

    # ------------------------------------------------------------ YouTube Data API v3

    def _google_error(self, status: int, reason: str, message: str, headers=None):
        error = {
            "code": status,
            "message": message,
            "errors": [{"message": message, "domain": "youtube", "reason": reason}],
        }
        return self._reply(status, {"error": error}, headers)

    def _youtube_auth(self, received) -> bool:
        return received.headers.get("authorization", "").removeprefix("Bearer ") in GOOD_TOKENS

    def _youtube_get(self, segments, received):
        if not self._youtube_auth(received):
            return self._google_error(401, "authError", "Invalid Credentials")
        resource = segments[1] if len(segments) > 1 else ""
        if resource == "videos":
            ids = received.query.get("id", [""])[0].split(",")
            part = received.query.get("part", [""])[0]
            items = []
            for video_id in ids:
                video = self.state.youtube_videos.get(video_id)
                if video is None:
                    continue
                item = {"kind": "youtube#video", "id": video_id}
                if part == "snippet":
                    item["snippet"] = video["snippet"]
                elif part == "statistics":
                    stats = {"viewCount": str(ENGAGEMENT["views"]), "likeCount": str(ENGAGEMENT["reactions"])}
                    item["statistics"] = {**stats, "favoriteCount": "0", "commentCount": str(ENGAGEMENT["comments"])}
                items.append(item)
            return self._reply(200, {"kind": "youtube#videoListResponse", "items": items})
        if resource == "channels":
            return self._reply(200, {"kind": "youtube#channelListResponse", "items": [{"id": "UCbhxhhanoi"}]})
        if resource == "playlistItems":
            playlist = received.query.get("playlistId", [""])[0]
            items = [
                {"snippet": {**v["snippet"], "resourceId": {"kind": "youtube#video", "videoId": vid}}}
                for vid, v in reversed(self.state.youtube_videos.items())
                if "UU" + v.get("channel", "")[2:] == playlist
            ]
            return self._reply(200, {"items": items})
        return self._reply(404, {"error": {"message": "Unknown path"}})

    def _youtube_failure(self):
        failure = self.state.take_failure()
        if failure == "expired":
            return failure, self._google_error(401, "authError", "Request had invalid authentication credentials.")
        if failure == "rate_limit":
            return failure, self._google_error(
                403,
                "quotaExceeded",
                "The request cannot be completed because you have exceeded your quota.",
                {"Retry-After": str(self.state.retry_after)},
            )
        if failure == "server_error":
            return failure, self._google_error(503, "backendError", "Backend Error")
        if failure == "malformed":
            return failure, self._reply(200, b"<html>Google</html>")
        return failure, None

    def do_POST(self):
        received = self._record()
        segments = received.path.strip("/").split("/")
        if segments[0] == "graph" and len(segments) == 3 and segments[2] == "feed":
            return self._facebook_feed(segments[1], received)
        if segments[0] == "graph" and len(segments) == 3 and segments[2] == "videos":
            return self._facebook_video(segments[1], received)
        if received.path == "/zalo/article/create":
            return self._zalo_create(received)
        if received.path == "/zalo/article/upload_video/preparevideo":
            return self._zalo_prepare_video(received)
        if received.path == "/youtube-upload/videos":
            return self._youtube_upload_start(received)
        if segments[0] == "tiktok":
            return self._tiktok(received)
        if received.path == "/sms/v1/sms/batch":
            return self._sms_batch(received)
        return self._reply(404, {"error": {"message": "Unknown path"}})

    def do_PUT(self):
        received = self._record()
        if received.path == "/youtube/videos":
            return self._youtube_update(received)
        if received.path.startswith("/youtube-upload/session/"):
            return self._youtube_upload_bytes(received)
        return self._reply(404, {"error": {"message": "Unknown path"}})

    def _youtube_update(self, received):
        if not self._youtube_auth(received):
            return self._google_error(401, "authError", "Invalid Credentials")
        _failure, response = self._youtube_failure()
        if response is not None:
            return response
        body = received.json
        video = self.state.youtube_videos.get(body.get("id"))
        if video is None:
            return self._google_error(404, "videoNotFound", "The video that you are trying to update cannot be found.")
        snippet = body.get("snippet") or {}
        if not snippet.get("title") or not snippet.get("categoryId"):
            return self._google_error(400, "invalidTitle", "The request metadata specifies an invalid video title.")
        video["snippet"] = snippet
        return self._reply(200, {"kind": "youtube#video", "id": body["id"], "snippet": snippet})

    def _youtube_upload_start(self, received):
        if not self._youtube_auth(received):
            return self._google_error(401, "authError", "Invalid Credentials")
        if received.query.get("uploadType") != ["resumable"]:
            return self._google_error(400, "badRequest", "uploadType must be resumable")
        _failure, response = self._youtube_failure()
        if response is not None:
            return response
        session = str(self.state.next_id())
        self.state.youtube_uploads[session] = {
            "metadata": received.json,
            "length": int(received.headers.get("x-upload-content-length") or -1),
            "type": received.headers.get("x-upload-content-type"),
        }
        self.send_response(200)
        self.send_header("Location", f"{self.state.url}/youtube-upload/session/{session}")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _youtube_upload_bytes(self, received):
        session = self.state.youtube_uploads.get(received.path.rsplit("/", 1)[1])
        if session is None:
            return self._google_error(404, "notFound", "Upload session not found")
        if len(received.body) != session["length"]:
            return self._google_error(400, "badContent", "Length mismatch")
        video_id = f"vid{self.state.next_id():08d}"
        snippet = session["metadata"]["snippet"]
        self.state.youtube_videos[video_id] = {"snippet": snippet, "bytes": received.body, "channel": "UCbhxhhanoi"}
        return self._reply(200, {"kind": "youtube#video", "id": video_id, "snippet": snippet, "status": {}})

    # ------------------------------------------------------------ TikTok Content Posting API

    def _tiktok_reply(self, status, data=None, code="ok", message="", headers=None):
        return self._reply(
            status, {"data": data or {}, "error": {"code": code, "message": message, "log_id": "202611"}}, headers
        )

    def _tiktok(self, received):
        path = received.path.removeprefix("/tiktok")
        if received.headers.get("authorization", "").removeprefix("Bearer ") not in GOOD_TOKENS:
            return self._tiktok_reply(
                401, code="access_token_invalid", message="The access token is invalid or not found in the request."
            )
        if path == "/v2/post/publish/creator_info/query/":
            if self.state.tiktok_creator_error:
                status, code, message = self.state.tiktok_creator_error
                return self._tiktok_reply(status, code=code, message=message)
            return self._tiktok_reply(200, dict(self.state.tiktok_creator))
        if path in ("/v2/post/publish/video/init/", "/v2/post/publish/content/init/"):
            failure = self.state.take_failure()
            if failure == "expired":
                return self._tiktok_reply(
                    401, code="access_token_invalid", message="The access token is invalid or not found in the request."
                )
            if failure == "rate_limit":
                return self._tiktok_reply(
                    429,
                    code="rate_limit_exceeded",
                    message="API rate limit exceeded",
                    headers={"Retry-After": str(self.state.retry_after)},
                )
            if failure == "server_error":
                return self._tiktok_reply(500, code="internal_error", message="Something went wrong.")
            if failure == "malformed":
                return self._reply(200, b"upstream connect error")
            body = received.json
            if body.get("post_info", {}).get("privacy_level") not in self.state.tiktok_creator["privacy_level_options"]:
                return self._tiktok_reply(
                    400, code="privacy_level_option_mismatch", message="privacy_level is not one of the creator's"
                )
            publish_id = f"v_pub_url~v2-1.{self.state.next_id()}"
            self.state.tiktok_posts.append(
                {
                    "publish_id": publish_id,
                    "path": path,
                    "body": body,
                    "video_id": str(7_300_000 + len(self.state.tiktok_posts)),
                }
            )
            return self._tiktok_reply(200, {"publish_id": publish_id})
        if path == "/v2/post/publish/status/fetch/":
            post = next(
                (p for p in self.state.tiktok_posts if p["publish_id"] == received.json.get("publish_id")), None
            )
            if post is None:
                return self._tiktok_reply(400, code="invalid_params", message="publish_id not found")
            if post.get("failed"):
                return self._tiktok_reply(200, {"status": "FAILED", "fail_reason": post["failed"]})
            return self._tiktok_reply(
                200, {"status": "PUBLISH_COMPLETE", "publicaly_available_post_id": [int(post["video_id"])]}
            )
        if path == "/v2/video/list/":
            videos = [
                {
                    "id": p["video_id"],
                    "video_description": p["body"]["post_info"].get("description")
                    or p["body"]["post_info"].get("title"),
                }
                for p in reversed(self.state.tiktok_posts)
            ]
            return self._tiktok_reply(200, {"videos": videos, "cursor": 0, "has_more": False})
        if path == "/v2/video/query/":
            ids = {str(i) for i in received.json["filters"]["video_ids"]}
            videos = [
                {
                    "id": p["video_id"],
                    "view_count": ENGAGEMENT["views"],
                    "like_count": ENGAGEMENT["reactions"],
                    "comment_count": ENGAGEMENT["comments"],
                    "share_count": ENGAGEMENT["shares"],
                }
                for p in self.state.tiktok_posts
                if p["video_id"] in ids
            ]
            return self._tiktok_reply(200, {"videos": videos})
        return self._reply(404, {"error": {"code": "not_found", "message": "Unknown path"}})

    # ------------------------------------------------------------ SMS gateway (docs/channels.md)

    def _sms_batch(self, received):
        if received.headers.get("authorization", "").removeprefix("Bearer ") not in GOOD_TOKENS:
            return self._reply(401, {"code": "401", "message": "API key không hợp lệ hoặc đã hết hạn"})
        failure = self.state.take_failure()
        if failure == "expired":
            return self._reply(401, {"code": "401", "message": "API key không hợp lệ hoặc đã hết hạn"})
        if failure == "rate_limit":
            return self._reply(
                429, {"code": "429", "message": "Vượt quá tần suất"}, {"Retry-After": str(self.state.retry_after)}
            )
        if failure == "server_error":
            return self._reply(502, b"Bad Gateway")
        if failure == "malformed":
            return self._reply(200, {"code": "00", "message": "OK"})
        body = received.json
        if not body.get("brandname"):
            return self._reply(400, {"code": "400", "message": "Thiếu brandname"})
        results = []
        for message in body["messages"]:
            with self.state._lock:
                known = self.state.sms_refs.get(message["ref"])
                if known:
                    results.append({"ref": message["ref"], "status": "duplicate", "id": known})
                    continue
                if not message["to"].startswith("84") or not message["to"].isdigit():
                    results.append({"ref": message["ref"], "status": "rejected", "error": "Số không hợp lệ"})
                    continue
                gateway_id = f"gw{len(self.state.sms_sent) + 1}"
                self.state.sms_refs[message["ref"]] = gateway_id
                self.state.sms_sent.append({**message, "id": gateway_id, "brandname": body["brandname"]})
            results.append({"ref": message["ref"], "status": "accepted", "id": gateway_id})
        if failure == "accept_then_500":
            return self._reply(500, {"code": "500", "message": "Lỗi hệ thống"})
        if self.state.reply_delay:
            time.sleep(self.state.reply_delay)
        return self._reply(200, {"code": "00", "message": "OK", "results": results})

    def _facebook_error(self, status: int, code: int, message: str, headers=None, **extra):
        error = {"message": message, "type": "OAuthException", "code": code, "fbtrace_id": "AbCdEf", **extra}
        return self._reply(status, {"error": error}, headers)

    def _facebook_feed(self, page_id: str, received: Received):
        form = {k: v[0] for k, v in received.form.items()}
        failure = self.state.take_failure()
        if failure == "expired" or form.get("access_token") not in GOOD_TOKENS:
            return self._facebook_error(
                400, 190, "Error validating access token: Session has expired on Tuesday.", error_subcode=463
            )
        if failure == "rate_limit":
            return self._facebook_error(
                400, 32, "Page request limit reached", {"Retry-After": str(self.state.retry_after)}
            )
        if failure == "server_error":
            return self._facebook_error(500, 2, "An unexpected error has occurred.", is_transient=True)
        if failure == "malformed":
            return self._reply(200, b"<html><body>Bad gateway</body></html>")
        if failure == "validation" or not form.get("message"):
            return self._facebook_error(400, 100, "(#100) The parameter message is required")
        post = {"id": f"{page_id}_{next(self.state._ids)}", "message": form["message"], "link": form.get("link", "")}
        self.state.facebook_posts.setdefault(page_id, []).append(post)
        if failure == "accept_then_500":
            return self._facebook_error(500, 1, "An unknown error occurred", is_transient=True)
        if self.state.reply_delay:
            time.sleep(self.state.reply_delay)
        return self._reply(200, {"id": post["id"]})

    def _facebook_video(self, page_id: str, received: Received):
        """POST /{page}/videos: Facebook fetches the file from file_url (it must answer with a video)."""
        form = {k: v[0] for k, v in received.form.items()}
        failure = self.state.take_failure()
        if failure == "expired" or form.get("access_token") not in GOOD_TOKENS:
            return self._facebook_error(400, 190, "Error validating access token: Session has expired on Tuesday.")
        if failure == "server_error":
            return self._facebook_error(500, 2, "An unexpected error has occurred.", is_transient=True)
        try:
            with urllib.request.urlopen(form.get("file_url", ""), timeout=5) as response:  # noqa: S310 (tests)
                fetched = response.read()
        except (ValueError, OSError):
            return self._facebook_error(
                400, 352, "Sorry, the video file you selected is in a format that we don't support."
            )
        if failure == "validation" or not fetched.startswith(b"\x00\x00\x00"):
            return self._facebook_error(
                400, 352, "Sorry, the video file you selected is in a format that we don't support."
            )
        video = {
            "id": str(7_000_000 + next(self.state._ids)),
            "title": form.get("title", ""),
            "description": form.get("description", ""),
            "size": len(fetched),
        }
        self.state.facebook_videos.setdefault(page_id, []).append(video)
        if failure == "accept_then_500":
            return self._facebook_error(500, 1, "An unknown error occurred", is_transient=True)
        return self._reply(200, {"id": video["id"]})

    def _zalo_prepare_video(self, received: Received):
        """Multipart upload of one file named "file"; a token to verify the upload with."""
        if received.headers.get("access_token") not in GOOD_TOKENS:
            return self._reply(200, {"error": -216, "message": "Access token is invalid"})
        boundary = received.headers.get("content-type", "").partition("boundary=")[2]
        parts = received.body.split(f"--{boundary}".encode()) if boundary else []
        files = [p for p in parts if b'name="file"' in p]
        if not files:
            return self._reply(200, {"error": -201, "message": "File is required"})
        content = files[0].partition(b"\r\n\r\n")[2].removesuffix(b"\r\n")
        token = f"zalo-upload-{next(self.state._ids)}"
        self.state.zalo_uploads[token] = {"size": len(content), "checks": 0, "head": content[:12]}
        return self._reply(200, {"error": 0, "message": "Success", "data": {"token": token}})

    def _zalo_verify(self, received: Received):
        if received.headers.get("access_token") not in GOOD_TOKENS:
            return self._reply(200, {"error": -216, "message": "Access token is invalid"})
        upload = self.state.zalo_uploads.get(received.query.get("token", [""])[0])
        if upload is None:
            return self._reply(200, {"error": -201, "message": "Token is invalid"})
        statuses = self.state.zalo_video_statuses
        status = statuses[min(upload["checks"], len(statuses) - 1)]
        upload["checks"] += 1
        data = {"status": status, "convert_percent": 100 if status == 1 else 40}
        if status == 1:
            data["video_id"] = f"zalo-video-{received.query['token'][0]}"
        return self._reply(200, {"error": 0, "message": "Success", "data": data})

    def _zalo_create(self, received: Received):
        failure = self.state.take_failure()
        if failure == "expired" or received.headers.get("access_token") not in GOOD_TOKENS:
            return self._reply(200, {"error": -216, "message": "Access token is invalid"})
        if failure == "rate_limit":
            return self._reply(
                429, {"error": -32, "message": "Exceeded the rate limit"}, {"Retry-After": str(self.state.retry_after)}
            )
        if failure == "server_error":
            return self._reply(500, b"Internal Server Error")
        if failure == "malformed":
            return self._reply(200, b"{not json")
        try:
            article = received.json
        except ValueError:
            return self._reply(200, {"error": -201, "message": "Body is not valid JSON"})
        if failure == "validation" or not article.get("title"):
            return self._reply(200, {"error": -201, "message": "Tiêu đề bài viết không hợp lệ"})
        article = {**article, "id": f"zalo-article-{next(self.state._ids)}"}
        self.state.zalo_articles.append(article)
        if failure == "accept_then_500":
            return self._reply(500, b"Internal Server Error")
        return self._reply(200, {"error": 0, "message": "Success", "data": {"token": article["id"]}})


class FakePlatformServer:
    """Start with `with FakePlatformServer() as state:`; `state.url` is its base URL."""

    def __init__(self, port: int = 0):
        self.state = FakePlatforms()
        handler = type("Handler", (_Handler,), {"state": self.state})
        self.server = ThreadingHTTPServer(("127.0.0.1", port), handler)
        self.state.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> FakePlatforms:
        self.thread.start()
        return self.state

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
