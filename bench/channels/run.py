"""Channels benchmark: a newsletter and an SMS campaign to N synthetic subscribers, DB worker vs RQ worker.

    .venv/bin/python bench/channels/run.py --subscribers 1000000

Needs PostgreSQL on 127.0.0.1:5432 (a database `bench_channels` is dropped and created) and
redis-server (a private instance on a free port is started; the shared 6379 is not touched).
Steps, each backend in turn (database worker, then RQ), each with --workers worker processes and
the real scheduler (`manage.py run_scheduler`, which runs `send_due_posts`):
1. a newsletter post to every subscriber, through a local SMTP sink (asyncio, PIPELINING; one connection per chunk);
2. an SMS post to every subscriber, through the local SMS gateway sink (batch endpoint).
Time is from the post being due to its status "sent"; messages are counted by the sinks (and
checked: each subscriber once). Memory is the workers' resident set, sampled every 0.5 s.
Writes bench/channels/results.md. Not part of the test suite.
"""

import argparse
import datetime
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
PY = sys.executable


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def group_rss_mb(pgids: list[int]) -> dict[int, float]:
    """Resident memory of every process in the given process groups (a forking RQ worker's horse too)."""
    sizes: dict[int, float] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
            if int(fields[2]) not in pgids:
                continue
            with open(f"/proc/{entry}/status") as status:
                for line in status:
                    if line.startswith("VmRSS:"):
                        sizes[int(entry)] = int(line.split()[1]) / 1024
        except (FileNotFoundError, ProcessLookupError, IndexError):
            continue
    return sizes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--subscribers", type=int, default=1_000_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--backends", default="db,rq")
    parser.add_argument("--campaigns", default="email,sms")
    parser.add_argument("--rq-worker-class", default="", help="e.g. rq.worker.SimpleWorker (no fork per job)")
    parser.add_argument("--chunk-size", type=int, default=1000)
    parser.add_argument("--database", default="bench_channels")
    parser.add_argument("--output", default=str(HERE / "results.md"))
    args = parser.parse_args()

    redis_port, smtp_port, sms_port = free_port(), free_port(), free_port()
    database_url = f"postgres://postgres@127.0.0.1:5432/{args.database}"
    env = {
        **os.environ,
        "PYTHONPATH": f"{HERE}:{ROOT}",
        "DJANGO_SETTINGS_MODULE": "bench_settings",
        "DATABASE_URL": database_url,
        "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
        "BENCH_SMTP_PORT": str(smtp_port),
        "LANTOA_CHANNELS_SMS_URL": f"http://127.0.0.1:{sms_port}",
        "LANTOA_CHANNELS_CHUNK_SIZE": str(args.chunk_size),
        "LANTOA_SEND_DUE_POSTS_EVERY": "2",
        "LANTOA_ROLLUP_ANALYTICS_EVERY": "100000",
        "LANTOA_IMPORT_ENGAGEMENT_EVERY": "100000",
        "LANTOA_PUBLISH_SCHEDULED_EVERY": "100000",
    }
    os.environ.update(env)
    sys.path[:0] = [str(HERE), str(ROOT)]

    import psycopg

    with psycopg.connect("postgres://postgres@127.0.0.1:5432/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{args.database}"')
        admin.execute(f'CREATE DATABASE "{args.database}"')

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from lantoa.channels import credentials
    from lantoa.channels.models import ChannelAccount, ChannelPost, Platform
    from lantoa.units.models import Unit

    helpers: list[subprocess.Popen] = []

    def spawn(command: list[str], extra_env: dict | None = None) -> subprocess.Popen:
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env={**env, **(extra_env or {})},
            start_new_session=True,
            stdout=subprocess.DEVNULL,
            stderr=open(Path(tempfile.gettempdir()) / "lantoa-bench-channels.log", "a"),  # noqa: SIM115 (lives as long as the process)
        )
        helpers.append(process)
        return process

    def stop(process: subprocess.Popen) -> None:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()

    try:
        print("==> migrate", flush=True)
        call_command("migrate", verbosity=0)
        redis = spawn(
            [
                shutil.which("redis-server") or "redis-server",
                "--port",
                str(redis_port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ]
        )
        smtp_stats, sms_stats = HERE / ".smtp.json", HERE / ".sms.json"
        spawn([PY, str(HERE / "sinks.py"), "smtp", str(smtp_port), str(smtp_stats)])
        spawn([PY, str(HERE / "sinks.py"), "sms", str(sms_port), str(sms_stats)])

        centre = Unit.objects.create(level=Unit.Level.CENTRE, code=Unit.CENTRE_CODE, name="Bảo hiểm xã hội Việt Nam")
        email_account = ChannelAccount.objects.create(unit=centre, platform=Platform.EMAIL, name="Bản tin")
        sms_account = ChannelAccount.objects.create(
            unit=centre,
            platform=Platform.SMS,
            name="SMS",
            external_id="BHXHVN",
            credentials_encrypted=credentials.encrypt("bench-sms-key"),
            credentials_hint="-key",
        )
        print(f"==> {args.subscribers:,} subscribers", flush=True)
        started = time.monotonic()
        now = timezone.now()
        with connection.cursor() as cursor:
            columns = "email, phone, unit_id, language, status, token, created_at, confirmed_at"
            with cursor.connection.cursor().copy(f"COPY channels_subscriber ({columns}) FROM STDIN") as copy:
                for i in range(args.subscribers):
                    copy.write_row(
                        (
                            f"nguoi{i}@example.vn",
                            f"849{i:08d}",
                            centre.pk,
                            "vi",
                            "confirmed",
                            secrets.token_hex(16),
                            now,
                            now,
                        )
                    )
        connection.commit() if not connection.get_autocommit() else None
        print(f"    {time.monotonic() - started:.0f} s", flush=True)

        def read(path: Path) -> dict:
            for _ in range(20):
                try:
                    return json.loads(path.read_text())
                except (FileNotFoundError, ValueError):
                    time.sleep(0.25)
            return {}

        results = []
        for backend in args.backends.split(","):
            campaigns = (("email", email_account, smtp_stats), ("sms", sms_account, sms_stats))
            for platform, account, stats in campaigns:
                if platform not in args.campaigns.split(","):
                    continue
                print(f"==> {backend} worker ×{args.workers}: {platform}", flush=True)
                extra = {"LANTOA_TASKS_BACKEND": backend}
                if backend == "db":
                    command = [PY, "manage.py", "db_worker", "--interval", "0.2", "--no-reload"]
                else:
                    command = [PY, "manage.py", "rqworker", "--job-class", "django_tasks_rq.Job", "default"]
                    if args.rq_worker_class:
                        command[3:3] = ["--worker-class", args.rq_worker_class]
                workers = [spawn(command, extra) for _ in range(args.workers)]
                time.sleep(2)
                counts = read(stats)
                before, duplicates_before = counts.get("messages", 0), counts.get("duplicates", 0)
                post = ChannelPost.objects.create(
                    account=account,
                    title="Bản tin tháng 11: điều chỉnh mức đóng BHXH tự nguyện",
                    message="Từ 01/01/2027 mức hỗ trợ tiền đóng BHXH tự nguyện tăng. Xem chi tiết: https://baohiemxahoi.gov.vn/tin/123",
                    link="https://baohiemxahoi.gov.vn/tin/123?utm_source=email",
                    status=ChannelPost.Status.SCHEDULED,
                    next_attempt_at=timezone.now(),
                )
                t0 = time.monotonic()
                scheduler = spawn([PY, "manage.py", "run_scheduler", "--tick", "1"], extra)
                peak_sum, peak_one = 0.0, 0.0
                while True:
                    sizes = group_rss_mb([w.pid for w in workers])
                    peak_sum = max(peak_sum, sum(sizes.values()))
                    peak_one = max([peak_one, *sizes.values()])
                    post.refresh_from_db()
                    if post.status in (ChannelPost.Status.SENT, ChannelPost.Status.FAILED):
                        break
                    time.sleep(0.5)
                elapsed = time.monotonic() - t0
                time.sleep(1)
                counts = read(stats)
                sent = counts.get("messages", 0) - before
                duplicates = counts.get("duplicates", 0) - duplicates_before
                for process in [scheduler, *workers]:
                    stop(process)
                results.append(
                    {
                        "backend": backend,
                        "platform": platform,
                        "status": post.status,
                        "summary": post.platform_post_id or post.last_error,
                        "messages": sent,
                        "duplicates": duplicates,
                        "seconds": elapsed,
                        "rate": sent / elapsed if elapsed else 0,
                        "peak_worker_mb": peak_one,
                        "peak_total_mb": peak_sum,
                    }
                )
                print(
                    f"    {sent:,} messages ({duplicates} repeated) in {elapsed:.1f} s = {sent / elapsed:,.0f}/s; "
                    f"{post.platform_post_id}",
                    flush=True,
                )
        stop(redis)
    finally:
        for process in helpers:
            stop(process)
        for path in (HERE / ".smtp.json", HERE / ".sms.json"):
            path.unlink(missing_ok=True)

    write_results(args, results)


def write_results(args, results) -> None:
    n = args.subscribers
    lines = [
        "# Channels benchmark",
        "",
        f"Run {datetime.date.today().isoformat()} on this machine (2 cores shared with the sinks, the scheduler and",
        "PostgreSQL): `.venv/bin/python bench/channels/run.py "
        f"--subscribers {n} --workers {args.workers} --chunk-size {args.chunk_size}`.",
        f"{n:,} confirmed subscribers (email and phone each); one newsletter and one SMS post to all of them,",
        f"each worker backend with {args.workers} worker processes; chunks of {args.chunk_size} recipients,",
        "SMS batches of 200 per gateway request, one pipelined SMTP connection per chunk. Messages are the distinct",
        "recipients the local sinks accepted; repeats are a recipient (SMTP, by post) or a ref (SMS) accepted again.",
        "",
        "| worker | campaign | messages | repeats | seconds | messages/s | peak RSS, one worker "
        "| peak RSS, all workers | post |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    names = {"db": "database (db_worker)", "rq": "RQ on Redis (rqworker)"}
    for r in results:
        lines.append(
            f"| {names.get(r['backend'], r['backend'])} | {r['platform']} | {r['messages']:,} | {r['duplicates']} | "
            f"{r['seconds']:.1f} | "
            f"{r['rate']:,.0f} | {r['peak_worker_mb']:.0f} MB | {r['peak_total_mb']:.0f} MB | "
            f"{r['status']}: {r['summary']} |"
        )
    if n < 1_000_000:
        lines += [
            "",
            "Extrapolated to 1,000,000 subscribers at the measured rates (not measured; labelled as such):",
            "",
        ]
        lines += ["| worker | campaign | estimated time for 1,000,000 |", "| --- | --- | ---: |"]
        for r in results:
            if r["rate"]:
                lines.append(
                    f"| {names.get(r['backend'], r['backend'])} | {r['platform']} | "
                    f"≈ {1_000_000 / r['rate'] / 60:.0f} min |"
                )
    Path(args.output).write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
