"""The store suite: every test runs on the database store and on ClickHouse's own engine (chdb behind its HTTP
interface, `lantoa.analytics.chlocal`), with the same expected figures; then what only ClickHouse has (its schema
migrations, its errors)."""

import contextlib
import datetime
import json
from urllib.error import HTTPError
from urllib.request import Request, urlopen

import pytest
from django.utils import timezone

from lantoa.analytics.clickhouse import ClickHouseError, ClickHouseStore, quote
from lantoa.analytics.collection import Engagement
from lantoa.analytics.models import CollectionCount, LateDay
from lantoa.analytics.services import rollup_days
from lantoa.analytics.store import DjangoStore, StatsQuery, get_store

from .factories import event

DIMENSIONS = ("total", "page", "source", "source_kind", "device", "content_type", "unit", "language")


def traffic(day: datetime.date) -> list:
    """Pageviews of three visitors, and the engagement pings of the last page of two visits."""
    ping_at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(8, 52)))
    return [
        Engagement(ping_at, day, "a" * 16, "/", 95),
        Engagement(ping_at, day, "b" * 16, "/hue/", 300),
        event(day, 0, "a" * 16, "/ha-noi/", "VSS/01/", page_title="Hà Nội", source_kind="search", source="google"),
        event(day, 4, "a" * 16, "/ha-noi/2/", "VSS/01/00070/", source_kind="internal"),
        event(day, 50, "a" * 16, "/", "VSS/", content_type="homepage"),
        event(day, 1, "b" * 16, "/hue/", "VSS/46/", source_kind="social", source="zalo", device="desktop"),
        event(day, 2, "c" * 16, "/ha-noi/", "VSS/01/", page_title="Hà Nội", source_kind="campaign", source="sms"),
    ]


def figures_of(store, scopes, dimension, start, end=None):
    result = store.aggregate(StatsQuery(start=start, end=end or start, scopes=scopes, dimension=dimension))
    return result.totals, [(row.key, row.label, row.figures) for row in result.rows]


def totals(store, start, end=None):
    figures = store.aggregate(StatsQuery(start=start, end=end or start, scopes=["VSS/"])).totals
    return figures.visits, figures.pageviews, figures.duration_count, figures.duration_total


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def window(settings):
    """The product's default retention window: 30 days."""
    settings.ANALYTICS_RAW_RETENTION_DAYS = 30


def test_the_configured_store_is_the_one_under_test(store):
    assert type(get_store()) is type(store)


def test_a_day_gives_the_expected_figures_for_every_scope(store, today):
    day = today - datetime.timedelta(days=2)
    assert store.record_many(traffic(day)) == 7
    rollup_days(days=[day])
    # Visits: a (search, then a new visit by coming back 46 minutes later), b, c. Time on page: the gap on
    # /ha-noi/ (4 min), the pings of the last pages of two visits (a's home page, b's /hue/).
    assert totals(store, day) == (4, 5, 3, 240 + 95 + 300)
    hanoi, _rows = figures_of(store, ["VSS/01/"], "total", day)
    assert (hanoi.visits, hanoi.visitors, hanoi.pageviews, hanoi.bounces) == (2, 2, 3, 1)
    _totals, sources = figures_of(store, ["VSS/"], "source_kind", day)
    assert {key: figures.visits for key, _label, figures in sources} == {
        "search": 1,
        "direct": 1,
        "social": 1,
        "campaign": 1,
    }
    _totals, pages = figures_of(store, ["VSS/01/"], "page", day)
    assert pages[0][:2] == ("/ha-noi/", "Hà Nội")


def test_both_stores_give_the_same_figures_for_every_scope_and_dimension(db, settings, clickhouse_engine, today):
    day = today - datetime.timedelta(days=1)
    embedded = DjangoStore()
    embedded.record_many(traffic(day))
    embedded.rollup(day)
    clickhouse = ClickHouseStore(url=clickhouse_engine, database="lantoa_same_figures")
    clickhouse.query("DROP DATABASE IF EXISTS lantoa_same_figures", database="default")
    ClickHouseStore._migrated.discard((clickhouse.url, clickhouse.database))
    clickhouse.record_many(traffic(day))
    clickhouse.rollup(day)
    for scopes in (["VSS/"], ["VSS/01/"], ["VSS/46/"], ["VSS/01/00070/"], ["VSS/01/", "VSS/46/"]):
        for dimension in DIMENSIONS:
            assert figures_of(clickhouse, scopes, dimension, day) == figures_of(embedded, scopes, dimension, day)


