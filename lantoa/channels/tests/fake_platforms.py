"""A local stand-in for the Facebook Graph API and the Zalo OA API, with their error replies, for the tests."""

import itertools
import json
import threading
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

GOOD_TOKENS = frozenset({"EAAG-page-token-1234", "zalo-oa-token-5678"})


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
    _ids: itertools.count = field(default_factory=lambda: itertools.count(1))
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def fail_next(self, *modes: str) -> None:
        with self._lock:
            self.failures.extend(modes)

    def take_failure(self) -> str | None:
        with self._lock:
            return self.failures.pop(0) if self.failures else None

    def publishing_requests(self) -> list[Received]:
        return [r for r in self.received if r.method == "POST"]

    def all_posts(self) -> list[dict]:
        return [post for posts in self.facebook_posts.values() for post in posts] + self.zalo_articles


class _Handler(BaseHTTPRequestHandler):
    state: FakePlatforms

    def log_message(self, format, *args):  # keep test output quiet
        return

    def _reply(self, status: int, payload, headers: dict[str, str] | None = None) -> None:
        body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json" if not isinstance(payload, bytes) else "text/html")
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def _record(self) -> Received:
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
        return self._reply(404, {"error": {"message": "Unknown path"}})

    def do_POST(self):
        received = self._record()
        segments = received.path.strip("/").split("/")
        if segments[0] == "graph" and len(segments) == 3 and segments[2] == "feed":
            return self._facebook_feed(segments[1], received)
        if received.path == "/zalo/article/create":
            return self._zalo_create(received)
        return self._reply(404, {"error": {"message": "Unknown path"}})

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
        return self._reply(200, {"id": post["id"]})

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

    def __init__(self):
        self.state = FakePlatforms()
        handler = type("Handler", (_Handler,), {"state": self.state})
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.state.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> FakePlatforms:
        self.thread.start()
        return self.state

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
