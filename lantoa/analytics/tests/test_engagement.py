"""The engagement ping: the seconds a page was visible, sent once when it is hidden, gives the last page of a visit
and one-page visits their time on page. Through the view, the ASGI collector and the WSGI fast path on real
sockets, the store and both rollup engines."""

import datetime
import http.client
import json
import shutil
import socket
import subprocess
import threading
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from lantoa.analytics.buffer import buffer
from lantoa.analytics.models import CollectionCount, EngagementEvent, MonthlyStat, PageviewEvent
from lantoa.analytics.selectors import breakdown, comparison
from lantoa.analytics.services import rollup_days
from lantoa.analytics.store import DjangoStore
from lantoa.analytics.throttle import throttle

from .conftest import beacon
from .test_privacy import text_columns_containing

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
IP = "198.51.100.23"
UA = "Mozilla/5.0 (Linux; Android 14; SM-S921B) AppleWebKit/537.36 Chrome/126.0 Mobile Safari/537.36 LanToaPing/1"
READER = {"REMOTE_ADDR": IP, "HTTP_USER_AGENT": UA}


def ping(client, *, url: str, seconds, form: bool = False, **headers):
    """The engagement ping as the portal's script sends it (JSON by sendBeacon), or as a form body."""
    headers = {**READER, **headers}
    if form:
        body = urlencode({"u": url, "e": seconds})
        return client.post("/a/e", body, content_type="application/x-www-form-urlencoded", **headers)
    return client.post("/a/e", json.dumps({"u": url, "e": seconds}), content_type="text/plain;charset=UTF-8", **headers)


def counted(reason: str) -> int:
    buffer.save_counts()
    row = CollectionCount.objects.filter(reason=reason).first()
    return row.count if row else 0


def at(day: datetime.date, hour: int, minute: int = 0, second: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute, second), tzinfo=TZ)


@pytest.fixture
def day():
    return timezone.localdate() - datetime.timedelta(days=1)


def test_one_page_visit_gets_its_time_on_page_from_the_ping_and_is_still_a_bounce(
    client, clock, pages, day, admin_user, store
):
    law = pages["law"]
    url = f"http://testserver{law.url}"
    clock.set(at(day, 9))
    assert beacon(client, url=url, page_id=law.pk, ip=IP, ua=UA).status_code == 204
    clock.set(at(day, 9, 0, 42))
    response = ping(client, url=url, seconds=40)
    assert response.status_code == 204
    assert not response.cookies and response["Cache-Control"] == "no-store"
    rollup_days(days=[day])
    totals = comparison(admin_user, start=day, end=day).current.totals
    assert (totals.visits, totals.pageviews, totals.bounces) == (1, 1, 1)
    assert totals.time_on_page == 40
    [row] = breakdown(admin_user, start=day, end=day, dimension="page", limit=10)
    assert (row.key, row.figures.time_on_page) == (law.url, 40)
    # The dashboard shows it.
    client.force_login(admin_user)
    page = client.get("/admin/thong-ke/", {"period": "custom", "start": day, "end": day})
    cards = {card["metric"]: card["current"] for card in page.context["cards"]}
    assert cards["time_on_page"] == 40
    assert "40 giây" in page.content.decode()
    assert counted("engagement") == 1 and counted("accepted") == 1


def test_a_second_ping_for_the_same_pageview_is_not_counted_twice(client, clock, pages, day, admin_user):
    url = f"http://testserver{pages['law'].url}"
    clock.set(at(day, 9))
    beacon(client, url=url, page_id=pages["law"].pk, ip=IP, ua=UA)
    clock.set(at(day, 9, 1))
    assert ping(client, url=url, seconds=50).status_code == 204
    assert ping(client, url=url, seconds=50).status_code == 204  # replayed at once: dropped
    clock.set(at(day, 9, 10))
    throttle.reset()  # the replay window (real seconds) has passed
    assert ping(client, url=url, seconds=30).status_code == 204  # later: stored
    assert EngagementEvent.objects.count() == 2
    assert counted("replay") == 1
    rollup_days(days=[day])
    totals = comparison(admin_user, start=day, end=day).current.totals
    assert (totals.duration_count, totals.duration_total) == (1, 50)  # one pageview, its larger ping


