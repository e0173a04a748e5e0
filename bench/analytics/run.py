"""Analytics benchmark: ingest through the real collection endpoint and the bulk path, rollup, the year's dashboard.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/analytics_bench .venv/bin/python bench/analytics/run.py

Prints a table and writes it to bench/analytics/results.md (with the exact command line, and the load average
at the start and the end of each step: the machine may be shared). Not part of the test suite. Two event stores
side by side in one run (--stores): the database store (`DjangoStore`, PostgreSQL) and `ClickHouseStore` on
ClickHouse's own engine (chdb, a test-only dependency) behind `lantoa.analytics.chlocal`'s HTTP front, started
here as a separate process with its data under var/bench-analytics/ (removed at the end). Steps:
1. endpoint: the production servers answer `POST /a/e` while `wrk` (a C load generator, Debian package `wrk`)
   posts realistic beacons (`beacons.lua`: skewed pages, sources, user agents, one address per visitor, sent as
   `X-Forwarded-For: <visitor>, 10.255.0.1`: a client behind two proxies, so the server runs with
   LANTOA_TRUSTED_PROXIES=2 as a deployment behind them does) over keep-alive connections for
   --endpoint-seconds. Servers: the collector (`scripts/collector`: uvicorn + the ASGI app) and the web process
   (`scripts/serve`'s gunicorn with the WSGI fast path), once per store (LANTOA_ANALYTICS_STORE). Reported:
   events per second answered 204, checked against what the store holds after the server stopped (and its
   counters: accepted, refused, dropped), and the server's CPU time per event. The run FAILS (exit status 1)
   when more than 1 % of the bench's own beacons were refused (flood, burst, malformed, ...): then it measures
   the refusals, not the ingest.
2. bulk: one day of --bulk-events generated raw events written with each store's `record_many` (COPY for the
   database, JSONEachRow INSERTs for ClickHouse), the events generated once beforehand.
3. year: the daily rollup rows of a synthetic year (--year-visits visits, ≈3.3 pageviews each, ≈100 million
   pageviews) generated in bulk by the database (`generate.build_year_sql`; reused when an earlier run left
   one of that size), the monthly rows from them. Then step 2's day rolled up inside that year, in this run:
   as before (kept here as `legacy_rollup`), by the Python sessionizer and by PostgreSQL. Then the dashboard's
   main queries timed (totals, daily series, top 50 pages, sources), first run on a new connection and best
   of 3, at the centre's scope and one province's; baseline: the same figures by a plain scan (GROUP BY) of
   step 2's raw events, extrapolated linearly to the year's pageviews. The same daily rows (the year with that
   day rolled up) are copied into ClickHouse's daily_stats (INSERT … SELECT from the `postgresql()` table
   function, then OPTIMIZE … FINAL as a settled table), and the same dashboard queries (`aggregate`, the
   sources' top rows) and baseline scan are timed on ClickHouseStore.
"""

import argparse
import datetime
import json
import os
import resource
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lantoa.settings.dev")


def _without_password(url: str) -> str:
    """DATABASE_URL as it may be written into results.md: never its password."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = f"{parts.username}:***@{parts.hostname}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=netloc))


def _ensure_database() -> None:
    """Create DATABASE_URL's PostgreSQL database when it is missing, so the header's command runs on a clean machine."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        return
    import psycopg

    head, _slash, name = url.rpartition("/")
    name = name.split("?")[0]
    with psycopg.connect(f"{head}/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


_ensure_database()

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import Sum  # noqa: E402
from generate import PAGEVIEWS_PER_VISIT, Zipf, build_year_sql, events_for_day, make_pages  # noqa: E402

from lantoa.analytics.clickhouse import ClickHouseStore, quote  # noqa: E402
from lantoa.analytics.models import CollectionCount, DailyStat, MonthlyStat, PageviewEvent  # noqa: E402
from lantoa.analytics.rollup import CENTRE_PATH, EVENT_COLUMNS, rollup_events  # noqa: E402
from lantoa.analytics.store import DjangoStore, StatsQuery, bulk_delete  # noqa: E402

YEAR = 2025
# The proxies in front of the server in beacons.lua's X-Forwarded-For ("<visitor>, 10.255.0.1").
TRUSTED_PROXIES = 2
# Collection counts that answer a beacon with a 4xx (or, outside_window, refuse it at the store): the bench's
# beacons are all valid, so more than MAX_REFUSED of them refused means the setup is wrong.
REFUSED = ("flood", "burst", "malformed", "oversized", "foreign_site", "outside_window")
MAX_REFUSED = 0.01
CLICKHOUSE_DATABASE = "bench"


def rss_mb(pid: int | None = None) -> float:
    if pid is None:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


# --- 1. endpoint ------------------------------------------------------------------------------------------


def load() -> str:
    return "{:.1f}, {:.1f}, {:.1f}".format(*os.getloadavg())


def _cpu_ticks(session: int) -> int:
    """User + system CPU ticks of every process of a session (the server, its workers and their threads)."""
    ticks = 0
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[3]) == session:  # field 6 of stat: the session id
            ticks += int(fields[11]) + int(fields[12])
    return ticks