# --- one rule for late data (docs/analytics.md) ----------------------------------------------------------


def test_events_outside_the_retention_window_are_refused_with_a_count(store, window, today):
    oldest = today - datetime.timedelta(days=30)
    too_old = today - datetime.timedelta(days=31)
    tomorrow = today + datetime.timedelta(days=1)
    written = store.record_many(
        [
            event(too_old, 0, "o" * 16),
            event(oldest, 0, "k" * 16),
            event(today, 0, "t" * 16),
            event(tomorrow, 0, "f" * 16),
        ]
    )
    assert written == 2
    assert CollectionCount.objects.get(day=today, reason="outside_window").count == 2
    rollup_days()
    assert store.days_with_raw_events(too_old) == [oldest, today]
    assert totals(store, too_old, tomorrow)[:2] == (2, 2)
    assert totals(store, too_old)[:2] == (0, 0)


def test_a_history_import_keeps_the_days_inside_the_window_and_counts_the_rest(store, window, today):
    """An import of the last 60 days of another tool's events: the last 31 days count, 29 are refused (counted),
    none vanishes afterwards."""
    days = [today - datetime.timedelta(days=n) for n in range(60)]
    written = store.record_many([event(day, 0, f"{n:016x}") for n, day in enumerate(days)])
    assert written == 31
    assert CollectionCount.objects.get(day=today, reason="outside_window").count == 29
    rolled = rollup_days()
    assert len(rolled) == 31
    assert totals(store, days[-1], today)[:2] == (31, 31)
    rollup_days()  # the next run purges nothing that is inside the window
    assert len(store.days_with_raw_events(days[-1])) == 31


def test_a_pageview_stored_twice_counts_once(store, today):
    day = today - datetime.timedelta(days=3)
    batch = traffic(day)
    store.record_many(batch)
    store.record_many(batch)  # the same batch again: a write that timed out after the store had taken it
    rollup_days(days=[day])
    assert totals(store, day) == (4, 5, 3, 240 + 95 + 300)


def test_a_late_batch_for_a_day_already_rolled_up_is_counted_at_the_next_run(store, window, today):
    day = today - datetime.timedelta(days=6)
    store.record_many([event(day, 0, "a" * 16)])
    assert day in rollup_days()
    assert day not in rollup_days()  # rolled up: not again
    store.record_many([event(day, 90, "b" * 16, "/muon/")])  # a batch written after an outage
    assert LateDay.objects.filter(day=day).exists()
    assert day in rollup_days()
    assert not LateDay.objects.filter(day=day).exists()
    assert totals(store, day)[:2] == (2, 2)
    assert day not in rollup_days()


def test_a_day_rolled_up_twice_gives_the_same_figures_even_after_its_raw_events_are_purged(store, today):
    day = today - datetime.timedelta(days=4)
    store.record_many(traffic(day))
    rollup_days(days=[day])
    first = {dimension: figures_of(store, ["VSS/", "VSS/01/"], dimension, day) for dimension in DIMENSIONS}
    rollup_days(days=[day])
    assert {dimension: figures_of(store, ["VSS/", "VSS/01/"], dimension, day) for dimension in DIMENSIONS} == first
    store.purge_raw(day + datetime.timedelta(days=1))
    assert store.days_with_raw_events(day) == []
    assert store.rollup(day) == 0  # nothing left to recompute from: the rollups stay
    assert {dimension: figures_of(store, ["VSS/", "VSS/01/"], dimension, day) for dimension in DIMENSIONS} == first


def test_a_day_with_fewer_keys_after_a_rerun_loses_the_rows_it_no_longer_has(store, today):
    day = today - datetime.timedelta(days=2)
    store.record_many([event(day, 0, "a" * 16, "/cu/")])
    store.rollup(day)
    store.purge_raw(day + datetime.timedelta(days=1))
    store.record_many([event(day, 0, "b" * 16, "/moi/")])
    store.rollup(day)
    _totals, pages = figures_of(store, ["VSS/"], "page", day)
    assert [key for key, _label, _figures in pages] == ["/moi/"]


def test_the_rollup_job_purges_raw_events_past_the_window_and_keeps_their_figures(store, settings, today):
    day = today - datetime.timedelta(days=20)
    store.record_many(traffic(day))
    rollup_days()
    settings.ANALYTICS_RAW_RETENTION_DAYS = 10  # a shorter retention takes effect at the next run
    rollup_days()
    assert store.days_with_raw_events(day) == []
    assert totals(store, day) == (4, 5, 3, 635)


