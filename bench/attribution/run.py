"""Attribution benchmark: a national year of new participants imported and matched, beside a plain COPY.

    .venv/bin/python bench/attribution/run.py                        # 2,000,000 rows, 500,000 registrations
    .venv/bin/python bench/attribution/run.py --rows 200000 --registrations 50000   # a quicker look

PostgreSQL only: `postgres://postgres@127.0.0.1:5432/bench_attribution` unless BENCH_ATTRIBUTION_POSTGRES_URL says
otherwise; the database is created (and dropped and made again when its data were built for other parameters, or
with `--fresh`) by this script. Writes bench/attribution/results.md. Not part of the test suite.

1. builds, once per parameters: the real unit tree (34 provinces, 3,321 communes); a seeded CSV of `--rows` rows in
   the agency's layout (var/bench-attribution/, kept for later runs) — 10-digit social insurance numbers, Vietnamese
   names, dates of birth dd/mm/yyyy, phones as people write them (0912345678, +84 912 345 678, 84912345678,
   0912.345.678, …, some empty), commune codes across the 34 provinces, both schemes, start dates across 2025 —
   with 3 % repeated rows (the same person twice) and 0.5 % bad rows (one bad field each); its first quarter as a
   second file; `--registrations` registrations of interest (bulk insert, digests made with `Hasher`), 30 % of them
   by people in the file (the same phone, or name + date of birth + commune), made before or after the start
   date, in the same scheme, "other" or the other scheme, so that the matches are known in advance.
2. measures, the bench tables emptied and a CHECKPOINT before each: (a) the baseline, a plain `COPY … FROM STDIN
   (FORMAT csv)` of the same file into an ordinary table of seven text columns, fed from the file in 1 MB pieces
   (before and after the imports), and the floor of any importer that stores what this one stores: after the
   whole file's import, its stored rows copied out and written again into the emptied enrolment table by `COPY`
   (the table's indexes and unique constraint kept; no file to read, no check, no hash, no duplicate);
   (b) the import of the quarter file, then of the whole file, then of the whole file again with each batch written
   in turn with the checks (one thread, as before 06/12/2026: the change's before and after), each in a child
   process as the admin runs it: `lists.stage` of the file for the centre unit, a ListLayout known for its header,
   then `services.run_import` (count, check and hash every row, COPY + INSERT … ON CONFLICT in batches, then
   `matching.match`), timing the import and the match apart and reading the child's peak RSS (VmHWM) after
   each; the match's time in parts (reading its enrolments, the registrations' lookups, writing the matches, the
   rest) and the plans of its queries; (c) when the import is slower than half the COPY, a cProfile of the import
   of the first 100,000 rows.
3. fails (exit 1) when the matches found, or the rows added, known and refused, are not the ones built in.
"""

