"""Portal benchmark: build a site of 2,000 and of 100,000 published articles, serve it in production, measure.

    make bench-portal                    # SQLite file var/bench/portal.sqlite3 (the embedded default)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench make bench-portal   # PostgreSQL

Prints a markdown table and writes it to bench/portal/results.md (--out). Not part of the test suite.
For each size, in one run:
1. build: the site grows to N live articles by bulk inserts (how: bench/portal/build.py), then
   `manage.py rebuild_search_index` rebuilds the portal's search index and its full-text index (timed);
2. serve: `scripts/serve` — gunicorn with `lantoa.settings.production`, as the README documents, with
   its defaults (2×cores+1 gthread workers, 4 threads) — on its own port, with a secret key, the bench
   database, persistent database connections and a private Redis as the shared cache (`--cache locmem`
   for the per-process memory cache); wrk sends `X-Forwarded-Proto: https` as the TLS proxy would;
3. measure with wrk (`--connections`, `--seconds` each, after a warm-up), requests/s, p50/p95/p99 and the server's
   CPU per request for: a static file served by the same server (WhiteNoise) and a plain Django view — the
   baselines; the **floor** of a Wagtail page (routing + a minimal template, `portal_bench_urls.py`); the home page
   cached and uncached; a cached article page (a fixed set of articles, warmed first); an uncached article page
   (random articles with their lead images, each request with a query string no other request has, so every one
   misses the page cache, renders and is stored: the first hit of a page); the same article rendered whole, nothing
   of it kept (as after its publish); a search (varied queries typed without
   diacritics, some with filters; search results are never cached);
4. the **publishing row**: readers on 1,000 articles with a popularity curve (Zipf, s = 1) while a publisher
   publishes a new article in a random office every `--publish-every` seconds (the national rate: 10 s), once with
   `LANTOA_CACHE_INVALIDATION=global` (every publish invalidates every page: before cache tags) and once with
   `targeted`: the cache hit ratio and the readers' latency.
The load average of the machine (shared with other people's work) is printed at the start and end.
"""

import argparse
import datetime
import json
import os
import platform
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
BENCH_VAR = ROOT / "var" / "bench"

