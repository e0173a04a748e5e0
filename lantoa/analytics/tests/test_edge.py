"""The beacon answered before Django: the ASGI collector (scripts/collector), the WSGI fast path (scripts/serve)
and the in-process flood and replay guards they share with the views."""

import io
import json

import pytest
from django.utils import timezone

from lantoa.analytics import collection
from lantoa.analytics.buffer import buffer
from lantoa.analytics.models import CollectionCount, PageviewEvent
from lantoa.analytics.throttle import Throttle

UA = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Safari/604.1"


def counted(reason: str) -> int:
    buffer.save_counts()
    row = CollectionCount.objects.filter(reason=reason).first()
    return row.count if row else 0


def beacon_body(url: str, **extra) -> bytes:
    return json.dumps({"u": url, **extra}).encode()


def test_collector_queues_a_reader_beacon_and_stores_it_like_the_view(db, queued, collector):
    status, headers, body = collector(
        body=beacon_body("http://testserver/tin-tuc/bai-1/?utm_source=zalo-oa&utm_campaign=bhyt-2025"),
        headers=[(b"content-type", b"text/plain;charset=UTF-8")],
    )
    assert (status, body) == (204, b"")
    assert headers[b"cache-control"] == b"no-store"
    assert not PageviewEvent.objects.exists()  # only queued: the event loop never writes
    assert buffer.drain() == 1
    event = PageviewEvent.objects.get()
    assert (event.path, event.source_kind, event.source, event.utm_campaign) == (
        "/tin-tuc/bai-1/",
        "campaign",
        "zalo-oa",
        "bhyt-2025",
    )
    assert event.device == "mobile"
    assert "192.0.2.8" not in str(PageviewEvent.objects.values().get())


def test_collector_refuses_and_drops_as_the_view_does(db, queued, collector):
    assert collector(body=b"not json")[0] == 400
    assert collector(body=beacon_body("https://evil.example/x"))[0] == 400
    too_big = beacon_body("/" + "a" * 3000)
    assert collector(body=too_big, headers=[(b"content-length", str(len(too_big)).encode())])[0] == 413
    # Without a declared length (chunked), the body is cut off as soon as it passes the limit.
    assert collector(chunks=[b'{"u": "/' + b"a" * 1500, b"a" * 1500 + b'"}'])[0] == 413
    assert collector(body=beacon_body("/bot/"), headers=[(b"user-agent", b"")])[0] == 204
    assert collector(body=beacon_body("/dnt/"), headers=[(b"dnt", b"1")])[0] == 204
    assert collector(body=beacon_body("/lan-1/"))[0] == 204
    assert collector(body=beacon_body("/lan-1/"))[0] == 204  # the same beacon again: a replay
    buffer.drain()
    assert PageviewEvent.objects.count() == 1
    assert (counted("malformed"), counted("foreign_site"), counted("oversized")) == (1, 1, 2)
    assert (counted("bot"), counted("do_not_track"), counted("replay")) == (1, 1, 1)


def test_collector_pixel_answers_a_gif_and_records_the_pageview(db, queued, collector):
    status, headers, body = collector(method="GET", path="/a/p.gif", query=b"u=/hoi-dap/&r=https%3A%2F%2Fzalo.me%2F")
    assert status == 200
    assert headers[b"content-type"] == b"image/gif" and body.startswith(b"GIF89a")
    assert collector(method="GET", path="/a/p.gif", query=b"u=/x/&evil=1")[0] == 400
    buffer.drain()
    assert PageviewEvent.objects.get().source == "zalo"


def test_collector_trusts_x_forwarded_for_only_when_told(db, queued, collector, settings):
    # Two readers behind the same proxy: one visitor without trust, two with it.
    for forwarded in (b"203.0.113.1", b"203.0.113.2"):
        collector(body=beacon_body(f"/a-{forwarded[-1]}/"), headers=[(b"x-forwarded-for", forwarded)])
    settings.LANTOA_TRUSTED_PROXIES = 2  # a CDN, then the load balancer (10.0.0.1) appending to the header
    for forwarded in (b"203.0.113.1", b"203.0.113.2"):
        collector(body=beacon_body(f"/b-{forwarded[-1]}/"), headers=[(b"x-forwarded-for", forwarded + b", 10.0.0.1")])
    buffer.drain()
    untrusted = set(PageviewEvent.objects.filter(path__startswith="/a-").values_list("visitor", flat=True))
    trusted = set(PageviewEvent.objects.filter(path__startswith="/b-").values_list("visitor", flat=True))
    assert len(untrusted) == 1 and len(trusted) == 2


def test_a_forged_x_forwarded_for_does_not_make_a_new_visitor(db, queued, collector, settings):
    """The client's own entries on the left of the header are not believed: one reader stays one visitor."""
    settings.ANALYTICS_TRUST_X_FORWARDED_FOR = True  # the older switch: one proxy
    for n, forged in enumerate((b"1.1.1.1", b"2.2.2.2", b"3.3.3.3")):
        collector(body=beacon_body(f"/c-{n}/"), headers=[(b"x-forwarded-for", forged + b", 203.0.113.9")])
    buffer.drain()
    assert PageviewEvent.objects.filter(path__startswith="/c-").values("visitor").distinct().count() == 1