# --- ClickHouse only: migrations, errors, the HTTP front ---------------------------------------------------

# The schema as the first releases created it (`create_schema()` before the migrations): raw tables with a TTL,
# no engagements table, no record of what was applied.
OLD_SCHEMA = [
    """CREATE TABLE {db}.events (
        occurred_at DateTime64(3, 'UTC'), day Date, site LowCardinality(String), visitor FixedString(16),
        path String, page_id Nullable(Int32), page_title String, content_type LowCardinality(String),
        unit_path LowCardinality(String), policy_areas String, target_groups String,
        language LowCardinality(String), source_kind LowCardinality(String), source LowCardinality(String),
        utm_medium String, utm_campaign String, device LowCardinality(String)
    ) ENGINE = MergeTree PARTITION BY toYYYYMM(day) ORDER BY (day, visitor, occurred_at)
    TTL day + INTERVAL 32 DAY""",
    """CREATE TABLE {db}.daily_stats (
        day Date, scope LowCardinality(String), dimension LowCardinality(String), key String, label String,
        visits UInt64, visitors UInt64, pageviews UInt64, bounces UInt64, duration_total UInt64,
        duration_count UInt64, version UInt64
    ) ENGINE = ReplacingMergeTree(version) PARTITION BY toYYYYMM(day) ORDER BY (scope, dimension, day, key)""",
]


def test_migrations_upgrade_a_schema_of_the_first_release_and_keep_its_data(db, clickhouse_engine, today):
    store = ClickHouseStore(url=clickhouse_engine, database="lantoa_upgrade")
    store.query("DROP DATABASE IF EXISTS lantoa_upgrade", database="default")
    store.query("CREATE DATABASE lantoa_upgrade", database="default")
    for statement in OLD_SCHEMA:
        store.query(statement.format(db="lantoa_upgrade"))
    day = today - datetime.timedelta(days=1)
    row = {"occurred_at": f"{day} 08:00:00.000", "day": str(day), "visitor": "a" * 16, "path": "/", "unit_path": "VSS/"}
    store.query("INSERT INTO lantoa_upgrade.events FORMAT JSONEachRow", json.dumps(row).encode())
    assert store.migrate() == [1, 2, 3]
    tables = store.query(
        "SELECT name, create_table_query FROM system.tables WHERE database = 'lantoa_upgrade' FORMAT JSONEachRow"
    )
    schema = {item["name"]: item["create_table_query"] for item in map(json.loads, tables.splitlines())}
    assert set(schema) == {"events", "engagements", "daily_stats", "schema_migrations"}
    assert not any(" TTL " in query for query in schema.values())
    assert store.days_with_raw_events(day) == [day]
    assert store.migrate() == []  # idempotent: nothing left to apply
    assert store.applied_migrations() == [1, 2, 3]
    # An event far older than the old TTL stays until the purge, as in the database store.
    old = {**row, "day": "2026-01-05", "occurred_at": "2026-01-05 08:00:00.000"}
    store.query("INSERT INTO lantoa_upgrade.events FORMAT JSONEachRow", json.dumps(old).encode())
    store.query("OPTIMIZE TABLE lantoa_upgrade.events FINAL")
    assert store.days_with_raw_events(datetime.date(2026, 1, 1))[0] == datetime.date(2026, 1, 5)
    store.query("DROP DATABASE lantoa_upgrade", database="default")


def test_the_store_migrates_a_new_database_before_its_first_write(db, clickhouse_engine, today):
    store = ClickHouseStore(url=clickhouse_engine, database="lantoa_fresh")
    store.query("DROP DATABASE IF EXISTS lantoa_fresh", database="default")
    ClickHouseStore._migrated.discard((store.url, store.database))
    assert store.record_many([event(today, 0, "a" * 16)]) == 1
    assert store.applied_migrations() == [1, 2, 3]
    store.query("DROP DATABASE lantoa_fresh", database="default")


def test_a_refused_query_raises_with_clickhouse_s_own_message_code_and_status(db, clickhouse_engine):
    store = ClickHouseStore(url=clickhouse_engine, database="default")
    with pytest.raises(ClickHouseError) as refused:
        store.query("SELECT count() FROM default.no_such_table")
    assert refused.value.code == 60 and refused.value.status == 404
    assert "UNKNOWN_TABLE" in str(refused.value)
    with pytest.raises(ClickHouseError) as syntax:
        store.query("SELEC 1")
    assert syntax.value.code == 62 and syntax.value.status == 400


