"""Failure tests with real worker processes: the database worker and RQ workers on Redis.

Each test starts worker processes (`manage.py db_worker`, `manage.py rqworker`) that share the
test database, a fake platform and SMS gateway that count what they receive, and for RQ a Redis
server of its own on a free port (never the shared one on 6379, which the tests must not restart).
The test plays the scheduler: it runs `send_due_posts` until every post is settled.
"""

import collections
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from lantoa.channels import services
from lantoa.channels.models import ChannelPost, DeliveryAttempt, DeliveryChunk, RecipientDelivery, Subscriber
from lantoa.units.roles import Role

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[3]
POSTS = 8
PHONES = 60
SETTLE_SECONDS = 90


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def shared_db(transactional_db, tmp_path):
    """A database URL the worker processes can open: the PostgreSQL test database as is; for SQLite
    (in memory in tests) a file copy that this process then uses too, put back afterwards."""
    settings_dict = connection.settings_dict
    if connection.vendor == "postgresql":
        user = settings_dict["USER"] or "postgres"
        password = f":{settings_dict['PASSWORD']}" if settings_dict["PASSWORD"] else ""
        host = settings_dict["HOST"] or "127.0.0.1"
        yield f"postgres://{user}{password}@{host}:{settings_dict['PORT'] or 5432}/{settings_dict['NAME']}"
        return
    path = tmp_path / "workers.sqlite3"
    connection.ensure_connection()
    memory = connection.connection  # kept open: the in-memory database lives as long as a connection does
    copy = sqlite3.connect(path)
    memory.backup(copy)
    copy.close()
    name = settings_dict["NAME"]
    connection.connection = None
    settings_dict["NAME"] = str(path)
    try:
        yield f"sqlite:///{path}"
    finally:
        connection.close()
        settings_dict["NAME"] = name
        connection.connection = memory