def test_collector_leaves_staff_other_paths_and_unknown_hosts_to_django(db, queued, collector):
    assert collector(body=beacon_body("/x/"), headers=[(b"cookie", b"csrftoken=a; sessionid=abc")])[2] == b"django"
    assert collector(method="GET", path="/tin-tuc/")[2] == b"django"
    assert collector(method="GET", path="/a/e")[2] == b"django"  # Django answers 405
    assert collector(body=beacon_body("/x/"), host=b"evil.example")[2] == b"django"
    # A reader with other cookies (a language choice, a form's CSRF token) is still a reader.
    assert collector(body=beacon_body("/y/"), headers=[(b"cookie", b"csrftoken=a")])[0] == 204
    buffer.drain()
    assert list(PageviewEvent.objects.values_list("path", flat=True)) == ["/y/"]
    assert len(collector.passed_on) == 4


def test_wsgi_fast_path_answers_the_pixel(db, queued):
    from lantoa.analytics.wsgi import with_beacon_fast_path

    app = with_beacon_fast_path(lambda environ, start_response: [b"django"])
    statuses = []
    environ = {
        "PATH_INFO": "/a/p.gif",
        "REQUEST_METHOD": "GET",
        "QUERY_STRING": "u=/van-ban/&r=https%3A%2F%2Fwww.google.com%2F",
        "HTTP_HOST": "testserver",
        "REMOTE_ADDR": "192.0.2.8",
        "HTTP_USER_AGENT": UA,
        "wsgi.input": io.BytesIO(b""),
    }
    body = b"".join(app(environ, lambda status, headers: statuses.append((status, dict(headers)))))
    assert statuses[0][0] == "200 OK" and statuses[0][1]["Content-Type"] == "image/gif"
    assert body.startswith(b"GIF89a")
    buffer.drain()
    assert PageviewEvent.objects.get().source == "google"


def test_flood_counter_starts_over_each_minute_and_stays_bounded():
    throttle = Throttle(max_keys=3)
    assert [throttle.sent_this_minute("v", now=60.0) for _ in range(3)] == [1, 2, 3]
    assert throttle.sent_this_minute("v", now=119.0) == 4
    assert throttle.sent_this_minute("v", now=120.0) == 1  # a new minute
    for name in ("a", "b"):
        throttle.sent_this_minute(name, now=121.0)
    assert len(throttle.sent) == 3
    throttle.sent_this_minute("c", now=122.0)  # a fourth visitor: the bucket starts over
    assert len(throttle.sent) == 1


def test_replay_is_caught_within_the_window_and_forgotten_after_two():
    throttle = Throttle()
    assert throttle.is_replay(42, 5, now=100.0) is False
    assert throttle.is_replay(42, 5, now=104.9) is True  # same window
    assert throttle.is_replay(7, 5, now=101.0) is False
    assert throttle.is_replay(7, 5, now=106.0) is True  # the next window still remembers the one before
    assert throttle.is_replay(42, 5, now=115.0) is False  # two windows later: forgotten
    assert throttle.is_replay(42, 0, now=115.0) is False  # replay check off


@pytest.mark.django_db(transaction=True)
def test_a_stopping_worker_waits_for_the_batch_being_written_before_it_drains(settings, monkeypatch):
    """At shutdown a batch may be out of the queue in the writer thread: the drain must not lose it."""
    import threading

    from lantoa.analytics.collection import Event
    from lantoa.analytics.store import DjangoStore

    settings.ANALYTICS_FLUSH_MODE = "thread"
    settings.ANALYTICS_BATCH_SIZE = 3
    monkeypatch.setattr(type(buffer), "_ensure_thread", lambda self: None)
    now = timezone.now()
    for i in range(5):
        buffer.add(
            Event(occurred_at=now, day=collection.local_day(now), site="testserver", visitor=f"{i:016x}", path="/")
        )
    writing, release = threading.Event(), threading.Event()
    record_many = DjangoStore.record_many

    def slow(self, events):
        writing.set()
        release.wait(10)
        return record_many(self, events)

    monkeypatch.setattr(DjangoStore, "record_many", slow)
    writer = threading.Thread(target=buffer.flush)  # the background thread, mid-batch
    writer.start()
    assert writing.wait(10)
    drained = []
    stopping = threading.Thread(target=lambda: drained.append(buffer.drain()))  # the worker's exit hook
    stopping.start()
    stopping.join(0.3)
    assert stopping.is_alive()  # waits for the batch in flight instead of finishing without it
    release.set()
    writer.join(10)
    stopping.join(10)
    assert drained == [2]
    assert PageviewEvent.objects.count() == 5
