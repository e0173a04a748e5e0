"""Signs of life for the demo, each through the path production uses: a year of portal visits (the monthly history
file read by `import_analytics_history`, then raw events rolled up day by day) and registrations followed up to
enrolment by the communes' officers. Deterministic and idempotent: a second run finds everything there."""

from __future__ import annotations

import csv
import datetime
import hashlib
import io
import math
import random
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from wagtail.models import Page, Site

from lantoa.analytics.collection import Event, SourceKind
from lantoa.analytics.models import DailyStat, HistoricalTotal
from lantoa.analytics.services import rollup_days
from lantoa.analytics.store import CENTRE_PATH, get_store
from lantoa.units.models import Unit

Progress = Callable[[int, int, str], None]

# How many days of raw visits the demo rolls up: a year, plus the month the year-on-year comparison needs.
DAYS = 395
HISTORY_NOTE = "Dữ liệu mẫu (nhập từ tệp số liệu cũ)"
SITE = "demo"
# Visits on an ordinary weekday at the start of the year: small, so that loading stays quick.
BASE_VISITS = 30

# Where readers come from: (kind, source, utm medium, share).
SOURCES = [
    (SourceKind.SEARCH, "google", "", 0.33),
    (SourceKind.SEARCH, "coccoc", "", 0.06),
    (SourceKind.SOCIAL, "facebook", "", 0.18),
    (SourceKind.SOCIAL, "zalo", "", 0.12),
    (SourceKind.DIRECT, "", "", 0.24),
    (SourceKind.REFERRAL, "baohiemxahoi.gov.vn", "", 0.04),
    (SourceKind.CAMPAIGN, "zalo", "social", 0.03),
]
DEVICES = [("mobile", 0.71), ("desktop", 0.24), ("tablet", 0.05)]


def season(day: datetime.date) -> float:
    """Readers follow the campaigns: May (health insurance month) and November (voluntary social insurance),
    and the days around 1 July, when the new contribution rules take effect; fewer on Sundays and at Tết."""
    factor = 1.0
    if day.month in (5, 11):
        factor *= 1.7
    july_first = datetime.date(day.year, 7, 1)
    distance = abs((day - july_first).days)
    if distance <= 14:
        factor *= 1 + 1.6 * math.exp(-distance / 4)
    if day.weekday() == 6:
        factor *= 0.55
    elif day.weekday() == 5:
        factor *= 0.75
    if day.month == 2 and day.day <= 20:
        factor *= 0.6
    return factor


def _rng(*parts) -> random.Random:
    seed = hashlib.sha256("|".join(str(p) for p in parts).encode()).hexdigest()
    return random.Random(int(seed[:16], 16))  # noqa: S311 (demo figures, not secrets)


def _pick(rng: random.Random, weighted):
    roll, total = rng.random(), 0.0
    for item in weighted:
        total += item[-1]
        if roll <= total:
            return item
    return weighted[-1]


@dataclass(frozen=True)
class Target:
    page_id: int
    path: str
    weight: float


def reading_list(limit: int = 80) -> list[Target]:
    """The demo's live Vietnamese pages, most read first (a long tail, as on any portal)."""
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        return []
    root = site.root_page.url_path
    pages = (
        Page.objects.live()
        .public()
        .filter(locale__language_code="vi", url_path__startswith=root, depth__gt=site.root_page.depth)
        .order_by("-first_published_at", "pk")
        .values_list("pk", "url_path")[:limit]
    )
    # A page's address on the portal is its path below the site's root page.
    return [Target(pk, "/" + url_path[len(root) :], 1 / rank**0.9) for rank, (pk, url_path) in enumerate(pages, 1)]


def visits_on(day: datetime.date, first: datetime.date) -> int:
    """The portal's visits that day: growing over the year (communication works), with the campaigns' peaks."""
    growth = 1 + 0.45 * (day - first).days / DAYS
    noise = _rng("visits", day).uniform(0.85, 1.15)
    return max(3, round(BASE_VISITS * growth * season(day) * noise))


