"""The event store on ClickHouse, over its HTTP interface: for when one PostgreSQL is not enough.

Raw events (pageviews in `events`, engagement pings in `engagements`) go to MergeTree tables partitioned by
month, kept until the rollup job's purge as in the database store (no TTL: one rule for both); daily rollups are
computed by the same Python code as the embedded store (`rollup.rollup_events`) and written to a
ReplacingMergeTree table, so a rerun replaces a day's rows. Aggregations read the rollup table with FINAL.
Only the standard library is used: ClickHouse speaks plain HTTP (POST a query, read TabSeparated or JSON).
The schema is `MIGRATIONS`, applied by `migrate()` before the store's first query in a process.
"""

import json
import re
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from functools import reduce
from urllib.error import HTTPError
from urllib.parse import urlencode
from urllib.request import Request, urlopen

from django.core.exceptions import ImproperlyConfigured

from .collection import Engagement, Event
from .conf import knob
from .rollup import CENTRE_PATH, ENGAGEMENT_COLUMNS, EVENT_COLUMNS, cap_keys, rollup_events
from .store import (
    ENGAGEMENT_FIELDS,
    EVENT_FIELDS,
    METRICS,
    Aggregate,
    Figures,
    Row,
    StatsQuery,
    admit,
    enrich,
    series_days,
    settle,
    split_kinds,
)

# The schema as versioned, idempotent migrations, run in order by `migrate()` (the store runs it once per process
# before its first query, like Django's migrations for the database store). Each is a list of statements or a
# function of the store; every one can run again on a database that already has it. `{db}` is the database.
# Never edit a migration that has shipped: add one.
EVENTS_TABLE = """CREATE TABLE IF NOT EXISTS {db}.events (
    occurred_at DateTime64(3, 'UTC'), day Date, site LowCardinality(String), visitor FixedString(16),
    path String, page_id Nullable(Int32), page_title String, content_type LowCardinality(String),
    unit_path LowCardinality(String), policy_areas String, target_groups String,
    language LowCardinality(String), source_kind LowCardinality(String), source LowCardinality(String),
    utm_medium String, utm_campaign String, device LowCardinality(String)
) ENGINE = MergeTree PARTITION BY toYYYYMM(day) ORDER BY (day, visitor, occurred_at)"""
ENGAGEMENTS_TABLE = """CREATE TABLE IF NOT EXISTS {db}.engagements (
    occurred_at DateTime64(3, 'UTC'), day Date, visitor FixedString(16), path String, seconds UInt32
) ENGINE = MergeTree PARTITION BY toYYYYMM(day) ORDER BY (day, visitor, occurred_at)"""
DAILY_STATS_TABLE = """CREATE TABLE IF NOT EXISTS {db}.daily_stats (
    day Date, scope LowCardinality(String), dimension LowCardinality(String), key String, label String,
    visits UInt64, visitors UInt64, pageviews UInt64, bounces UInt64, duration_total UInt64,
    duration_count UInt64, version UInt64
) ENGINE = ReplacingMergeTree(version) PARTITION BY toYYYYMM(day) ORDER BY (scope, dimension, day, key)"""


def _remove_raw_ttl(store: "ClickHouseStore") -> None:
    """Tables created before the migrations carried `TTL day + INTERVAL n DAY`: ClickHouse deleted an imported or
    late event at once, while the database store kept it until the purge. The purge alone deletes now, in both."""
    for table in ("events", "engagements"):
        ttl = store.query(
            f"SELECT count() FROM system.tables WHERE database = {quote(store.database)} AND name = {quote(table)} "  # noqa: S608
            "AND position(create_table_query, ' TTL ') > 0 FORMAT TabSeparated"
        )
        if ttl.strip() not in ("", "0"):
            store.query(f"ALTER TABLE {store.database}.{table} REMOVE TTL")


MIGRATIONS: list[tuple[int, str, list[str] | Callable[["ClickHouseStore"], None]]] = [
    (1, "events_and_rollups", [EVENTS_TABLE, DAILY_STATS_TABLE]),
    (2, "engagements", [ENGAGEMENTS_TABLE]),
    (3, "raw_events_without_ttl", _remove_raw_ttl),
]
MIGRATIONS_TABLE = """CREATE TABLE IF NOT EXISTS {db}.schema_migrations (
    version UInt32, name String, applied_at DateTime DEFAULT now()
) ENGINE = ReplacingMergeTree ORDER BY version"""


class ClickHouseError(Exception):
    def __init__(self, message: str, code: int | None = None, status: int | None = None):
        super().__init__(message)
        self.code = code
        self.status = status