def _counts(clickhouse: ClickHouseStore | None = None) -> dict[str, int]:
    counts = dict(CollectionCount.objects.values_list("reason").annotate(n=Sum("count")))
    if clickhouse is None:
        counts["stored"] = PageviewEvent.objects.count()
    else:
        counts["stored"] = int(clickhouse.query(f"SELECT count() FROM {clickhouse.database}.events").strip())  # noqa: S608
    return counts


class ClickHouseFront:
    """`python -m lantoa.analytics.chlocal` as a separate process (its own session), data in a new directory."""

    def __init__(self):
        base = ROOT / "var" / "bench-analytics"
        base.mkdir(parents=True, exist_ok=True)
        self.path = tempfile.mkdtemp(prefix="chdb-", dir=base)
        port = _free_port()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "lantoa.analytics.chlocal", "--port", str(port), "--path", self.path],
            cwd=ROOT, stdout=subprocess.PIPE, text=True, start_new_session=True,
        )  # fmt: skip
        line = self.process.stdout.readline()  # "ClickHouse engine (chdb) on http://127.0.0.1:…"
        if "http://" not in line:
            self.stop()
            raise RuntimeError(f"the ClickHouse front did not start: {line!r}")
        self.url = line.strip().rsplit(" ", 1)[-1]
        self.pid = self.process.pid
        self.store = ClickHouseStore(url=self.url, database=CLICKHOUSE_DATABASE, timeout=3600)
        self.store.migrate()
        self.version = self.store.query("SELECT version()").strip()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.path, ignore_errors=True)


def _boost(pid: int) -> None:
    """Scheduler priority for a session (autogroup nice −10, root only): neighbours' jobs yield the CPU to it."""
    Path(f"/proc/{pid}/autogroup").write_text("-10")


def _wrk(port: int, seconds: int, threads: int, connections: int, boosted: bool) -> dict:
    command = f"wrk -t{threads} -c{connections} -d{seconds}s -s {HERE / 'beacons.lua'} http://127.0.0.1:{port}"
    if boosted:
        command = f"echo -10 > /proc/$$/autogroup && exec {command}"
    run = subprocess.run(["bash", "-c", command], capture_output=True, text=True, check=True, start_new_session=True)
    out = run.stdout
    statuses = json.loads(out.split("STATUSES ", 1)[1].splitlines()[0])
    latency = json.loads(out.split("LATENCY ", 1)[1].splitlines()[0])
    return {"statuses": {int(k): v for k, v in statuses.items()}, **latency}


