"""The beacon collector: a tiny ASGI app for `/a/e` and `/a/p.gif`, served by uvicorn (httptools, uvloop).

    scripts/collector        # uvicorn lantoa.analytics.asgi:application on $COLLECTOR_BIND (127.0.0.1:8001)

The reverse proxy sends `/a/e` and `/a/p.gif` here and everything else to `scripts/serve` (docs/analytics.md).
Beacons are parsed, checked, counted and queued by the same code as the Django views (`edge.py`); the queue
is written to the store by the buffer's background thread, so the event loop never waits on the database.
Requests it does not answer itself (another path, the session cookie of possibly signed-in staff, an unknown
host) go to Django's ASGI handler, so the collector alone still serves the site correctly, only slower.
"""

import asyncio
import logging
import os

from django.core.asgi import get_asgi_application

logger = logging.getLogger(__name__)

# ASGI header name → the WSGI-style key the shared code reads.
META_HEADERS = {
    b"user-agent": "HTTP_USER_AGENT",
    b"dnt": "HTTP_DNT",
    b"sec-gpc": "HTTP_SEC_GPC",
    b"x-forwarded-for": "HTTP_X_FORWARDED_FOR",
    b"host": "HTTP_HOST",
    b"cookie": "HTTP_COOKIE",
    b"content-type": "CONTENT_TYPE",
    b"content-length": "CONTENT_LENGTH",
}
EMPTY = [(b"cache-control", b"no-store"), (b"content-length", b"0")]


def beacon_collector(fallback):
    from . import collection, edge
    from .buffer import buffer
    from .collection import MAX_BODY_BYTES

    gif_headers = [
        (b"cache-control", b"no-store"),
        (b"content-type", b"image/gif"),
        (b"content-length", str(len(edge.PIXEL)).encode()),
    ]

    async def lifespan(receive, send):
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                # A stopping collector writes what it still holds (the thread's database connection is its own).
                try:
                    await asyncio.get_running_loop().run_in_executor(None, buffer.drain)
                except Exception:
                    logger.warning("analytics events lost at shutdown", exc_info=True)
                await send({"type": "lifespan.shutdown.complete"})
                return

    async def answer(send, status: int, headers, body: bytes = b"") -> None:
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    async def app(scope, receive, send):
        if scope["type"] == "lifespan":
            return await lifespan(receive, send)
        kind = edge.route(scope.get("method", ""), scope.get("path", "")) if scope["type"] == "http" else None
        if kind is None:
            return await fallback(scope, receive, send)
        meta = {}
        for name, value in scope["headers"]:
            key = META_HEADERS.get(name)
            if key:
                text = value.decode("latin-1")
                meta[key] = f"{meta[key]},{text}" if key in meta else text
        host = meta.get("HTTP_HOST", "")
        if edge.for_django(host=host, cookie=meta.get("HTTP_COOKIE", "")):
            return await fallback(scope, receive, send)
        client = scope.get("client")
        meta["REMOTE_ADDR"] = client[0] if client else ""
        now = collection.current_time()
        day = collection.local_day(now)
        if day not in collection._salts:
            # The first beacon of the day reads (or creates) the day's salt in a thread: never on the loop.
            try:
                await asyncio.get_running_loop().run_in_executor(None, collection.salt_for, day)
            except Exception:
                logger.warning("analytics salt unavailable", exc_info=True)
        if kind == "pixel":
            query = scope.get("query_string", b"").decode("utf-8", "replace")
            status = edge.pixel(query_string=query, meta=meta, host=host, now=now)
            if status == 200:
                return await answer(send, 200, gif_headers, edge.PIXEL if scope["method"] == "GET" else b"")
            return await answer(send, status, EMPTY)
        if edge.too_long(meta.get("CONTENT_LENGTH")):
            return await answer(send, 413, EMPTY)
        body = b""
        more = True
        while more:
            message = await receive()
            if message["type"] != "http.request":
                return  # the reader went away
            body += message.get("body", b"")
            more = message.get("more_body", False)
            if len(body) > MAX_BODY_BYTES:
                buffer.count("oversized")
                return await answer(send, 413, EMPTY)
        status = edge.beacon(body=body, content_type=meta.get("CONTENT_TYPE", ""), meta=meta, host=host, now=now)
        return await answer(send, status, EMPTY)

    return app


os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lantoa.settings.production")
application = beacon_collector(get_asgi_application())
