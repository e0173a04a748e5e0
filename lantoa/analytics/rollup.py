"""How a day's raw events become figures: visits split on 30 minutes of silence, per scope and dimension.

A visit also ends where the reader arrives again from outside the portal by another way than the visit's own
(a Facebook post's link followed while reading, a new search): that arrival opens a visit of its own, so a
post is credited with the visits it brings (the rule of the common web analytics tools). Coming back directly or
through the portal's own links does not.

Time on a page is the gap to the next pageview of the visit; where there is none (the last page of a visit, a
one-page visit) it is the seconds the page's engagement ping reported, when one came.

Pure functions over plain tuples, shared by every store backend, so all of them count the same way.
"""

from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import groupby

from lantoa.units.models import Unit

VISIT_GAP_SECONDS = 30 * 60
# Time on a page is the time to the next pageview of the visit, capped: a tab left open is not reading.
MAX_TIME_ON_PAGE_SECONDS = 30 * 60
CENTRE_PATH = f"{Unit.CENTRE_CODE}/"

DIMENSIONS = (
    "total",
    "page",
    "source",
    "source_kind",
    "campaign",
    "device",
    "content_type",
    "unit",
    "policy_area",
    "target_group",
    "language",
)

# Dimensions whose keys are whatever a link or a referrer says (utm_source, a referring host, utm_campaign): anyone
# can make up new ones, so a day keeps a bounded number per scope (`cap_keys`) and merges the rest as "other".
CAPPED_DIMENSIONS = ("source", "campaign")
OTHER = "~other"
_FIGURES = ("visits", "visitors", "pageviews", "bounces", "duration_total", "duration_count")

# The columns the rollup reads, in this order, sorted by (visitor, occurred_at).
EVENT_COLUMNS = (
    "visitor",
    "occurred_at",
    "path",
    "page_title",
    "content_type",
    "unit_path",
    "policy_areas",
    "target_groups",
    "language",
    "source_kind",
    "source",
    "utm_campaign",
    "device",
)
# The columns of an engagement ping the rollup reads, in this order.
ENGAGEMENT_COLUMNS = ("visitor", "occurred_at", "path", "seconds")


@dataclass
class StatRow:
    day: date
    scope: str
    dimension: str
    key: str
    label: str = ""
    visits: int = 0
    visitors: int = 0
    pageviews: int = 0
    bounces: int = 0
    duration_total: int = 0
    duration_count: int = 0


@dataclass
class _Acc:
    label: str = ""
    visits: int = 0
    visitors: int = 0
    pageviews: int = 0
    bounces: int = 0
    duration_total: int = 0
    duration_count: int = 0
    seen_by: str = field(default="", repr=False)


def ancestor_paths(unit_path: str) -> list[str]:
    """The path of the unit and of every unit above it (an event without a unit counts for the centre)."""
    return Unit.path_prefixes(unit_path or CENTRE_PATH)


def _bar_list(value: str) -> list[str]:
    return [item for item in value.split("|") if item]


def _keys(event: tuple, visit_source: tuple[str, str, str]) -> list[tuple[str, str, str]]:
    """(dimension, key, label) of one event; source, campaign and device are the visit's."""
    (_v, _t, path, title, content_type, unit_path, policy, target, language, _k, _s, _c, device) = event
    kind, source, campaign = visit_source
    keys = [
        ("total", "", ""),
        ("page", path, title),
        ("source", f"{kind}:{source}", ""),
        ("source_kind", kind, ""),
        ("device", device, ""),
        ("content_type", content_type or "other", ""),
        ("unit", unit_path or CENTRE_PATH, ""),
        ("language", language, ""),
    ]
    if campaign:
        keys.append(("campaign", campaign, ""))
    keys += [("policy_area", slug, "") for slug in _bar_list(policy)]
    keys += [("target_group", slug, "") for slug in _bar_list(target)]
    return keys


def _arrival(event: tuple) -> tuple[str, str, str] | None:
    """Where a pageview arrived from when that is outside the portal (search, social, referral, campaign)."""
    kind = event[9]
    return None if kind in ("direct", "internal") else (kind, event[10], event[11])


def arrivals(events: list[tuple]) -> set[int]:
    """id() of one visitor's events (sorted by time) that open a visit by arriving from a new outside source: not
    after 30 minutes of silence, but from another source than the last outside arrival since the silence, or
    from one after a start without any."""
    opened: set[int] = set()
    previous = None
    last: tuple[str, str, str] | None = None
    for event in events:
        if previous is None or (event[1] - previous[1]).total_seconds() > VISIT_GAP_SECONDS:
            last = _arrival(event)
        else:
            source = _arrival(event)
            if source is not None and source != last:
                opened.add(id(event))
                last = source
        previous = event
    return opened


def _visits(events: list[tuple], opened: set[int]) -> Iterator[list[tuple]]:
    visit: list[tuple] = []
    for event in events:
        if visit and ((event[1] - visit[-1][1]).total_seconds() > VISIT_GAP_SECONDS or id(event) in opened):
            yield visit
            visit = []
        visit.append(event)
    if visit:
        yield visit


def _visit_source(entry: tuple) -> tuple[str, str, str]:
    kind, source, campaign = entry[9], entry[10], entry[11]
    # A visit that starts on an internal link (a tab reopened after 30 minutes) came back directly.
    return ("direct", "", "") if kind == "internal" else (kind, source, campaign)