def bench_endpoint(kind: str, args, boosted: bool, front: ClickHouseFront | None = None) -> dict:
    """One server under wrk; `front`: the server's store is ClickHouse behind it, else the database store."""
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "lantoa.settings.production",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-only-" + "x" * 40),
        # Production refuses to start without the attribution keys; the bench's beacons carry no attribution.
        "LANTOA_ATTRIBUTION_KEYS": os.environ.get("LANTOA_ATTRIBUTION_KEYS", "bench:" + "0" * 64),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        # Production refuses mail that stays on the server; nothing is sent during the benchmark.
        "EMAIL_BACKEND": os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend"),
        # Two proxies wrote beacons.lua's X-Forwarded-For: the reader is its second entry from the right.
        "LANTOA_TRUSTED_PROXIES": str(TRUSTED_PROXIES),
        "LANTOA_ANALYTICS_TRUST_X_FORWARDED_FOR": "false",
        "LANTOA_ANALYTICS_BATCH_SIZE": "2000",
        "LOG_LEVEL": "WARNING",
        "COLLECTOR_BIND": f"127.0.0.1:{port}",
        "COLLECTOR_WORKERS": str(args.collector_workers),
    }
    if front is not None:
        env["LANTOA_ANALYTICS_STORE"] = "clickhouse"
        env["LANTOA_ANALYTICS_CLICKHOUSE_URL"] = front.url
        env["LANTOA_ANALYTICS_CLICKHOUSE_DATABASE"] = CLICKHOUSE_DATABASE
    else:
        env["LANTOA_ANALYTICS_STORE"] = "django"
    clickhouse = front.store if front is not None else None
    if kind == "collector":
        command = [str(ROOT / "scripts/collector")]
    else:  # scripts/serve's command, without its collectstatic
        command = [
            str(ROOT / ".venv/bin/gunicorn"), "lantoa.analytics.wsgi:application", "--bind", f"127.0.0.1:{port}",
            "--workers", str(args.web_workers), "--worker-class", "gthread", "--threads", str(args.web_threads),
            "--log-level", "warning",
        ]  # fmt: skip
    log = tempfile.TemporaryFile()  # noqa: SIM115 - closed with the process, below
    server = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True, stderr=log)
    try:
        if boosted:
            _boost(server.pid)  # its workers, forked or spawned later, share the session's group
        try:
            _wait_for(port)
        except RuntimeError:
            log.seek(0)
            sys.stderr.write(log.read()[-4000:].decode("utf-8", "replace"))
            raise
        _warm_up(port, 200)
        before, ticks = _counts(clickhouse), _cpu_ticks(server.pid)
        engine_ticks = _cpu_ticks(front.pid) if front is not None else 0
        started_load = load()
        result = _wrk(port, args.endpoint_seconds, args.wrk_threads, args.connections, boosted)
        cpu = (_cpu_ticks(server.pid) - ticks) / os.sysconf("SC_CLK_TCK")
        ended_load = load()
        children = subprocess.run(["pgrep", "-s", str(server.pid)], capture_output=True, text=True).stdout.split()
        worker_rss = max((rss_mb(int(pid)) for pid in children), default=0.0)
    finally:
        # The main process stops its workers, which write what they still hold on the way out.
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=120)
        log.close()
    after = _counts(clickhouse)
    # The engine's CPU until the last batch is in (the server's workers write it on their way out).
    engine_cpu = (_cpu_ticks(front.pid) - engine_ticks) / os.sysconf("SC_CLK_TCK") if front is not None else None
    delta = {reason: after.get(reason, 0) - before.get(reason, 0) for reason in after}
    answered = result["statuses"].get(204, 0)
    sent = sum(result["statuses"].values())
    refused = sum(delta.get(reason, 0) for reason in REFUSED)
    return {
        "store": "clickhouse" if front is not None else "database",
        "sent": sent,
        "refused": refused,
        "refused_share": refused / max(sent, 1),
        "engine_cpu_us_per_event": None if engine_cpu is None else 1e6 * engine_cpu / max(delta.get("stored", 0), 1),
        "answered": answered,
        "other_statuses": {k: v for k, v in result["statuses"].items() if k != 204},
        "accepted": delta.get("accepted", 0),
        "stored": delta.get("stored", 0),
        "dropped_or_refused": {k: v for k, v in delta.items() if k not in ("accepted", "stored") and v},
        "per_second": answered / args.endpoint_seconds,
        "cpu_us_per_event": 1e6 * cpu / max(delta.get("stored", 0), 1),
        "p50_ms": result["p50_ms"],
        "p99_ms": result["p99_ms"],
        "worker_rss_mb": worker_rss,
        "load": (started_load, ended_load),
    }


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(port: int) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"nothing answers on port {port}")


def _warm_up(port: int, requests: int) -> None:
    """Wait until the workers answer (booting Django takes seconds on a busy machine), outside the timing."""
    import http.client

    deadline = time.monotonic() + 120
    answered = 0
    while answered < requests and time.monotonic() < deadline:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            conn.request("GET", "/a/p.gif?u=/warm-up/", headers={"User-Agent": "bench-warm-up-bot"})
            if conn.getresponse().status == 200:
                answered += 1
        except (OSError, http.client.HTTPException):
            time.sleep(0.5)
        finally:
            conn.close()


# --- 2. bulk path and rollup -----------------------------------------------------------------------------


BULK_DAY = datetime.date(YEAR, 3, 4)  # a Tuesday