def day_events(day: datetime.date, first: datetime.date, targets: list[Target]) -> list[Event]:
    rng = _rng("events", day)
    total_weight = sum(t.weight for t in targets)
    weighted = [(t, t.weight / total_weight) for t in targets]
    events = []
    count = visits_on(day, first)
    if day == timezone.localdate():
        # Today so far: the visits of the hours gone by.
        count = round(count * max(0, timezone.localtime().hour - 6) / 16)
    for _visit in range(count):
        # About one reader in seven comes back later the same day.
        visitor = hashlib.sha256(f"{day}-{rng.randrange(max(1, round(count * 0.87)))}".encode()).hexdigest()[:16]
        kind, source, medium, _share = _pick(rng, SOURCES)
        device = _pick(rng, DEVICES)[0]
        hours = 16 if day != timezone.localdate() else max(1, timezone.localtime().hour - 6)
        moment = timezone.make_aware(
            datetime.datetime.combine(day, datetime.time(6)) + datetime.timedelta(minutes=rng.randrange(hours * 60))
        )
        for n in range(1 + int(rng.random() < 0.45) + int(rng.random() < 0.2)):
            target = _pick(rng, weighted)[0]
            events.append(
                Event(
                    occurred_at=moment + datetime.timedelta(seconds=n * rng.randrange(30, 240)),
                    day=day,
                    site=SITE,
                    visitor=visitor,
                    path=target.path,
                    page_id=target.page_id,
                    # Only the visit's first page has the outside source; the next ones come from the portal.
                    source_kind=kind if n == 0 else SourceKind.INTERNAL,
                    source=source if n == 0 else "",
                    utm_medium=medium if n == 0 else "",
                    utm_campaign="bhxh-tu-nguyen-2026" if n == 0 and kind == SourceKind.CAMPAIGN else "",
                    device=device,
                )
            )
    return events


