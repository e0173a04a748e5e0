"""Demo loudspeaker bulletins: a published bulletin for each commune whose 2026 plan has loudspeaker broadcasts
done (Phường Cửa Nam, Phường Hoàn Kiếm, Phường Sa Pa), read from two published articles of the commune (or of its
province), and the broadcasts the commune logged of it: as many as the plan's activity says were given, spread
over the activity's dates. The loudspeaker broadcasts indicator counts this log (lantoa/bulletins/metrics.py), so
the reports and plan versus actual show what the activities recorded.

Everything goes through the bulletins services, as staff would do it, and is looked up before it is created: a
second run creates nothing. Publishing a bulletin asks for its synthetic draft voice; the task worker produces it,
not the loader.
"""

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from wagtail.models import Page

from lantoa.bulletins import services as bulletins
from lantoa.bulletins.models import Broadcast, BulletinItem, BulletinPage
from lantoa.content.models import ArticlePage, UnitPage
from lantoa.content.services import publish
from lantoa.units.models import Unit

from .plan_data import ACTIVITIES, YEAR, K, PlannedActivity, S

SLUG = f"ban-tin-bhxh-bhyt-quy-iii-{YEAR}"
ITEMS = 2
# Who logs a commune's broadcasts (its own staff, else its province's), how many loudspeaker clusters play, where.
LOGGED_BY = {"00070": "hoankiem.tacgia", "00073": "hanoi.tacgia", "03006": "sapa.tacgia"}
CLUSTERS = {"00070": (6, "Các tổ dân phố 1–18"), "00073": (4, "Các tổ dân phố 1–12"), "03006": (5, "Các tổ dân phố")}
# The two broadcast times of the day, morning and afternoon, in turn.
TIMES = (datetime.time(6, 30), datetime.time(17, 0))


@dataclass
class BulletinsResult:
    bulletins: int = 0
    broadcasts: int = 0


def _place(unit: Unit) -> str:
    kind, _sep, rest = unit.name.partition(" ")
    return f"{kind.lower()} {rest}"


def _loudspeaker_activities() -> list[PlannedActivity]:
    """The demo plans' loudspeaker activities carried out by a commune, with how many broadcasts they gave."""
    return [item for item in ACTIVITIES if item.kind == K.LOUDSPEAKER and item.status == S.DONE and item.quantity]


def _sources(unit: Unit, areas: tuple[str, ...]) -> list[ArticlePage]:
    """Two published Vietnamese articles to read: the commune's own first (those of the activity's policy areas
    before the others), then its province's."""
    chosen: list[int] = []
    for owner in (unit, unit.parent):
        live = ArticlePage.objects.live().filter(unit=owner, locale__language_code="vi")
        tagged = set(live.filter(policy_areas__slug__in=areas).values_list("pk", flat=True))
        pks = sorted(live.values_list("pk", flat=True), key=lambda pk: (pk not in tagged, pk))
        chosen += pks[: ITEMS - len(chosen)]
        if len(chosen) == ITEMS:
            break
    pages = ArticlePage.objects.in_bulk(chosen)
    return [pages[pk] for pk in chosen]


def _bulletin(unit: Unit, item: PlannedActivity, result: BulletinsResult) -> BulletinPage | None:
    parent = UnitPage.objects.filter(unit=unit, locale__language_code="vi").first()
    if parent is None:
        return None
    existing = parent.get_children().filter(slug=SLUG).first()
    if existing is not None:
        return existing.specific
    sources = _sources(unit, item.areas)
    if not sources:
        return None
    place = _place(unit)
    page = BulletinPage(
        title=f"Bản tin BHXH, BHYT quý III/{YEAR} – {unit.name}",
        slug=SLUG,
        date=item.starts_on,
        summary=f"Bản tin phát trên loa truyền thanh {place}: {item.description}",
        intro=f"Thưa toàn thể bà con nhân dân {place}, sau đây là bản tin bảo hiểm xã hội, bảo hiểm y tế.",
        outro=(
            "Bà con cần tìm hiểu thêm xin liên hệ cán bộ bảo hiểm xã hội tại trụ sở Ủy ban nhân dân "
            f"{place}. Cảm ơn bà con đã lắng nghe."
        ),
    )
    # No script typed: the page fills each item's script from its article, written as it is read.
    page.items = [BulletinItem(source=source, sort_order=n) for n, source in enumerate(sources)]
    page = parent.add_child(instance=page)
    page = publish(page)
    # Demo content reads as published on its own date.
    moment = timezone.make_aware(datetime.datetime.combine(item.starts_on, datetime.time(7, 0)))
    Page.objects.filter(pk=page.pk).update(first_published_at=moment, last_published_at=moment)
    result.bulletins += 1
    return page.specific


def _played(item: PlannedActivity) -> list[datetime.datetime]:
    """`item.quantity` moments spread evenly over the activity's days, morning and afternoon in turn."""
    days = (item.ends_on - item.starts_on).days + 1
    moments = []
    for n in range(item.quantity):
        day = item.starts_on + datetime.timedelta(days=n * days // item.quantity)
        moments.append(timezone.make_aware(datetime.datetime.combine(day, TIMES[n % len(TIMES)])))
    return moments


def _log(bulletin: BulletinPage, unit: Unit, item: PlannedActivity, result: BulletinsResult) -> None:
    logged = set(Broadcast.objects.filter(bulletin=bulletin, unit=unit).values_list("played_at", flat=True))
    officer = get_user_model().objects.filter(username=LOGGED_BY.get(unit.code, "")).first()
    clusters, villages = CLUSTERS.get(unit.code, (1, ""))
    note = "Phát thanh viên đọc bằng tiếng Mông." if "hmn" in item.languages else ""
    now = timezone.now()
    for played_at in _played(item):
        if played_at in logged or played_at > now:  # logged before, or not played yet
            continue
        data = bulletins.BroadcastInput(played_at=played_at, clusters=clusters, villages=villages, note=note)
        _broadcast, created = bulletins.log_broadcast(bulletin=bulletin, unit=unit, data=data, user=officer)
        result.broadcasts += created


def load_bulletins() -> BulletinsResult:
    """The demo communes' bulletins and the broadcasts they logged; idempotent."""
    result = BulletinsResult()
    with transaction.atomic():
        for item in _loudspeaker_activities():
            unit = Unit.objects.select_related("parent").filter(level=Unit.Level.COMMUNE, code=item.responsible).first()
            bulletin = _bulletin(unit, item, result) if unit is not None else None
            if bulletin is not None:
                _log(bulletin, unit, item, result)
    return result
