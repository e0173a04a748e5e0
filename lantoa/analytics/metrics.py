"""Indicators computed from analytics: portal visits to the content of a unit's subtree, from the rollups."""

from django.db.models import Sum

from lantoa.metrics import Indicator, batch, over_ranges, provider

from .models import DailyStat, HistoricalTotal
from .selectors import _historical
from .store import DjangoStore, StatsQuery, get_store


@provider(Indicator.PORTAL_VISITS)
def portal_visits(unit, start, end) -> int:
    # A rollup row's scope is a unit path and counts that unit's subtree; imported history fills days without rows,
    # as on the dashboard.
    result = get_store().aggregate(StatsQuery(start=start, end=end, scopes=[unit.path]))
    return result.totals.visits + _historical([unit.path], start, end, result.days_with_data).visits


@batch(portal_visits)
def portal_visits_many(units, start, end):
    # The same from the embedded store's daily rows for every unit at once: one grouped query, plus two when
    # history was imported for some of the units (which days the rollups cover, and the imported rows).
    if not isinstance(get_store(), DjangoStore):
        return {unit.pk: portal_visits(unit, start, end) for unit in units}
    pk_of = {unit.path: unit.pk for unit in units}
    totals = dict.fromkeys(pk_of.values(), 0)
    days = DailyStat.objects.filter(scope__in=pk_of, dimension="total", day__range=(start, end)).order_by()
    for scope, visits in days.values("scope").annotate(visits=Sum("visits")).values_list("scope", "visits"):
        totals[pk_of[scope]] += visits or 0
    history: dict[str, list[HistoricalTotal]] = {}
    for row in HistoricalTotal.objects.filter(unit__path__in=pk_of, year__range=(start.year, end.year)).select_related(
        "unit"
    ):
        history.setdefault(row.unit.path, []).append(row)
    if history:
        covered: dict[str, set] = {path: set() for path in history}
        for scope, day in days.filter(scope__in=history).values_list("scope", "day").distinct():
            covered[scope].add(day)
        for path, rows in history.items():
            totals[pk_of[path]] += _historical([path], start, end, covered[path], totals=rows).visits
    return totals


@over_ranges(portal_visits)
def portal_visits_ranges(unit, ranges):
    # The same over several periods: the embedded store's daily totals over the span of the periods in one query,
    # the imported history in one more, each period taking its days (and the history its rollups do not cover).
    if not isinstance(get_store(), DjangoStore):
        return [portal_visits(unit, start, end) for start, end in ranges]
    first, last = min(start for start, _end in ranges), max(end for _start, end in ranges)
    days = dict(
        DailyStat.objects.filter(scope=unit.path, dimension="total", day__range=(first, last))
        .order_by()
        .values("day")
        .annotate(visits=Sum("visits"))
        .values_list("day", "visits")
    )
    history = list(HistoricalTotal.objects.filter(unit__path=unit.path, year__range=(first.year, last.year)))
    result = []
    for start, end in ranges:
        covered = {day for day in days if start <= day <= end}
        visits = sum(days[day] or 0 for day in covered)
        if history:
            visits += _historical([unit.path], start, end, covered, totals=history).visits
        result.append(visits)
    return result
