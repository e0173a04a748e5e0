import json

import pytest
from django.utils import timezone

from lantoa.analytics.buffer import buffer
from lantoa.analytics.models import CollectionCount, DailyStat, PageviewEvent
from lantoa.analytics.store import DjangoStore

from .conftest import beacon

UA = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/126.0 Mobile Safari/537.36"
READER = {"REMOTE_ADDR": "192.0.2.10", "HTTP_USER_AGENT": UA}


def counted(reason: str) -> int:
    buffer.save_counts()
    row = CollectionCount.objects.filter(reason=reason).first()
    return row.count if row else 0


@pytest.mark.parametrize(
    "body",
    [
        "not json",
        "[1, 2]",
        '{"u": 5}',
        '{"u": ""}',
        '{"r": "https://google.com"}',
        '{"u": "/", "p": "abc"}',
        '{"u": "/", "p": -3}',
        '{"u": "/", "p": 1e99}',
        '{"u": "/", "p": true}',
        '{"u": "/", "x": 1}',
        '{"u": "/\\u0000admin"}',
        '{"u": "javascript:alert(1)"}',
        '{"u": "relative/path"}',
        '{"u": "/", "r": {"a": 1}}',
        '{"u": "' + "[" * 1000 + '"}',
        '{"u": "/", "e": "²"}',
        '{"u": "/", "e": "٣"}',
        '{"u": "/", "e": 1.5}',
        '{"u": "/", "p": "٣"}',
        '{"u": "/", "p": "²"}',
        '{"u": "http://[/"}',
    ],
)
def test_malformed_beacon_is_refused_and_counted_without_a_traceback(client, db, body, caplog):
    response = client.post("/a/e", body, content_type="text/plain", **READER)
    assert response.status_code == 400
    assert not PageviewEvent.objects.exists()
    assert counted("malformed") == 1
    assert "Traceback" not in caplog.text and not any(record.exc_info for record in caplog.records)


def test_deeply_nested_json_is_refused(client, db):
    response = client.post("/a/e", "[" * 1500 + "]" * 1500, content_type="text/plain", **READER)
    assert response.status_code in (400, 413)
    assert not PageviewEvent.objects.exists()


def test_oversized_beacon_is_refused_with_413(client, db):
    body = json.dumps({"u": "/" + "a" * 3000})
    assert client.post("/a/e", body, content_type="text/plain", **READER).status_code == 413
    assert counted("oversized") == 1
    assert not PageviewEvent.objects.exists()


def test_beacon_for_another_site_is_refused(client, db):
    body = json.dumps({"u": "https://evil.example/trang"})
    assert client.post("/a/e", body, content_type="text/plain", **READER).status_code == 400
    assert counted("foreign_site") == 1


def test_get_on_the_beacon_endpoint_is_not_allowed(client, db):
    assert client.get("/a/e").status_code == 405


def test_replayed_beacon_is_dropped_and_counted(client, db):
    body = json.dumps({"u": "http://testserver/tin-tuc/"})
    for _ in range(3):
        assert client.post("/a/e", body, content_type="text/plain", **READER).status_code == 204
    assert PageviewEvent.objects.count() == 1
    assert counted("replay") == 2


def test_flood_from_one_visitor_gets_429_and_others_still_count(client, db, settings):
    settings.ANALYTICS_MAX_EVENTS_PER_MINUTE = 5
    statuses = [
        client.post("/a/e", json.dumps({"u": f"/trang-{i}/"}), content_type="text/plain", **READER).status_code
        for i in range(8)
    ]
    assert statuses == [204] * 5 + [429] * 3
    other = {"REMOTE_ADDR": "192.0.2.99", "HTTP_USER_AGENT": UA}
    assert client.post("/a/e", json.dumps({"u": "/trang-0/"}), content_type="text/plain", **other).status_code == 204
    assert PageviewEvent.objects.count() == 6
    assert counted("flood") == 3


def test_store_down_buffers_events_answers_204_and_writes_them_later(client, db, monkeypatch):
    def down(self, events):
        raise ConnectionError("store unreachable")

    monkeypatch.setattr(DjangoStore, "record_many", down)
    for i in range(3):
        response = beacon(client, url=f"http://testserver/bai-{i}/", ip=f"192.0.2.{i}", ua=UA)
        assert response.status_code == 204
    assert beacon(client, url="/bai-pixel/", ip="192.0.2.50", ua=UA, js=False).status_code == 200
    assert len(buffer.events) == 4
    assert not PageviewEvent.objects.exists()
    monkeypatch.undo()
    buffer.drain()
    assert PageviewEvent.objects.count() == 4
    assert counted("store_error") >= 1