import argparse
import csv
import datetime
import json
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))
POSTGRES_URL = os.environ.get("BENCH_ATTRIBUTION_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/bench_attribution")
VAR = ROOT / "var" / "bench-attribution"
YEAR = 2025  # the start dates: a whole year, all of it in the past
VERSION = 1  # of the generated data: a change here rebuilds the file and the database
TARGET_RATIO = 0.5
LINKED_SHARE = 0.30  # of the registrations: made by people in the file
DUPLICATES, BAD, NO_PHONE = 0.03, 0.005, 0.12
PROFILE_ROWS = 100_000
HEADERS = [
    "Mã số BHXH",
    "Họ và tên",
    "Ngày sinh",
    "Số điện thoại",
    "Mã xã",
    "Loại hình tham gia",
    "Ngày bắt đầu tham gia",
]
SCHEMES = {"bhxh-tu-nguyen": "BHXH tự nguyện", "bhyt-ho-gia-dinh": "BHYT hộ gia đình"}
SURNAMES = [
    "Nguyễn",
    "Nguyễn",
    "Nguyễn",
    "Trần",
    "Trần",
    "Lê",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
]
MIDDLE = [
    "Văn",
    "Văn",
    "Thị",
    "Thị",
    "Hữu",
    "Đức",
    "Thanh",
    "Minh",
    "Ngọc",
    "Quốc",
    "Thu",
    "Xuân",
    "Hoàng",
    "Kim",
    "Bảo",
    "Gia",
    "Thành",
    "Mỹ",
]
GIVEN = [
    "An",
    "Anh",
    "Bình",
    "Châu",
    "Cường",
    "Dũng",
    "Duyên",
    "Giang",
    "Hà",
    "Hải",
    "Hạnh",
    "Hiếu",
    "Hoa",
    "Hùng",
    "Hương",
    "Huyền",
    "Khánh",
    "Lan",
    "Linh",
    "Long",
    "Mai",
    "Minh",
    "Nam",
    "Nga",
    "Ngọc",
    "Nhung",
    "Phong",
    "Phúc",
    "Phương",
    "Quân",
    "Quỳnh",
    "Sơn",
    "Tâm",
    "Thảo",
    "Thắng",
    "Thủy",
    "Trang",
    "Trung",
    "Tuấn",
    "Tùng",
    "Uyên",
    "Việt",
    "Vy",
    "Yến",
    "Đạt",
    "Đông",
    "Lộc",
    "Nhàn",
    "Oanh",
    "Khôi",
]
BAD_KINDS = ("sin", "born", "phone", "commune", "scheme", "start")


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=2_000_000, help="data rows in the file (default 2,000,000)")
    parser.add_argument("--registrations", type=int, default=500_000, help="registrations (default 500,000)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--fresh", action="store_true", help="drop the bench database and build it again")
    parser.add_argument("--no-profile", action="store_true", help="skip the cProfile run even if the target is missed")
    parser.add_argument("--out", default=str(HERE / "results.md"))
    parser.add_argument("--render", action="store_true", help="only write results.md again from the last run")
    parser.add_argument("--child", choices=["import", "profile"], help=argparse.SUPPRESS)
    parser.add_argument("--one-thread", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--file", help=argparse.SUPPRESS)
    parser.add_argument("--json", help=argparse.SUPPRESS)
    return parser.parse_args()


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def load_average() -> str:
    return " / ".join(f"{x:.2f}" for x in os.getloadavg())


def maxrss_mb() -> float:
    """This process's peak RSS. Linux's ru_maxrss starts a child at its parent's RSS at the fork (the parent here
    holds far more), so the high-water mark of this process's own memory (VmHWM) is read when there is one."""
    status = Path("/proc/self/status")
    if status.exists():
        for text in status.read_text().splitlines():
            if text.startswith("VmHWM:"):
                return int(text.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KB on Linux


def setup_django() -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "lantoa.settings.dev"
    os.environ["DATABASE_URL"] = POSTGRES_URL
    # The staged copies of the uploads (deleted by the import) stay with the bench's own files.
    os.environ["LANTOA_ATTRIBUTION_STAGING_DIR"] = str(VAR / "staging")
    import django

    django.setup()


# --- the people in the file: each a pure function of (seed, index), so registrations can be made from them -------


def day_text(day: datetime.date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def phone_text(phone: str, rng: random.Random) -> str:
    """A normalised mobile number (0912345678) as people and spreadsheets write it."""
    rest = phone[1:]
    return rng.choice(
        [
            phone,
            phone,
            phone,
            f"+84 {rest[:3]} {rest[3:6]} {rest[6:]}",
            f"84{rest}",
            f"{phone[:4]}.{phone[4:7]}.{phone[7:]}",
            f"{phone[:4]} {phone[4:7]} {phone[7:]}",
            f"+84{rest}",
            rest,  # a spreadsheet that read the number as a number
        ]
    )


def person(i: int, seed: int, communes: list[str]) -> dict:
    """The i-th person of the file: every field, and which one is bad (one in 200).

    Phones and insurance numbers are bijections of i (never two people with one); the date of birth is a bijection
    of the person's rank in their commune, so name + date of birth + commune is never two people either."""
    rng = random.Random(seed * 1_000_003 + i)
    count = len(communes)
    ci, k = i % count, i // count
    born = datetime.date(1950, 1, 1) + datetime.timedelta(days=(k * 7919 + ci * 31) % 21_170)  # up to 2007
    middle = rng.choice(MIDDLE) if rng.random() < 0.8 else f"{rng.choice(MIDDLE)} {rng.choice(MIDDLE)}"
    name = f"{rng.choice(SURNAMES)} {middle} {rng.choice(GIVEN)}"
    phone = "" if rng.random() < NO_PHONE else f"{'3789'[i % 4]}{(i // 4 * 48_271 + 12_345) % 10**8:08d}"
    phone = "0" + phone if phone else ""
    scheme = "bhxh-tu-nguyen" if rng.random() < 0.55 else "bhyt-ho-gia-dinh"
    start = datetime.date(YEAR, 1, 1) + datetime.timedelta(days=rng.randrange(365))
    bad = rng.choice(BAD_KINDS) if rng.random() < BAD else None
    duplicate = bad is None and rng.random() < DUPLICATES
    row = [
        f"{(i * 7_919_777 + 1_234_567) % 10**10:010d}",
        name,
        day_text(born),
        phone_text(phone, rng) if phone else "",
        communes[ci],
        SCHEMES[scheme],
        day_text(start),
    ]
    if bad == "sin":
        row[0] = row[0][:5] + "A" + row[0][6:]
    elif bad == "born":
        row[2] = f"31/02/{born.year}"
    elif bad == "phone":
        row[3] = "0123456"
    elif bad == "commune":
        row[4] = "99999"
    elif bad == "scheme":
        row[5] = "BHTN bắt buộc"
    elif bad == "start":
        row[6] = day_text(datetime.date(YEAR + 6, 6, 1))
    again = None
    if duplicate:
        again = list(row)
        again[3] = phone_text(phone, rng) if phone else ""
    return {
        "name": name,
        "born": born,
        "phone": phone,
        "commune": communes[ci],
        "scheme": scheme,
        "start": start,
        "bad": bad,
        "row": row,
        "again": again,
    }


def file_paths(args) -> tuple[Path, Path, Path]:
    stem = f"participants-v{VERSION}-{args.rows}-s{args.seed}"
    return VAR / f"{stem}.csv", VAR / f"{stem}-quarter.csv", VAR / f"{stem}.json"


def generate(args, communes: list[str]) -> dict:
    """The CSV (and its first quarter) once; its counts from the JSON beside it afterwards."""
    full, quarter, meta_path = file_paths(args)
    if full.exists() and quarter.exists() and meta_path.exists():
        meta = json.loads(meta_path.read_text())
        log(f"file: {full.name} ({full.stat().st_size / 1e6:.0f} MB), kept from an earlier run")
        return meta
    VAR.mkdir(parents=True, exist_ok=True)
    t = time.perf_counter()
    cut = args.rows // 4
    counts = {"rows": 0, "persons": 0, "bad": 0, "repeated": 0}
    meta: dict = {"rows": args.rows, "seed": args.seed, "communes": len(communes)}
    tmp_full, tmp_quarter = full.with_suffix(".tmp"), quarter.with_suffix(".tmp")
    with (
        tmp_full.open("w", encoding="utf-8", newline="") as a,
        tmp_quarter.open("w", encoding="utf-8", newline="") as b,
    ):
        out_full, out_quarter = csv.writer(a), csv.writer(b)
        out_full.writerow(HEADERS)
        out_quarter.writerow(HEADERS)
        i = 0
        while counts["rows"] < args.rows:
            p = person(i, args.seed, communes)
            i += 1
            counts["persons"] += 1
            counts["bad"] += p["bad"] is not None
            rows = [p["row"]] + ([p["again"]] if p["again"] else [])
            for row in rows[: args.rows - counts["rows"]]:
                out_full.writerow(row)
                if counts["rows"] < cut:
                    out_quarter.writerow(row)
                counts["rows"] += 1
                if row is p["again"]:
                    counts["repeated"] += 1
                if counts["rows"] == cut:
                    meta["quarter"] = {**counts, "rows": cut}
            if counts["persons"] % 200_000 == 0:
                log(f"file: {counts['rows']:,}/{args.rows:,} rows")
    meta["full"] = counts
    tmp_full.rename(full)
    tmp_quarter.rename(quarter)
    meta_path.write_text(json.dumps(meta, indent=1))
    log(f"file: {full.name}, {args.rows:,} rows, {full.stat().st_size / 1e6:.0f} MB in {time.perf_counter() - t:.0f} s")
    return meta


def expected_import(counts: dict) -> dict:
    """What the import must report for a file holding `counts`."""
    return {
        "total": counts["rows"],
        "added": counts["persons"] - counts["bad"],
        "known": counts["repeated"],
        "rejected": counts["bad"],
    }


# --- the database -------------------------------------------------------------------------------------------------


def params(args) -> dict:
    return {"version": VERSION, "rows": args.rows, "registrations": args.registrations, "seed": args.seed}


def prepare_database(args) -> bool:
    """Drop and create the bench database unless it holds a finished build for these parameters; True if kept."""
    import psycopg

    base, name = POSTGRES_URL.rsplit("/", 1)
    kept = False
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
    if exists and not args.fresh:
        with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
            table = conn.execute("SELECT to_regclass('bench_meta')").fetchone()[0]
            if table:
                row = conn.execute("SELECT value FROM bench_meta WHERE key = 'params'").fetchone()
                kept = bool(row) and json.loads(row[0]) == params(args)
    if not kept:
        with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
    return kept


def build(args, meta: dict) -> dict:
    """The registrations of interest, `LINKED_SHARE` of them by people in the file; what matching must find."""
    from zoneinfo import ZoneInfo

    from django.conf import settings
    from django.db import connection, transaction

    from lantoa.digests import Hasher
    from lantoa.folding import unaccent
    from lantoa.outreach.models import Interest, Registration
    from lantoa.units.models import Unit

    expected_path = VAR / f"expected-v{VERSION}-{args.rows}-{args.registrations}-s{args.seed}.json"
    if Registration.objects.exists() and expected_path.exists():
        log(f"registrations: {Registration.objects.count():,}, kept from an earlier run")
        return json.loads(expected_path.read_text())
    zone = ZoneInfo(settings.TIME_ZONE)
    hasher = Hasher()
    units = dict(Unit.objects.filter(level=Unit.Level.COMMUNE).values_list("code", "pk"))
    communes = sorted(units)
    linked = round(args.registrations * LINKED_SHARE)
    rng = random.Random(args.seed + 7)
    persons = meta["full"]["persons"]
    quarter_persons = meta["quarter"]["persons"]
    picked = rng.sample(range(persons), min(persons, linked + linked // 20 + 100))
    expected: dict = {"full": {}, "quarter": {}, "linked": 0, "kinds": {}}
    t = time.perf_counter()
    made = 0
    other = {"bhxh-tu-nguyen": "bhyt-ho-gia-dinh", "bhyt-ho-gia-dinh": "bhxh-tu-nguyen"}

    def at(day: datetime.date, r: random.Random) -> datetime.datetime:
        return datetime.datetime(day.year, day.month, day.day, r.randrange(6, 22), r.randrange(60), tzinfo=zone)

    def own_phone(j: int) -> str:
        return f"05{(j * 48_271 + 777) % 10**8:08d}"  # never a phone of the file (03, 07, 08, 09)

    def registration(j, unit, name, phone, interest, created, identity) -> Registration:
        return Registration(
            unit_id=unit,
            name=name,
            phone=phone,
            interest=interest,
            contact_time="any",
            consent_text="Tôi đồng ý để cơ quan BHXH liên hệ tư vấn.",
            consented_at=created,
            source=("direct", "event", "article", "calculator")[j % 4],
            created_at=created,
            last_touched_at=created,
            phone_digest=hasher.phone(phone),
            identity_digest=identity,
        )

    def flush(batch: list) -> None:
        nonlocal made
        with transaction.atomic():
            Registration.objects.bulk_create(batch, batch_size=5000)
        made += len(batch)
        log(f"registrations: {made:,}/{args.registrations:,}")

    batch: list = []
    j = 0
    for i in picked:
        if expected["linked"] == linked:
            break
        p = person(i, args.seed, communes)
        if p["bad"]:
            continue
        expected["linked"] += 1
        r = random.Random(args.seed * 7 + i)
        by_phone = bool(p["phone"]) and r.random() < 0.6
        before = r.random() < 0.8
        roll = r.random()
        interest = p["scheme"] if roll < 0.8 else Interest.OTHER.value if roll < 0.9 else other[p["scheme"]]
        with_born = not by_phone or r.random() < 0.5
        name = r.choice([p["name"], p["name"].upper(), unaccent(p["name"]), "  ".join(p["name"].split())])
        day = p["start"] - datetime.timedelta(days=r.randrange(121)) if before else p["start"]
        if not before:
            day += datetime.timedelta(days=r.randrange(1, 61))
        identity = hasher.person(name, p["born"], p["commune"]) if with_born else ""
        j += 1
        phone = p["phone"] if by_phone else own_phone(j)
        batch.append(registration(j, units[p["commune"]], name, phone, interest, at(day, r), identity))
        kind = f"{'phone' if by_phone else 'person'}, {'before' if before else 'after'}, " + (
            "same scheme" if roll < 0.8 else "'other'" if roll < 0.9 else "other scheme"
        )
        expected["kinds"][kind] = expected["kinds"].get(kind, 0) + 1
        if before and roll < 0.9:
            rule = ("phone+person" if with_born else "phone") if by_phone else "person"
            for part in ("full", "quarter") if i < quarter_persons else ("full",):
                expected[part][rule] = expected[part].get(rule, 0) + 1
        if len(batch) == 10_000:
            flush(batch)
            batch = []
    interests = [choice.value for choice in Interest]
    first = datetime.date(YEAR - 1, 10, 1)
    while made + len(batch) < args.registrations:
        j += 1
        r = random.Random(args.seed * 11 + j)
        code = r.choice(communes)
        name = f"{r.choice(SURNAMES)} {r.choice(MIDDLE)} {r.choice(GIVEN)}"
        born = datetime.date(2009, 1, 1) + datetime.timedelta(days=r.randrange(1400))  # after everyone in the file
        identity = hasher.person(name, born, code) if r.random() < 0.4 else ""
        created = at(first + datetime.timedelta(days=r.randrange(480)), r)
        batch.append(registration(j, units[code], name, own_phone(j), r.choice(interests), created, identity))
        if len(batch) == 10_000:
            flush(batch)
            batch = []
    if batch:
        flush(batch)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE outreach_registration")
    log(f"registrations: {made:,} in {time.perf_counter() - t:.0f} s ({expected['linked']:,} by people in the file)")
    expected_path.write_text(json.dumps(expected, indent=1))
    return expected


def mark_built(args) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE IF NOT EXISTS bench_meta (key text PRIMARY KEY, value text)")
        cursor.execute(
            "INSERT INTO bench_meta VALUES ('params', %s) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
            [json.dumps(params(args))],
        )


def empty_tables() -> None:
    """No list, enrolment or match left from an earlier run or measure; the dirty pages written out."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE attribution_match, attribution_enrolment, attribution_participantlist CASCADE")
        cursor.execute("DROP TABLE IF EXISTS bench_plain_copy")
        cursor.execute("CHECKPOINT")
    connection.close()


def plain_copy(path: Path) -> dict:
    """The baseline: the file into an ordinary table of text columns by COPY, read from the file in 1 MB pieces."""
    import psycopg

    with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
        conn.execute("DROP TABLE IF EXISTS bench_plain_copy")
        conn.execute(
            "CREATE TABLE bench_plain_copy (sin text, name text, born text, phone text, commune text, scheme text, "
            "start text)"
        )
        conn.execute("CHECKPOINT")
        t = time.perf_counter()
        with (
            conn.cursor() as cursor,
            path.open("rb") as handle,
            cursor.copy("COPY bench_plain_copy FROM STDIN (FORMAT csv, HEADER true)") as copy,
        ):
            while data := handle.read(1 << 20):
                copy.write(data)
        seconds = time.perf_counter() - t
        rows = conn.execute("SELECT count(*) FROM bench_plain_copy").fetchone()[0]
        conn.execute("DROP TABLE bench_plain_copy")
    log(f"plain COPY: {rows:,} rows in {seconds:.1f} s, {rows / seconds:,.0f} rows/s")
    return {"rows": rows, "s": seconds, "rate": rows / seconds}


def table_copy() -> dict:
    """The floor of any importer: the rows the import stored, written again by COPY into the emptied enrolment
    table, its indexes and unique constraint kept (nothing to read, check, hash or skip)."""
    import psycopg

    columns = "participant_list_id, commune_id, scheme, start_date, person, phone, identity, created_at"
    dump = VAR / "stored-rows.copy"
    with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
        with (
            conn.cursor() as cursor,
            dump.open("wb") as out,
            cursor.copy(f"COPY (SELECT {columns} FROM attribution_enrolment ORDER BY id) TO STDOUT") as copy,  # noqa: S608
        ):
            for data in copy:
                out.write(data)
        conn.execute("TRUNCATE attribution_match, attribution_enrolment")
        conn.execute("CHECKPOINT")
        t = time.perf_counter()
        with (
            conn.cursor() as cursor,
            dump.open("rb") as handle,
            cursor.copy(f"COPY attribution_enrolment ({columns}) FROM STDIN") as copy,
        ):
            while data := handle.read(1 << 20):
                copy.write(data)
        seconds = time.perf_counter() - t
        rows = conn.execute("SELECT count(*) FROM attribution_enrolment").fetchone()[0]
    dump.unlink()
    log(f"COPY of the stored rows into the enrolment table: {rows:,} rows in {seconds:.1f} s")
    return {"rows": rows, "s": seconds, "rate": rows / seconds}


# --- the child: one import, as the admin runs it --------------------------------------------------------------


def staged_job(path: Path):
    from django.core.files import File

    from lantoa.attribution import lists
    from lantoa.attribution.models import ListLayout, ParticipantList
    from lantoa.units.models import Unit

    headers = lists.read_header(path)
    mapping = lists.guess_mapping(headers)
    assert not lists.missing_fields(mapping) and len(mapping) == 7, mapping
    ListLayout.objects.update_or_create(
        signature=lists.signature(headers), defaults={"headers": headers, "mapping": mapping}
    )
    centre = Unit.objects.get(level=Unit.Level.CENTRE)
    with path.open("rb") as handle:
        job = lists.stage(File(handle, name=f"danh-sach-tham-gia-moi-{YEAR}.csv"), unit=centre, user=None)
    assert job.status == ParticipantList.Status.QUEUED, job.status
    return job


def child_import(args) -> None:
    setup_django()
    from django.db import connection
    from django.db.models import Count

    from lantoa.attribution import lists, matching, services
    from lantoa.attribution.models import Match

    if args.one_thread:
        lists.WRITE_BEHIND = False  # as before 06/12/2026: each batch written in turn with the checks
    path = Path(args.file)
    info: dict = {"rss_setup_mb": maxrss_mb(), "bytes": path.stat().st_size}
    t = time.perf_counter()
    job = staged_job(path)
    info["stage_s"] = time.perf_counter() - t
    run, match = lists.run, matching.match

    def timed_run(*a, **kw):
        start = time.perf_counter()
        try:
            return run(*a, **kw)
        finally:
            info["run_s"] = time.perf_counter() - start
            info["rss_import_mb"] = maxrss_mb()

    # The match's time in parts: reading the enrolments it picks (the first chunk waits for the whole query), the
    # registrations' lookups for each chunk (and the database's time in each kind), writing and counting the matches
    # (the database's time), and the rest, in Python.
    parts = info["match_parts"] = {
        "pending": 0,
        "read_s": 0.0,
        "lookups": 0,
        "lookup_s": 0.0,
        "write_s": 0.0,
        "first_s": 0.0,
        "by phone_s": 0.0,
        "by identity_s": 0.0,
    }
    chunks, candidates = matching._chunks, matching._candidates
    statements: dict[str, tuple] = {}  # the first of each kind of query, for its plan

    def timed_chunks(rows, size):
        it = chunks(rows, size)
        while True:
            start = time.perf_counter()
            chunk = next(it, None)
            parts["read_s"] += time.perf_counter() - start
            if not parts["first_s"]:
                parts["first_s"] = time.perf_counter() - start
            if chunk is None:
                return
            parts["pending"] += len(chunk)
            yield chunk

    def timed_candidates(*a, **kw):
        start = time.perf_counter()
        try:
            return candidates(*a, **kw)
        finally:
            parts["lookup_s"] += time.perf_counter() - start
            parts["lookups"] += 1

    def timing(execute, statement, params, *rest):
        start = time.perf_counter()
        try:
            return execute(statement, params, *rest)
        finally:
            seconds = time.perf_counter() - start
            head = statement.lstrip()[:40].upper()
            if head.startswith("INSERT") or head.startswith("SELECT COUNT"):
                parts["write_s"] += seconds
            else:
                table = statement.split(" FROM ", 1)[-1][:40]
                for kind, name, column in (
                    ("enrolments", "attribution_enrolment", ""),
                    ("by phone", "outreach_registration", 'phone_digest" IN'),
                    ("by identity", "outreach_registration", 'identity_digest" IN'),
                ):
                    if name in table and column in statement:
                        statements.setdefault(kind, (statement, params))
                        if kind != "enrolments":  # a server-side cursor: its time is in the chunks' reading
                            parts[f"{kind}_s"] += seconds
                        break

    def timed_match(*a, **kw):
        start = time.perf_counter()
        try:
            with connection.execute_wrapper(timing):
                return match(*a, **kw)
        finally:
            info["match_s"] = time.perf_counter() - start
            info["rss_match_mb"] = maxrss_mb()
            # settings.dev has DEBUG on: Django keeps the text of the last 9,000 statements in memory.
            log = connection.queries_log
            info["debug_log"] = {"queries": len(log), "mb": sum(len(q["sql"]) for q in log) / 1e6}

    lists.run, matching.match = timed_run, timed_match
    matching._chunks, matching._candidates = timed_chunks, timed_candidates
    t = time.perf_counter()
    job = services.run_import(job)
    info["run_import_s"] = time.perf_counter() - t
    info["import_s"] = info["run_import_s"] - info["match_s"]  # count, check, hash, write, the job's own updates
    info["outcome"] = {k: getattr(job, k) for k in ("total", "added", "known", "rejected", "matched")}
    info["status"] = job.status
    info["rules"] = dict(Match.objects.values_list("rule").annotate(n=Count("pk")))
    # The plans PostgreSQL chose for the match's queries (asked again after the match: the same shape).
    with connection.cursor() as cursor:
        for kind, (statement, params) in statements.items():
            cursor.execute(f"EXPLAIN {statement}", params)
            plan = [short_plan_line(row[0]) for row in cursor.fetchall()]
            if kind == "enrolments":
                info["match_plan"] = plan
            else:
                info.setdefault("lookup_plans", {})[kind] = plan
    Path(args.json).write_text(json.dumps(info, indent=1))


def child_profile(args) -> None:
    """cProfile of `lists.run` on the file given (the import only), and the database's time by statement."""
    import cProfile
    import pstats

    setup_django()
    from django.db import connection

    from lantoa.attribution import lists

    # One thread: the batches written in turn with the checks, so cProfile and the statement timing see them.
    lists.WRITE_BEHIND = False
    job = staged_job(Path(args.file))
    sql: dict[str, float] = {}

    def timing(execute, statement, *rest):
        start = time.perf_counter()
        try:
            return execute(statement, *rest)
        finally:
            word = statement.split(None, 1)[0].upper()
            sql[word] = sql.get(word, 0.0) + time.perf_counter() - start

    profiler = cProfile.Profile()
    with connection.execute_wrapper(timing):
        t = time.perf_counter()
        profiler.enable()
        outcome = lists.run(job)
        profiler.disable()
        total = time.perf_counter() - t

    # The same rows again, unprofiled, with a writer that writes nothing: the Python side alone.
    class NoWriter:
        def __init__(self, job):
            self.rows = 0

        def write(self, batch):
            self.rows += len(batch)

        def finish(self):
            return self.rows

        def close(self):
            pass

    writer, lists._Writer = lists._Writer, NoWriter
    rows = lists.iter_rows(Path(args.file))
    next(rows)
    t = time.perf_counter()
    lists.import_rows(rows, job=job, mapping=job.layout.mapping)
    python_only = time.perf_counter() - t
    lists._Writer = writer
    stats = pstats.Stats(profiler)
    stats.dump_stats(str(VAR / "profile.pstats"))
    wanted = {
        ("lists.py", "iter_rows"): "reading the CSV (csv module, strip, sniffing)",
        ("lists.py", "insurance_number"): "checking the insurance number",
        ("lists.py", "parse_day"): "dates (parse_day, cached)",
        ("lists.py", "phone"): "phone normalisation (lists.phone → phones.normalise)",
        ("lists.py", "parse_scheme"): "scheme (cached)",
        ("digests.py", "insurance_number"): "HMAC of the insurance number",
        ("digests.py", "phone"): "HMAC of the phone",
        ("digests.py", "person"): "HMAC of name + born + commune (folding the name included)",
        ("digests.py", "normalised_name"): "  of which folding the name",
        ("digests.py", "_digest"): "all HMACs (hmac.digest + hex)",
        (
            "lists.py",
            "_write",
        ): "writing the batches (`_Writer._write`: COPY into the temporary table, INSERT … ON CONFLICT)",
        ("_copy.py", "write_row"): "  of which psycopg Copy.write_row (rows to the COPY buffer)",
    }
    found: dict[str, dict] = {}
    for (file, _line, func), (_cc, calls, tottime, cumtime, _callers) in stats.stats.items():
        key = (Path(file).name, func)
        if key in wanted:
            found[wanted[key]] = {"calls": calls, "cum_s": cumtime, "self_s": tottime}
        if func == "import_rows" and Path(file).name == "lists.py":
            found["`import_rows` in all"] = {"calls": calls, "cum_s": cumtime, "self_s": tottime}
    top = sorted(stats.stats.items(), key=lambda kv: kv[1][2], reverse=True)[:15]
    info = {
        "rows": outcome.total,
        "total_s": total,
        "python_only_s": python_only,
        "parts": found,
        "sql": sql,
        "top_self": [
            {"function": f"{Path(f).name}:{line} {func}", "calls": calls, "self_s": tt, "cum_s": ct}
            for (f, line, func), (_cc, calls, tt, ct, _c) in top
        ],
    }
    Path(args.json).write_text(json.dumps(info, indent=1))


def in_child(kind: str, path: Path, out: Path, *, one_thread: bool = False) -> dict:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "lantoa.settings.dev", "DATABASE_URL": POSTGRES_URL}
    command = [sys.executable, __file__, "--child", kind, "--file", str(path), "--json", str(out)]
    subprocess.run([*command, "--one-thread"] if one_thread else command, env=env, check=True)
    return json.loads(out.read_text())


# --- the parent ---------------------------------------------------------------------------------------------------


def summary(label: str, run: dict, expected_rules: dict, expected_outcome: dict) -> list[str]:
    """Problems with a run: the matches or counts other than built in."""
    problems = []
    found = {rule: run["rules"].get(rule, 0) for rule in ("phone+person", "phone", "person")}
    want = {rule: expected_rules.get(rule, 0) for rule in found}
    if found != want:
        problems.append(f"{label}: matches by rule {found}, expected {want}")
    got = {k: run["outcome"][k] for k in expected_outcome}
    if got != expected_outcome:
        problems.append(f"{label}: import counts {got}, expected {expected_outcome}")
    return problems


def render(info: dict, args) -> str:
    q, f = info["quarter"], info["full"]
    copy_rate = max(c["rate"] for c in info["copy"])
    ratio = f["rows_per_s"] / copy_rate
    command = ".venv/bin/python bench/attribution/run.py"
    if args.rows != 2_000_000 or args.registrations != 500_000:
        command += f" --rows {args.rows} --registrations {args.registrations}"
    if args.seed != 2026:
        command += f" --seed {args.seed}"
    if info.get("fresh", args.fresh):
        command += " --fresh"

    def line(label: str, a: str, b: str) -> str:
        return f"| {label} | {a} | {b} |"

    exp_q, exp_f = sum(info["expected"]["quarter"].values()), sum(info["expected"]["full"].values())
    lines = [
        f"# Attribution benchmark — {info['date']}",
        "",
        f"Command: `{command}` (from a clean clone: the file, the unit tree and the registrations are built by "
        "it; PostgreSQL at 127.0.0.1:5432, user postgres). Machine: 2 CPUs, shared, "
        f"PostgreSQL {info['postgres']} with its default settings (shared_buffers {info['shared_buffers']}). "
        f"Load average {info['load_start']} at the start, {info['load_end']} at the end.",
        "",
        f"The file: {args.rows:,} rows of new participants in the agency's layout ({f['bytes'] / 1e6:.0f} MB), "
        f"{info['communes']:,} communes of the 34 provinces, start dates across {YEAR}; {DUPLICATES:.0%} of the "
        f"people twice, {BAD:.1%} of the rows with one bad field. {args.registrations:,} registrations of "
        f"interest, {info['expected']['linked']:,} of them by people in the file (by the same phone or by name + "
        "date of birth + commune, before or after the start date, same scheme, 'other' or the other scheme). "
        "The import: `services.run_import` of a staged copy for the centre unit, its layout known (count the "
        "rows, check and hash each, COPY + INSERT … ON CONFLICT DO NOTHING every 5,000, each 5,000 written by a "
        "thread of its own while the next are checked), in a child process; "
        "the match (`matching.match`) timed apart. Memory: the child's peak RSS (VmHWM), Django and the "
        "unit tree included. Baseline: `COPY … FROM STDIN (FORMAT csv)` of the same file into an ordinary "
        "table of seven text columns, no index, fed from the file in 1 MB pieces, before and after the imports "
        "(the faster one counts).",
        "",
        "| | first quarter of the file | whole file |",
        "| --- | ---: | ---: |",
        line("rows", f"{q['outcome']['total']:,}", f"{f['outcome']['total']:,}"),
        line(
            "added / already there / refused",
            *(f"{r['outcome']['added']:,} / {r['outcome']['known']:,} / {r['outcome']['rejected']:,}" for r in (q, f)),
        ),
        line("staging the upload (copy + SHA-256)", f"{q['stage_s']:.1f} s", f"{f['stage_s']:.1f} s"),
        line("import (count, check, hash, write)", f"{q['import_s']:.1f} s", f"{f['import_s']:.1f} s"),
        line("import rows/s", f"{q['rows_per_s']:,.0f}", f"**{f['rows_per_s']:,.0f}**"),
        line("plain COPY of the whole file", "", " / ".join(f"{c['s']:.1f} s" for c in info["copy"])),
        line("plain COPY rows/s", "", " / ".join(f"{c['rate']:,.0f}" for c in info["copy"])),
        line("import ÷ COPY (target ≥ 0.5)", "", f"**{ratio:.2f}** ({'met' if ratio >= TARGET_RATIO else 'missed'})"),
        *table_copy_lines(info, line),
        line("peak RSS after setup", f"{q['rss_setup_mb']:.0f} MB", f"{f['rss_setup_mb']:.0f} MB"),
        line("peak RSS after the import", f"{q['rss_import_mb']:.0f} MB", f"**{f['rss_import_mb']:.0f} MB**"),
        line("peak RSS after the match", f"{q['rss_match_mb']:.0f} MB", f"{f['rss_match_mb']:.0f} MB"),
        line("match", f"{q['match_s']:.1f} s", f"**{f['match_s']:.1f} s**"),
        line(
            "enrolments the match reads (a digest shared with a free registration)",
            *(f"{r['match_parts']['pending']:,}" if "match_parts" in r else "" for r in (q, f)),
        ),
        line(
            "enrolments matched against the registrations /s",
            f"{q['outcome']['added'] / q['match_s']:,.0f}",
            f"{f['outcome']['added'] / f['match_s']:,.0f}",
        ),
        line(
            "matches found / expected",
            f"{q['outcome']['matched']:,} / {exp_q:,}",
            f"{f['outcome']['matched']:,} / {exp_f:,}",
        ),
        line(
            "matches/s",
            f"{q['outcome']['matched'] / q['match_s']:,.0f}",
            f"{f['outcome']['matched'] / f['match_s']:,.0f}",
        ),
        line(
            "matches by rule (phone+person / phone / person)",
            *(" / ".join(f"{r['rules'].get(k, 0):,}" for k in ("phone+person", "phone", "person")) for r in (q, f)),
        ),
        "",
        "Memory is flat with the file size when the peak after the import is the same for the quarter and the "
        f"whole file: {q['rss_import_mb']:.0f} MB and {f['rss_import_mb']:.0f} MB. "
        + (
            f"The match's barely grows ({q['rss_match_mb']:.0f} MB, then {f['rss_match_mb']:.0f} MB): it holds one "
            "chunk of 2,000 enrolments and their candidate registrations at a time, and the set of registrations "
            "credited."
            if f["rss_match_mb"] <= 1.1 * q["rss_match_mb"]
            else f"The match's grows ({q['rss_match_mb']:.0f} MB, then {f['rss_match_mb']:.0f} MB)"
            + (
                ": most of the difference is Django's log of statements — `settings.dev`, which the bench runs "
                "under, has DEBUG on and keeps the text of the last 9,000 statements: "
                f"{q['debug_log']['mb']:.0f} MB of SQL after the quarter's match, {f['debug_log']['mb']:.0f} MB after "
                "the whole file's (each lookup's IN list of up to 2,000 digests, each chunk's INSERT of its "
                "matches), which a server with DEBUG off does not keep. Beside it the match holds one chunk of "
                "2,000 enrolments and their candidate registrations at a time, and the set of registrations credited."
                if "debug_log" in f and "debug_log" in q
                else ": it grows with the list (the set of registrations credited is one part; the rest was not "
                "looked into here)."
            )
        ),
        "",
    ]
    lines += [*before_after(info, args), ""]
    if info["problems"]:
        lines += ["**FAILED**: " + "; ".join(info["problems"]), ""]
    profile = info.get("profile")
    if profile:
        total = profile["total_s"]
        lines += [
            f"## Where the import's time goes ({profile['rows']:,} rows, cProfile)",
            "",
            f"`lists.run` of the first {profile['rows']:,} rows under cProfile: {total:.1f} s (cProfile slows the "
            "Python side, not the database's). Cumulative wall time of each part; the database's share measured by "
            "statement beside it.",
            "",
            "| part | calls | cumulative s | share |",
            "| --- | ---: | ---: | ---: |",
        ]
        for name, part in sorted(profile["parts"].items(), key=lambda kv: -kv[1]["cum_s"]):
            lines.append(f"| {name} | {part['calls']:,} | {part['cum_s']:.2f} | {part['cum_s'] / total:.0%} |")
        for word, seconds in sorted(profile["sql"].items(), key=lambda kv: -kv[1]):
            lines.append(f"| SQL {word} statements (database) | | {seconds:.2f} | {seconds / total:.0%} |")
        lines += ["", "The functions with the most time of their own:", ""]
        lines += ["| function | calls | own s | cumulative s |", "| --- | ---: | ---: | ---: |"]
        lines += [
            f"| `{t['function']}` | {t['calls']:,} | {t['self_s']:.2f} | {t['cum_s']:.2f} |"
            for t in profile["top_self"]
        ]
        lines += [""]
    lines += [*notes(info), ""]
    return "\n".join(lines)


def table_copy_lines(info: dict, line) -> list[str]:
    """The rows of the table for the floor of any importer (runs before 06/12/2026 did not measure it)."""
    floor = info.get("table_copy")
    if not floor:
        return []
    copy_rate = max(c["rate"] for c in info["copy"])
    return [
        line(
            "floor: COPY of the stored rows into the enrolment table (its indexes and unique constraint)",
            "",
            f"{floor['s']:.1f} s, {floor['rate']:,.0f} rows/s",
        ),
        line(
            "floor ÷ plain COPY (the best ratio any importer storing these rows can reach)",
            "",
            f"{floor['rate'] / copy_rate:.2f}",
        ),
        line("import ÷ floor", "", f"{info['full']['rows_per_s'] / floor['rate']:.2f}"),
    ]


def notes(info: dict) -> list[str]:
    """What dominates, from this run's figures."""
    q, f = info["quarter"], info["full"]
    copy_rate = max(c["rate"] for c in info["copy"])
    ratio = f["rows_per_s"] / copy_rate
    out = ["## What dominates", ""]
    verdict = "meets" if ratio >= TARGET_RATIO else "misses"
    flat = "flat" if f["rss_import_mb"] <= 1.1 * q["rss_import_mb"] else "not flat"
    out.append(
        f"The import {verdict} the target: {f['rows_per_s']:,.0f} rows/s against {copy_rate:,.0f} for the plain "
        f"COPY, a ratio of {ratio:.2f} ({copy_rate / f['rows_per_s']:.0f} times slower). Memory is {flat}: the "
        f"child's peak RSS after the import is {q['rss_import_mb']:.0f} MB for {q['outcome']['total']:,} rows and "
        f"{f['rss_import_mb']:.0f} MB for {f['outcome']['total']:,} (rows are read as a stream and written every "
        "5,000; the date and scheme caches are bounded)."
        + (
            f" The rate falls as the enrolment table grows ({q['rows_per_s']:,.0f} rows/s for the first quarter, "
            f"{f['rows_per_s']:,.0f} for the whole file): each row costs more index upkeep in a bigger table."
            if f["rows_per_s"] < 0.95 * q["rows_per_s"]
            else ""
        )
    )
    profile = info.get("profile")
    if profile:
        total, parts, sql = profile["total_s"], profile["parts"], profile["sql"]

        def part(prefix: str) -> float:
            return next((v["cum_s"] for k, v in parts.items() if k.startswith(prefix)), 0.0)

        writing = part("writing the batches")
        insert = sql.get("INSERT", 0.0)
        copy = writing - insert - sql.get("TRUNCATE", 0.0) - part("  of which psycopg")
        python = total - writing
        per_row = profile["python_only_s"] / profile["rows"] * 1e6
        one = info.get("one_thread", f)
        out += [
            "",
            f"Where the time goes ({profile['rows']:,} rows under cProfile, {total:.1f} s): the database "
            f"{(insert + copy) / total:.0%} — INSERT … ON CONFLICT {insert / total:.0%} (the unique check on "
            "insurance number + scheme + start date and the upkeep of the enrolment table's "
            f"{index_list(info.get('enrolment_indexes', {}))}; the unique one leads with the insurance number's "
            "digest, which is random, so each row lands at a random page of it), the COPY into the "
            f"temporary table {copy / total:.0%}; Python {python / total:.0%} — the three HMACs a row "
            f"{part('all HMACs') / total:.0%} (the name folding in them {part('  of which folding') / total:.0%}), "
            f"phone normalisation {part('phone normalisation') / total:.0%} (the numbers not already written "
            "0xxxxxxxxx go through `phones._ascii`, character by character), reading the CSV "
            f"{part('reading the CSV') / total:.0%}, the rest the checks and the loop. Without cProfile and "
            f"without writing anything, the Python side alone takes {per_row:.0f} µs a row, "
            f"{1e6 / per_row:,.0f} rows/s at most, against {1e6 / one['rows_per_s']:.0f} µs a row for the whole "
            "import of the file in one thread: unprofiled, writing (psycopg and the database) is about "
            f"{1 - per_row * one['rows_per_s'] / 1e6:.0%} of that import, more than cProfile's shares say, as the "
            "table grows past the first 100,000 rows and cProfile slows the Python side only. That is why a second "
            f"thread writing while the next batch is checked brings the import to {1e6 / f['rows_per_s']:.0f} µs a "
            "row: the two parts now overlap, and the writing, the longer, sets the pace. The Python side is "
            "by itself below half the plain COPY "
            f"({copy_rate / 2:,.0f} rows/s), which parses the CSV in C into a table with no index, no check and no "
            "hash. A Python importer that checks and hashes every row cannot meet a target of half a plain COPY on "
            "this machine, whatever the database's part: the Python part shrinks only with less work per row.",
        ]
    floor = info.get("table_copy")
    if floor:
        out += [
            "",
            f"The floor row settles what the target asks: writing the {floor['rows']:,} rows this import stored "
            f"straight into the enrolment table by COPY, with nothing read, checked, hashed or skipped, runs at "
            f"{floor['rate']:,.0f} rows/s, {floor['rate'] / copy_rate:.2f} of the plain COPY. The table's unique "
            "constraint (one enrolment per insurance number, scheme and start date: what makes a re-import change "
            "nothing) and its other indexes cost that much on their own, so no importer that keeps them reaches "
            f"half the plain COPY here; this one runs at {f['rows_per_s'] / floor['rate']:.2f} of that floor.",
        ]
    out += ["", *match_notes(info)]
    return out


def index_list(indexes: dict[str, str]) -> str:
    """`n indexes (a, b, …)` from pg_indexes' definitions."""
    described = []
    for definition in indexes.values():
        columns = definition.rsplit("(", 1)[-1].rstrip(")")
        described.append(("unique " if " UNIQUE " in definition else "") + f"`{columns}`")
    return f"{len(indexes)} indexes ({', '.join(described)})" if indexes else "indexes"


def short_plan_line(text: str) -> str:
    """A line of EXPLAIN without its costs and with the digests of an IN list left out."""
    return re.sub(r"'\{[^}]*\}'", "'{…}'", re.sub(r"  \(cost=[^)]*\)", "", text))


def scans(plan: list[str]) -> str:
    """The scans of a plan, as `Parallel Seq Scan of outreach_registration`."""
    found = [" of ".join(m) for text in plan for m in re.findall(r"((?:\w+ )*?\w* ?Scan) (?:using|on) (\w+)", text)]
    return ", ".join(dict.fromkeys(found))


def match_notes(info: dict) -> list[str]:
    """Where the match's time goes, from its parts and the plans of its queries."""
    q, f = info["quarter"], info["full"]
    parts = f.get("match_parts")
    added, seconds, registrations = f["outcome"]["added"], f["match_s"], info.get("registrations", 0)
    head = (
        f"The match takes {seconds:.1f} s for the {added:,} enrolments of the list against {registrations:,} "
        f"registrations ({added / seconds:,.0f} enrolments/s, {q['match_s']:.1f} s for the quarter)."
    )
    if not parts:
        return [head]
    rest = seconds - parts["read_s"] - parts["lookup_s"] - parts["write_s"]
    plan = [short_plan_line(text) for text in f.get("match_plan", [])]
    lookups = {kind: [short_plan_line(text) for text in lines] for kind, lines in f.get("lookup_plans", {}).items()}
    hashed = sum(text.count("hashed SubPlan") for text in plan)
    how = (
        "PostgreSQL reads the digests of the registrations not matched yet once, into "
        f"{'a hash table' if hashed == 1 else f'{hashed} hash tables'} (the `hashed SubPlan`s of its plan below), "
        "and filters the list's enrolments against them"
        if hashed
        else "its plan is below"
    )
    in_database = " and ".join(f"{parts.get(f'{kind}_s', 0):.1f} s {kind}" for kind in lookups)
    scanning = [k for k, lines in lookups.items() if any("Seq Scan on outreach_registration" in t for t in lines)]
    matches_read = [k for k, lines in lookups.items() if any("Seq Scan on attribution_match" in t for t in lines)]
    plans = ""
    if lookups:
        plans = " Their plans (below): " + "; ".join(f"{kind}, {scans(lines)}" for kind, lines in lookups.items()) + "."
    if scanning:
        plans += (
            (
                f" The lookups {' and '.join(scanning)} do not take their digest indexes"
                if len(scanning) > 1
                else f" The lookup {scanning[0]} does not take its digest index"
            )
            + ": for an IN list of up to 2,000 digests PostgreSQL plans a sequential scan of the "
            f"{registrations:,} registrations instead, once a chunk."
        )
    if matches_read:
        plans += (
            f" The lookup{'s' if len(matches_read) > 1 else ''} {' and '.join(matches_read)} also read"
            f"{'' if len(matches_read) > 1 else 's'} the whole match table (for “not matched yet”) once a chunk."
        )
    grows = (
        "The match now grows with one pass over the list's enrolments and one over the registrations, plus the "
        "work for the enrolments that can match — no longer with enrolments × registrations."
    )
    if scanning or matches_read:
        grows = (
            "The match no longer grows with all the list's enrolments × the registrations; what is left of that is "
            "the chunks of enrolments that share a digest × the registrations (or the matches) scanned for each. The "
            "rest is one pass over the list's enrolments and one over the registrations, plus the work for each "
            "enrolment that can match."
        )
    out = [
        head + " `matching.match` now reads only the enrolments sharing a phone or identity digest with a registration "
        f"not matched yet — {parts['pending']:,} of the {added:,} ({parts['pending'] / added:.1%}) — in one query: "
        f"{how}. Then, for each 2,000 of them ({parts['lookups']:,} chunks), it looks the registrations up by phone "
        f"and by identity, two queries. Of the match's time: reading the enrolments {parts['read_s']:.1f} s "
        f"({parts['read_s'] / seconds:.0%}; the first chunk, which waits for the whole query"
        f"{', sorted' if plan and plan[0].startswith('Sort') else ''}, {parts.get('first_s', 0):.1f} s); the "
        f"registrations' lookups {parts['lookup_s']:.1f} s ({parts['lookup_s'] / seconds:.0%})"
        + (f", of which the database {in_database}, the rest making the candidates of their rows" if lookups else "")
        + f"; writing the {f['outcome']['matched']:,} matches (a bulk INSERT and a count a chunk, in the database) "
        f"{parts['write_s']:.1f} s ({parts['write_s'] / seconds:.0%}); the rest (choosing among the candidates, "
        f"making the matches and Django's work around the queries, in Python) {rest:.1f} s ({rest / seconds:.0%})."
        + plans,
        "",
        grows,
    ]
    shown = [("the enrolments' query", plan)] + [(f"the lookup {kind}", lines) for kind, lines in lookups.items()]
    for label, lines in shown:
        if lines:
            out += [
                "",
                f"The plan of {label} (EXPLAIN of its first statement again after the match; costs left out):",
                "",
                "```",
                *lines,
                "```",
            ]
    return out


def before_after(info: dict, args) -> list[str]:
    """The whole file imported with its batches written in turn (before the writing thread) and by a second thread
    while the next batch is checked (after), in the same run."""
    before, after = info.get("one_thread"), info["full"]
    if before is None:  # a run from before 06/12/2026
        return []
    copy_rate = max(c["rate"] for c in info["copy"])
    floor = info.get("table_copy")

    def row(label: str, fmt) -> str:
        return f"| {label} | {fmt(before)} | {fmt(after)} |"

    def counts(r: dict) -> str:
        return f"{r['outcome']['added']:,} / {r['outcome']['known']:,} / {r['outcome']['rejected']:,}"

    lines = [
        "## Before / after this change: the batches written by a second thread",
        "",
        "The whole file imported twice in this run, the tables emptied before each: once with each batch written in "
        "turn with the checks (as before; `lists.WRITE_BEHIND` off), once as the worker now runs it, each batch "
        "written by a thread of its own on a connection of its own while the next 5,000 rows are checked and hashed.",
        "",
        "| whole file | written in turn (before) | written by a second thread (after) |",
        "| --- | ---: | ---: |",
        row("import", lambda r: f"{r['import_s']:.1f} s"),
        row("import rows/s", lambda r: f"{r['rows_per_s']:,.0f}"),
        row("import ÷ plain COPY", lambda r: f"{r['rows_per_s'] / copy_rate:.3f}"),
    ]
    if floor:
        lines.append(
            row("import ÷ floor (the stored rows by COPY)", lambda r: f"{r['rows_per_s'] / floor['rate']:.2f}")
        )
    lines += [
        row("peak RSS after the import", lambda r: f"{r['rss_import_mb']:.0f} MB"),
        row("added / already there / refused", counts),
        row("matches found", lambda r: f"{r['outcome']['matched']:,}"),
        "",
        f"The second thread makes the import {after['rows_per_s'] / before['rows_per_s']:.2f} times as fast, with "
        "the same rows stored and the same matches.",
    ]
    return lines


def main() -> None:
    args = parse_args()
    if args.child == "import":
        child_import(args)
        return
    if args.child == "profile":
        child_profile(args)
        return
    if args.render:
        info = json.loads((VAR / "last-run.json").read_text())
        Path(args.out).write_text(render(info, args) + "\n")
        print(render(info, args))
        return
    started = load_average()
    kept = prepare_database(args)
    log(f"database: {POSTGRES_URL} ({'kept' if kept else 'new'})")
    setup_django()
    from django.core.management import call_command
    from django.db import connection

    from lantoa.units.models import Unit
    from lantoa.units.services import import_units

    call_command("migrate", verbosity=0)
    if not Unit.objects.exists():
        t = time.perf_counter()
        import_units()
        log(f"unit tree: {Unit.objects.count():,} units in {time.perf_counter() - t:.0f} s")
    communes = sorted(Unit.objects.filter(level=Unit.Level.COMMUNE).values_list("code", flat=True))
    meta = generate(args, communes)
    expected = build(args, meta)
    mark_built(args)
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('server_version'), current_setting('shared_buffers')")
        version, shared = cursor.fetchone()
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'attribution_enrolment'")
        indexes = dict(cursor.fetchall())
    full, quarter, _meta = file_paths(args)
    info: dict = {
        "date": f"{datetime.date.today():%d/%m/%Y}",
        "load_start": started,
        "postgres": version,
        "shared_buffers": shared,
        "communes": len(communes),
        "enrolment_indexes": indexes,
        "fresh": args.fresh,
        "registrations": args.registrations,
        "expected": expected,
        "copy": [],
    }
    empty_tables()
    info["copy"].append(plain_copy(full))
    # The whole file a second time with its batches written in turn by one thread, as before the writing thread:
    # the change's before and after in the same run.
    for label, path in (("quarter", quarter), ("full", full), ("one_thread", full)):
        empty_tables()
        log(f"import of the {label} file: {path.name}")
        run = in_child("import", path, VAR / f"run-{label}.json", one_thread=label == "one_thread")
        run["rows_per_s"] = run["outcome"]["total"] / run["import_s"]
        info[label] = run
        log(
            f"{label}: import {run['import_s']:.1f} s ({run['rows_per_s']:,.0f} rows/s), match {run['match_s']:.1f} s, "
            f"{run['outcome']}, rules {run['rules']}, peak RSS {run['rss_import_mb']:.0f} MB after the import, "
            f"{run['rss_match_mb']:.0f} MB after the match"
        )
        if label == "full":
            info["table_copy"] = table_copy()
    empty_tables()
    info["copy"].append(plain_copy(full))
    problems = summary("quarter", info["quarter"], expected["quarter"], expected_import(meta["quarter"]))
    problems += summary("whole file", info["full"], expected["full"], expected_import(meta["full"]))
    problems += summary("one thread", info["one_thread"], expected["full"], expected_import(meta["full"]))
    info["problems"] = problems
    ratio = info["full"]["rows_per_s"] / max(c["rate"] for c in info["copy"])
    log(f"import ÷ COPY: {ratio:.2f} (target ≥ {TARGET_RATIO})")
    if ratio < TARGET_RATIO and not args.no_profile:
        empty_tables()
        sample = VAR / f"profile-{PROFILE_ROWS}.csv"
        with full.open(encoding="utf-8") as src, sample.open("w", encoding="utf-8") as dst:
            for n, text in enumerate(src):
                if n > min(PROFILE_ROWS, args.rows):
                    break
                dst.write(text)
        log(f"profile of the import of {PROFILE_ROWS:,} rows")
        info["profile"] = in_child("profile", sample, VAR / "profile.json")
        sample.unlink()
    empty_tables()
    shutil.rmtree(VAR / "staging", ignore_errors=True)
    info["load_end"] = load_average()
    (VAR / "last-run.json").write_text(json.dumps(info, indent=1, default=str))
    table = render(info, args)
    Path(args.out).write_text(table + "\n")
    print(table)
    for problem in problems:
        log(f"FAIL {problem}")
    expected_total = sum(expected["full"].values())
    log(f"matches: expected {expected_total:,}, found {info['full']['outcome']['matched']:,}")
    if problems:
        sys.exit(1)


if __name__ == "__main__":
    main()