def bench_bulk(events: int, pages, zipf, front: ClickHouseFront | None) -> dict:
    """One busy day of raw events through each store's record_many (its rollup is timed once the year is there).

    `today=` the day itself: the batch belongs to that day, which is long outside the retention window now."""
    day = BULK_DAY
    bulk_delete(PageviewEvent.objects.filter(day=day))
    started_load = load()
    started = time.monotonic()
    generated = list(events_for_day(day, round(events / PAGEVIEWS_PER_VISIT), pages, zipf))
    generation = time.monotonic() - started
    stores = {"database": DjangoStore()}
    if front is not None:
        front.store.query(f"DELETE FROM {CLICKHOUSE_DATABASE}.events WHERE day = {quote(day.isoformat())}")  # noqa: S608
        stores["clickhouse"] = front.store
    rates = {}
    for name, store in stores.items():
        written = 0
        started = time.monotonic()
        for first in range(0, len(generated), 5000):
            written += store.record_many(generated[first : first + 5000], today=day)
        rates[name] = (written, written / (time.monotonic() - started))
    return {
        "events": rates["database"][0],
        "generated": len(generated),
        "generation_seconds": generation,
        "rates": rates,
        "days": [day],
        "load": (started_load, load()),
    }


def legacy_rollup(day: datetime.date) -> int:
    """The rollup as it was before this benchmark's changes, to measure against in the same run: the Python
    sessionizer, rows saved through the ORM (whose delete loads every old row first), the whole month summed
    again from its daily rows."""
    events = (
        PageviewEvent.objects.filter(day=day)
        .order_by("visitor", "occurred_at")
        .values_list(*EVENT_COLUMNS)
        .iterator(chunk_size=5000)
    )
    rows = rollup_events(day, events)
    with transaction.atomic():
        DailyStat.objects.filter(day=day).delete()
        DailyStat.objects.bulk_create([DailyStat(**row.__dict__) for row in rows], batch_size=2000)
        DjangoStore.rollup_month(day.replace(day=1))
    return len(rows)


def bench_rollup(bulk: dict) -> dict:
    """The bulk day rolled up in a month full of the synthetic year: before, then by each engine now."""
    (day,) = bulk["days"]
    started_load = load()
    rollups = {}
    engines = ["before", "python"] + (["database"] if connection.vendor == "postgresql" else [])
    for engine in engines:
        DjangoStore.in_database = engine == "database"
        started = time.monotonic()
        rows = legacy_rollup(day) if engine == "before" else DjangoStore().rollup(day)
        rollups[engine] = (bulk["events"] / (time.monotonic() - started), rows)
    DjangoStore.in_database = None
    return {"rollups": rollups, "load": (started_load, load())}


# --- 3. a year of rollups, the dashboard, the baseline ----------------------------------------------------

DAILY_INDEXES = [
    ("ALTER TABLE analytics_dailystat DROP CONSTRAINT IF EXISTS analytics_stat_unique",
     "ALTER TABLE analytics_dailystat ADD CONSTRAINT analytics_stat_unique UNIQUE (day, scope, dimension, key)"),
    ("DROP INDEX IF EXISTS analytics_stat_scope_dim_day",
     "CREATE INDEX analytics_stat_scope_dim_day ON analytics_dailystat (scope, dimension, day)"),
]  # fmt: skip


def build_year(visits_per_year: int, pages, zipf) -> dict:
    existing = DailyStat.objects.filter(day__year=YEAR, scope=CENTRE_PATH, dimension="total")
    visits = sum(existing.values_list("visits", flat=True))
    if existing.count() >= 365 and abs(visits - visits_per_year) < visits_per_year * 0.1:
        return {"built": False, "load": (load(), load())}  # a year of this size from an earlier run
    started_load = load()
    started = time.monotonic()
    bulk_delete(DailyStat.objects.filter(day__year=YEAR))
    bulk_delete(MonthlyStat.objects.filter(month__year=YEAR))
    postgres = connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        if postgres:
            # Indexes built once after the bulk insert, not maintained row by row (the same definitions).
            for drop, _create in DAILY_INDEXES:
                cursor.execute(drop)
        try:
            rows = build_year_sql(connection, YEAR, visits_per_year, pages, zipf)
        finally:
            if postgres:
                for _drop, create in DAILY_INDEXES:
                    cursor.execute(create)
        inserted = time.monotonic() - started
        for month in range(1, 13):
            DjangoStore.rollup_month(datetime.date(YEAR, month, 1))
        if postgres:
            cursor.execute("VACUUM ANALYZE analytics_dailystat")
            cursor.execute("VACUUM ANALYZE analytics_monthlystat")
    return {
        "built": True,
        "rows": rows,
        "insert_seconds": inserted,
        "seconds": time.monotonic() - started,
        "load": (started_load, load()),
    }