def test_full_buffer_drops_new_events_and_counts_them(client, db, monkeypatch, settings):
    settings.ANALYTICS_BUFFER_MAX = 2
    monkeypatch.setattr(DjangoStore, "record_many", lambda self, events: 1 / 0)
    for i in range(5):
        assert beacon(client, url=f"/bai-{i}/", ip=f"192.0.2.{i}", ua=UA).status_code == 204
    assert len(buffer.events) == 2
    monkeypatch.undo()
    buffer.drain()
    assert counted("dropped_buffer_full") == 3


def test_pages_still_load_while_the_store_is_unreachable(client, site, monkeypatch):
    monkeypatch.setattr(DjangoStore, "record_many", lambda self, events: 1 / 0)
    home = client.get("/")
    assert home.status_code == 200
    assert beacon(client, url="http://testserver/", ip="192.0.2.1", ua=UA).status_code == 204
    assert client.get("/").status_code == 200


def test_broken_salt_or_cache_costs_the_event_not_the_reader(client, db, monkeypatch):
    from lantoa.analytics import collection

    def broken(day):
        raise RuntimeError("database down")

    monkeypatch.setattr(collection, "salt_for", broken)
    assert beacon(client, url="/", ip="192.0.2.1", ua=UA).status_code == 204
    assert beacon(client, url="/", ip="192.0.2.1", ua=UA, js=False).status_code == 200
    assert not PageviewEvent.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_background_thread_writes_events_in_batches(client, settings):
    import time

    settings.ANALYTICS_FLUSH_MODE = "thread"
    settings.ANALYTICS_BATCH_SIZE = 50
    settings.ANALYTICS_FLUSH_INTERVAL_MS = 50
    for i in range(5):
        assert beacon(client, url=f"/bai-{i}/", ip=f"192.0.2.{i}", ua=UA).status_code == 204
    deadline = time.monotonic() + 10
    while PageviewEvent.objects.count() < 5 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert PageviewEvent.objects.count() == 5
    thread = buffer.thread
    assert thread.is_alive()
    settings.ANALYTICS_FLUSH_MODE = "inline"
    buffer.wakeup.set()
    thread.join(timeout=5)
    assert not thread.is_alive()


def test_wsgi_fast_path_applies_the_same_rules_as_the_view(db):
    import io

    from lantoa.analytics.wsgi import with_beacon_fast_path

    passed_on = []

    def django_app(environ, start_response):
        passed_on.append(environ["PATH_INFO"])
        start_response("200 OK", [])
        return [b"django"]

    app = with_beacon_fast_path(django_app)

    def call(body: bytes, **extra):
        environ = {
            "PATH_INFO": "/a/e",
            "REQUEST_METHOD": "POST",
            "HTTP_HOST": "testserver",
            "CONTENT_TYPE": "text/plain",
            "CONTENT_LENGTH": str(len(body)),
            "REMOTE_ADDR": "192.0.2.8",
            "HTTP_USER_AGENT": UA,
            "wsgi.input": io.BytesIO(body),
            **extra,
        }
        statuses = []
        app(environ, lambda status, headers: statuses.append(status))
        return statuses[0] if statuses else None

    assert call(json.dumps({"u": "http://testserver/a/"}).encode()) == "204 No Content"
    assert call(b"not json") == "400 Bad Request"
    assert call(json.dumps({"u": "/" + "a" * 3000}).encode()) == "413 Content Too Large"
    assert call(json.dumps({"u": "/b/"}).encode(), HTTP_USER_AGENT="curl/8.0") == "204 No Content"
    assert PageviewEvent.objects.count() == 1
    assert call(b"{}", HTTP_COOKIE="sessionid=x") == "200 OK"
    assert call(b"{}", HTTP_HOST="evil.example") == "200 OK"
    assert passed_on == ["/a/e", "/a/e"]


def day_figures(dimension: str = "total") -> list[DailyStat]:
    DjangoStore().rollup(timezone.localdate())
    return list(DailyStat.objects.filter(scope="VSS/", dimension=dimension))