# Typed without diacritics, as most readers on a phone do; a few with filters, one that finds nothing.
QUERIES = [
    "bao hiem xa hoi tu nguyen",
    "bao hiem y te ho gia dinh",
    "luong huu",
    "tro cap that nghiep",
    "thai san",
    "vssid",
    "dong bao hiem xa hoi",
    "hoc sinh sinh vien",
    "tai nan lao dong",
    "ha noi",
    "da nang",
    "nong dan",
    "doanh nghiep no dong",
    "dai ly thu",
    "tong dai 1900 9068",
    "so nam dong toi thieu",
    "huong luong huu",
    "the bao hiem y te",
    "chuan ngheo",
    "lao dong tu do",
    "hoi nghi khach hang",
    "doi thoai chinh sach",
    "dong bao dan toc thieu so",
    "buu dien",
    "bao hiem that nghiep",
    "ho tro hoc nghe",
    "cham dong",
    "quang ninh",
    "can tho",
    "bao hiem xa hoi",
    "khong co bai nao nhu the nay",
    "bao hiem y te&province=01",
    "luong huu&type=article&area=luong-huu-tro-cap",
    "tu nguyen&group=nong-dan",
]
TARGETS = {
    "cached_ratio": 0.5,  # cached article rps ≥ 50% of the static file's
    "uncached_p50_ms": 50,
    "search_p95_ms": 50,  # at 100,000 articles
    "article_floor_ratio": 2.0,  # an uncached article's server CPU ≤ 2× the floor's
    "home_floor_ratio": 3.0,
    "publishing_hit_ratio": 0.95,
    "publishing_p95_ms": 50,
}
STATIC, PLAIN, FLOOR = (
    "static file (WhiteNoise), baseline",
    "plain Django view, baseline",
    "floor: Wagtail routing + minimal template",
)
HOME_UNCACHED, ARTICLE_UNCACHED, SEARCH = (
    "home page, uncached (first hit)",
    "article, uncached (first hit)",
    "search, no diacritics",
)
HOME_CACHED, ARTICLE_CACHED = "home page (cached)", "article, cached"
# The article's whole render, nothing of it kept (`/_bench/render/`): its first hit after it is published.
ARTICLE_WHOLE = "article, rendered whole (nothing of it kept: as after its publish)"
# A link shared on Facebook: each click adds its own click id (fbclid) to the address, which the page cache leaves out
# of its key (before 07/12/2026 it keyed by it: every click a first hit); the articles read follow the popularity curve.
ARTICLE_SHARED = "article from a shared link (popular articles, each click a new address)"
READER_ARTICLES = 1000
# --rows: the short name of each row (the static file, every row's baseline, is always measured).
ROWS = {
    "plain": PLAIN,
    "floor": FLOOR,
    "home": HOME_CACHED,
    "home-uncached": HOME_UNCACHED,
    "article": ARTICLE_CACHED,
    "article-uncached": ARTICLE_UNCACHED,
    "article-whole": ARTICLE_WHOLE,
    "article-shared": ARTICLE_SHARED,
    "search": SEARCH,
    "publishing": "the publishing row",
}


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="2000,100000", help="article counts, ascending (default 2000,100000)")
    parser.add_argument("--seconds", type=int, default=6, help="length of each measurement (default 6)")
    parser.add_argument("--rounds", type=int, default=5, help="rounds over all rows; figures are medians (default 5)")
    parser.add_argument(
        "--connections", type=int, default=2, help="wrk connections of the latency runs (default 2: one per core)"
    )
    parser.add_argument(
        "--load-connections", type=int, default=8, help="wrk connections of the throughput runs (default 8)"
    )
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (default 2)")
    parser.add_argument("--cache", choices=["redis", "locmem"], default="redis", help="page cache (default redis)")
    parser.add_argument("--fresh", action="store_true", help="rebuild the bench databases from empty")
    parser.add_argument("--keep-index", action="store_true", help="skip rebuild_search_index (while iterating)")
    parser.add_argument("--out", default=str(HERE / "results.md"))
    parser.add_argument("--render", metavar="JSON", help="only write the table again from a run's results.json")
    parser.add_argument("--publish-seconds", type=int, default=60, help="length of each publishing run")
    parser.add_argument("--publish-every", type=float, default=10.0, help="seconds between two publishes")
    parser.add_argument(
        "--rows",
        default=",".join(ROWS),
        help="which rows to measure, of " + ", ".join(ROWS) + " (default all; the static file is always measured)",
    )
    parser.add_argument("--prepare", type=int, metavar="SIZE", help=argparse.SUPPRESS)  # child: build one site
    parser.add_argument("--publish", type=float, nargs=2, metavar=("SECONDS", "EVERY"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    unknown = [name for name in row_names(args) if name not in ROWS]
    if unknown:
        parser.error(f"--rows: unknown {', '.join(unknown)} (rows: {', '.join(ROWS)})")
    return args


def row_names(args) -> list[str]:
    return [name.strip() for name in args.rows.split(",") if name.strip()]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def load_average() -> str:
    return " / ".join(f"{x:.2f}" for x in os.getloadavg())


def log(message: str) -> None:
    print(f"[{datetime.datetime.now():%H:%M:%S}] {message}", flush=True)


# --- environment: the production settings on a bench database --------------------------------------------


def database_url(size: int) -> str:
    """One database per size, so that a later run can reuse them: var/bench/portal-N.sqlite3 or DB_N."""
    base = os.environ.get("DATABASE_URL", "")
    if not base:
        return f"sqlite:///{BENCH_VAR / f'portal-{size}.sqlite3'}"
    head, _sep, name = base.rpartition("/")
    name, _q, query = name.partition("?")
    return f"{head}/{name}_{size}" + (f"?{query}" if query else "")


def bench_environment(size: int, redis_url: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        # Production's settings plus the baseline URLs (portal_bench_settings.py, portal_bench_urls.py).
        DJANGO_SETTINGS_MODULE="portal_bench_settings",
        PYTHONPATH=os.pathsep.join(filter(None, [str(HERE), os.environ.get("PYTHONPATH", "")])),
        SECRET_KEY=os.environ.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(50),
        # Production requires the participant lists' key; the benchmark imports no list.
        LANTOA_ATTRIBUTION_KEYS=f"bench:{secrets.token_hex(32)}",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=database_url(size),
        DATABASE_CONN_MAX_AGE="600",
        LANTOA_VAR_DIR=str(BENCH_VAR),
        REDIS_URL=redis_url,
        LOG_LEVEL="WARNING",
        # Production refuses mail that stays on the server; nothing is sent during the benchmark.
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
    )
    return env


def reset_database(url: str) -> None:
    if url.startswith("sqlite"):
        path = url.removeprefix("sqlite:///")
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    import psycopg

    head, _sep, name = url.partition("?")[0].rpartition("/")
    with psycopg.connect(f"{head}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')


def ensure_database(url: str) -> None:
    if url.startswith("sqlite"):
        return
    import psycopg

    head, _sep, name = url.partition("?")[0].rpartition("/")
    with psycopg.connect(f"{head}/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def prepare(size: int) -> None:
    """Child process, Django set up on the size's database: migrate, units, grow the site; prints JSON."""
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    import build
    from django.contrib.staticfiles.storage import staticfiles_storage
    from django.core.management import call_command
    from django.db import connection

    from lantoa.portal.models import SearchEntry
    from lantoa.units.models import Unit

    call_command("migrate", verbosity=0)
    if not Unit.objects.filter(level=Unit.Level.COMMUNE).exists():
        call_command("import_units", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    started = time.monotonic()
    had = build.ArticlePage.objects.count()
    have = build.grow(size, progress=lambda done, total: log(f"  {done:,}/{total:,} articles"))
    build_s = time.monotonic() - started
    saved = BENCH_VAR / f"build-{size}-{connection.vendor}.json"
    if have > had:
        saved.write_text(json.dumps({"build_s": build_s, "from": had, "to": have}))
    elif saved.exists():  # built by an earlier run: report how long that took
        build_s = json.loads(saved.read_text())["build_s"]
    images = build.ensure_lead_images()
    if images:
        log(f"  lead images given to {images:,} articles")
    problems = build.check_tree()
    if problems:
        raise SystemExit(f"page tree is inconsistent: {problems[:5]}")
    if connection.vendor == "sqlite":
        version = connection.Database.sqlite_version
    else:  # 150020 is 15.20
        version = f"{connection.pg_version // 10000}.{connection.pg_version % 10000}"
    info = {
        "build_s": build_s,
        "built_now": have > had,
        "articles": have,
        "entries": SearchEntry.objects.count(),
        "article_paths": build.sample_article_urls(2000),
        "static_path": staticfiles_storage.url("portal/portal.css"),
        "database": f"{connection.vendor} {version}",
    }
    print("PREPARE_JSON " + json.dumps(info), flush=True)


def run_child(env: dict[str, str], *args: str) -> str:
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, check=True, stdout=subprocess.PIPE, text=True
    ).stdout


def start_redis() -> tuple[subprocess.Popen | None, str]:
    if not shutil.which("redis-server"):
        return None, ""
    port = free_port()
    proc = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(50):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return proc, f"redis://127.0.0.1:{port}/0"
        except OSError:
            time.sleep(0.1)
    proc.terminate()
    raise SystemExit("redis-server did not start")


# --- the server and the measurements ---------------------------------------------------------------------


class Server:
    """`scripts/serve` on a free port; stopped (its whole process group) on exit."""

    def __init__(self, env: dict[str, str]):
        self.port = free_port()
        self.env = {**env, "BIND": f"127.0.0.1:{self.port}"}
        self.base = f"http://127.0.0.1:{self.port}"

    def __enter__(self):
        self.log = open(BENCH_VAR / "serve.log", "a")
        self.proc = subprocess.Popen(
            [str(ROOT / "scripts" / "serve")],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,  # the access log: one line a request
            stderr=self.log,
            start_new_session=True,
        )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise SystemExit(f"scripts/serve exited with {self.proc.returncode}; see {BENCH_VAR / 'serve.log'}")
            try:
                self.get("/robots.txt")
                return self
            except OSError:
                time.sleep(0.5)
        raise SystemExit("scripts/serve did not answer within 120 s")

    def __exit__(self, *exc):
        os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
        self.log.close()

    def get(self, path: str):
        url = self.base + path  # our own server, over http
        request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})  # noqa: S310
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return response.status, dict(response.headers), response.read()

    def cpu_seconds(self) -> float:
        """CPU time used so far by the server's processes, from /proc: the live ones, plus the workers
        gunicorn has replaced (--max-requests), counted in the master's children time once reaped."""
        out = subprocess.run(["pgrep", "-g", str(self.proc.pid)], capture_output=True, text=True).stdout
        total = 0
        for pid in out.split():
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += int(fields[11]) + int(fields[12])  # utime, stime (clock ticks)
            if int(pid) == self.proc.pid:
                total += int(fields[13]) + int(fields[14])  # cutime, cstime: reaped workers
        return total / os.sysconf("SC_CLK_TCK")

    def workers(self) -> int:
        out = subprocess.run(["pgrep", "-g", str(self.proc.pid)], capture_output=True, text=True).stdout
        return max(0, len(out.split()) - 1)


def wrk(server: Server, paths: list[str], *, mode: str, seconds: int, connections: int, args) -> dict:
    paths_file = BENCH_VAR / f"paths-{mode}-{len(paths)}.txt"
    paths_file.write_text("\n".join(paths) + "\n")
    command = [
        "wrk",
        f"-t{min(args.threads, connections)}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "10s",
        "-s",
        str(HERE / "paths.lua"),
        server.base,
        "--",
        str(paths_file),
        mode,
        secrets.token_hex(6),
    ]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    line = next(line for line in out.splitlines() if line.startswith("WRK_JSON "))
    data = json.loads(line.removeprefix("WRK_JSON "))
    data["rps"] = data["requests"] / (data["duration_us"] / 1e6)
    return data


def measure_size(size: int, env: dict[str, str], args) -> dict:
    result: dict = {"size": size, "load_start": load_average()}
    out = run_child(env, str(Path(__file__).resolve()), "--prepare", str(size))
    prepared = json.loads(next(x for x in out.splitlines() if x.startswith("PREPARE_JSON ")).split(" ", 1)[1])
    result.update({k: prepared[k] for k in ("build_s", "built_now", "articles", "database")})

    result["rebuild_s"] = None
    result["entries"] = prepared["entries"]
    if not args.keep_index:
        log(f"{size:,} articles: rebuild_search_index")
        started = time.monotonic()
        out = run_child(env, "manage.py", "rebuild_search_index", "--batch-size", "1000", "-v0")
        result["rebuild_s"] = time.monotonic() - started
        result["entries"] = int("".join(c for c in out.strip().splitlines()[-1].split("(")[0] if c.isdigit()))
    url = env["DATABASE_URL"]
    if url.startswith("sqlite"):
        result["db_mb"] = Path(url.removeprefix("sqlite:///")).stat().st_size / 1e6
    else:
        # What autovacuum does on a production server after the bulk writes above: planner statistics and the
        # visibility map (a PostgreSQL with autovacuum off, as on the machine of docs/portal.md, has neither).
        analyse = "from django.db import connection; connection.cursor().execute('VACUUM ANALYZE')"
        run_child(env, "manage.py", "shell", "-c", analyse)

    article_paths = prepared["article_paths"]
    cached_paths = article_paths[:50]
    floor_paths = ["/_bench/floor" + path for path in article_paths]
    whole_paths = ["/_bench/render" + path for path in article_paths]
    search_paths = ["/tim-kiem/?q=" + q.replace(" ", "+") for q in QUERIES]
    static_path = prepared["static_path"]
    log(f"{size:,} articles: starting scripts/serve")
    with Server(env) as server:
        result["workers"] = server.workers()
        # What each measurement requests answers 200 (and the cache behaves as the labels say).
        assert server.get(static_path)[0] == 200
        for path in ["/", *cached_paths]:
            server.get(path)
        status, headers, _ = server.get(cached_paths[0])
        assert status == 200 and headers.get("X-Lantoa-Cache") == "hit", headers
        server.get(cached_paths[0] + "?fbclid=IwAR-bench-first")  # the page's entry for clicks from Facebook
        status, headers, _ = server.get(cached_paths[0] + "?fbclid=IwAR-bench-check")
        assert status == 200 and headers.get("X-Lantoa-Cache") == "hit", headers
        status, headers, _ = server.get(article_paths[-1] + "?bench=check")
        assert status == 200 and headers.get("X-Lantoa-Cache") == "miss", headers
        for path in [*search_paths, "/_bench/plain/", floor_paths[0], whole_paths[0]]:
            status, headers, _body = server.get(path)
            assert status == 200 and "X-Lantoa-Cache" not in headers, (path, status)
        runs = [
            (STATIC, [static_path], "cycle"),
            (PLAIN, ["/_bench/plain/"], "cycle"),
            (FLOOR, floor_paths, "unique"),
            (HOME_CACHED, ["/"], "cycle"),
            (HOME_UNCACHED, ["/"], "unique"),
            (ARTICLE_CACHED, cached_paths, "cycle"),
            (ARTICLE_UNCACHED, article_paths, "unique"),
            (ARTICLE_WHOLE, whole_paths, "unique"),
            (ARTICLE_SHARED, zipf_paths(article_paths[:READER_ARTICLES]), "click"),
            (SEARCH, search_paths, "cycle"),
        ]
        wanted = {ROWS[name] for name in row_names(args)} | {STATIC}
        runs = [run for run in runs if run[0] in wanted]
        rounds: dict[str, list[dict]] = {label: [] for label, _paths, _mode in runs}
        for number in range(args.rounds):
            # The machine is shared: the rows take turns, round after round, and each figure is the
            # median of its rounds, so that a burst of someone else's work hits one round of one row.
            for label, paths, mode in runs:
                if number == 0:  # warm-up: every worker process and thread opens its connections and caches
                    wrk(server, paths, mode=mode, seconds=3, connections=args.load_connections, args=args)
                log(f"{size:,} articles, round {number + 1}/{args.rounds}: {label}")
                # Throughput with more connections than cores; latency with one connection per core,
                # so that it is the time a request takes rather than the time it waits for a core.
                load = wrk(server, paths, mode=mode, seconds=args.seconds, connections=args.load_connections, args=args)
                cpu = server.cpu_seconds()
                latency = wrk(server, paths, mode=mode, seconds=args.seconds, connections=args.connections, args=args)
                # Server CPU per request: what a request costs, whatever else the machine is doing.
                cpu_ms = (server.cpu_seconds() - cpu) * 1000 / max(1, latency["requests"])
                rounds[label].append({**latency, "rps": load["rps"], "cpu_ms": cpu_ms, "load": load})
        result["rounds"] = rounds
        result["runs"] = {}
        for label, measured in rounds.items():
            keys = ("rps", "p50_us", "p95_us", "p99_us", "cpu_ms")
            run = {key: statistics.median(m[key] for m in measured) for key in keys}
            run["non_2xx_3xx"] = sum(m["non_2xx_3xx"] + m["load"]["non_2xx_3xx"] for m in measured)
            run["socket_errors"] = sum(m["socket_errors"] + m["load"]["socket_errors"] for m in measured)
            result["runs"][label] = run
    result["publishing"] = {
        mode: measure_publishing(size, {**env, "LANTOA_CACHE_INVALIDATION": mode}, article_paths, args)
        for mode in ("global", "targeted")
        if ROWS["publishing"] in wanted
    }
    result["load_end"] = load_average()
    return result


def zipf_paths(paths: list[str], *, draws: int = 50_000, seed: int = 2026) -> list[str]:
    """`draws` requests over `paths`, the k-th most read k times less often than the first (Zipf, s = 1)."""
    import random

    weights = [1 / rank for rank in range(1, len(paths) + 1)]
    return random.Random(seed).choices(paths, weights=weights, k=draws)


def measure_publishing(size: int, env: dict[str, str], article_paths: list[str], args) -> dict:
    """Readers on READER_ARTICLES articles while a publisher publishes every `--publish-every` s."""
    mode = env["LANTOA_CACHE_INVALIDATION"]
    articles = article_paths[:READER_ARTICLES]
    readers = BENCH_VAR / "paths-publishing.txt"
    readers.write_text("\n".join(zipf_paths(articles)) + "\n")
    with Server(env) as server:
        log(f"{size:,} articles, publishing ({mode}): warming {len(articles):,} articles")
        # Every article read once, so that the readers start on a warm cache: what follows is the publishes' effect.
        with ThreadPoolExecutor(max_workers=4) as pool:
            list(pool.map(server.get, articles))
        publisher = subprocess.Popen(
            [
                sys.executable,
                str(Path(__file__).resolve()),
                "--publish",
                str(args.publish_seconds),
                str(args.publish_every),
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            text=True,
        )
        log(f"{size:,} articles, publishing ({mode}): readers for {args.publish_seconds} s")
        command = [
            "wrk",
            f"-t{min(args.threads, args.connections)}",
            f"-c{args.connections}",
            f"-d{args.publish_seconds}s",
            "--timeout",
            "10s",
            "-s",
            str(HERE / "publishing.lua"),
            server.base,
            "--",
            str(readers),
        ]
        cpu = server.cpu_seconds()
        out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
        cpu_ms = (server.cpu_seconds() - cpu) * 1000
        published = json.loads(publisher.communicate(timeout=args.publish_seconds + 120)[0].strip().splitlines()[-1])
    data = json.loads(next(line for line in out.splitlines() if line.startswith("WRK_JSON ")).removeprefix("WRK_JSON "))
    counted = data["hits"] + data["misses"]
    return {
        **data,
        "rps": data["requests"] / (data["duration_us"] / 1e6),
        "hit_ratio": data["hits"] / counted if counted else 0.0,
        "cpu_ms": cpu_ms / max(1, data["requests"]),
        "publishes": published["publishes"],
    }


def publish_for(seconds: float, every: float) -> None:
    """Child process: publish a new article in a random office every `every` seconds for `seconds`, through
    Wagtail's revisions as staff do (its signals invalidate the cache); prints JSON."""
    sys.path.insert(0, str(ROOT))
    import random

    import django

    django.setup()
    from lantoa.content.models import ArticlePage, UnitPage

    offices = list(UnitPage.objects.live().filter(locale__language_code="vi").select_related("unit"))
    rng = random.Random(time.time_ns())
    deadline = time.monotonic() + seconds
    count = 0
    while time.monotonic() + every <= deadline + 0.5:
        time.sleep(every)
        office = rng.choice(offices)
        page = ArticlePage(
            title=f"{office.unit.name}: thông tin mới về bảo hiểm xã hội tự nguyện số {rng.randint(1, 10**6)}",
            summary="Cơ quan bảo hiểm xã hội thông tin về chính sách mới.",
            unit=office.unit,
            live=False,
        )
        office.add_child(instance=page)
        page.save_revision().publish()
        count += 1
    print(json.dumps({"publishes": count}), flush=True)


README = """\
## How to run

    make bench-portal                    # = .venv/bin/python bench/portal/run.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench make bench-portal   # PostgreSQL

Needs `wrk` (`scripts/bootstrap dev` installs Debian's package) and, for the shared page cache,
`redis-server` (else `--cache locmem`). Options: `--sizes 2000,100000`, `--seconds`, `--connections`,
`--threads`, `--fresh` (rebuild the bench databases), `--keep-index` (skip the index rebuild while
iterating), `--rows search,floor` (measure only those rows beside the static file; such a run writes a partial
table, with its command in the header). One database per size: `var/bench/portal-N.sqlite3`, or
`<DATABASE_URL name>_N`; a later run reuses them (the site only grows to the size asked for).

## What it does, per size

1. **Build** (`bench/portal/build.py`): `migrate`, `import_units` (the real 34 provinces and 3,321
   communes), `setup_site` (home, topic pages), office pages for the 34 provinces and 120 communes, then
   N live Vietnamese articles bulk-inserted 1,000 at a time — `wagtailcore_page` rows with the treebeard
   materialised path computed (`Page._get_path(parent path, depth, next step)`), `url_path`, locale,
   translation key, `live`, publication dates, then the parents' `numchild`; `content_articlepage` rows
   through Django's multi-table insert; policy-area and target-group links. Like an import: no revisions,
   not in Wagtail's admin search index (the portal reads neither). Texts come from the demo corpus with
   the unit's place names and random figures and dates (2018–2026), 6–13 paragraphs, about 2,500
   characters each. The tree is checked (every `numchild` equals the real number of children).
2. **Index**: `manage.py rebuild_search_index` (the portal's `SearchEntry` rows and the full-text index), timed.
3. **Serve**: `scripts/serve` as the README documents it — gunicorn with the production settings plus the two
   baseline URLs (`portal_bench_settings.py`, `portal_bench_urls.py`),
   its defaults (2 × cores + 1 gthread workers, 4 threads), a generated `SECRET_KEY`, `ALLOWED_HOSTS`,
   the bench database, `DATABASE_CONN_MAX_AGE=600`, a private `redis-server` as `REDIS_URL`; wrk sends
   `X-Forwarded-Proto: https` as the TLS proxy in front of it would. The access log goes to /dev/null.
4. **Measure** with wrk, each row after a 3 s warm-up, throughput and latency in two runs:
   - a static file (`portal.css` through WhiteNoise in the same server) and a plain Django view
     (`/_bench/plain/`, no query, no template): the baselines;
   - the **floor** (`/_bench/floor/<article path>`): the article's request through the middleware and the page
     cache's lookup, Wagtail's routing of the article and a minimal template (its title), never cached;
   - the home page, cached and uncached (a query string no other request has);
   - a cached article (50 articles, warmed);
   - an uncached article: random articles among 2,000, each request with a query string no other
     request has, so it misses the page cache, renders and is stored (the first hit of a page: its own markup and
     its "more news", kept in the shared cache by an earlier render of the same version, are reused; since
     07/12/2026, before which they were kept per process only);
   - an article rendered whole (`/_bench/render/<article path>`, `portal_bench_urls.py`): the same articles served
     by Wagtail with nothing of their own kept, as at the first hit after a publish;
   - an article from a shared link: the 1,000 readers' articles drawn with a popularity curve (Zipf, s = 1), each
     request with its own click id (`fbclid=…`), as Facebook adds one to every click on a shared link; the page
     cache keys by the click id's name, not its value (`IGNORED_PARAMS` in `lantoa/portal/cache.py`), so after the
     first click on an article the others are hits (tables before 07/12/2026 added an unknown parameter instead,
     `bench=…`: every click a first hit, as the cache then keyed by the whole address);
   - a search: the queries below, typed without diacritics, 3 with filters, round robin (search
     results are never cached).
   Before measuring, each kind of request is checked: 200, `X-Lantoa-Cache: hit` on the cached
   article, `miss` on the uncached one, no cache header on search and the baselines.
5. **Publishing** (`--publish-seconds`, `--publish-every`): the server restarted with
   `LANTOA_CACHE_INVALIDATION=global`, then `targeted`; the 1,000 readers' articles each read once (a warm cache),
   then wrk reads them with a Zipf curve (`publishing.lua` counts `X-Lantoa-Cache` hits and misses) while a child
   process publishes a new article in a random office (province or commune) every 10 s through Wagtail's
   revisions, as staff do.

Queries: {queries}.
"""


def _publishing_table(results: list[dict], args) -> list[str]:
    """The publishing row's table (runs that measured it)."""
    lines = [
        "",
        f"**Publishing row**: readers on {READER_ARTICLES:,} articles drawn with a popularity curve (Zipf, s = 1), "
        f"{args.connections} connections for {args.publish_seconds} s, while a publisher publishes a new article in "
        f"a random office every {args.publish_every:g} s through Wagtail's revisions; the cache hit ratio counts the "
        "readers' responses by their `X-Lantoa-Cache` header.",
        "",
        "| articles | invalidation | publishes | reader requests | cache hit ratio | p50 ms | p95 ms | p99 ms "
        "| server CPU ms/request | errors |",
        "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for result in results:
        for mode, run in result.get("publishing", {}).items():
            label = "global (every publish, every page: before)" if mode == "global" else "targeted (cache tags)"
            lines.append(
                f"| {result['size']:,} | {label} | {run['publishes']} | {run['requests']:,} | {run['hit_ratio']:.1%} "
                f"| {run['p50_us'] / 1000:.1f} | {run['p95_us'] / 1000:.1f} | {run['p99_us'] / 1000:.1f} "
                f"| {run['cpu_ms']:.1f} | {run['non_2xx_3xx'] + run['socket_errors']} |"
            )
    return lines


def render(results: list[dict], args, info: dict) -> str:
    lines = [
        f"# Portal benchmark — {info['date']}",
        "",
        f"Command: `{info.get('command', '.venv/bin/python bench/portal/run.py')}` (from a clean clone after "
        "`scripts/bootstrap dev`).",
        "",
        f"Machine: {info['machine']}, shared with other people's work: load average (1/5/15 min) "
        f"**{info['load_start']}** at the start, **{info['load_end']}** at the end; the higher it is, "
        "the lower these figures.",
        f"Database: {info['database']}. Server: `scripts/serve`, {info['workers']} worker processes × 4 threads, "
        f"page cache in {info['cache']}. Client: wrk on the same machine. Each row: two runs of "
        f"{args.seconds} s, **req/s** with {args.load_connections} connections (the server saturated) and "
        f"**latency** with {args.connections} connections, one per core (the time a request takes more than "
        f"the time it waits for a core); the rows take turns for {args.rounds} rounds after a 3 s warm-up, "
        "and each figure is the median of its rounds. **Server CPU ms/request** is the CPU time of the "
        "gunicorn processes during the latency run divided by its requests: what a request costs, which the "
        "other work on the machine does not inflate as it does wall-clock latency.",
        "",
        f"| articles | request | req/s ({args.load_connections} conn.) | vs static | "
        f"p50 ms ({args.connections} conn.) | p95 ms | p99 ms | server CPU ms/request | errors |",
        "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for result in results:
        static = result["runs"]["static file (WhiteNoise), baseline"]["rps"]
        for label, run in result["runs"].items():
            errors = run["non_2xx_3xx"] + run["socket_errors"]
            lines.append(
                f"| {result['size']:,} | {label} | {run['rps']:,.0f} | {run['rps'] / static:.0%} | "
                f"{run['p50_us'] / 1000:.1f} | {run['p95_us'] / 1000:.1f} | {run['p99_us'] / 1000:.1f} | "
                f"{run['cpu_ms']:.1f} | {errors} |"
            )
    lines += [
        "",
        "| articles | build (bulk insert) | `rebuild_search_index` | index entries | database file "
        "| load avg start → end |",
        "| ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for result in results:
        size = f"{result['db_mb']:,.0f} MB" if "db_mb" in result else "—"
        built = f"{result['build_s']:.0f} s" + ("" if result.get("built_now", True) else " (earlier run)")
        rebuild = "not run" if result["rebuild_s"] is None else f"{result['rebuild_s']:.1f} s"
        lines.append(
            f"| {result['size']:,} | {built} | {rebuild} | "
            f"{result['entries']:,} | {size} | {result['load_start']} → {result['load_end']} |"
        )
    if any(result.get("publishing") for result in results):
        lines += _publishing_table(results, args)
    lines += ["", "Targets (measured side by side in this run):", ""]

    def met(ok: bool) -> str:
        return "met" if ok else "NOT met"

    for result in results:
        runs = result["runs"]
        static = runs[STATIC]["rps"]
        floor = runs[FLOOR]["cpu_ms"] if FLOOR in runs else 0
        article = runs.get(ARTICLE_UNCACHED)
        home = runs.get(HOME_UNCACHED)
        parts = []
        if ARTICLE_CACHED in runs:
            cached = runs[ARTICLE_CACHED]["rps"] / static
            parts.append(
                f"cached article {cached:.0%} of static req/s (target ≥ 50%: {met(cached >= TARGETS['cached_ratio'])})"
            )
        if article:
            p50 = article["p50_us"] / 1000
            parts.append(f"uncached article p50 {p50:.1f} ms (target < 50 ms: {met(p50 < TARGETS['uncached_p50_ms'])})")
        if SEARCH in runs:
            search = runs[SEARCH]["p95_us"] / 1000
            parts.append(
                f"search p95 {search:.1f} ms (target < 50 ms at 100,000"
                + (
                    f": {met(search < TARGETS['search_p95_ms'])}; "
                    if result["size"] >= 100_000
                    else ", not this size; "
                )
                + f"server CPU {runs[SEARCH]['cpu_ms']:.1f} ms a request)"
            )
        if parts:
            lines.append(f"- {result['size']:,} articles: " + "; ".join(parts))
        against_floor = []
        if floor and article:
            ratio = article["cpu_ms"] / floor
            against_floor.append(
                f"uncached article {article['cpu_ms']:.1f} ms of server CPU, {ratio:.1f}× the floor's {floor:.1f} ms "
                f"(target ≤ 2×: {met(ratio <= TARGETS['article_floor_ratio'])})"
            )
        whole = runs.get(ARTICLE_WHOLE)
        if floor and whole:
            against_floor.append(
                f"article rendered whole (after its publish) {whole['cpu_ms']:.1f} ms, "
                f"{whole['cpu_ms'] / floor:.1f}× the floor's"
            )
        if floor and home:
            ratio = home["cpu_ms"] / floor
            against_floor.append(
                f"uncached home page {home['cpu_ms']:.1f} ms, {ratio:.1f}× the floor's "
                f"(target ≤ 3×: {met(ratio <= TARGETS['home_floor_ratio'])})"
            )
        if against_floor:
            lines.append(f"- {result['size']:,} articles: " + "; ".join(against_floor))
        targeted = result.get("publishing", {}).get("targeted")
        if targeted:
            hit = targeted["hit_ratio"]
            lines.append(
                f"- {result['size']:,} articles, publishing every {args.publish_every:g} s: cache hit ratio "
                f"{hit:.1%} (target > 95%: {met(hit > TARGETS['publishing_hit_ratio'])}), "
                f"reader p95 {targeted['p95_us'] / 1000:.1f} ms (target < 50 ms: "
                f"{met(targeted['p95_us'] / 1000 < TARGETS['publishing_p95_ms'])})"
            )
    lines += ["", README.format(queries=", ".join(f"`{q}`" for q in QUERIES))]
    return "\n".join(lines) + "\n"


def _database_prefix() -> list[str]:
    url = os.environ.get("DATABASE_URL", "")
    if not url:
        return []
    scheme, sep, rest = url.partition("://")
    credentials, at, host = rest.rpartition("@")
    user = credentials.split(":", 1)[0]
    return [f"DATABASE_URL={scheme}{sep}{user}{at}{host}"]


def main() -> None:
    args = parse_args()
    if args.prepare:
        prepare(args.prepare)
        return
    if args.publish:
        publish_for(*args.publish)
        return
    if args.render:
        saved = json.loads(Path(args.render).read_text())
        for key in (
            "threads",
            "connections",
            "load_connections",
            "seconds",
            "rounds",
            "publish_seconds",
            "publish_every",
        ):
            setattr(args, key, saved["args"].get(key, getattr(args, key)))
        Path(args.out).write_text(render(saved["results"], args, saved["info"]))
        return
    sizes = sorted(int(s) for s in args.sizes.split(","))
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: scripts/bootstrap dev installs it (Debian package wrk)")
    BENCH_VAR.mkdir(parents=True, exist_ok=True)
    info = {
        # The database too when it is not the default (a password in the URL is not written).
        "command": " ".join([*_database_prefix(), ".venv/bin/python", "bench/portal/run.py", *sys.argv[1:]]),
        "date": f"{datetime.date.today():%Y-%m-%d}",
        "load_start": load_average(),
        "machine": f"{os.cpu_count()} CPUs, {platform.machine()}, Python {platform.python_version()}",
    }
    log(f"load average at start: {info['load_start']}")
    redis_proc, redis_url = start_redis() if args.cache == "redis" else (None, "")
    info["cache"] = "Redis (a private redis-server)" if redis_url else "local memory (per process)"
    try:
        results = []
        for size in sizes:
            env = bench_environment(size, redis_url)
            if args.fresh:
                reset_database(env["DATABASE_URL"])
            ensure_database(env["DATABASE_URL"])
            log(f"size {size:,}: {env['DATABASE_URL']}")
            results.append(measure_size(size, env, args))
            info.update(workers=results[-1]["workers"], database=results[-1]["database"])
            print(render(results, args, {**info, "load_end": load_average()}), flush=True)
        info["load_end"] = load_average()
        log(f"load average at end: {info['load_end']}")
        report = render(results, args, info)
        Path(args.out).write_text(report)
        print(report)
        saved = {"info": info, "args": vars(args), "results": results}
        (BENCH_VAR / "results.json").write_text(json.dumps(saved, indent=2, default=str))
    finally:
        if redis_proc is not None:
            redis_proc.terminate()
            redis_proc.wait()


if __name__ == "__main__":
    main()