def timed(function, repeat: int = 3) -> tuple[float, float]:
    """(first run on a new database connection, best of `repeat` after it)."""
    connection.close()
    started = time.perf_counter()
    function()
    cold = time.perf_counter() - started
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - started)
    return cold, best


def dashboard(scopes):
    """The year's main dashboard: totals and daily series (with the top 50 pages), and the sources."""
    store = DjangoStore()
    start, end = datetime.date(YEAR, 1, 1), datetime.date(YEAR, 12, 31)
    result = store.aggregate(StatsQuery(start=start, end=end, scopes=scopes, dimension="page", limit=50))
    sources = DjangoStore._rows(StatsQuery(start=start, end=end, scopes=scopes, dimension="source", limit=50))
    assert len(result.series) == 365 and len(result.rows) == 50 and sources
    return result


def dashboard_clickhouse(store: ClickHouseStore, scopes):
    """The same dashboard on ClickHouseStore: `aggregate` (totals, daily series, top 50 pages) and the sources'
    top rows by the query `aggregate` runs for a dimension's rows."""
    start, end = datetime.date(YEAR, 1, 1), datetime.date(YEAR, 12, 31)
    result = store.aggregate(StatsQuery(start=start, end=end, scopes=scopes, dimension="page", limit=50))
    query = StatsQuery(start=start, end=end, scopes=scopes, dimension="source", limit=50)
    order = f"ORDER BY {query.order_by} DESC, key LIMIT {int(query.limit)}"
    sources = store._select(query, "source", "key, any(label) AS label", "key", order)
    assert len(result.series) == 365 and len(result.rows) == 50 and sources
    return result


def year_to_clickhouse(store: ClickHouseStore) -> dict:
    """The database store's daily rows of the year, copied as they are into ClickHouse's daily_stats."""
    settings = connection.settings_dict
    if connection.vendor != "postgresql":
        raise RuntimeError("the year is copied to ClickHouse from PostgreSQL (its postgresql() table function)")
    columns = "day, scope, dimension, key, label, visits, visitors, pageviews, bounces, duration_total, duration_count"
    source = "postgresql({}, {}, {}, {}, {})".format(
        quote(f"{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}"),
        quote(settings["NAME"]),
        quote(DailyStat._meta.db_table),
        quote(settings["USER"] or "postgres"),
        quote(settings["PASSWORD"] or ""),
    )
    table = f"{store.database}.daily_stats"
    started_load = load()
    store.query(f"TRUNCATE TABLE {table}")
    started = time.monotonic()
    store.query(
        f"INSERT INTO {table} ({columns}, version) SELECT {columns}, 1 FROM {source} "  # noqa: S608
        f"WHERE day BETWEEN {quote(f'{YEAR}-01-01')} AND {quote(f'{YEAR}-12-31')}"
    )
    copied = time.monotonic() - started
    started = time.monotonic()
    store.query(f"OPTIMIZE TABLE {table} FINAL")
    optimized = time.monotonic() - started
    rows = int(store.query(f"SELECT count() FROM {table}").strip())  # noqa: S608
    return {"rows": rows, "copy_seconds": copied, "optimize_seconds": optimized, "load": (started_load, load())}


def plain_scan_clickhouse(store: ClickHouseStore, days) -> None:
    """The baseline on ClickHouse: the same four GROUP BYs over its raw events."""
    table = f"{store.database}.events"
    where = f"day BETWEEN {quote(days[0].isoformat())} AND {quote(days[-1].isoformat())}"
    store.query(f"SELECT count(), uniqExact(visitor, day) FROM {table} WHERE {where}")  # noqa: S608
    store.query(f"SELECT day, count(), uniqExact(visitor) FROM {table} WHERE {where} GROUP BY day")  # noqa: S608
    store.query(f"SELECT path, count() c FROM {table} WHERE {where} GROUP BY path ORDER BY c DESC LIMIT 50")  # noqa: S608
    store.query(f"SELECT source_kind, source, count() FROM {table} WHERE {where} GROUP BY 1, 2")  # noqa: S608


def same_dashboard(database, clickhouse) -> str:
    """Whether both stores answer the dashboard with the same figures (totals, series, top pages)."""
    if database.totals != clickhouse.totals:
        return f"DIFFERENT totals: {database.totals} vs {clickhouse.totals}"
    if database.series != clickhouse.series:
        return "DIFFERENT daily series"
    if [(r.key, r.figures) for r in database.rows] != [(r.key, r.figures) for r in clickhouse.rows]:
        return "DIFFERENT top pages"
    return "same totals, daily series and top 50 pages as the database store"