def test_rotating_the_user_agent_adds_at_most_the_budget_of_visitors_from_one_address(client, db, settings):
    settings.ANALYTICS_NEW_VISITORS_PER_ADDRESS = 5
    settings.ANALYTICS_MAX_EVENTS_PER_MINUTE = 1000
    for i in range(40):
        agent = {"REMOTE_ADDR": "192.0.2.10", "HTTP_USER_AGENT": f"{UA} rotate/{i}"}
        response = client.post("/a/e", json.dumps({"u": f"/trang-{i}/"}), content_type="text/plain", **agent)
        assert response.status_code == 204
    other = {"REMOTE_ADDR": "192.0.2.77", "HTTP_USER_AGENT": UA}
    assert client.post("/a/e", json.dumps({"u": "/trang-0/"}), content_type="text/plain", **other).status_code == 204

    [total] = day_figures()
    # Four visitors, the other 36 as one (five: the budget), and the reader from another address.
    assert total.visitors == 5 + 1
    assert total.pageviews == 41
    assert counted("visitor_budget") == 36


def test_the_merged_visitor_of_an_address_is_still_held_to_the_flood_limit(client, db, settings):
    settings.ANALYTICS_NEW_VISITORS_PER_ADDRESS = 2
    settings.ANALYTICS_MAX_EVENTS_PER_MINUTE = 5
    statuses = [
        client.post(
            "/a/e",
            json.dumps({"u": f"/trang-{i}/"}),
            content_type="text/plain",
            REMOTE_ADDR="192.0.2.10",
            HTTP_USER_AGENT=f"{UA} rotate/{i}",
        ).status_code
        for i in range(12)
    ]
    assert statuses.count(429) == 12 - 1 - 5
    assert counted("flood") == 12 - 1 - 5


def test_made_up_utm_sources_fold_into_one_other_row_per_unit_and_day(client, db, settings):
    settings.ANALYTICS_MAX_SOURCES_PER_DAY = 3
    for i in range(12):
        reader = {"REMOTE_ADDR": f"192.0.2.{i}", "HTTP_USER_AGENT": UA}
        url = f"/trang/?utm_source=nguon-{i}&utm_campaign=chien-dich-{i}"
        client.post("/a/e", json.dumps({"u": url}), content_type="text/plain", **reader)
    # The most viewed source keeps its row.
    for n in range(3):
        reader = {"REMOTE_ADDR": f"198.51.100.{n}", "HTTP_USER_AGENT": UA}
        client.post("/a/e", json.dumps({"u": "/tin/?utm_source=zalo-oa"}), content_type="text/plain", **reader)

    sources = {row.key: row for row in day_figures("source")}
    campaigns = {row.key: row for row in day_figures("campaign")}
    assert len(sources) == 3 + 1 and "campaign:zalo-oa" in sources
    assert sources["campaign:~other"].pageviews == 12 + 3 - sum(
        row.pageviews for key, row in sources.items() if key != "campaign:~other"
    )
    assert sum(row.pageviews for row in sources.values()) == 15
    assert len(campaigns) == 3 + 1 and "~other" in campaigns


def test_the_dashboard_shows_how_many_beacons_were_discarded(client, db, units, make_staff):
    from lantoa.units.roles import Role

    client.post("/a/e", "not json", content_type="text/plain", **READER)
    client.post("/a/e", json.dumps({"u": "/"}), content_type="text/plain", REMOTE_ADDR="192.0.2.5")  # no UA: a bot
    buffer.save_counts()
    client.force_login(make_staff(units["hanoi_a"], Role.VIEWER))

    body = client.get("/admin/thong-ke/").text

    assert 'data-discarded="2"' in body
    assert "Đã loại khỏi số liệu (toàn cổng): 2 lượt gửi" in body


def test_a_burst_from_one_address_is_refused_whatever_the_user_agent(client, db, settings):
    settings.ANALYTICS_MAX_EVENTS_PER_ADDRESS_PER_MINUTE = 6
    statuses = [
        client.post(
            "/a/e",
            json.dumps({"u": f"/trang-{i}/"}),
            content_type="text/plain",
            REMOTE_ADDR="192.0.2.10",
            HTTP_USER_AGENT=f"{UA} rotate/{i}",
        ).status_code
        for i in range(10)
    ]
    other = {"REMOTE_ADDR": "192.0.2.99", "HTTP_USER_AGENT": UA}

    assert statuses == [204] * 6 + [429] * 4
    assert client.post("/a/e", json.dumps({"u": "/trang-0/"}), content_type="text/plain", **other).status_code == 204
    assert counted("burst") == 4
