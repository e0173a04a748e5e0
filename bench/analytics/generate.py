# ruff: noqa: S608 - the SQL below is built from constants of this file, never from input.
"""Synthetic portal traffic: a year of visits with skewed popularity, sources, devices, units and a weekly rhythm.

Two outputs from one model: raw pageview events (for the store's bulk path and the rollup), and the daily
rollup rows a year of them would produce, written in bulk by the database itself (`build_year_sql`: a full
year at 100 million pageviews in minutes instead of replaying every pageview).
"""

import datetime
import math
import random
from dataclasses import dataclass

from lantoa.analytics.collection import Event
from lantoa.analytics.rollup import ancestor_paths

SOURCES = [  # (kind, source, share of visits)
    ("search", "google", 0.38),
    ("search", "coccoc", 0.05),
    ("search", "bing", 0.02),
    ("social", "facebook", 0.16),
    ("social", "zalo", 0.09),
    ("social", "youtube", 0.02),
    ("social", "tiktok", 0.03),
    ("referral", "baochinhphu.vn", 0.02),
    ("referral", "vnexpress.net", 0.02),
    ("campaign", "zalo-oa", 0.03),
    ("campaign", "sms", 0.01),
    ("direct", "", 0.17),
]
DEVICES = [("mobile", 0.72), ("desktop", 0.24), ("tablet", 0.04)]
LANGUAGES = [("vi", 0.93), ("en", 0.04), ("hmn", 0.01), ("km", 0.01), ("blt", 0.01)]
POLICY = ["bhxh-bat-buoc", "bhxh-tu-nguyen", "bhyt", "bhtn", "tnld-bnn", "luong-huu"]
TARGET = ["nguoi-lao-dong", "doanh-nghiep", "lao-dong-tu-do", "nong-dan", "hoc-sinh", "ho-gia-dinh"]
# Provinces by how much content (and so traffic) they carry: a few large cities lead (∝ 1/rank^0.8).
PROVINCES = list(range(1, 35))
PROVINCE_WEIGHTS = [1 / rank**0.8 for rank in PROVINCES]
PAGEVIEWS_PER_VISIT = 100 / 30  # the year: 30 million visits, about 100 million pageviews


@dataclass
class Page:
    path: str
    page_id: int
    unit_path: str
    content_type: str
    policy: str
    target: str


def make_pages(count: int, seed: int = 1) -> list[Page]:
    """`count` pages: a tenth the centre's, the rest spread over 34 provinces and some of their communes."""
    rng = random.Random(seed)
    pages = []
    for i in range(count):
        roll = rng.random()
        if roll < 0.1:
            unit = "VSS/"
        else:
            province = f"VSS/{rng.choices(PROVINCES, PROVINCE_WEIGHTS)[0]:02d}/"
            unit = province if roll < 0.7 else f"{province}{rng.randrange(1, 40):05d}/"
        pages.append(
            Page(
                path=f"/tin-tuc/bai-{i}/",
                page_id=i + 1,
                unit_path=unit,
                content_type=rng.choice(["articlepage"] * 6 + ["documentpage", "questionpage"]),
                policy=f"|{rng.choice(POLICY)}|",
                target=f"|{rng.choice(TARGET)}|" if rng.random() < 0.7 else "",
            )
        )
    return pages


class Zipf:
    """Page ranks drawn with probability ∝ 1/rank^s: a few pages take most of the traffic."""

    def __init__(self, n: int, s: float = 1.05):
        weights = [1 / (rank**s) for rank in range(1, n + 1)]
        total = sum(weights)
        self.probabilities = [w / total for w in weights]
        self.cumulative = []
        running = 0.0
        for p in self.probabilities:
            running += p
            self.cumulative.append(running)

    def draw(self, rng: random.Random) -> int:
        import bisect

        return min(bisect.bisect_left(self.cumulative, rng.random()), len(self.cumulative) - 1)


def day_weight(day: datetime.date) -> float:
    """Weekdays busier than weekends, a peak around the year's campaigns (June, December)."""
    weekday = 1.15 if day.weekday() < 5 else 0.65
    season = 1 + 0.25 * math.cos((day.timetuple().tm_yday - 170) / 365 * 2 * math.pi) ** 2
    return weekday * season


def visits_per_day(year: int, visits_per_year: int) -> dict[datetime.date, int]:
    days = [datetime.date(year, 1, 1) + datetime.timedelta(days=i) for i in range(365)]
    weights = [day_weight(day) for day in days]
    total = sum(weights)
    return {day: round(visits_per_year * w / total) for day, w in zip(days, weights, strict=True)}