def plain_scan(days) -> None:
    """The baseline: the same figures straight from the raw events, one GROUP BY each."""
    table = PageviewEvent._meta.db_table
    with connection.cursor() as cursor:
        where = "day BETWEEN %s AND %s"
        params = [days[0], days[-1]]
        cursor.execute(f"SELECT COUNT(*), COUNT(DISTINCT visitor || day) FROM {table} WHERE {where}", params)  # noqa: S608
        cursor.execute(f"SELECT day, COUNT(*), COUNT(DISTINCT visitor) FROM {table} WHERE {where} GROUP BY day", params)  # noqa: S608
        cursor.execute(
            f"SELECT path, COUNT(*) c FROM {table} WHERE {where} GROUP BY path ORDER BY c DESC LIMIT 50",  # noqa: S608
            params,
        )
        cursor.execute(f"SELECT source_kind, source, COUNT(*) FROM {table} WHERE {where} GROUP BY 1, 2", params)  # noqa: S608


def endpoint_cells(endpoint: dict, connections: int) -> tuple[str, str, str]:
    in_flight = endpoint["stored"] - endpoint["answered"]
    if endpoint["stored"] == endpoint["accepted"] and 0 <= in_flight <= connections:
        check = f"= accepted; {in_flight} more than wrk counted: answered after wrk stopped reading"
    else:
        check = "MISMATCH"
    notes = (
        f"{endpoint['answered']:,} answered 204 (other statuses: {endpoint['other_statuses'] or 'none'}); "
        f"server counted {endpoint['accepted']:,} accepted, the store holds {endpoint['stored']:,} ({check}); "
        f"dropped or refused: {endpoint['dropped_or_refused'] or 'none'}; "
        f"latency p50 {endpoint['p50_ms']:.1f} ms, p99 {endpoint['p99_ms']:.1f} ms; "
        f"server CPU {endpoint['cpu_us_per_event']:.0f} µs per event (HTTP, checks, queue, "
        + ("INSERT over HTTP" if endpoint["store"] == "clickhouse" else "COPY")
        + ")"
        + (
            f" + ClickHouse engine process {endpoint['engine_cpu_us_per_event']:.0f} µs per event"
            if endpoint["engine_cpu_us_per_event"] is not None
            else ""
        )
        + f"; worker peak RSS {endpoint['worker_rss_mb']:.0f} MB; refused {endpoint['refused']:,} of "
        f"{endpoint['sent']:,} beacons ({endpoint['refused_share']:.2%}, the check: at most {MAX_REFUSED:.0%})"
    )
    return f"**{endpoint['per_second']:,.0f} events/s**", notes, "{} → {}".format(*endpoint["load"])