def test_the_gap_to_the_next_page_is_kept_and_the_ping_times_the_last_page(
    client, clock, pages, day, admin_user, store
):
    first, last = pages["hanoi_article"], pages["hue_article"]
    clock.set(at(day, 9))
    beacon(client, url=f"http://testserver{first.url}", page_id=first.pk, ip=IP, ua=UA)
    clock.set(at(day, 9, 2))
    ping(client, url=f"http://testserver{first.url}", seconds=100)  # left for the next page: the gap counts
    clock.set(at(day, 9, 2, 1))
    beacon(client, url=f"http://testserver{last.url}", page_id=last.pk, ip=IP, ua=UA)
    clock.set(at(day, 9, 5))
    ping(client, url=f"http://testserver{last.url}", seconds=170)
    rollup_days(days=[day])
    totals = comparison(admin_user, start=day, end=day).current.totals
    assert (totals.visits, totals.bounces, totals.duration_count, totals.duration_total) == (1, 0, 2, 121 + 170)
    times = {row.key: row.figures.time_on_page for row in breakdown(admin_user, start=day, end=day, dimension="page")}
    assert times == {first.url: 121, last.url: 170}


def test_a_ping_never_counts_more_than_the_time_since_its_pageview(client, clock, pages, day, admin_user, store):
    url = f"http://testserver{pages['law'].url}"
    clock.set(at(day, 9))
    beacon(client, url=url, ip=IP, ua=UA)
    clock.set(at(day, 9, 0, 5))
    assert ping(client, url=url, seconds=1800).status_code == 204
    # A ping for a page this visitor never viewed that day, and one from another reader, attach to nothing.
    ping(client, url="http://testserver/khong-xem/", seconds=60)
    ping(client, url=url, seconds=60, REMOTE_ADDR="198.51.100.99")
    rollup_days(days=[day])
    totals = comparison(admin_user, start=day, end=day).current.totals
    assert (totals.pageviews, totals.duration_count, totals.duration_total) == (1, 1, 6)


def test_a_ping_arriving_after_the_day_was_rolled_up_counts_at_the_next_rollup(client, clock, pages, day, admin_user):
    url = f"http://testserver{pages['law'].url}"
    clock.set(at(day, 9))
    beacon(client, url=url, ip=IP, ua=UA)
    rollup_days(days=[day])
    assert comparison(admin_user, start=day, end=day).current.totals.time_on_page is None
    clock.set(at(day, 9, 3))
    ping(client, url=url, seconds=175)
    rollup_days(days=[day])
    assert comparison(admin_user, start=day, end=day).current.totals.time_on_page == 175
    month = MonthlyStat.objects.get(month=day.replace(day=1), scope="VSS/", dimension="total")
    assert (month.duration_total, month.duration_count) == (175, 1)
    # The month's rows, changed by the difference, equal a full recount.
    incremental = sorted(MonthlyStat.objects.values_list("scope", "dimension", "key", "duration_total"))
    DjangoStore.rollup_month(day.replace(day=1))
    assert sorted(MonthlyStat.objects.values_list("scope", "dimension", "key", "duration_total")) == incremental


@pytest.mark.parametrize(
    "body",
    [
        '{"u": "/", "e": -1}',
        '{"u": "/", "e": 1801}',
        '{"u": "/", "e": 1e300}',
        '{"u": "/", "e": 99999999999999999999999}',
        '{"u": "/", "e": 12.5}',
        '{"u": "/", "e": true}',
        '{"u": "/", "e": null}',
        '{"u": "/", "e": [5]}',
        '{"e": 5}',
        '{"u": "", "e": 5}',
        '{"u": "/", "e": 5, "r": "https://google.com/"}',
        '{"u": "/", "e": 5, "p": 3}',
        '{"u": "javascript:alert(1)", "e": 5}',
        '{"u": "/\\u0000", "e": 5}',
    ],
)
def test_malformed_ping_is_refused_and_counted(client, db, body):
    response = client.post("/a/e", body, content_type="text/plain", **READER)
    assert response.status_code == 400
    assert not EngagementEvent.objects.exists() and not PageviewEvent.objects.exists()
    assert counted("malformed") == 1


@pytest.mark.parametrize("seconds", ["-5", "1801", "9" * 40, "1.5", "", "0x10"])
def test_malformed_ping_as_a_form_is_refused(client, db, seconds):
    assert ping(client, url="/", seconds=seconds, form=True).status_code == 400
    assert not EngagementEvent.objects.exists()


def test_ping_as_a_form_and_the_bounds_are_accepted(client, db):
    assert ping(client, url="/a/", seconds="12", form=True).status_code == 204
    assert ping(client, url="/b/", seconds=0).status_code == 204
    assert ping(client, url="/c/", seconds=1800).status_code == 204
    assert sorted(EngagementEvent.objects.values_list("path", "seconds")) == [("/a/", 12), ("/b/", 0), ("/c/", 1800)]


