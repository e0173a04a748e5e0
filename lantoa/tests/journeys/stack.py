"""The product as production runs it, for the journeys: PostgreSQL, gunicorn, task worker, scheduler, fakes.

`python -m lantoa.tests.journeys.stack` starts the same stack by hand and prints its address (Ctrl-C stops it).
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[3]
PYTHON = str(BASE_DIR / ".venv" / "bin" / "python")
# The journeys' own database on the server DATABASE_URL names (never the suite's test database).
# The journeys' own Redis database (the machine's Redis, started by scripts/services), emptied at each start.
JOURNEYS_REDIS_URL = os.environ.get("LANTOA_JOURNEYS_REDIS_URL", "redis://127.0.0.1:6379/13")


def _start_redis() -> None:
    import redis

    subprocess.run([str(BASE_DIR / "scripts" / "services"), "redis"], check=True)  # noqa: S603
    redis.Redis.from_url(JOURNEYS_REDIS_URL).flushdb()


DATABASE_NAME = os.environ.get("LANTOA_JOURNEYS_DB", "journeys_db")
CACHE_DIR = BASE_DIR / "var" / "journeys-cache"
ARTIFACTS = BASE_DIR / "test-artifacts" / "journeys"
SECRET_KEY = "journeys-test-secret-key-not-for-production-0123456789"
SMS_CALLBACK_SECRET = "journeys-sms-callback-secret"
# What the demo database depends on: the schema, the demo loader and the reference data it imports.
DEMO_SOURCES = (
    "lantoa/*/migrations/*.py",
    "lantoa/demo/**/*.py",
    "lantoa/demo/management/commands/load_demo.py",
    "lantoa/units/data/*",
    "constraints.txt",
)
# A logged server error: Django's logging ("ERROR django.request …"), a traceback, or a failed periodic job
# as run_scheduler prints it ("2026-12-03 07:00:00 send_due_posts: ValueError(…)").
SERVER_ERROR = re.compile(
    r"\b(ERROR|CRITICAL)\b|Traceback \(most recent call last\)|^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \w+: \w+\(",
    re.MULTILINE,
)


class StackError(RuntimeError):
    pass


def server_url() -> str | None:
    """The PostgreSQL server of DATABASE_URL (with the journeys' database name), or None if it is not one."""
    url = os.environ.get("DATABASE_URL", "")
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in {"postgres", "postgresql", "pgsql"}:
        return None
    return urllib.parse.urlunsplit(("postgres", parts.netloc, f"/{DATABASE_NAME}", "", ""))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def demo_key() -> str:
    """Hash of the code the demo database is made from, and of today's date (the demo is dated from today)."""
    digest = hashlib.sha256(date.today().isoformat().encode())
    for pattern in DEMO_SOURCES:
        for path in sorted(BASE_DIR.glob(pattern)):
            if path.is_file():
                digest.update(str(path.relative_to(BASE_DIR)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _pg_env(url: str) -> dict[str, str]:
    parts = urllib.parse.urlsplit(url)
    env = dict(os.environ)
    env.update(
        PGHOST=parts.hostname or "127.0.0.1",
        PGPORT=str(parts.port or 5432),
        PGUSER=urllib.parse.unquote(parts.username or "postgres"),
    )
    if parts.password:
        env["PGPASSWORD"] = urllib.parse.unquote(parts.password)
    return env


def _run(args: list[str], *, env: dict[str, str], log: Path, what: str) -> None:
    with log.open("a") as out:
        out.write(f"\n$ {' '.join(args)}\n")
        out.flush()
        done = subprocess.run(args, env=env, cwd=BASE_DIR, stdout=out, stderr=subprocess.STDOUT, check=False)  # noqa: S603
    if done.returncode:
        tail = log.read_text(errors="replace")[-3000:]
        raise StackError(f"{what} failed (exit {done.returncode}); end of {log}:\n{tail}")


@dataclass
class Stack:
    """One running product. `start()` prepares the database and starts the processes; `stop()` ends them."""

    database_url: str
    port: int = 0
    fake_port: int = 0
    smtp_port: int = 0
    workdir: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="lantoa-journeys-")))
    logs: Path = ARTIFACTS / "logs"
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)
    log_offsets: dict[str, int] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    platforms: object = None
    smtp: object = None
    _fakes: object = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def media_root(self) -> Path:
        return self.workdir / "media"

    def env(self) -> dict[str, str]:
        """Production settings with a test secret, the served address, and the fakes instead of the platforms."""
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("DJANGO_", "LANTOA_", "PYTEST", "EMAIL_")) and key != "DATABASE_URL"
        }
        fake = self.platforms.url if self.platforms else "http://127.0.0.1:9"
        env.update(
            DJANGO_SETTINGS_MODULE="lantoa.settings.production",
            SECRET_KEY=SECRET_KEY,
            LANTOA_ATTRIBUTION_KEYS="journeys:" + "0123456789abcdef" * 4,
            DATABASE_URL=self.database_url,
            ALLOWED_HOSTS="127.0.0.1,localhost",
            LANTOA_BASE_URL=self.url,
            # Plain HTTP on the loopback: the TLS proxy of production is not part of the journeys.
            SECURE_SSL_REDIRECT="false",
            SECURE_HSTS_SECONDS="0",
            STATIC_ROOT=str(self.workdir / "static"),
            MEDIA_ROOT=str(self.media_root),
            LANTOA_VAR_DIR=str(self.workdir / "var"),
            LANTOA_CHANNELS_FACEBOOK_URL=f"{fake}/graph",
            LANTOA_CHANNELS_ZALO_URL=f"{fake}/zalo",
            LANTOA_CHANNELS_YOUTUBE_URL=f"{fake}/youtube",
            LANTOA_CHANNELS_YOUTUBE_UPLOAD_URL=f"{fake}/youtube-upload",
            LANTOA_CHANNELS_TIKTOK_URL=f"{fake}/tiktok",
            LANTOA_CHANNELS_SMS_URL=f"{fake}/sms",
            LANTOA_CHANNELS_SMS_CALLBACK_SECRET=SMS_CALLBACK_SECRET,
            LANTOA_CHANNELS_TIMEOUT="5",
            LANTOA_CHANNELS_RETRY_BASE_SECONDS="2",
            # The periodic jobs a journey waits for run every few seconds instead of every few minutes.
            LANTOA_PUBLISH_SCHEDULED_EVERY="5",
            LANTOA_SEND_DUE_POSTS_EVERY="2",
            LANTOA_ROLLUP_ANALYTICS_EVERY="3",
            # A journey signs in and posts forms many times from one address.
            LANTOA_REGISTRATION_RATE_LIMIT="1000",
            LANTOA_CHANNELS_SIGNUP_RATE_LIMIT="1000",
            LANTOA_REGISTRATION_MIN_FILL_SECONDS="1",
            LOG_LEVEL="INFO",
            # As in production: one cache shared by every gunicorn worker, so a publish in one worker clears the
            # pages the others cached (a per-process cache would serve a stale listing).
            REDIS_URL=JOURNEYS_REDIS_URL,
        )
        if self.smtp is not None:
            env.update(
                EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
                EMAIL_HOST="127.0.0.1",
                EMAIL_PORT=str(self.smtp.port),
            )
        return env

    # ----------------------------------------------------------------- database

    def prepare_database(self) -> None:
        """A fresh database with the demo: restored from the cached dump for this code, else migrated and loaded."""
        self.logs.mkdir(parents=True, exist_ok=True)
        setup_log = self.logs / "setup.log"
        setup_log.write_text("")
        pg = _pg_env(self.database_url)
        started = time.monotonic()
        _run(["dropdb", "--if-exists", "--force", DATABASE_NAME], env=pg, log=setup_log, what="dropdb")
        _run(["createdb", DATABASE_NAME], env=pg, log=setup_log, what="createdb")
        cache = CACHE_DIR / demo_key()
        dump = cache / "demo.dump"
        if self._cached_demo():
            _run(
                ["pg_restore", "--no-owner", "--jobs=2", f"--dbname={DATABASE_NAME}", str(dump)],
                env=pg,
                log=setup_log,
                what="pg_restore of the cached demo",
            )
            shutil.copytree(cache / "media", self.media_root)
            self._backlog_last(pg, setup_log)
            self.timings["database (cached demo)"] = time.monotonic() - started
            return
        env = self.env()
        _run([PYTHON, "manage.py", "migrate", "--no-input", "-v0"], env=env, log=setup_log, what="migrate")
        self.timings["migrate"] = time.monotonic() - started
        started = time.monotonic()
        # --quick: the demo's units all get their pages, the other 3,300 communes none (docs/demo in the README).
        _run([PYTHON, "manage.py", "load_demo", "--quick", "-v0"], env=env, log=setup_log, what="load_demo")
        self.timings["load_demo --quick"] = time.monotonic() - started
        self._backlog_last(pg, setup_log)
        partial = cache.with_suffix(".partial")
        shutil.rmtree(partial, ignore_errors=True)
        partial.mkdir(parents=True)
        _run(
            ["pg_dump", "--format=custom", "--compress=1", f"--file={partial / 'demo.dump'}", DATABASE_NAME],
            env=pg,
            log=setup_log,
            what="pg_dump of the demo",
        )
        shutil.copytree(self.media_root, partial / "media")
        shutil.rmtree(cache, ignore_errors=True)
        partial.rename(cache)

    @staticmethod
    def _cached_demo() -> bool:
        """The demo database for this code is cached (and LANTOA_JOURNEYS_FRESH does not ask for a new one)."""
        cache = CACHE_DIR / demo_key()
        fresh = os.environ.get("LANTOA_JOURNEYS_FRESH")
        return (cache / "demo.dump").exists() and (cache / "media").is_dir() and not fresh

    @staticmethod
    def _backlog_last(pg: dict[str, str], log: Path) -> None:
        """Loading the demo queues a few thousand tasks (search and reference indexes, image renditions: minutes
        of work). The worker takes them after what the journeys queue (an SMS code, a post), as it would after
        a bulk import in production, so a journey does not wait behind them."""
        sql = "UPDATE django_tasks_database_dbtaskresult SET priority = -100 WHERE status = 'READY'"
        _run(["psql", "-q", f"--dbname={DATABASE_NAME}", "-c", sql], env=pg, log=log, what="lowering the backlog")

    # ---------------------------------------------------------------- processes

    def start(self) -> None:
        self._start_fakes()
        self.prepare_database()
        self.platforms.dlr_url = f"{self.url}/ban-tin/sms/bao-cao-gui/"
        self.platforms.inbound_url = f"{self.url}/ban-tin/sms/tin-den/"
        self.platforms.callback_secret = SMS_CALLBACK_SECRET
        env = self.env()
        started = time.monotonic()
        self._spawn(
            "web",
            ["scripts/serve"],
            {**env, "BIND": f"127.0.0.1:{self.port}", "WEB_WORKERS": "2", "WEB_THREADS": "4"},
        )
        self._spawn("worker", [PYTHON, "manage.py", "db_worker", "--interval", "0.2", "--no-startup-delay"], env)
        self._spawn("scheduler", [PYTHON, "manage.py", "run_scheduler", "--tick", "1"], env)
        self._wait_until_served(timeout=240)
        self.timings["collectstatic + gunicorn up"] = time.monotonic() - started

    def _start_fakes(self) -> None:
        """Redis, the fake platforms and the SMTP sink: what the demo's posts and the journeys' messages go to."""
        from lantoa.channels.tests.fake_platforms import FakePlatformServer

        self.port = self.port or free_port()
        self.logs.mkdir(parents=True, exist_ok=True)
        _start_redis()
        self._fakes = FakePlatformServer(port=self.fake_port)
        self.platforms = self._fakes.__enter__()
        self.smtp = _SmtpSink(port=self.smtp_port or free_port())
        self.smtp.start()

    def prepare(self) -> bool:
        """Only make the cached demo database that `start` restores (with the fakes the demo's posts go to), so
        that scripts/test can make it while the suite runs on SQLite; False when it was cached already."""
        if self._cached_demo():
            return False
        self._start_fakes()
        try:
            self.prepare_database()
        finally:
            self.stop()
        return True

    def _spawn(self, name: str, args: list[str], env: dict[str, str]) -> None:
        log = self.logs / f"{name}.log"
        out = log.open("w")
        self.log_offsets[name] = 0
        self.processes[name] = subprocess.Popen(  # noqa: S603
            args, cwd=BASE_DIR, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
        out.close()

    def _wait_until_served(self, *, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for name, process in self.processes.items():
                if process.poll() is not None:
                    tail = (self.logs / f"{name}.log").read_text(errors="replace")[-3000:]
                    raise StackError(f"{name} exited with {process.returncode}:\n{tail}")
            try:
                with urllib.request.urlopen(f"{self.url}/robots.txt", timeout=5) as reply:  # noqa: S310
                    if reply.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.5)
        raise StackError(f"gunicorn did not answer at {self.url} within {timeout:.0f} s")

    def attach(self) -> None:
        """Use a stack started by hand (`python -m lantoa.tests.journeys.stack`) on self.port: its logs, no fakes."""
        self.workdir = Path(os.environ["LANTOA_JOURNEYS_ATTACH"])
        for name in ("web", "worker", "scheduler"):
            self.log_offsets[name] = (self.logs / f"{name}.log").stat().st_size
        self._wait_until_served(timeout=10)

    def new_server_errors(self) -> list[str]:
        """Server errors logged since the last call, each as 'process: line(s)'."""
        found = []
        for name in self.log_offsets:
            path = self.logs / f"{name}.log"
            with path.open("rb") as log:
                log.seek(self.log_offsets.get(name, 0))
                text = log.read().decode(errors="replace")
                self.log_offsets[name] = log.tell()
            for match in SERVER_ERROR.finditer(text):
                start = text.rfind("\n", 0, match.start()) + 1
                found.append(f"{name}: {text[start : start + 1500]}")
                break  # the first error of each process says enough; the log has the rest
        return found

    def wait_for(self, condition, *, timeout: float = 30, what: str = "a condition"):
        """Poll `condition()` (the fakes' state, a reply) until it returns something truthy; that value."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = condition()
            if value:
                return value
            time.sleep(0.2)
        raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")

    def wait_for_sms_code(self, phone: str, *, timeout: float = 30) -> str:
        """The 6-digit code the task worker texted to `phone` through the fake gateway."""
        international = "84" + phone.removeprefix("0")

        def code():
            for message in reversed(self.platforms.sms_sent):
                if message["to"] == international:
                    found = re.search(r"\b(\d{6})\b", message.get("text", ""))
                    if found:
                        return found.group(1)
            return None

        return self.wait_for(code, timeout=timeout, what=f"an SMS code to {phone}")

    def stop(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes.values():
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        if self._fakes is not None:
            self._fakes.__exit__(None, None, None)
        if self.smtp is not None:
            self.smtp.stop()
        shutil.rmtree(self.workdir, ignore_errors=True)


class _SmtpSink:
    """A local SMTP server that keeps every message (the product sends real SMTP to it)."""

    def __init__(self, *, port: int):
        import threading

        self.port = port
        self.messages: list = []
        self._lock = threading.Lock()
        self._controller = None

    async def handle_DATA(self, server, session, envelope):
        with self._lock:
            self.messages.append(envelope)
        return "250 Message accepted for delivery"

    def start(self) -> None:
        from aiosmtpd.controller import Controller

        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def wait_for(self, condition, *, timeout: float = 30, what: str = "a condition"):
        """Poll `condition()` (the fakes' state, a reply) until it returns something truthy; that value."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = condition()
            if value:
                return value
            time.sleep(0.2)
        raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")

    def wait_for_sms_code(self, phone: str, *, timeout: float = 30) -> str:
        """The 6-digit code the task worker texted to `phone` through the fake gateway."""
        international = "84" + phone.removeprefix("0")

        def code():
            for message in reversed(self.platforms.sms_sent):
                if message["to"] == international:
                    found = re.search(r"\b(\d{6})\b", message.get("text", ""))
                    if found:
                        return found.group(1)
            return None

        return self.wait_for(code, timeout=timeout, what=f"an SMS code to {phone}")

    def stop(self) -> None:
        self._controller.stop()


def main() -> None:
    url = server_url()
    if url is None:
        sys.exit("Set DATABASE_URL to a PostgreSQL server (postgres://…).")
    # SIGTERM (scripts/test stopping the preparation, a supervisor stopping the stack) as Ctrl-C: subprocess.run
    # then kills the command it waits for (migrate, load_demo, pg_dump) and the `finally` blocks stop the rest.
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt))
    if sys.argv[1:] == ["--prepare"]:
        # The demo database only, cached for the journeys (scripts/test runs this beside the SQLite stage).
        started = time.monotonic()
        made = Stack(database_url=url, logs=BASE_DIR / "test-artifacts" / "journeys-prepare").prepare()
        print(f"journeys' demo database {'made' if made else 'cached already'} in {time.monotonic() - started:.0f} s")
        return
    port = int(os.environ.get("LANTOA_JOURNEYS_PORT", "0"))
    stack = Stack(database_url=url, port=port, fake_port=port + 1 if port else 0, smtp_port=port + 2 if port else 0)
    try:
        stack.start()
        print(f"Lan Toả (production settings) at {stack.url}/  fake platforms {stack.platforms.url}  logs {stack.logs}")
        print(f"Attach the journeys with LANTOA_JOURNEYS_PORT={stack.port} LANTOA_JOURNEYS_ATTACH={stack.workdir}")
        print(stack.timings, flush=True)
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        stack.stop()


if __name__ == "__main__":
    main()