def test_the_front_answers_ping_and_queries_in_the_url_or_the_body(clickhouse_engine):
    assert urlopen(f"{clickhouse_engine}/ping", timeout=5).read() == b"Ok.\n"  # noqa: S310 - a local test server
    assert urlopen(Request(clickhouse_engine, data=b"SELECT 1 + 1"), timeout=5).read() == b"2\n"  # noqa: S310
    with pytest.raises(HTTPError) as missing:
        urlopen(f"{clickhouse_engine}/?query=SELECT+1&database=nowhere", timeout=5)  # noqa: S310
    assert missing.value.code == 404
    assert missing.value.headers["X-ClickHouse-Exception-Code"] == "81"


def test_an_unreachable_clickhouse_is_an_error_the_buffer_can_catch(db, today):
    store = ClickHouseStore(url="http://127.0.0.1:9", database="lantoa_test", timeout=0.5)
    with pytest.raises(ClickHouseError):
        store.record_many([event(today, 0, "a" * 16)])


def test_a_database_name_that_is_not_a_plain_name_is_refused():
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured):
        ClickHouseStore(url="http://127.0.0.1:9", database="x; DROP TABLE y")


def test_values_are_quoted_as_clickhouse_string_literals():
    assert quote("VSS/01/") == "'VSS/01/'"
    assert quote("x' OR 1=1 --") == "'x\\' OR 1=1 --'"
    assert quote("a\\b") == "'a\\\\b'"


def test_the_rollup_command_reports_an_unreachable_clickhouse_in_vietnamese(db, settings):
    from django.core.management import CommandError, call_command

    settings.ANALYTICS_STORE = "clickhouse"
    settings.ANALYTICS_CLICKHOUSE_URL = "http://127.0.0.1:9"
    with pytest.raises(CommandError, match="Kho số liệu ClickHouse"):
        call_command("rollup_analytics")


def test_a_batch_that_fails_to_write_is_counted_once_when_it_is_finally_written(store, window, today, monkeypatch):
    """The store fails inside the write (after admitting the batch) twice; the buffer sends the batch again whole."""
    from lantoa.analytics.buffer import buffer

    batch = [event(today - datetime.timedelta(days=40), 0, "o" * 16), event(today, 0, "t" * 16)]
    failures = {"left": 2}
    if isinstance(store, ClickHouseStore):
        original = ClickHouseStore.query

        def write(self, sql, body=None, **kwargs):
            if sql.startswith("INSERT INTO") and ".events " in sql and failures["left"]:
                failures["left"] -= 1
                raise ClickHouseError("Code: 242. DB::Exception: Table is in readonly mode. (TABLE_IS_READ_ONLY)")
            return original(self, sql, body, **kwargs)

        monkeypatch.setattr(ClickHouseStore, "query", write)
    else:
        original = DjangoStore._append

        def write(cursor, table, fields, events):
            if failures["left"] and events:
                failures["left"] -= 1
                raise ConnectionError("database down")
            return original(cursor, table, fields, events)

        monkeypatch.setattr(DjangoStore, "_append", staticmethod(write))
    for _attempt in range(3):
        with contextlib.suppress(ConnectionError, ClickHouseError):
            store.record_many(batch)
    buffer.save_counts()
    assert CollectionCount.objects.get(day=today, reason="outside_window").count == 1
    assert store.days_with_raw_events(today) == [today]


def test_a_store_on_an_up_to_date_database_sends_no_schema_statement(db, clickhouse_engine, today, monkeypatch):
    ready = ClickHouseStore(url=clickhouse_engine, database="lantoa_rights")
    ready.query("DROP DATABASE IF EXISTS lantoa_rights", database="default")
    ready.migrate()
    ClickHouseStore._migrated.discard((ready.url, ready.database))
    sent = []
    original = ClickHouseStore.query

    def spy(self, sql, body=None, **kwargs):
        sent.append(sql.split()[0])
        return original(self, sql, body, **kwargs)

    monkeypatch.setattr(ClickHouseStore, "query", spy)
    assert (
        ClickHouseStore(url=clickhouse_engine, database="lantoa_rights").record_many([event(today, 0, "a" * 16)]) == 1
    )
    assert "CREATE" not in sent and "ALTER" not in sent  # a user with SELECT and INSERT only would do
    ready.query("DROP DATABASE lantoa_rights", database="default")