def test_oversized_foreign_and_pixel_pings_are_refused(client, db):
    big = json.dumps({"u": "/" + "a" * 3000, "e": 5})
    assert client.post("/a/e", big, content_type="text/plain", **READER).status_code == 413
    assert ping(client, url="https://evil.example/x", seconds=5).status_code == 400
    # The no-JavaScript pixel records pageviews only.
    assert client.get("/a/p.gif", {"u": "/", "e": "5"}, **READER).status_code == 400
    assert not EngagementEvent.objects.exists()
    assert (counted("oversized"), counted("foreign_site"), counted("malformed")) == (1, 1, 1)


def test_pings_of_bots_do_not_track_and_staff_are_dropped(client, db, admin_user):
    assert ping(client, url="/", seconds=5, HTTP_USER_AGENT="Googlebot/2.1").status_code == 204
    assert ping(client, url="/", seconds=5, HTTP_DNT="1").status_code == 204
    assert ping(client, url="/", seconds=5, HTTP_SEC_GPC="1").status_code == 204
    client.force_login(admin_user)
    assert ping(client, url="/", seconds=5).status_code == 204
    assert not EngagementEvent.objects.exists()
    assert (counted("bot"), counted("do_not_track"), counted("staff")) == (1, 2, 1)


def test_pings_count_towards_the_flood_limit(client, db, settings):
    settings.ANALYTICS_MAX_EVENTS_PER_MINUTE = 3
    statuses = [ping(client, url=f"/trang-{i}/", seconds=i).status_code for i in range(5)]
    assert statuses == [204] * 3 + [429] * 2
    assert counted("flood") == 2


def test_no_ip_address_or_user_agent_is_stored_with_a_ping(client, clock, pages, day):
    url = f"http://testserver{pages['law'].url}?q=0912345678"
    clock.set(at(day, 9))
    beacon(client, url=url, ip=IP, ua=UA)
    clock.set(at(day, 9, 1))
    ping(client, url=url, seconds=55)
    rollup_days(days=[day])
    stored = EngagementEvent.objects.get()
    assert (stored.path, stored.seconds, stored.visitor) == (pages["law"].url, 55, PageviewEvent.objects.get().visitor)
    for needle in (IP, UA, "LanToaPing", "0912345678"):
        assert text_columns_containing(needle) == [], needle


def test_raw_pings_are_purged_with_raw_pageviews(db, settings):
    settings.ANALYTICS_RAW_RETENTION_DAYS = 3
    old = timezone.localdate() - datetime.timedelta(days=5)
    EngagementEvent.objects.create(occurred_at=at(old, 9), day=old, visitor="a" * 16, path="/", seconds=5)
    rollup_days()
    assert not EngagementEvent.objects.exists()


# --- the collector and the fast path, on real sockets -------------------------------------------------------


@contextmanager
def serving_asgi(app):
    import uvicorn

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, lifespan="off", log_level="warning", http="httptools"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        for _ in range(200):
            if server.started:
                break
            threading.Event().wait(0.025)
        yield sock.getsockname()[1]
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()


@contextmanager
def serving_wsgi(app):
    from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

    class Quiet(WSGIRequestHandler):
        def log_message(self, *args):
            pass

    server = make_server("127.0.0.1", 0, app, server_class=WSGIServer, handler_class=Quiet)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_port
    finally:
        server.shutdown()
        server.server_close()


def post(port: int, body: bytes, **headers) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request(
            "POST",
            "/a/e",
            body,
            {"Host": "testserver", "User-Agent": UA, "Content-Type": "text/plain;charset=UTF-8", **headers},
        )
        response = connection.getresponse()
        response.read()
        assert response.getheader("Set-Cookie") is None
        return response.status
    finally:
        connection.close()


def _the_server_takes_pageview_and_pings(port: int, clock, admin_user) -> None:
    today = timezone.localdate()
    clock.set(at(today, 8))
    assert post(port, json.dumps({"u": "http://testserver/tin/1/", "r": "", "p": None}).encode()) == 204
    clock.set(at(today, 8, 0, 30))
    ping_body = json.dumps({"u": "http://testserver/tin/1/", "e": 25}).encode()
    assert post(port, ping_body) == 204
    assert post(port, ping_body) == 204  # replayed: dropped
    assert post(port, b'{"u": "/tin/1/", "e": -3}') == 400
    assert post(port, b'{"u": "/tin/1/", "e": 5}', **{"User-Agent": "curl/8.5"}) == 204  # a bot: dropped
    assert post(port, json.dumps({"u": "/" + "a" * 3000, "e": 1}).encode()) == 413
    buffer.drain()
    assert EngagementEvent.objects.count() == 1 and PageviewEvent.objects.count() == 1
    assert (counted("replay"), counted("malformed"), counted("bot"), counted("oversized")) == (1, 1, 1, 1)
    rollup_days(days=[today])
    totals = comparison(admin_user, start=today, end=today).current.totals
    assert (totals.visits, totals.bounces, totals.time_on_page) == (1, 1, 25)
    assert text_columns_containing("127.0.0.1") == [] and text_columns_containing("LanToaPing") == []


