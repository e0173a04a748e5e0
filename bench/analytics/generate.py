"""Synthetic portal traffic: a year of visits with skewed popularity, sources, devices, units and a weekly rhythm.

Two outputs from one model: raw pageview events (for the collection endpoint and the store's bulk path), and
the daily rollup rows such a day would produce (to build a full year at 100 million pageviews in minutes
instead of replaying every pageview).
"""

import datetime
import math
import random
from dataclasses import dataclass

from lantoa.analytics.collection import Event
from lantoa.analytics.rollup import StatRow, ancestor_paths

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
            province = f"VSS/{rng.randrange(1, 35):02d}/"
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


def rows_for_day(day: datetime.date, visits: int, pages: list[Page], zipf: Zipf, seed: int = 3) -> list[StatRow]:
    """The rollup rows a day of `visits` visits produces: same keys and magnitudes, drawn without the events."""
    rng = random.Random(f"rows-{day}-{seed}")
    pageviews = round(visits * PAGEVIEWS_PER_VISIT)
    rows: dict[tuple[str, str, str], StatRow] = {}

    def add(scope, dimension, key, pv, label=""):
        row = rows.get((scope, dimension, key))
        if row is None:
            row = rows[(scope, dimension, key)] = StatRow(
                day=day, scope=scope, dimension=dimension, key=key, label=label
            )
        v = max(1, round(pv / PAGEVIEWS_PER_VISIT)) if pv else 0
        row.pageviews += pv
        row.visits += v
        row.visitors += max(1, round(v * 0.92)) if v else 0
        row.bounces += round(v * 0.45)
        row.duration_total += pv * 70
        row.duration_count += max(pv - v, 0)

    scope_pv: dict[str, int] = {}
    for rank, page in enumerate(pages):
        expected = pageviews * zipf.probabilities[rank]
        pv = int(expected) + (1 if rng.random() < expected - int(expected) else 0)
        if not pv:
            continue
        for scope in ancestor_paths(page.unit_path):
            add(scope, "page", page.path, pv, f"Bài {page.page_id}")
            add(scope, "unit", page.unit_path, pv)
            add(scope, "content_type", page.content_type, pv)
            add(scope, "policy_area", page.policy.strip("|"), pv)
            if page.target:
                add(scope, "target_group", page.target.strip("|"), pv)
            scope_pv[scope] = scope_pv.get(scope, 0) + pv
    for scope, pv in scope_pv.items():
        add(scope, "total", "", pv)
        for kind, source, share in SOURCES:
            if round(pv * share):
                add(scope, "source", f"{kind}:{source}", round(pv * share))
                add(scope, "source_kind", kind, round(pv * share))
        for device, share in DEVICES:
            if round(pv * share):
                add(scope, "device", device, round(pv * share))
        for language, share in LANGUAGES:
            if round(pv * share):
                add(scope, "language", language, round(pv * share))
    return list(rows.values())