def engaged_seconds(events: list[tuple], pings: Iterable[tuple]) -> dict[int, int]:
    """Seconds of engagement by id() of one visitor's events (sorted by time), from its pings (ENGAGEMENT_COLUMNS).

    A ping belongs to the latest pageview of its path at or before it (the last of a tie); it never counts for more
    than the time between the two (+1 s for rounding) nor the cap; a second ping for the same pageview does not
    add to the first, the larger one counts.
    """
    by_path: dict[str, list[tuple]] = {}
    for event in events:
        by_path.setdefault(event[2], []).append(event)
    engaged: dict[int, int] = {}
    for _visitor, at, path, seconds in pings:
        views = by_path.get(path)
        if not views:
            continue
        index = bisect_right(views, at, key=lambda event: event[1]) - 1
        if index < 0:
            continue  # no pageview of that path before the ping (its beacon was refused or lost)
        view = views[index]
        elapsed = int((at - view[1]).total_seconds()) + 1
        seconds = min(seconds, elapsed, MAX_TIME_ON_PAGE_SECONDS)
        engaged[id(view)] = max(engaged.get(id(view), 0), seconds)
    return engaged


def unique_pageviews(events: Iterable[tuple]) -> list[tuple]:
    """One visitor's pageviews with each stored twice counted once: a copy identical in every field (time to the
    millisecond, path, unit, source, …) is the same pageview written again (a batch retried after a timeout, a
    replayed import). Two pageviews that differ in anything stay two. Pings need no such care: the larger counts."""
    return list(dict.fromkeys(events))


def rollup_events(day: date, events: Iterable[tuple], engagements: Iterable[tuple] = ()) -> list[StatRow]:
    """Figures of `day` from its events (tuples of EVENT_COLUMNS sorted by visitor then time) and its engagement
    pings (tuples of ENGAGEMENT_COLUMNS, in any order)."""
    pings: dict[str, list[tuple]] = {}
    for ping in engagements:
        pings.setdefault(ping[0], []).append(ping)
    acc: dict[tuple[str, str, str], _Acc] = {}
    for visitor, visitor_events in groupby(events, key=lambda event: event[0]):
        visitor_events = unique_pageviews(visitor_events)
        engaged = engaged_seconds(visitor_events, pings.get(visitor, ()))
        # A visit's source is that of its first pageview on the whole portal; a province's dashboard keeps it
        # even when the visit reached the province's content on its second page.
        inherited: dict[int, tuple[str, str, str]] = {}
        opened = arrivals(visitor_events)
        for visit in _visits(visitor_events, opened):
            source = _visit_source(visit[0])
            for event in visit:
                inherited[id(event)] = source
        by_scope: dict[str, list[tuple]] = {}
        for event in visitor_events:
            for scope in ancestor_paths(event[5]):
                by_scope.setdefault(scope, []).append(event)
        for scope, scoped in by_scope.items():
            for visit in _visits(scoped, opened):
                source = inherited[id(visit[0])]
                for index, event in enumerate(visit):
                    if index + 1 < len(visit):
                        gap = (visit[index + 1][1] - event[1]).total_seconds()
                        duration = int(min(max(gap, 0), MAX_TIME_ON_PAGE_SECONDS))
                    else:
                        duration = engaged.get(id(event))
                    for dimension, key, label in _keys(event, source):
                        item = acc.get((scope, dimension, key))
                        if item is None:
                            item = acc[(scope, dimension, key)] = _Acc()
                        if label:
                            item.label = label
                        item.pageviews += 1
                        if item.seen_by != visitor:
                            item.seen_by = visitor
                            item.visitors += 1
                        if duration is not None:
                            item.duration_total += duration
                            item.duration_count += 1
                        if index == 0:
                            item.visits += 1
                            if len(visit) == 1:
                                item.bounces += 1
    return [
        StatRow(
            day=day,
            scope=scope,
            dimension=dimension,
            key=key,
            label=item.label[:255],
            visits=item.visits,
            visitors=item.visitors,
            pageviews=item.pageviews,
            bounces=item.bounces,
            duration_total=item.duration_total,
            duration_count=item.duration_count,
        )
        for (scope, dimension, key), item in acc.items()
    ]


def _other_key(dimension: str, key: str) -> str:
    # A source keeps its kind (search, social, referral, campaign): "referral:~other".
    return f"{key.partition(':')[0]}:{OTHER}" if dimension == "source" else OTHER


def cap_keys(rows: Iterable[StatRow], limit: int) -> list[StatRow]:
    """At most `limit` keys per scope and day in each of CAPPED_DIMENSIONS, the most viewed; the rest merged into
    an "other" row (one per source kind). Visits, pageviews, bounces and durations add up exactly; the merged
    row's visitors are the sum of its rows' (a visitor of two merged sources counts twice), an upper bound."""
    kept: list[StatRow] = []
    groups: dict[tuple[str, str], list[StatRow]] = {}
    for row in rows:
        if row.dimension in CAPPED_DIMENSIONS:
            groups.setdefault((row.scope, row.dimension), []).append(row)
        else:
            kept.append(row)
    for (_scope, dimension), group in groups.items():
        if len(group) <= limit:
            kept.extend(group)
            continue
        group.sort(key=lambda row: (-row.pageviews, -row.visitors, row.key))
        by_key = {row.key: row for row in group[:limit]}
        for row in group[limit:]:
            key = _other_key(dimension, row.key)
            other = by_key.get(key)
            if other is None:
                other = by_key[key] = StatRow(day=row.day, scope=row.scope, dimension=dimension, key=key)
            for name in _FIGURES:
                setattr(other, name, getattr(other, name) + getattr(row, name))
        kept.extend(by_key.values())
    return kept


def as_tuple(event, columns: tuple[str, ...] = EVENT_COLUMNS) -> tuple:
    """An Event (or an Engagement with ENGAGEMENT_COLUMNS) as the tuple `rollup_events` reads."""
    return tuple(getattr(event, column) for column in columns)


def sort_key(event: tuple) -> tuple[str, datetime]:
    return event[0], event[1]