def test_asgi_collector_takes_the_ping_on_a_real_socket(db, queued, clock, admin_user):
    from lantoa.analytics.asgi import beacon_collector

    async def django_app(scope, receive, send):  # pragma: no cover - not reached by beacons
        await send({"type": "http.response.start", "status": 500, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    with serving_asgi(beacon_collector(django_app)) as port:
        _the_server_takes_pageview_and_pings(port, clock, admin_user)


def test_wsgi_fast_path_takes_the_ping_on_a_real_socket(db, queued, clock, admin_user):
    from lantoa.analytics.wsgi import with_beacon_fast_path

    def django_app(environ, start_response):  # pragma: no cover - not reached by beacons
        start_response("500 Internal Server Error", [])
        return [b""]

    with serving_wsgi(with_beacon_fast_path(django_app)) as port:
        _the_server_takes_pageview_and_pings(port, clock, admin_user)


# --- the script ----------------------------------------------------------------------------------------------

SCRIPT = Path(__file__).resolve().parents[1] / "static" / "analytics" / "beacon.js"
# Runs beacon.js against a fake page: `steps` are ["wait", ms], ["hide"], ["show"], ["pagehide"]; prints the beacons.
HARNESS = """
const vm = require("vm"), fs = require("fs");
const [script, optionsJson] = process.argv.slice(1);
const options = JSON.parse(optionsJson);
let now = 1700000000000;
const sent = [], on = {}, fire = (name) => (on[name] || (() => {}))();
const document = {
  hidden: !!options.hidden, referrer: "https://zalo.me/", currentScript: {dataset: {endpoint: "/a/e", page: "7"}},
  addEventListener: (type, fn) => { on["d:" + type] = fn; },
};
const context = {
  document, location: {href: "https://bhxh.example/tin/1/"}, JSON, Math,
  Date: {now: () => now},
  navigator: {
    doNotTrack: options.dnt ? "1" : null,
    sendBeacon: (url, body) => { sent.push(JSON.parse(body)); return true; },
  },
  window: {addEventListener: (type, fn) => { on["w:" + type] = fn; }},
};
vm.runInNewContext(fs.readFileSync(script, "utf8"), context);
for (const [step, value] of options.steps) {
  if (step === "wait") now += value;
  if (step === "hide" || step === "show") { document.hidden = step === "hide"; fire("d:visibilitychange"); }
  if (step === "pagehide") fire("w:pagehide");
}
process.stdout.write(JSON.stringify(sent));
"""


def run_script(steps, **options) -> list[dict]:
    node = shutil.which("node") or shutil.which("nodejs")
    if not node:
        pytest.skip("Node.js is needed to run the beacon script")
    argument = json.dumps({"steps": steps, **options})
    result = subprocess.run(  # noqa: S603 - fixed program and arguments
        [node, "-e", HARNESS, str(SCRIPT), argument], capture_output=True, text=True, timeout=30, check=True
    )
    return json.loads(result.stdout)


def test_script_stays_under_one_kilobyte_and_listens_for_hiding():
    script = SCRIPT.read_bytes()
    assert len(script) < 1024
    assert b"visibilitychange" in script and b"pagehide" in script
    assert b".cookie" not in script and b"Storage" not in script


def test_script_sends_the_visible_seconds_once_when_the_page_is_hidden():
    sent = run_script([["wait", 12_400], ["hide"], ["wait", 60_000], ["show"], ["wait", 5_000], ["pagehide"]])
    assert sent == [
        {"u": "https://bhxh.example/tin/1/", "r": "https://zalo.me/", "p": "7"},
        {"u": "https://bhxh.example/tin/1/", "e": 12},
    ]


def test_script_counts_only_visible_time_and_caps_it():
    # Opened in a background tab: the time before it is shown does not count.
    sent = run_script([["wait", 600_000], ["show"], ["wait", 4_000], ["pagehide"], ["hide"]], hidden=True)
    assert sent[1:] == [{"u": "https://bhxh.example/tin/1/", "e": 4}]
    sent = run_script([["wait", 7_200_000], ["hide"]])
    assert sent[1:] == [{"u": "https://bhxh.example/tin/1/", "e": 1800}]


def test_script_sends_nothing_under_do_not_track():
    assert run_script([["wait", 5_000], ["hide"]], dnt=True) == []
