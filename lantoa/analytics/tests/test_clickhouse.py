"""The ClickHouse backend against a fake server speaking ClickHouse's HTTP interface (and a real one if configured).

No ClickHouse runs on the test machine (Debian's package is the 2018 release 18.16); set
LANTOA_TEST_CLICKHOUSE_URL to also run the round trip against a real server.
"""

import datetime
import json
import os
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import timezone

from lantoa.analytics.clickhouse import ClickHouseError, ClickHouseStore, quote
from lantoa.analytics.collection import Engagement
from lantoa.analytics.services import rollup_days
from lantoa.analytics.store import METRICS, DjangoStore, StatsQuery

from .factories import event

DAY = datetime.date(2026, 5, 4)


class FakeClickHouse:
    """Just enough of ClickHouse for the statements ClickHouseStore sends; keeps every query it received."""

    def __init__(self):
        self.events: list[dict] = []
        self.engagements: list[dict] = []
        self.stats: list[dict] = []
        self.queries: list[str] = []

    def answer(self, sql: str, body: str) -> str:
        self.queries.append(sql)
        if sql.startswith("CREATE"):
            return ""
        if match := re.match(r"INSERT INTO \w+\.(events|engagements) FORMAT JSONEachRow", sql):
            getattr(self, match[1]).extend(json.loads(line) for line in body.splitlines() if line)
            return ""
        if re.match(r"INSERT INTO \w+\.daily_stats FORMAT JSONEachRow", sql):
            self.stats += [json.loads(line) for line in body.splitlines() if line]
            return ""
        if match := re.match(r"ALTER TABLE \w+\.daily_stats DELETE WHERE day = '([\d-]+)'", sql):
            self.stats = [row for row in self.stats if row["day"] != match[1]]
            return ""
        if match := re.match(r"ALTER TABLE \w+\.(events|engagements) DELETE WHERE day < '([\d-]+)'", sql):
            setattr(self, match[1], [row for row in getattr(self, match[1]) if row["day"] >= match[2]])
            return ""
        if match := re.match(r"SELECT DISTINCT day FROM \w+\.daily_stats WHERE day >= '([\d-]+)'", sql):
            return "\n".join(sorted({row["day"] for row in self.stats if row["day"] >= match[1]}))
        if match := re.match(r"SELECT DISTINCT day FROM \w+\.events WHERE day >= '([\d-]+)'", sql):
            return "\n".join(sorted({row["day"] for row in self.events if row["day"] >= match[1]}))
        if match := re.match(r"SELECT ([\w, ]+) FROM \w+\.(events|engagements) WHERE day = '([\d-]+)'", sql):
            columns = [name.strip() for name in match[1].split(",")]
            rows = sorted(
                (r for r in getattr(self, match[2]) if r["day"] == match[3]),
                key=lambda r: (r["visitor"], r["occurred_at"]),
            )
            return "\n".join(json.dumps({name: row[name] for name in columns}) for row in rows)
        if "FROM lantoa_test.daily_stats FINAL" in sql:
            scopes = re.findall(r"'([^']*)'", re.search(r"scope IN \(([^)]*)\)", sql)[1])
            dimension = re.search(r"dimension = '(\w+)'", sql)[1]
            start, end = re.search(r"day BETWEEN '([\d-]+)' AND '([\d-]+)'", sql).groups()
            group = "day" if sql.startswith("SELECT day,") else "key"
            out: dict[str, dict] = {}
            for row in self.stats:
                if row["scope"] in scopes and row["dimension"] == dimension and start <= row["day"] <= end:
                    item = out.setdefault(
                        row[group], {group: row[group], "label": row["label"], **dict.fromkeys(METRICS, 0)}
                    )
                    for name in METRICS:
                        item[name] += row[name]
            items = sorted(out.values(), key=lambda item: (-item["pageviews"], item[group]))
            if limit := re.search(r"LIMIT (\d+)", sql):
                items = items[: int(limit[1])]
            return "\n".join(json.dumps(item) for item in items)
        raise AssertionError(f"unexpected query: {sql}")