def history_rows(first: datetime.date) -> list[dict[str, str]]:
    """Monthly totals of the twelve months before the raw events begin, as the old statistics tool exported them:
    the whole portal (no unit code) and the two provinces with content."""
    rows = []
    month = (first.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    for _i in range(12):
        days = [
            month + datetime.timedelta(days=n)
            for n in range(31)
            if (month + datetime.timedelta(days=n)).month == month.month
        ]
        national = sum(round(55 * season(day)) for day in days)
        for code, share in (("", 1.0), ("01", 0.22), ("15", 0.07)):
            visits = round(national * share)
            rows.append(
                {
                    "don_vi": code,
                    "nam": str(month.year),
                    "thang": str(month.month),
                    "luot_truy_cap": str(visits),
                    "khach_truy_cap": str(round(visits * 0.78)),
                    "luot_xem_trang": str(round(visits * 1.6)),
                    "ghi_chu": HISTORY_NOTE,
                }
            )
        month = (month - datetime.timedelta(days=1)).replace(day=1)
    return rows


def history_csv(rows: list[dict[str, str]]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


@dataclass
class AnalyticsResult:
    history_rows: int = 0
    days: int = 0
    events: int = 0


def load_analytics(*, today: datetime.date | None = None, progress: Progress | None = None) -> AnalyticsResult:
    today = today or timezone.localdate()
    first = today - datetime.timedelta(days=DAYS)
    result = AnalyticsResult()
    provinces_known = Unit.objects.filter(code__in=["01", "15"]).count() == 2
    if provinces_known and not HistoricalTotal.objects.filter(note=HISTORY_NOTE).exists():
        rows = history_rows(first)
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "thong-ke-truoc-day.csv"
            path.write_bytes(history_csv(rows))
            call_command("import_analytics_history", str(path), stdout=io.StringIO())
        result.history_rows = len(rows)
    targets = reading_list()
    if not targets:
        return result
    store = get_store()
    rolled = set(
        DailyStat.objects.filter(day__gte=first, dimension="total", scope=CENTRE_PATH).values_list("day", flat=True)
    )
    # Up to today: the dashboard's default period ends today, and a day without visits would look like an outage.
    days = [first + datetime.timedelta(days=n) for n in range(DAYS + 1)]
    days = [day for day in days if day not in rolled]
    for start in range(0, len(days), 31):
        batch = days[start : start + 31]
        events = [event for day in batch for event in day_events(day, first, targets)]
        # One commit per month of visits, not several per day: loading stays quick on a slow disk.
        with transaction.atomic():
            # Each month is written as its own days' collector would have written it: a year ago is outside
            # today's retention window, and the store refuses such events from a live batch.
            store.record_many(events, today=batch[-1])
            rollup_days(days=batch, store=store)
        result.days += len(batch)
        result.events += len(events)
        if progress:
            progress(min(start + 31, len(days)), len(days), batch[-1].isoformat())
    return result


# --- registrations followed up to enrolment ---------------------------------------------------------------

FAMILY_NAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý"]
GIVEN_NAMES = ["Thị Lan", "Văn Hùng", "Thị Mai", "Văn Nam", "Thu Hà", "Minh Tuấn", "Thị Hạnh", "Quốc Bảo",
               "Thị Ngọc", "Văn Long", "Hồng Nhung", "Đức Anh", "Thị Thu", "Văn Sơn", "Mỹ Linh"]  # fmt: skip
# Where a registration came from, as the portal records it: (source, share).
REGISTRATION_SOURCES = [("article", 0.35), ("calculator", 0.3), ("channel", 0.2), ("direct", 0.15)]
FOLLOW_UP_NOTES = {
    "phone": "Đã gọi, hẹn gửi thông tin mức đóng qua Zalo.",
    "visit": "Gặp tại nhà, tư vấn mức đóng và phương thức đóng.",
    "message": "Đã nhắn tin hướng dẫn hồ sơ tham gia.",
}


@dataclass
class FollowUpResult:
    registrations: int = 0
    contacts: int = 0
    enrolled: int = 0


def load_follow_up(*, officers: dict[str, str], today: datetime.date | None = None, count: int = 14) -> FollowUpResult:
    """For each commune with a follow-up officer (`officers`: commune code → username): `count` registrations of
    the last six months through the portal's service, then the officer's contacts, advice, enrolments and the odd
    refusal through outreach's services; and a logged contact behind every demo registration already followed up."""
    from django.contrib.auth import get_user_model

    today = today or timezone.localdate()
    result = FollowUpResult()
    users = {u.username: u for u in get_user_model().objects.filter(username__in=officers.values())}
    for code, username in officers.items():
        commune = Unit.objects.filter(code=code, level=Unit.Level.COMMUNE).first()
        officer = users.get(username)
        if commune is None or officer is None:
            continue
        with transaction.atomic():  # one commit per commune
            _follow_up_commune(commune, officer, today, count, result)
    return result


def _follow_up_commune(commune: Unit, officer, today: datetime.date, count: int, result: FollowUpResult) -> None:
    from lantoa.outreach import services as outreach
    from lantoa.outreach.models import Registration

    code = commune.code
    for n in range(count):
        rng = _rng("registration", code, n)
        phone = f"09{int(code) % 100:02d}{n:02d}{rng.randrange(10_000):04d}"
        interest = "bhxh-tu-nguyen" if rng.random() < 0.6 else "bhyt-ho-gia-dinh"
        if Registration.objects.filter(phone=phone, interest=interest).exists():
            continue
        registered = today - datetime.timedelta(days=rng.randrange(3, 180))
        source = _pick(rng, REGISTRATION_SOURCES)[0]
        registration, _created = outreach.register_interest(
            name=f"{rng.choice(FAMILY_NAMES)} {rng.choice(GIVEN_NAMES)}",
            phone=phone,
            commune=commune,
            interest=interest,
            contact_time=rng.choice(["any", "morning", "afternoon", "evening"]),
            consent_text="Tôi đồng ý để cơ quan BHXH liên hệ tư vấn (dữ liệu mẫu).",
            source=source,
            channel="zalo" if source == "channel" else "",
            now=timezone.make_aware(datetime.datetime.combine(registered, datetime.time(9 + n % 10))),
        )
        result.registrations += 1
        progress = rng.random()
        if progress < 0.2 and (today - registered).days < 10:
            continue  # still new: waiting for the officer's call
        if progress < 0.08:
            outreach.transition(
                registration=registration,
                user=officer,
                to_status=Registration.Status.DECLINED,
                reason="Chưa có điều kiện tham gia, hẹn liên hệ lại sau thu hoạch.",
            )
            continue
        method = rng.choice(["phone", "phone", "message"])
        outreach.log_contact(registration=registration, user=officer, method=method, note=FOLLOW_UP_NOTES[method])
        result.contacts += 1
        if progress < 0.4:
            continue
        outreach.log_contact(registration=registration, user=officer, method="visit", note=FOLLOW_UP_NOTES["visit"])
        result.contacts += 1
        registration.refresh_from_db()
        outreach.transition(registration=registration, user=officer, to_status=Registration.Status.ADVISED)
        if progress < 0.62:
            continue
        outreach.transition(
            registration=registration,
            user=officer,
            to_status=Registration.Status.ENROLLED,
            scheme=interest,
            enrolled_on=min(today, registered + datetime.timedelta(days=rng.randrange(5, 30))),
        )
        result.enrolled += 1
    # The demo's earlier registrations that were moved on without a word in the log get their first contact.
    followed = Registration.objects.filter(unit=commune, contacts__isnull=True, erased_at__isnull=True).exclude(
        status__in=[Registration.Status.NEW, Registration.Status.DECLINED]
    )
    for registration in followed:
        outreach.log_contact(registration=registration, user=officer, method="phone", note=FOLLOW_UP_NOTES["phone"])
        result.contacts += 1
