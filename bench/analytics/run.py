"""Analytics benchmark: ingest through the real collection endpoint and the bulk path, rollup, the year's dashboard.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/analytics_bench .venv/bin/python bench/analytics/run.py

Prints a table and writes it to bench/analytics/results.md (with the load average at the start and the end of
each step: the machine may be shared). Not part of the test suite. Steps:
1. endpoint: the production servers answer `POST /a/e` while `wrk` (a C load generator, Debian package `wrk`)
   posts realistic beacons (`beacons.lua`: skewed pages, sources, user agents, one X-Forwarded-For address per
   visitor, the server trusting it) over keep-alive connections for --endpoint-seconds. Servers: the collector
   (`scripts/collector`: uvicorn + the ASGI app) and the web process (`scripts/serve`'s gunicorn with the WSGI
   fast path). Reported: events per second answered 204, checked against what the store holds after the server
   stopped (and its counters: accepted, refused, dropped), and the server's CPU time per event.
2. bulk: one day of --bulk-events generated raw events written with the store's `record_many` (COPY).
3. year: the daily rollup rows of a synthetic year (--year-visits visits, ≈3.3 pageviews each, ≈100 million
   pageviews) generated in bulk by the database (`generate.build_year_sql`; reused when an earlier run left
   one of that size), the monthly rows from them. Then step 2's day rolled up inside that year, in this run:
   as before (kept here as `legacy_rollup`), by the Python sessionizer and by PostgreSQL. Then the dashboard's
   main queries timed (totals, daily series, top 50 pages, sources), first run on a new connection and best
   of 3, at the centre's scope and one province's; baseline: the same figures by a plain scan (GROUP BY) of
   step 2's raw events, extrapolated linearly to the year's pageviews.
"""

import argparse
import datetime
import json
import os
import resource
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lantoa.settings.dev")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import Sum  # noqa: E402
from generate import PAGEVIEWS_PER_VISIT, Zipf, build_year_sql, events_for_day, make_pages  # noqa: E402

from lantoa.analytics.models import CollectionCount, DailyStat, MonthlyStat, PageviewEvent  # noqa: E402
from lantoa.analytics.rollup import CENTRE_PATH, EVENT_COLUMNS, rollup_events  # noqa: E402
from lantoa.analytics.store import DjangoStore, StatsQuery, bulk_delete  # noqa: E402

YEAR = 2025


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


def _counts() -> dict[str, int]:
    counts = dict(CollectionCount.objects.values_list("reason").annotate(n=Sum("count")))
    counts["stored"] = PageviewEvent.objects.count()
    return counts


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