@pytest.fixture
def fake_clickhouse():
    fake = FakeClickHouse()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            params = parse_qs(urlsplit(self.path).query)
            assert params["database"] == ["lantoa_test"]
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
            try:
                payload, status = fake.answer(params["query"][0], body).encode(), 200
            except AssertionError as error:
                payload, status = str(error).encode(), 400
            self.send_response(status)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    fake.url = f"http://127.0.0.1:{server.server_port}"
    yield fake
    server.shutdown()


def traffic():
    """Pageviews of three visitors, and the engagement pings of the last page of two visits."""
    ping_at = timezone.make_aware(datetime.datetime.combine(DAY, datetime.time(8, 52)))
    return [
        Engagement(ping_at, DAY, "a" * 16, "/", 95),
        Engagement(ping_at, DAY, "b" * 16, "/hue/", 300),
        event(DAY, 0, "a" * 16, "/ha-noi/", "VSS/01/", page_title="Hà Nội", source_kind="search", source="google"),
        event(DAY, 4, "a" * 16, "/ha-noi/2/", "VSS/01/00070/", source_kind="internal"),
        event(DAY, 50, "a" * 16, "/", "VSS/", content_type="homepage"),
        event(DAY, 1, "b" * 16, "/hue/", "VSS/46/", source_kind="social", source="zalo", device="desktop"),
        event(DAY, 2, "c" * 16, "/ha-noi/", "VSS/01/", page_title="Hà Nội", source_kind="campaign", source="sms"),
    ]


def figures_of(store, scopes, dimension):
    result = store.aggregate(StatsQuery(start=DAY, end=DAY, scopes=scopes, dimension=dimension))
    return result.totals, [(row.key, row.figures) for row in result.rows]


def test_clickhouse_store_gives_the_same_figures_as_the_embedded_store(db, fake_clickhouse, settings):
    settings.ANALYTICS_STORE = "clickhouse"
    settings.ANALYTICS_CLICKHOUSE_URL = fake_clickhouse.url
    settings.ANALYTICS_CLICKHOUSE_DATABASE = "lantoa_test"
    clickhouse = ClickHouseStore()
    clickhouse.create_schema()
    clickhouse.record_many(traffic())
    rollup_days(days=[DAY])  # through the configured store: ClickHouse
    embedded = DjangoStore()
    embedded.record_many(traffic())
    embedded.rollup(DAY)
    for scopes in (["VSS/"], ["VSS/01/"], ["VSS/46/"]):
        for dimension in ("page", "source", "device", "unit"):
            assert figures_of(clickhouse, scopes, dimension) == figures_of(embedded, scopes, dimension)
    # Time on page: the gap on /ha-noi/, the pings of the last pages of two visits (never a third, unpinged one).
    totals, _rows = figures_of(clickhouse, ["VSS/"], "total")
    assert (totals.duration_count, totals.duration_total) == (3, 240 + 95 + 300)
    assert any("ENGINE = ReplacingMergeTree" in sql for sql in fake_clickhouse.queries)
    assert any("CREATE TABLE IF NOT EXISTS lantoa_test.engagements" in sql for sql in fake_clickhouse.queries)
    assert any("TTL day + INTERVAL" in sql for sql in fake_clickhouse.queries)


def test_clickhouse_outage_is_an_error_the_buffer_can_catch(db):
    store = ClickHouseStore(url="http://127.0.0.1:9", database="lantoa_test", timeout=0.5)
    with pytest.raises(ClickHouseError):
        store.record_many(traffic())


def test_values_are_quoted_as_clickhouse_string_literals():
    assert quote("VSS/01/") == "'VSS/01/'"
    assert quote("x' OR 1=1 --") == "'x\\' OR 1=1 --'"
    assert quote("a\\b") == "'a\\\\b'"


@pytest.mark.skipif(
    not os.environ.get("LANTOA_TEST_CLICKHOUSE_URL"), reason="set LANTOA_TEST_CLICKHOUSE_URL to test a real ClickHouse"
)
def test_round_trip_on_a_real_clickhouse(db):
    store = ClickHouseStore(url=os.environ["LANTOA_TEST_CLICKHOUSE_URL"], database="lantoa_test")
    store.create_schema()
    store.record_many(traffic())
    store.rollup(DAY)
    totals, _rows = figures_of(store, ["VSS/"], "total")
    assert (totals.visits, totals.pageviews) == (4, 5)
