"""Analytics benchmark: ingest through the real endpoint and the bulk path, the year's dashboard, memory.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/analytics_bench .venv/bin/python bench/analytics/run.py

Prints a table and writes it to bench/analytics/results.md. Not part of the test suite. Steps:
1. endpoint: gunicorn (as scripts/serve runs it) serves the beacon; client processes post generated beacons
   over keep-alive connections for --endpoint-seconds; events per second counted by the server's store.
2. bulk: generated raw events written with the store's record_many, then rolled up (events per second).
3. year: rollup rows of a synthetic year (--year-visits visits, ≈3.3 pageviews each) written directly, then
   the dashboard's main queries timed (totals, daily series, top 50 pages, sources) at the centre's scope
   and one province's; baseline: the same figures by a plain scan (GROUP BY) over the raw events of step 2,
   scaled to the year's pageviews.
"""

import argparse
import datetime
import json
import multiprocessing
import os
import resource
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lantoa.settings.dev")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from generate import Zipf, events_for_day, make_pages, rows_for_day, visits_per_day  # noqa: E402

from lantoa.analytics.models import DailyStat, MonthlyStat, PageviewEvent  # noqa: E402
from lantoa.analytics.rollup import CENTRE_PATH  # noqa: E402
from lantoa.analytics.store import DjangoStore, StatsQuery  # noqa: E402

YEAR = 2025
UAS = [
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Linux; Android 13; SM-A536E) AppleWebKit/537.36 Chrome/120.0 Mobile Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36",
]


def rss_mb(pid: int | None = None) -> float:
    if pid is None:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


# --- 1. endpoint ------------------------------------------------------------------------------------------


def _client(port: int, seconds: float, worker: int, counter) -> None:
    import http.client

    referrers = ["https://www.google.com/", "https://m.facebook.com/", "https://zalo.me/x", ""]
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    sent = 0
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        body = json.dumps({"u": f"http://127.0.0.1/tin-tuc/bai-{sent % 5000}/", "r": referrers[sent % 4]})
        headers = {
            "Content-Type": "text/plain;charset=UTF-8",
            "User-Agent": UAS[sent % 3],
            "X-Forwarded-For": f"10.{worker}.{(sent // 250) % 250}.{sent % 250}",
        }
        try:
            conn.request("POST", "/a/e", body, headers)
            response = conn.getresponse()
            response.read()
            if response.status == 204:
                sent += 1
        except (OSError, http.client.HTTPException):
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    with counter.get_lock():
        counter.value += sent