def quote(value: str) -> str:
    """A ClickHouse string literal: every value put into a query goes through it (names are constants)."""
    return "'" + str(value).replace("\\", "\\\\").replace("'", "\\'") + "'"


class ClickHouseStore:
    # Databases migrated by this process, by (url, database): `migrate()` runs once each.
    _migrated: set[tuple[str, str]] = set()

    def __init__(self, url: str | None = None, database: str | None = None, timeout: float = 10.0):
        self.url = (url or knob("ANALYTICS_CLICKHOUSE_URL")).rstrip("/")
        self.database = database or knob("ANALYTICS_CLICKHOUSE_DATABASE")
        self.timeout = timeout
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", self.database):
            raise ImproperlyConfigured("LANTOA_ANALYTICS_CLICKHOUSE_DATABASE must be a plain name (letters, digits, _)")

    def query(self, sql: str, body: bytes | None = None, *, database: str | None = None) -> str:
        """Send one statement (its data, for an INSERT, in `body`); ClickHouseError with the server's own message
        and code when it refuses, or when it cannot be reached."""
        params = {"query": sql, "database": database or self.database}
        request = Request(  # noqa: S310 - the URL is configuration, not input
            f"{self.url}/?{urlencode(params)}",
            data=body if body is not None else b"",
            method="POST",
            headers={
                "X-ClickHouse-User": knob("ANALYTICS_CLICKHOUSE_USER"),
                "X-ClickHouse-Key": knob("ANALYTICS_CLICKHOUSE_PASSWORD"),
            },
        )
        try:
            with urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                return response.read().decode("utf-8")
        except HTTPError as exc:
            text = exc.read().decode("utf-8", "replace").strip()
            code = exc.headers.get("X-ClickHouse-Exception-Code")
            raise ClickHouseError(
                text or str(exc), code=int(code) if code and code.isdigit() else None, status=exc.code
            ) from exc
        except OSError as exc:
            raise ClickHouseError(str(exc)) from exc

    def applied_migrations(self) -> list[int]:
        text = self.query(
            f"SELECT version FROM {self.database}.schema_migrations FINAL ORDER BY version FORMAT TabSeparated"  # noqa: S608
        )
        return [int(line) for line in text.splitlines() if line]

    def migrate(self) -> list[int]:
        """Create the database and bring its schema to the last migration; returns the versions applied now."""
        self.query(f"CREATE DATABASE IF NOT EXISTS {self.database}", database="default")
        self.query(MIGRATIONS_TABLE.format(db=self.database))
        done = set(self.applied_migrations())
        applied = []
        for version, name, steps in MIGRATIONS:
            if version in done:
                continue
            if callable(steps):
                steps(self)
            else:
                for statement in steps:
                    self.query(statement.format(db=self.database))
            self.query(
                f"INSERT INTO {self.database}.schema_migrations (version, name) FORMAT JSONEachRow",
                json.dumps({"version": version, "name": name}).encode(),
            )
            applied.append(version)
        type(self)._migrated.add((self.url, self.database))
        return applied

    # Older name, kept for deployments' scripts.
    create_schema = migrate

    def _ready(self) -> None:
        """Migrate once per process, and only when something is missing: a database already up to date needs no
        DDL, so a user with only SELECT and INSERT rights on it works."""
        key = (self.url, self.database)
        if key in self._migrated:
            return
        try:
            applied = set(self.applied_migrations())
        except ClickHouseError:
            applied = set()
        if {version for version, _name, _steps in MIGRATIONS} <= applied:
            type(self)._migrated.add(key)
            return
        self.migrate()

    @staticmethod
    def _row(event: Event | Engagement, fields: Sequence[str]) -> dict:
        row = {name: getattr(event, name) for name in fields}
        row["occurred_at"] = event.occurred_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")[:-3]
        row["day"] = event.day.isoformat()
        return row

    def record_many(self, events: Sequence[Event | Engagement], today: date | None = None) -> int:
        """Append the events `admit` accepts, as the database store does; returns how many were written."""
        admitted = admit(events, today)
        if not admitted.events:
            settle(admitted)
            return 0
        self._ready()
        pageviews, engagements = split_kinds(admitted.events)
        enrich(pageviews)
        # Two inserts, no transaction: pings go first, because a batch that fails is queued again whole, and a
        # ping written twice changes nothing (the larger of a pageview's pings counts) while a pageview would.
        for table, fields, batch in (
            ("engagements", ENGAGEMENT_FIELDS, engagements),
            ("events", EVENT_FIELDS, pageviews),
        ):
            if batch:
                body = "\n".join(json.dumps(self._row(event, fields), ensure_ascii=False) for event in batch)
                self.query(f"INSERT INTO {self.database}.{table} FORMAT JSONEachRow", body.encode())
        settle(admitted)
        return len(admitted.events)

    def _rows_of(self, table: str, columns: Sequence[str], day: date):
        text = self.query(
            f"SELECT {', '.join(columns)} FROM {self.database}.{table} "  # noqa: S608 - fixed names
            f"WHERE day = {quote(day.isoformat())} ORDER BY visitor, occurred_at FORMAT JSONEachRow"
        )
        for line in text.splitlines():
            if line:
                item = json.loads(line)
                item["occurred_at"] = datetime.fromisoformat(str(item["occurred_at"]))
                yield tuple(item[column] for column in columns)

    def rollup(self, day: date) -> int:
        self._ready()
        engagements = list(self._rows_of("engagements", ENGAGEMENT_COLUMNS, day))
        rows = cap_keys(
            rollup_events(day, self._rows_of("events", EVENT_COLUMNS, day), engagements),
            knob("ANALYTICS_MAX_SOURCES_PER_DAY"),
        )
        if not rows:
            return 0  # raw events gone: keep the day's rollups
        version = int(datetime.now().timestamp() * 1000)
        # Rows of an earlier run that this one no longer produces must not survive the replace. A lightweight
        # DELETE hides them at once (ALTER TABLE … DELETE is a mutation that runs later, in the background).
        self.query(f"DELETE FROM {self.database}.daily_stats WHERE day = {quote(day.isoformat())}")  # noqa: S608
        body = "\n".join(json.dumps({**row.__dict__, "day": day.isoformat(), "version": version}) for row in rows)
        self.query(f"INSERT INTO {self.database}.daily_stats FORMAT JSONEachRow", body.encode())
        return len(rows)

    def _select(self, query: StatsQuery, dimension: str, columns: str, group: str, extra: str = "") -> list[dict]:
        self._ready()
        scopes = ", ".join(quote(scope) for scope in (query.scopes or [CENTRE_PATH]))
        sums = ", ".join(f"sum({name}) AS {name}" for name in METRICS)
        sql = (
            f"SELECT {columns}, {sums} FROM {self.database}.daily_stats FINAL "  # noqa: S608
            f"WHERE scope IN ({scopes}) AND dimension = {quote(dimension)} "
            f"AND day BETWEEN {quote(query.start.isoformat())} AND {quote(query.end.isoformat())} "
            f"GROUP BY {group} {extra} FORMAT JSONEachRow"
        )
        return [json.loads(line) for line in self.query(sql).splitlines() if line]

    def aggregate(self, query: StatsQuery) -> Aggregate:
        per_day: dict[date, Figures] = {}
        if query.totals:
            per_day = {
                date.fromisoformat(row["day"]): Figures(*(int(row[name]) for name in METRICS))
                for row in self._select(query, "total", "day", "day")
            }
        rows = []
        if query.dimension != "total":
            order = f"ORDER BY {query.order_by} DESC, key LIMIT {int(query.limit)}"
            for row in self._select(query, query.dimension, "key, any(label) AS label", "key", order):
                rows.append(Row(row["key"], row["label"], Figures(*(int(row[name]) for name in METRICS))))
        return Aggregate(
            totals=reduce(lambda a, b: a + b, per_day.values(), Figures()),
            series=[(day, per_day.get(day, Figures())) for day in series_days(query.start, query.end)],
            rows=rows,
            days_with_data=set(per_day),
        )

    def purge_raw(self, before: date) -> int:
        """Delete raw events of days before `before` (the rollup job's purge, as in the database store: no TTL)."""
        self._ready()
        count = self.query(
            f"SELECT count() FROM {self.database}.events WHERE day < {quote(before.isoformat())} FORMAT TabSeparated"  # noqa: S608
        )
        for table in ("events", "engagements"):
            self.query(f"DELETE FROM {self.database}.{table} WHERE day < {quote(before.isoformat())}")  # noqa: S608
        return int(count.strip() or 0)

    def days_with_raw_events(self, since: date) -> list[date]:
        self._ready()
        text = self.query(
            f"SELECT DISTINCT day FROM {self.database}.events WHERE day >= {quote(since.isoformat())} "  # noqa: S608
            "ORDER BY day FORMAT TabSeparated"
        )
        return [date.fromisoformat(line) for line in text.splitlines() if line]

    def rolled_up_days(self, since: date) -> list[date]:
        self._ready()
        text = self.query(
            f"SELECT DISTINCT day FROM {self.database}.daily_stats WHERE day >= {quote(since.isoformat())} "  # noqa: S608
            f"AND dimension = 'total' AND scope = {quote(CENTRE_PATH)} ORDER BY day FORMAT TabSeparated"
        )
        return [date.fromisoformat(line) for line in text.splitlines() if line]
