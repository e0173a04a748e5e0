"""Reads of analytics: the figures a user may see (scoped by unit), compared with earlier periods, labelled."""

import calendar
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lantoa.taxonomy.models import PolicyArea, TargetGroup
from lantoa.units.models import Unit
from lantoa.units.roles import Action
from lantoa.units.selectors import scope_paths

from .models import CollectionCount, HistoricalTotal
from .rollup import CENTRE_PATH, OTHER
from .store import Aggregate, Figures, Row, StatsQuery, get_store

MAX_PERIOD_DAYS = 3 * 366
BREAKDOWNS = {
    "page": gettext_lazy("Nội dung xem nhiều"),
    "source": gettext_lazy("Nguồn truy cập"),
    "source_kind": gettext_lazy("Loại nguồn"),
    "campaign": gettext_lazy("Chiến dịch (utm_campaign)"),
    "device": gettext_lazy("Thiết bị"),
    "policy_area": gettext_lazy("Lĩnh vực chính sách"),
    "target_group": gettext_lazy("Nhóm đối tượng"),
    "unit": gettext_lazy("Đơn vị"),
    "language": gettext_lazy("Ngôn ngữ"),
    "content_type": gettext_lazy("Loại nội dung"),
}
SOURCE_KINDS = {
    "search": gettext_lazy("Công cụ tìm kiếm"),
    "social": gettext_lazy("Mạng xã hội"),
    "referral": gettext_lazy("Trang web khác"),
    "campaign": gettext_lazy("Chiến dịch"),
    "direct": gettext_lazy("Truy cập trực tiếp"),
    "internal": gettext_lazy("Trong cổng"),
}
DEVICES = {
    "mobile": gettext_lazy("Điện thoại"),
    "tablet": gettext_lazy("Máy tính bảng"),
    "desktop": gettext_lazy("Máy tính"),
}


def analytics_scopes(user) -> list[str]:
    """Unit paths whose figures `user` may read: the centre's (everything) for the centre, else their units'."""
    paths = scope_paths(user, Action.VIEW)
    if paths is None:
        return [CENTRE_PATH]
    return list(paths)


def sees_everything(user) -> bool:
    return analytics_scopes(user) == [CENTRE_PATH]


def can_view_analytics(user) -> bool:
    return bool(analytics_scopes(user))


def _shift_year(day: date, years: int) -> date:
    year = day.year + years
    return day.replace(year=year, day=min(day.day, calendar.monthrange(year, day.month)[1]))


def previous_period(start: date, end: date) -> tuple[date, date]:
    length = (end - start).days + 1
    return start - timedelta(days=length), start - timedelta(days=1)


def year_before(start: date, end: date) -> tuple[date, date]:
    return _shift_year(start, -1), _shift_year(end, -1)


def _historical(scopes: list[str], start: date, end: date, covered: set[date], totals=None) -> Figures:
    """Imported totals of periods that lie wholly in [start, end] and that the rollups do not cover.

    `totals`: the scopes' HistoricalTotal rows when the caller has read them already (for many units at once)."""
    figures = Figures()
    if totals is None:
        totals = HistoricalTotal.objects.filter(unit__path__in=scopes, year__range=(start.year, end.year))
    months_used: set[tuple[int, int]] = set()
    for total in sorted(totals, key=lambda t: t.month is None):
        if total.month:
            first = date(total.year, total.month, 1)
            last = date(total.year, total.month, calendar.monthrange(total.year, total.month)[1])
        else:
            first, last = date(total.year, 1, 1), date(total.year, 12, 31)
            if (total.unit_id, total.year) in months_used:
                continue
        if first < start or last > end or any(first <= day <= last for day in covered):
            continue
        if total.month:
            months_used.add((total.unit_id, total.year))
        figures = figures + Figures(visits=total.visits, visitors=total.visitors or 0, pageviews=total.pageviews or 0)
    return figures


def figures(user, *, start: date, end: date, dimension: str = "total", limit: int = 50) -> Aggregate:
    """Totals, daily series and (for a dimension) its top rows, for what `user` may see, imported history included."""
    scopes = analytics_scopes(user)
    if not scopes:
        return Aggregate(totals=Figures(), series=[], rows=[])
    result = get_store().aggregate(StatsQuery(start=start, end=end, scopes=scopes, dimension=dimension, limit=limit))
    result.totals = result.totals + _historical(scopes, start, end, result.days_with_data)
    return result