STORE_NAMES = {
    "database": "store: database (PostgreSQL)",
    "clickhouse": "store: **ClickHouse** engine (chdb) behind `lantoa.analytics.chlocal`, a separate process",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--year-visits", type=int, default=30_000_000)
    parser.add_argument("--pages", type=int, default=6_000)
    parser.add_argument("--bulk-events", type=int, default=300_000, help="raw pageviews of the bulk/rollup day")
    parser.add_argument("--endpoint-seconds", type=int, default=20)
    parser.add_argument("--wrk-threads", type=int, default=1)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--collector-workers", type=int, default=2)
    parser.add_argument(
        "--priority",
        default="normal,boosted",
        help="normal: as the scheduler gives; boosted: server and wrk sessions at autogroup nice -10 (root)",
    )
    parser.add_argument("--web-workers", type=int, default=3)
    parser.add_argument("--web-threads", type=int, default=4)
    parser.add_argument("--servers", default="collector,web", help="endpoint servers to measure, comma-separated")
    parser.add_argument("--stores", default="database,clickhouse", help="event stores to measure, comma-separated")
    parser.add_argument("--skip-endpoint", action="store_true")
    parser.add_argument("--skip-bulk", action="store_true")
    parser.add_argument("--out", default=str(HERE / "results.md"))
    args = parser.parse_args()
    stores = args.stores.split(",")
    front = ClickHouseFront() if "clickhouse" in stores else None
    try:
        run(args, stores, front)
    finally:
        if front is not None:
            front.stop()


def run(args, stores: list[str], front: ClickHouseFront | None) -> None:
    command = "DATABASE_URL={} .venv/bin/python bench/analytics/run.py{}".format(
        shlex.quote(_without_password(os.environ.get("DATABASE_URL", ""))),
        "".join(" " + shlex.quote(arg) for arg in sys.argv[1:]),
    )
    call_command("migrate", verbosity=0)
    pages = make_pages(args.pages)
    zipf = Zipf(len(pages))
    results = []
    failures = []
    first_load = load()
    if not args.skip_endpoint:
        names = {
            "collector": "ingest through the collection endpoint, `scripts/collector` "
            f"(uvicorn + httptools, {args.collector_workers} worker processes)",
            "web": "ingest through the collection endpoint, `scripts/serve` "
            f"(gunicorn gthread {args.web_workers}×{args.web_threads}, WSGI fast path)",
        }
        wrk = f"wrk {args.wrk_threads} thread(s), {args.connections} connections, {args.endpoint_seconds:.0f} s"
        priorities = {
            "normal": "normal priority, sharing the CPU with the neighbours' jobs",
            "boosted": "**boosted**: server and wrk at scheduler priority (autogroup nice −10), the neighbours yield",
        }
        for kind in args.servers.split(","):
            for store in stores:
                for priority in args.priority.split(","):
                    endpoint = bench_endpoint(
                        kind, args, boosted=priority == "boosted", front=front if store == "clickhouse" else None
                    )
                    print("endpoint:", kind, store, priority, endpoint, flush=True)
                    label = f"{names[kind]}; {STORE_NAMES[store]}; {wrk}; {priorities[priority]}"
                    results.append((label, *endpoint_cells(endpoint, args.connections)))
                    if endpoint["refused_share"] > MAX_REFUSED:
                        failures.append(
                            f"{kind}, {store} store, {priority}: {endpoint['refused']:,} of {endpoint['sent']:,} "
                            f"beacons refused ({endpoint['refused_share']:.2%} > {MAX_REFUSED:.0%}): "
                            f"{endpoint['dropped_or_refused']}"
                        )
    if args.skip_bulk:
        day = BULK_DAY
        bulk = {"events": PageviewEvent.objects.filter(day=day).count(), "days": [day]}
    else:
        bulk = bench_bulk(args.bulk_events, pages, zipf, front)
        print("bulk:", bulk, flush=True)
        for store, (written, rate) in bulk["rates"].items():
            results.append(
                (
                    "ingest, store bulk path (`record_many`, "
                    + ("JSONEachRow INSERT over HTTP" if store == "clickhouse" else "COPY")
                    + f"), one day; {STORE_NAMES[store]}",
                    f"{written:,} events at {rate:,.0f} events/s",
                    f"batches of 5,000; the {bulk['generated']:,} events generated once beforehand "
                    f"({bulk['generation_seconds']:.1f} s, not included)",
                    "{} → {}".format(*bulk["load"]) if store == "database" else "",
                )
            )
    year = build_year(args.year_visits, pages, zipf)
    print("year:", year, flush=True)
    daily_rows = DailyStat.objects.filter(day__year=YEAR).count()
    monthly_rows = MonthlyStat.objects.filter(month__year=YEAR).count()
    totals = DailyStat.objects.filter(day__year=YEAR, scope=CENTRE_PATH, dimension="total").aggregate(
        pageviews=Sum("pageviews"), visits=Sum("visits")
    )
    results.append(
        (
            "synthetic year of rollups, generated in bulk by the database",
            f"{totals['pageviews']:,} pageviews, {totals['visits']:,} visits",
            f"{daily_rows:,} daily + {monthly_rows:,} monthly rows"
            + (
                f"; built in {year['seconds']:.0f} s ({year['insert_seconds']:.0f} s daily rows and indexes)"
                if year.get("built")
                else "; from an earlier run"
            ),
            "{} → {}".format(*year["load"]),
        )
    )
    if not args.skip_bulk:
        rollup = bench_rollup(bulk)
        print("rollup:", rollup, flush=True)
        names = {
            "before": "before: Python sessionizer, ORM writes, the month summed again",
            "python": "now (the default): Python sessionizer, plain SQL writes, the month changed by the day",
            "database": "now, `ANALYTICS_ROLLUP_ENGINE=database`: set-based in PostgreSQL (window functions), "
            "the month changed by the day",
        }
        for engine, (rate, rows) in rollup["rollups"].items():
            results.append(
                (
                    f"rollup of that day inside the synthetic year, {names[engine]}",
                    f"**{rate:,.0f} events/s**",
                    f"{bulk['events'] / rate:,.1f} s for the day's {bulk['events']:,} events; {rows:,} rollup rows",
                    "{} → {}".format(*rollup["load"]) if engine == "before" else "",
                )
            )
    if front is not None:
        daily_rows = DailyStat.objects.filter(day__year=YEAR).count()  # with the rolled-up day's rows now
        copied = year_to_clickhouse(front.store)
        print("year to clickhouse:", copied, flush=True)
        results.append(
            (
                f"the same year's daily rows in ClickHouse's daily_stats (ClickHouse {front.version}, chdb)",
                f"{copied['rows']:,} rows",
                f"copied from PostgreSQL (INSERT … SELECT FROM postgresql()) in {copied['copy_seconds']:.0f} s, "
                f"OPTIMIZE … FINAL (parts merged, as a settled table) {copied['optimize_seconds']:.0f} s"
                + ("" if copied["rows"] == daily_rows else f"; MISMATCH: the database holds {daily_rows:,}"),
                "{} → {}".format(*copied["load"]),
            )
        )
    scopes = (("centre (everything)", [CENTRE_PATH]), ("one province (VSS/01/)", ["VSS/01/"]))
    query_load = load()
    times = {}
    if "database" in stores or front is None:
        times["database"] = {name: timed(lambda scope=scope: dashboard(scope)) for name, scope in scopes}
    if front is not None:
        times["clickhouse"] = {
            name: timed(lambda scope=scope: dashboard_clickhouse(front.store, scope)) for name, scope in scopes
        }
        agreement = {
            name: same_dashboard(dashboard(scope), dashboard_clickhouse(front.store, scope)) for name, scope in scopes
        }
    query_end_load = load()
    scans = {}
    cold, scans["database"] = timed(lambda: plain_scan(bulk["days"]), repeat=1)
    if front is not None:
        cold, scans["clickhouse"] = timed(lambda: plain_scan_clickhouse(front.store, bulk["days"]), repeat=1)
    scan_events = bulk["events"]
    year_scan = {store: scan * totals["pageviews"] / max(scan_events, 1) for store, scan in scans.items()}
    print("dashboard:", times, "plain scans:", scans, flush=True)
    for name, _scope in scopes:
        for store, figures in times.items():
            cold, best = figures[name]
            notes = [
                f"{cold * 1000:,.0f} ms first run" + (" on a new connection" if store == "database" else ""),
                f"×{year_scan[store] / best:,.0f} faster than the plain-scan baseline on the same store "
                f"(≈ {year_scan[store]:,.0f} s)",
            ]
            if store == "clickhouse":
                if "database" in times:
                    ratio = times["database"][name][1] / best
                    notes.append(f"database store / ClickHouse = {ratio:,.2f} (best of 3)")
                notes.append(agreement[name])
            results.append(
                (
                    f"dashboard over the year, {name}: totals, daily series, top 50 pages, sources; "
                    + STORE_NAMES[store],
                    f"**{best * 1000:,.0f} ms** best of 3",
                    "; ".join(notes),
                    f"{query_load} → {query_end_load}",
                )
            )
    for store, scan in scans.items():
        results.append(
            (
                f"baseline: the same figures by a plain scan (GROUP BY) of raw events; {STORE_NAMES[store]}",
                f"{scan * 1000:,.0f} ms for {scan_events:,} events",
                f"extrapolated linearly: ≈ {year_scan[store]:,.0f} s for the year's {totals['pageviews']:,} pageviews",
                "",
            )
        )
    results.append(("benchmark process peak RSS", f"{rss_mb():,.0f} MB", "", ""))
    table = [
        f"Analytics benchmark, {datetime.datetime.now():%Y-%m-%d %H:%M}, {connection.vendor}"
        + (f" and ClickHouse {front.version} (chdb)" if front is not None else "")
        + f", {os.cpu_count()} CPUs; load average (1, 5, 15 min) at the start {first_load}, at the end {load()}.",
        "",
        f"Command: `{command}`",
        "",
        "| measure | result | notes | load average, start → end |",
        "| --- | --- | --- | --- |",
        *[f"| {a} | {b} | {c} | {d} |" for a, b, c, d in results],
    ]
    if failures:
        table += ["", "**FAILED**: more than 1 % of the bench's beacons refused:", *[f"- {f}" for f in failures]]
    text = "\n".join(table)
    print(text)
    Path(args.out).write_text(text + "\n", encoding="utf-8")
    if failures:
        print(
            f"FAILED: more than {MAX_REFUSED:.0%} of the bench's own beacons were refused (the measure would be "
            "of the refusals, not the ingest):\n" + "\n".join(failures),
            file=sys.stderr,
        )
        sys.exit(1)


if __name__ == "__main__":
    main()
