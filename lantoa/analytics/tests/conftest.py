"""Fixtures of the analytics tests: events written during the request, clean in-process state, traffic helpers."""

import asyncio
import datetime
import itertools
import json
from urllib.parse import urlencode

import pytest
from django.core.cache import cache
from django.utils import timezone

from lantoa.analytics import collection
from lantoa.analytics.buffer import buffer
from lantoa.analytics.store import forget_pages
from lantoa.analytics.throttle import throttle
from lantoa.content.models import ArticlePage, DocumentPage
from lantoa.taxonomy.models import PolicyArea, TargetGroup

COLLECTOR_UA = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Safari/604.1"


@pytest.fixture(autouse=True)
def analytics_state(settings):
    # In tests the request writes its own event, so the test sees it without a background thread.
    settings.ANALYTICS_FLUSH_MODE = "inline"
    # The figures' tests use fixed days of 2026, which the default window of 30 days would refuse; the window's
    # own tests (test_store.py) set it back.
    settings.ANALYTICS_RAW_RETENTION_DAYS = 3650
    settings.ANALYTICS_BATCH_SIZE = 1
    buffer.reset()
    collection.forget_salts()
    forget_pages()
    cache.clear()
    throttle.reset()
    yield
    buffer.reset()
    buffer.wakeup.set()  # a background thread started by a test sees inline mode and stops
    collection.forget_salts()
    forget_pages()


@pytest.fixture(scope="session")
def clickhouse_engine(tmp_path_factory):
    """ClickHouse's own engine (chdb-core, in this test process) behind the HTTP interface the store speaks; one
    per test process, each test in a database of its own."""
    from lantoa.analytics.chlocal import serve

    server, url = serve(str(tmp_path_factory.mktemp("chdb")))
    yield url
    server.shutdown()


_databases = itertools.count()


@pytest.fixture(params=["django", "clickhouse"])
def store(request, db, settings):
    """Each store backend in turn, configured as the product's store (`get_store()`, the collector, the rollup
    job and the dashboard use it): the same test, the same expected figures."""
    from lantoa.analytics.clickhouse import ClickHouseStore
    from lantoa.analytics.store import DjangoStore

    settings.ANALYTICS_STORE = request.param
    if request.param == "django":
        yield DjangoStore()
        return
    settings.ANALYTICS_CLICKHOUSE_URL = request.getfixturevalue("clickhouse_engine")
    settings.ANALYTICS_CLICKHOUSE_DATABASE = f"lantoa_test_{next(_databases)}"
    clickhouse = ClickHouseStore()
    clickhouse.migrate()
    yield clickhouse
    clickhouse.query(f"DROP DATABASE IF EXISTS {clickhouse.database}", database="default")


@pytest.fixture
def clock(monkeypatch):
    """clock.set(aware datetime): the time the next collected events are stamped with."""

    class Clock:
        now = None

        def set(self, moment: datetime.datetime) -> None:
            self.now = moment

    state = Clock()
    monkeypatch.setattr(collection, "current_time", lambda: state.now or timezone.now())
    return state


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.fixture
def pages(site):
    """Published pages: two in Hà Nội (one in a commune), one in Huế, one of the centre."""
    voluntary = PolicyArea.objects.get(slug="bhxh-tu-nguyen")
    farmers = TargetGroup.objects.get(slug="nong-dan")
    hanoi_news = site["hanoi_a"].add_child(instance=ArticlePage(title="Đối thoại ở Hoàn Kiếm", slug="doi-thoai"))
    hanoi_news.policy_areas.add(voluntary)
    hanoi_news.target_groups.add(farmers)
    return {
        "hanoi_news": publish(hanoi_news),
        "hanoi_article": publish(site["hanoi"].add_child(instance=ArticlePage(title="Bài Hà Nội", slug="bai-hn"))),
        "hue_article": publish(site["hue"].add_child(instance=ArticlePage(title="Bài viết Huế", slug="bai-hue"))),
        "law": publish(
            site["centre"].add_child(
                instance=DocumentPage(
                    title="Luật BHXH 2024",
                    slug="luat",
                    document_number="41/2024/QH15",
                    issuing_body="Quốc hội",
                    issued_on=datetime.date(2024, 6, 29),
                )
            )
        ),
    }


def beacon(client, *, url: str, referrer: str = "", page_id=None, ip: str, ua: str, js: bool = True, form=False):
    """One pageview sent as the portal's script (JSON by sendBeacon, or a form) or its <noscript> pixel."""
    headers = {"REMOTE_ADDR": ip, "HTTP_USER_AGENT": ua}
    if not js:
        query = {"u": url, "r": referrer}
        if page_id:
            query["p"] = page_id
        return client.get("/a/p.gif", query, **headers)
    if form:
        data = {"u": url, "r": referrer, "p": page_id or ""}
        return client.post("/a/e", urlencode(data), content_type="application/x-www-form-urlencoded", **headers)
    body = json.dumps({"u": url, "r": referrer, "p": page_id})
    return client.post("/a/e", body, content_type="text/plain;charset=UTF-8", **headers)


@pytest.fixture
def queued(settings, monkeypatch):
    """The collector's mode: requests only queue (no thread started here); the test writes with drain()."""
    settings.ANALYTICS_FLUSH_MODE = "thread"
    monkeypatch.setattr(type(buffer), "_ensure_thread", lambda self: None)
    collection.salt_for(collection.local_day(timezone.now()))  # no salt lookup in the collector's thread pool


@pytest.fixture
def collector():
    from lantoa.analytics.asgi import beacon_collector

    passed_on = []

    async def django_app(scope, receive, send):
        passed_on.append((scope["method"], scope["path"]))
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"django"})

    app = beacon_collector(django_app)

    def call(method="POST", path="/a/e", body=b"", query=b"", headers=(), chunks=None, host=b"testserver"):
        scope = {
            "type": "http",
            "method": method,
            "path": path,
            "query_string": query,
            "client": ("192.0.2.8", 50000),
            "headers": [(b"host", host), *headers]
            + ([] if any(n == b"user-agent" for n, _v in headers) else [(b"user-agent", COLLECTOR_UA.encode())]),
        }
        parts = chunks or [body]
        messages = [
            {"type": "http.request", "body": part, "more_body": i < len(parts) - 1} for i, part in enumerate(parts)
        ]
        sent = []

        async def receive():
            return messages.pop(0)

        async def send(message):
            sent.append(message)

        asyncio.run(app(scope, receive, send))
        start = next(message for message in sent if message["type"] == "http.response.start")
        body_out = b"".join(message.get("body", b"") for message in sent if message["type"] == "http.response.body")
        return start["status"], dict(start["headers"]), body_out

    call.passed_on = passed_on
    return call