def bench_endpoint(seconds: float, clients: int, workers: int, threads: int, app: str) -> dict:
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "lantoa.settings.production",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-only-" + "x" * 40),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "LANTOA_ANALYTICS_TRUST_X_FORWARDED_FOR": "true",
        "LANTOA_ANALYTICS_MAX_EVENTS_PER_MINUTE": "1000000",
        "LANTOA_ANALYTICS_BATCH_SIZE": "2000",
        "LOG_LEVEL": "WARNING",
    }
    before = PageviewEvent.objects.count()
    server = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            app,
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--worker-class",
            "gthread",
            "--threads",
            str(threads),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    try:
        _wait_for(port)
        _warm_up(port, workers * threads * 2)
        counter = multiprocessing.Value("q", 0)
        procs = [multiprocessing.Process(target=_client, args=(port, seconds, i, counter)) for i in range(clients)]
        started = time.monotonic()
        for proc in procs:
            proc.start()
        for proc in procs:
            proc.join()
        elapsed = time.monotonic() - started
        children = subprocess.run(["pgrep", "-P", str(server.pid)], capture_output=True, text=True).stdout.split()
        worker_rss = max((rss_mb(int(pid)) for pid in children), default=0.0)
    finally:
        os.killpg(server.pid, signal.SIGTERM)  # workers write what they still hold on the way out
        server.wait(timeout=60)
    stored = PageviewEvent.objects.count() - before
    return {
        "answered": counter.value,
        "stored": stored,
        "seconds": elapsed,
        "per_second": counter.value / elapsed,
        "worker_rss_mb": worker_rss,
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


# --- 2. bulk path -----------------------------------------------------------------------------------------


def bench_bulk(events: int, pages, zipf) -> dict:
    store = DjangoStore()
    days = sorted(visits_per_day(YEAR, 30_000_000))[:3]
    per_day = int(events / 3 / 3.3)
    written = 0
    started = time.monotonic()
    for day in days:
        batch = []
        for event in events_for_day(day, per_day, pages, zipf):
            batch.append(event)
            if len(batch) == 5000:
                written += store.record_many(batch)
                batch = []
        written += store.record_many(batch)
    ingest = time.monotonic() - started
    started = time.monotonic()
    for day in days:
        store.rollup(day)
    rollup = time.monotonic() - started
    return {
        "events": written,
        "ingest_per_second": written / ingest,
        "rollup_per_second": written / rollup,
        "days": days,
    }


# --- 3. a year of rollups, the dashboard, the baseline ----------------------------------------------------


def build_year(visits_per_year: int, pages, zipf) -> dict:
    existing = DailyStat.objects.filter(day__year=YEAR, scope=CENTRE_PATH, dimension="total")
    visits = sum(existing.values_list("visits", flat=True))
    if existing.count() >= 365 and abs(visits - visits_per_year) < visits_per_year * 0.1:
        return {"built": False}  # a year of this size from an earlier run
    DailyStat.objects.filter(day__year=YEAR).delete()
    started = time.monotonic()
    rows = 0
    for day, visits in sorted(visits_per_day(YEAR, visits_per_year).items()):
        batch = rows_for_day(day, visits, pages, zipf)
        _copy(batch)
        rows += len(batch)
    for month in range(1, 13):
        DjangoStore.rollup_month(datetime.date(YEAR, month, 1))
    return {"built": True, "rows": rows, "seconds": time.monotonic() - started}


def _copy(rows) -> None:
    if connection.vendor != "postgresql":
        DjangoStore().write_rows(rows)
        return
    columns = ["day", "scope", "dimension", "key", "label", "visits", "visitors", "pageviews", "bounces"]
    columns += ["duration_total", "duration_count"]
    with (
        connection.cursor() as cursor,
        cursor.copy(f"COPY {DailyStat._meta.db_table} ({', '.join(columns)}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row([getattr(row, name) for name in columns])


def timed(function, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - started)
    return best


def dashboard(scopes):
    store = DjangoStore()
    start, end = datetime.date(YEAR, 1, 1), datetime.date(YEAR, 12, 31)
    store.aggregate(StatsQuery(start=start, end=end, scopes=scopes, dimension="page", limit=50))
    store.aggregate(StatsQuery(start=start, end=end, scopes=scopes, dimension="source", limit=50))


def plain_scan(days) -> None:
    """The baseline: the same figures straight from the raw events, one GROUP BY each."""
    table = PageviewEvent._meta.db_table
    with connection.cursor() as cursor:
        where = "day BETWEEN %s AND %s"
        params = [days[0], days[-1]]
        cursor.execute(f"SELECT COUNT(*), COUNT(DISTINCT visitor || day) FROM {table} WHERE {where}", params)  # noqa: S608
        cursor.execute(f"SELECT day, COUNT(*) FROM {table} WHERE {where} GROUP BY day", params)  # noqa: S608
        cursor.execute(
            f"SELECT path, COUNT(*) c FROM {table} WHERE {where} GROUP BY path ORDER BY c DESC LIMIT 50",  # noqa: S608
            params,
        )
        cursor.execute(f"SELECT source_kind, source, COUNT(*) FROM {table} WHERE {where} GROUP BY 1, 2", params)  # noqa: S608


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--year-visits", type=int, default=30_000_000)
    parser.add_argument("--pages", type=int, default=6_000)
    parser.add_argument("--bulk-events", type=int, default=150_000)
    parser.add_argument("--endpoint-seconds", type=float, default=20)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--skip-endpoint", action="store_true")
    parser.add_argument(
        "--queries-only",
        action="store_true",
        help="time the dashboard and the baseline on the rows and raw events an earlier run left",
    )
    parser.add_argument("--out", default=str(Path(__file__).with_name("results.md")))
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    pages = make_pages(args.pages)
    zipf = Zipf(len(pages))
    results = []
    if not args.skip_endpoint and not args.queries_only:
        for app, name in (
            ("lantoa.wsgi:application", "through Django's middleware"),
            ("lantoa.analytics.wsgi:application", "WSGI fast path before the middleware"),
        ):
            endpoint = bench_endpoint(args.endpoint_seconds, args.clients, args.workers, args.threads, app)
            print("endpoint:", app, endpoint, flush=True)
            results.append(
                (
                    f"ingest, collection endpoint, {name} (gunicorn gthread {args.workers}×{args.threads}, "
                    f"{args.clients} client processes on the same 2 cores)",
                    f"{endpoint['per_second']:,.0f} events/s",
                    f"{endpoint['answered']:,} answered 204, {endpoint['stored']:,} stored; "
                    f"worker peak RSS {endpoint['worker_rss_mb']:.0f} MB",
                )
            )
    if args.queries_only:
        days = sorted(PageviewEvent.objects.filter(day__year=YEAR).values_list("day", flat=True).distinct())
        bulk = {"events": PageviewEvent.objects.filter(day__year=YEAR).count(), "days": days}
        year = {"built": False}
        for month in range(1, 13):
            DjangoStore.rollup_month(datetime.date(YEAR, month, 1))
    else:
        PageviewEvent.objects.filter(day__year=YEAR).delete()
        bulk = bench_bulk(args.bulk_events, pages, zipf)
        print("bulk:", bulk, flush=True)
        year = build_year(args.year_visits, pages, zipf)
    if not args.queries_only:
        results.append(
            (
                "ingest, store bulk path (record_many)",
                f"{bulk['ingest_per_second']:,.0f} events/s",
                f"{bulk['events']:,} events",
            )
        )
        results.append(
            ("rollup of raw events", f"{bulk['rollup_per_second']:,.0f} events/s", "visits, scopes, dimensions")
        )
    daily_rows = DailyStat.objects.filter(day__year=YEAR).count()
    monthly_rows = MonthlyStat.objects.filter(month__year=YEAR).count()
    year_pageviews = sum(
        DailyStat.objects.filter(day__year=YEAR, scope=CENTRE_PATH, dimension="total").values_list(
            "pageviews", flat=True
        )
    )
    centre = timed(lambda: dashboard([CENTRE_PATH]))
    province = timed(lambda: dashboard(["VSS/01/"]))
    scan = timed(lambda: plain_scan(bulk["days"]), repeat=1)
    scaled = scan * year_pageviews / max(bulk["events"], 1)
    results.append(
        (
            "year built",
            f"{year_pageviews:,} pageviews",
            f"{daily_rows:,} daily + {monthly_rows:,} monthly rollup rows"
            + (f", built in {year['seconds']:.0f} s" if year.get("built") else ", reused"),
        )
    )
    results.append(
        (
            "dashboard, one year, centre (totals, daily series, top 50 pages, sources)",
            f"{centre * 1000:,.0f} ms",
            "best of 3",
        )
    )
    results.append(("dashboard, one year, one province", f"{province * 1000:,.0f} ms", "best of 3"))
    results.append(
        (
            "baseline: plain scan of raw events, same figures",
            f"{scan * 1000:,.0f} ms for {bulk['events']:,} events",
            f"≈ {scaled:,.0f} s at the year's {year_pageviews:,} pageviews (linear)",
        )
    )
    results.append(("benchmark process peak RSS", f"{rss_mb():,.0f} MB", ""))
    table = [
        f"Analytics benchmark, {datetime.datetime.now():%Y-%m-%d %H:%M}, {connection.vendor}, {os.cpu_count()} CPUs",
        "",
        "| measure | result | notes |",
        "| --- | --- | --- |",
        *[f"| {a} | {b} | {c} |" for a, b, c in results],
    ]
    text = "\n".join(table)
    print(text)
    Path(args.out).write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