def _pick(rng: random.Random, choices):
    roll, running = rng.random(), 0.0
    for *value, share in choices:
        running += share
        if roll < running:
            return value
    return choices[-1][:-1]


def events_for_day(day: datetime.date, visits: int, pages: list[Page], zipf: Zipf, seed: int = 2):
    """Raw events of `visits` visits on `day` (each visit 1+ pageviews, a few minutes apart)."""
    from django.utils import timezone

    rng = random.Random(f"{day}-{seed}")
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time(0)))
    for n in range(visits):
        kind, source = _pick(rng, SOURCES)
        (device,) = _pick(rng, DEVICES)
        (language,) = _pick(rng, LANGUAGES)
        visitor = f"{rng.getrandbits(64):016x}"
        moment = start + datetime.timedelta(seconds=rng.randrange(0, 86_000))
        count = 1 if rng.random() < 0.45 else 1 + int(rng.expovariate(1 / (PAGEVIEWS_PER_VISIT * 1.8 - 1)))
        for view in range(count):
            page = pages[zipf.draw(rng)]
            yield Event(
                occurred_at=moment,
                day=day,
                site="lantoa.vn",
                visitor=visitor,
                path=page.path,
                page_id=None,  # attributes already attached below: no page lookup in the benchmark
                page_title=f"Bài {page.page_id}",
                content_type=page.content_type,
                unit_path=page.unit_path,
                policy_areas=page.policy,
                target_groups=page.target,
                language=language,
                source_kind=kind if view == 0 else "internal",
                source=source if view == 0 else "",
                utm_campaign="chien-dich-2025" if kind == "campaign" else "",
                device=device,
            )
            moment += datetime.timedelta(seconds=int(rng.expovariate(1 / 70)) + 5)
        if n and n % 50_000 == 0:
            rng.seed(f"{day}-{seed}-{n}")