class Workers:
    """Worker processes in their own process groups, killed for good at the end of the test."""

    def __init__(self, env: dict[str, str], command: list[str]):
        self.env = env
        self.command = command
        self.processes: list[subprocess.Popen] = []
        self.restarted = 0

    def start(self, count: int = 1) -> None:
        for _ in range(count):
            self.processes.append(
                subprocess.Popen(  # noqa: S603 (our own manage.py)
                    [sys.executable, "manage.py", *self.command],
                    cwd=ROOT,
                    env=self.env,
                    start_new_session=True,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            )

    def kill(self) -> None:
        """SIGKILL, the whole group (an RQ worker's work horse too): no chance to finish anything."""
        for process in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        self.processes = []

    def keep_alive(self) -> None:
        """What systemd's Restart=always does in production: a worker that exited is started again."""
        for process in list(self.processes):
            if process.poll() is not None:
                self.processes.remove(process)
                self.restarted += 1
                self.start()


@pytest.fixture
def redis_server():
    """A Redis server of the test's own on a free port, restartable; skipped only where Redis is not installed."""
    binary = shutil.which("redis-server")
    if binary is None:
        if os.environ.get("CI"):
            pytest.fail("redis-server is required for the RQ worker tests in CI.")
        pytest.skip("redis-server is not installed")
    port = _free_port()

    class Server:
        url = f"redis://127.0.0.1:{port}/0"
        process: subprocess.Popen | None = None

        def start(self):
            self.process = subprocess.Popen(  # noqa: S603 (the redis-server binary)
                [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            for _ in range(100):
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                    return
                except OSError:
                    time.sleep(0.05)
            raise RuntimeError("redis-server did not start")

        def stop(self):
            if self.process and self.process.poll() is None:
                self.process.kill()  # no save: whatever was queued is gone, as after a crash
                self.process.wait()

    server = Server()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def scenario(shared_db, platforms, accounts, media_accounts, article, units, make_staff, settings):
    """Eight Facebook posts and an SMS campaign to sixty people, all due now; the workers' environment."""
    settings.LANTOA_CHANNELS_RETRY_BASE_SECONDS = 1
    settings.LANTOA_CHANNELS_SENDING_LEASE_SECONDS = 3
    settings.LANTOA_CHANNELS_REQUEUE_SECONDS = 4
    settings.LANTOA_CHANNELS_CHUNK_SIZE = 10
    settings.LANTOA_CHANNELS_SMS_BATCH_SIZE = 5
    for i in range(PHONES):
        Subscriber.objects.create(phone=f"849{i:08d}", unit=units["hanoi"], status=Subscriber.Status.CONFIRMED)
    approver = make_staff(units["hanoi"], Role.APPROVER)
    posts = [
        post
        for _ in range(POSTS)
        for post in services.compose_posts(user=approver, page=article, accounts=[accounts["facebook"]])
    ]
    posts += services.compose_posts(user=approver, page=article, accounts=[media_accounts["sms"]])
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "lantoa.channels.tests.worker_settings",
        "DATABASE_URL": shared_db,
        "LANTOA_CHANNELS_FACEBOOK_URL": settings.LANTOA_CHANNELS_FACEBOOK_URL,
        "LANTOA_CHANNELS_SMS_URL": settings.LANTOA_CHANNELS_SMS_URL,
        "LANTOA_CHANNELS_TIMEOUT": "5",
        "LANTOA_CHANNELS_RETRY_BASE_SECONDS": "1",
        "LANTOA_CHANNELS_SENDING_LEASE_SECONDS": "3",
        "LANTOA_CHANNELS_CHUNK_SIZE": "10",
        "LANTOA_CHANNELS_SMS_BATCH_SIZE": "5",
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    return {"approver": approver, "posts": posts, "env": env}


def _schedule_all(scenario) -> None:
    for post in scenario["posts"]:
        services.schedule_post(user=scenario["approver"], post=post)  # on_commit: queued at once (autocommit)


def _wait_for(condition, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def _settle(workers: Workers) -> None:
    """Play the scheduler until every post is sent or failed for good."""
    deadline = time.monotonic() + SETTLE_SECONDS
    open_states = [ChannelPost.Status.SCHEDULED, ChannelPost.Status.SENDING, ChannelPost.Status.RETRYING]
    while ChannelPost.objects.filter(status__in=open_states).exists():
        if time.monotonic() > deadline:
            states = collections.Counter(ChannelPost.objects.values_list("status", flat=True))
            raise AssertionError(f"posts not settled: {dict(states)}")
        workers.keep_alive()
        call_command("send_due_posts", verbosity=0)
        time.sleep(0.5)


def _assert_exactly_once(platforms, scenario) -> None:
    posts = ChannelPost.objects.filter(pk__in=[p.pk for p in scenario["posts"]])
    assert set(posts.values_list("status", flat=True)) == {ChannelPost.Status.SENT}
    # Each Facebook post is on the page once, with the link that carries its own key.
    on_page = collections.Counter(p["link"] for p in platforms.facebook_posts["104857600"])
    ours = {p.link for p in posts if p.account.platform == "facebook"}
    assert set(on_page) == ours
    assert set(on_page.values()) == {1}
    # Each of the sixty people got the SMS once, though batches were sent again.
    texted = collections.Counter(m["to"] for m in platforms.sms_sent)
    assert len(texted) == PHONES
    assert set(texted.values()) == {1}
    assert RecipientDelivery.objects.filter(sent_at__isnull=False).count() == PHONES


def _kill_mid_batch_then_fail_then_recover(platforms, scenario, workers: Workers) -> None:
    # Every Facebook post and SMS batch is stored by the platform, then answered 0.3 s later.
    platforms.reply_delay = 0.3
    workers.start()
    _schedule_all(scenario)
    _wait_for(lambda: len(platforms.all_posts()) >= 3 and platforms.sms_sent, 60, "the first posts to go out")
    workers.kill()  # mid-batch: a post (or SMS batch) is on the platform, its reply not yet read
    in_flight = ChannelPost.objects.filter(status=ChannelPost.Status.SENDING, chunks__isnull=True).count()
    sms_chunks_in_flight = DeliveryChunk.objects.filter(status=DeliveryChunk.Status.SENDING).count()
    assert in_flight + sms_chunks_in_flight >= 1

    # The platform then fails a few times before recovering.
    platforms.reply_delay = 0
    platforms.retry_after = 1
    platforms.fail_next("server_error", "rate_limit", "malformed", "server_error")
    workers.start(2)
    _settle(workers)
    workers.kill()

    _assert_exactly_once(platforms, scenario)
    attempts = DeliveryAttempt.objects.filter(post__in=[p.pk for p in scenario["posts"]])
    # The death of the first worker is on record, and what came after it was found, not re-sent.
    died = attempts.filter(platform_message="Tiến trình gửi dừng giữa chừng.")
    assert died.count() == in_flight
    for attempt in died:
        assert attempt.post.attempts.filter(outcome=DeliveryAttempt.Outcome.FOUND).exists() or (
            attempt.post.attempts.filter(outcome=DeliveryAttempt.Outcome.SENT).exists()
        )
    # Each injected failure is visible, on a post's attempts or on an SMS chunk.
    kinds = collections.Counter(attempts.values_list("error_kind", flat=True))
    chunk_errors = list(DeliveryChunk.objects.exclude(attempts=1).values_list("attempts", flat=True))
    assert kinds["server"] + kinds["rate_limit"] + kinds["malformed"] + len(chunk_errors) >= 4


def test_db_worker_killed_mid_batch_and_a_failing_platform_still_send_everything_once(platforms, scenario, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    env = {**scenario["env"], "LANTOA_TASKS_BACKEND": "db"}
    workers = Workers(env, ["db_worker", "--interval", "0.1", "--no-startup-delay", "--no-reload"])
    try:
        _kill_mid_batch_then_fail_then_recover(platforms, scenario, workers)
    finally:
        workers.kill()


def _rq(settings, scenario, redis_server) -> Workers:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    settings.RQ_QUEUES = {"default": {"URL": redis_server.url, "DEFAULT_TIMEOUT": 300}}
    env = {**scenario["env"], "LANTOA_TASKS_BACKEND": "rq", "REDIS_URL": redis_server.url}
    return Workers(env, ["rqworker", "--job-class", "django_tasks_rq.Job", "default"])


def test_rq_worker_killed_mid_batch_and_a_failing_platform_still_send_everything_once(
    platforms, scenario, settings, redis_server
):
    workers = _rq(settings, scenario, redis_server)
    try:
        _kill_mid_batch_then_fail_then_recover(platforms, scenario, workers)
    finally:
        workers.kill()


def test_a_redis_restart_loses_the_queue_but_no_post_and_repeats_none(platforms, scenario, settings, redis_server):
    workers = _rq(settings, scenario, redis_server)
    try:
        platforms.reply_delay = 0.2
        workers.start(2)
        _schedule_all(scenario)
        _wait_for(lambda: len(platforms.all_posts()) >= 2, 60, "the first posts to go out")
        redis_server.stop()  # every queued job is lost with it
        lost = ChannelPost.objects.filter(status=ChannelPost.Status.SCHEDULED).count()
        # While Redis is down, publishing now still answers: the post waits for the scheduler.
        extra = services.compose_posts(
            user=scenario["approver"], page=scenario["posts"][0].page, accounts=[scenario["posts"][0].account]
        )[0]
        services.schedule_post(user=scenario["approver"], post=extra)
        scenario["posts"].append(extra)
        time.sleep(1)
        redis_server.start()
        platforms.reply_delay = 0
        _settle(workers)
    finally:
        workers.kill()

    assert lost >= 1  # the restart did strand queued work
    _assert_exactly_once(platforms, scenario)