def bench_endpoint(kind: str, args, boosted: bool) -> dict:
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "lantoa.settings.production",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-only-" + "x" * 40),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        # Production refuses mail that stays on the server; nothing is sent during the benchmark.
        "EMAIL_BACKEND": os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend"),
        "LANTOA_ANALYTICS_TRUST_X_FORWARDED_FOR": "true",
        "LANTOA_ANALYTICS_BATCH_SIZE": "2000",
        "LOG_LEVEL": "WARNING",
        "COLLECTOR_BIND": f"127.0.0.1:{port}",
        "COLLECTOR_WORKERS": str(args.collector_workers),
    }
    if kind == "collector":
        command = [str(ROOT / "scripts/collector")]
    else:  # scripts/serve's command, without its collectstatic
        command = [
            str(ROOT / ".venv/bin/gunicorn"), "lantoa.analytics.wsgi:application", "--bind", f"127.0.0.1:{port}",
            "--workers", str(args.web_workers), "--worker-class", "gthread", "--threads", str(args.web_threads),
            "--log-level", "warning",
        ]  # fmt: skip
    server = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True, stderr=subprocess.DEVNULL)
    try:
        if boosted:
            _boost(server.pid)  # its workers, forked or spawned later, share the session's group
        _wait_for(port)
        _warm_up(port, 200)
        before, ticks = _counts(), _cpu_ticks(server.pid)
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
    after = _counts()
    delta = {reason: after.get(reason, 0) - before.get(reason, 0) for reason in after}
    answered = result["statuses"].get(204, 0)
    return {
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
    raise RuntimeError("gunicorn did not start")


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


def bench_bulk(events: int, pages, zipf) -> dict:
    """One busy day of raw events through record_many (its rollup is timed once the year is there)."""
    store = DjangoStore()
    day = datetime.date(YEAR, 3, 4)  # a Tuesday
    bulk_delete(PageviewEvent.objects.filter(day=day))
    started_load = load()
    written = 0
    started = time.monotonic()
    batch = []
    for event in events_for_day(day, round(events / PAGEVIEWS_PER_VISIT), pages, zipf):
        batch.append(event)
        if len(batch) == 5000:
            written += store.record_many(batch)
            batch = []
    written += store.record_many(batch)
    ingest = time.monotonic() - started
    return {"events": written, "ingest_per_second": written / ingest, "days": [day], "load": (started_load, load())}


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
        f"server CPU {endpoint['cpu_us_per_event']:.0f} µs per event (HTTP, checks, queue, COPY); "
        f"worker peak RSS {endpoint['worker_rss_mb']:.0f} MB"
    )
    return f"**{endpoint['per_second']:,.0f} events/s**", notes, "{} → {}".format(*endpoint["load"])


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
    parser.add_argument("--skip-endpoint", action="store_true")
    parser.add_argument("--skip-bulk", action="store_true")
    parser.add_argument("--out", default=str(HERE / "results.md"))
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    pages = make_pages(args.pages)
    zipf = Zipf(len(pages))
    results = []
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
            for priority in args.priority.split(","):
                endpoint = bench_endpoint(kind, args, boosted=priority == "boosted")
                print("endpoint:", kind, priority, endpoint, flush=True)
                label = f"{names[kind]}; {wrk}; {priorities[priority]}"
                results.append((label, *endpoint_cells(endpoint, args.connections)))
    if args.skip_bulk:
        day = datetime.date(YEAR, 3, 4)
        bulk = {"events": PageviewEvent.objects.filter(day=day).count(), "days": [day]}
    else:
        bulk = bench_bulk(args.bulk_events, pages, zipf)
        print("bulk:", bulk, flush=True)
        results.append(
            (
                "ingest, store bulk path (`record_many`, COPY), one day",
                f"{bulk['events']:,} events at {bulk['ingest_per_second']:,.0f} events/s",
                "generation of the events included",
                "{} → {}".format(*bulk["load"]),
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
    query_load = load()
    centre = timed(lambda: dashboard([CENTRE_PATH]))
    province = timed(lambda: dashboard(["VSS/01/"]))
    for name, (cold, best) in (("centre (everything)", centre), ("one province (VSS/01/)", province)):
        results.append(
            (
                f"dashboard over the year, {name}: totals, daily series, top 50 pages, sources",
                f"**{best * 1000:,.0f} ms** best of 3",
                f"{cold * 1000:,.0f} ms first run on a new connection",
                f"{query_load} → {load()}",
            )
        )
    cold, scan = timed(lambda: plain_scan(bulk["days"]), repeat=1)
    results.append(
        (
            "baseline: the same figures by a plain scan (GROUP BY) of raw events",
            f"{scan * 1000:,.0f} ms for {bulk['events']:,} events",
            f"extrapolated linearly: ≈ {scan * totals['pageviews'] / max(bulk['events'], 1):,.0f} s "
            f"for the year's {totals['pageviews']:,} pageviews",
            "",
        )
    )
    results.append(("benchmark process peak RSS", f"{rss_mb():,.0f} MB", "", ""))
    table = [
        f"Analytics benchmark, {datetime.datetime.now():%Y-%m-%d %H:%M}, {connection.vendor}, {os.cpu_count()} CPUs; "
        f"load average (1, 5, 15 min) at the start {first_load}, at the end {load()}.",
        "",
        "| measure | result | notes | load average, start → end |",
        "| --- | --- | --- | --- |",
        *[f"| {a} | {b} | {c} | {d} |" for a, b, c, d in results],
    ]
    text = "\n".join(table)
    print(text)
    Path(args.out).write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