def build_year_sql(connection, year: int, visits_per_year: int, pages: list[Page], zipf: Zipf, seed: int = 3) -> int:
    """Write a year of daily rollup rows in bulk, in the database (INSERT … SELECT over small seed tables).

    What a year of `visits_per_year` visits would roll up to, without the events: each page's daily pageviews
    drawn around its Zipf share of the day's (a weekday/season rhythm with noise), summed per scope (the page's
    unit and every unit above) for the page, unit, content type, policy area and target group rows; sources,
    source kinds, campaigns, devices and languages split each scope's day by skewed shares with noise.
    Visits, visitors, bounces and durations follow from pageviews by the ratios of the issue's year (3.3
    pageviews a visit). Works on PostgreSQL and SQLite; returns the number of daily rows written.
    """
    rng = random.Random(f"year-{year}-{seed}")
    postgres = connection.vendor == "postgresql"
    rand = "random()" if postgres else "(abs(random()) % 1000000) / 1000000.0"
    greatest = "GREATEST" if postgres else "MAX"
    unlogged = "UNLOGGED " if postgres else ""

    def floor(expr: str) -> str:
        # PostgreSQL's cast rounds, SQLite's truncates (and SQLite may lack FLOOR).
        return f"CAST(FLOOR({expr}) AS BIGINT)" if postgres else f"CAST({expr} AS INTEGER)"

    days = [
        (day.isoformat(), round(visits * PAGEVIEWS_PER_VISIT * rng.uniform(0.9, 1.1)))
        for day, visits in sorted(visits_per_day(year, visits_per_year).items())
    ]
    shares: dict[tuple[str, str], float] = {}
    for kind, source, share in SOURCES:
        shares[("source", f"{kind}:{source}")] = share
        shares[("source_kind", kind)] = shares.get(("source_kind", kind), 0) + share
    shares[("campaign", "bhxh-tu-nguyen-2025")] = 0.03
    shares[("campaign", "gia-han-bhyt")] = 0.01
    for dimension, choices in (("device", DEVICES), ("language", LANGUAGES)):
        for key, share in choices:
            shares[(dimension, key)] = share
    page_rows = [
        (p.path, f"Bài {p.page_id}", p.unit_path, p.content_type, p.policy.strip("|"), p.target.strip("|"), prob)
        for p, prob in zip(pages, zipf.probabilities, strict=True)
    ]
    scope_rows = [(p.path, scope) for p in pages for scope in ancestor_paths(p.unit_path)]

    def v(pv: str) -> str:
        return f"{greatest}(1, CAST(ROUND({pv} / {PAGEVIEWS_PER_VISIT}) AS BIGINT))"

    def insert(select: str) -> None:
        """`select` gives (day, scope, dimension, key, label, pv); the figures follow from pv."""
        cursor.execute(
            "INSERT INTO analytics_dailystat (day, scope, dimension, key, label, pageviews, visits, visitors, "
            "bounces, duration_total, duration_count) "
            f"SELECT day, scope, dimension, key, label, pv, {v('pv')}, "
            f"{greatest}(1, CAST(ROUND({v('pv')} * 0.92) AS BIGINT)), CAST(ROUND({v('pv')} * 0.45) AS BIGINT), "
            f"pv * 70, {greatest}(pv - {v('pv')}, 0) FROM ({select}) r WHERE pv > 0"
        )

    with connection.cursor() as cursor:
        for table in ("bench_day", "bench_page", "bench_scope", "bench_share", "bench_page_day", "bench_scope_day"):
            cursor.execute(f"DROP TABLE IF EXISTS {table}")
        cursor.execute(f"CREATE {unlogged}TABLE bench_day (day date, pv bigint)")
        cursor.execute(
            f"CREATE {unlogged}TABLE bench_page (path varchar(300), label varchar(255), unit_path varchar(64), "
            "content_type varchar(40), policy varchar(100), target varchar(100), p double precision)"
        )
        cursor.execute(f"CREATE {unlogged}TABLE bench_scope (path varchar(300), scope varchar(64))")
        cursor.execute(f"CREATE {unlogged}TABLE bench_share (dimension varchar(16), key varchar(300), share float)")
        cursor.executemany("INSERT INTO bench_day VALUES (%s, %s)", days)
        cursor.executemany("INSERT INTO bench_page VALUES (%s, %s, %s, %s, %s, %s, %s)", page_rows)
        cursor.executemany("INSERT INTO bench_scope VALUES (%s, %s)", scope_rows)
        cursor.executemany("INSERT INTO bench_share VALUES (%s, %s, %s)", [(*key, s) for key, s in shares.items()])
        # Each page's pageviews of each day: its share of the day, ±15 %, rounded at random (pages read less
        # than once a day get a pageview on some days only).
        cursor.execute(
            f"CREATE {unlogged}TABLE bench_page_day AS SELECT d.day AS day, p.path AS path, "
            f"{floor(f'd.pv * p.p * (0.85 + 0.3 * {rand}) + {rand}')} AS pv "
            "FROM bench_day d CROSS JOIN bench_page p"
        )
        by_scope = "FROM bench_page_day pd JOIN bench_page p ON p.path = pd.path JOIN bench_scope s ON s.path = pd.path"
        insert(f"SELECT pd.day, s.scope, 'page' AS dimension, p.path AS key, p.label, pd.pv {by_scope}")
        for dimension, column in (
            ("unit", "p.unit_path"),
            ("content_type", "p.content_type"),
            ("policy_area", "p.policy"),
            ("target_group", "p.target"),
        ):
            insert(
                f"SELECT pd.day, s.scope, '{dimension}' AS dimension, {column} AS key, '' AS label, "
                f"SUM(pd.pv) AS pv {by_scope} WHERE {column} <> '' GROUP BY pd.day, s.scope, {column}"
            )
        cursor.execute(
            f"CREATE {unlogged}TABLE bench_scope_day AS SELECT pd.day AS day, s.scope AS scope, SUM(pd.pv) AS pv "
            f"{by_scope} GROUP BY pd.day, s.scope"
        )
        insert("SELECT day, scope, 'total' AS dimension, '' AS key, '' AS label, pv FROM bench_scope_day")
        insert(
            "SELECT sd.day, sd.scope, sh.dimension, sh.key, '' AS label, "
            f"CAST(ROUND(sd.pv * sh.share * (0.9 + 0.2 * {rand})) AS BIGINT) AS pv "
            "FROM bench_scope_day sd CROSS JOIN bench_share sh"
        )
        cursor.execute(
            "SELECT COUNT(*) FROM analytics_dailystat WHERE day BETWEEN %s AND %s", [days[0][0], days[-1][0]]
        )
        (written,) = cursor.fetchone()
        for table in ("bench_day", "bench_page", "bench_scope", "bench_share", "bench_page_day", "bench_scope_day"):
            cursor.execute(f"DROP TABLE {table}")
    return written