def ratio(current: int | float | None, earlier: int | float | None) -> float | None:
    if not current or not earlier:
        return None
    return current / earlier


@dataclass
class Comparison:
    start: date
    end: date
    current: Aggregate
    previous: Aggregate
    year_before: Aggregate
    ratios: dict[str, dict[str, float | None]] = field(default_factory=dict)


METRIC_NAMES = ("visits", "visitors", "pageviews", "bounce_rate", "time_on_page")


def comparison(user, *, start: date, end: date) -> Comparison:
    """The period's figures next to the previous period's and those of the same dates a year before."""
    previous = previous_period(start, end)
    before = year_before(start, end)
    result = Comparison(
        start=start,
        end=end,
        current=figures(user, start=start, end=end),
        previous=figures(user, start=previous[0], end=previous[1]),
        year_before=figures(user, start=before[0], end=before[1]),
    )
    for name, earlier in (("previous", result.previous), ("year_before", result.year_before)):
        result.ratios[name] = {
            metric: ratio(getattr(result.current.totals, metric), getattr(earlier.totals, metric))
            for metric in METRIC_NAMES
        }
    return result


def labels(dimension: str, keys: list[str]) -> dict[str, str]:
    """Readable Vietnamese names for the keys of a dimension (unit paths, slugs, codes)."""
    if dimension == "source":
        out = {}
        for key in keys:
            kind, _sep, name = key.partition(":")
            name = _("khác") if name == OTHER else name
            out[key] = f"{SOURCE_KINDS.get(kind, kind)} · {name}" if name else str(SOURCE_KINDS.get(kind, kind))
        return out
    if dimension == "campaign":
        return {OTHER: _("Khác")} if OTHER in keys else {}
    if dimension == "source_kind":
        return {key: str(SOURCE_KINDS.get(key, key)) for key in keys}
    if dimension == "device":
        return {key: str(DEVICES.get(key, key)) for key in keys}
    if dimension == "unit":
        names = {unit.path: str(unit) for unit in Unit.objects.filter(path__in=keys)}
        return {key: names.get(key, key) for key in keys}
    if dimension in ("policy_area", "target_group"):
        model = PolicyArea if dimension == "policy_area" else TargetGroup
        names = {term.slug: term.localized_name for term in model.objects.filter(slug__in=keys)}
        return {key: names.get(key, key) for key in keys}
    if dimension == "language":
        languages = dict(settings.LANGUAGES)
        return {key: str(languages.get(key, key)) for key in keys}
    if dimension == "content_type":
        from wagtail.models import get_page_models

        names = {model._meta.model_name: str(model._meta.verbose_name) for model in get_page_models()}
        names["other"] = _("Trang khác")
        return {key: names.get(key, key) for key in keys}
    return {}


def breakdown(user, *, start: date, end: date, dimension: str, limit: int = 50) -> list[Row]:
    """The top rows of one dimension for the period, labelled, for what `user` may see."""
    scopes = analytics_scopes(user)
    if not scopes:
        return []
    query = StatsQuery(start=start, end=end, scopes=scopes, dimension=dimension, limit=limit, totals=False)
    rows = get_store().aggregate(query).rows
    names = labels(dimension, [row.key for row in rows])
    for row in rows:
        row.label = row.label or names.get(row.key, row.key)
    return rows


def collection_health(*, start: date, end: date) -> dict[str, int]:
    """How many beacons were accepted, dropped or refused, by reason (not personal: no scope needed beyond staff)."""
    counts: dict[str, int] = {}
    for reason, count in CollectionCount.objects.filter(day__range=(start, end)).values_list("reason", "count"):
        counts[reason] = counts.get(reason, 0) + count
    return counts


# Beacons and events left out of the figures: machines, bursts, replays, malformed ones, days outside the window.
DISCARDED_REASONS = ("bot", "flood", "burst", "replay", "malformed", "oversized", "foreign_site", "outside_window")


def discarded_beacons(*, start: date, end: date) -> dict:
    """What bot and burst detection left out of the period's figures, on the whole portal: the total, by reason,
    and the beacons counted as one visitor because their address was past its budget of new visitors."""
    health = collection_health(start=start, end=end)
    by_reason = {reason: health[reason] for reason in DISCARDED_REASONS if health.get(reason)}
    return {"total": sum(by_reason.values()), "by_reason": by_reason, "merged": health.get("visitor_budget", 0)}
