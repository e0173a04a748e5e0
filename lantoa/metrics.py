"""Indicators: what the agency counts, and how Lan Toả computes each one from its own data.

One vocabulary serves plans (targets), plan-versus-actual and periodic reports. An indicator
either has a *provider* (a function that computes it for a unit's subtree over a date range,
registered by the app that owns the data) or is entered by hand.

Apps register providers in a ``metrics.py`` module of their own, found by ``autodiscover()``::

    from lantoa.metrics import Indicator, provider

    @provider(Indicator.EVENTS_HELD)
    def events_held(unit, start, end):
        return Event.objects.filter(unit__path__startswith=unit.path, ...).count()

``start`` and ``end`` are dates, both included. A provider returns a number (int or Decimal).

A provider may also offer the same figure for many units at once (a roll-up of a province's communes),
computed in one grouped query instead of one query per unit; ``compute_many`` uses it when there is one::

    @batch(events_held)
    def events_held_many(units, start, end):
        return subtree_totals(units, Event.objects.filter(...), "commune__path")

The two must give the same figures (``lantoa/planning/tests/test_metrics.py`` checks every indicator).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal

from django.db import models
from django.db.models import Count, QuerySet
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class Indicator(models.TextChoices):
    ARTICLES_PUBLISHED = "articles_published", _("Số tin, bài đã đăng")
    DOCUMENTS_PUBLISHED = "documents_published", _("Số văn bản, tài liệu đã đăng")
    PORTAL_VISITS = "portal_visits", _("Lượt truy cập cổng thông tin")
    SOCIAL_POSTS = "social_posts", _("Số bài đăng mạng xã hội")
    SOCIAL_REACH = "social_reach", _("Lượt tiếp cận trên mạng xã hội")
    EVENTS_HELD = "events_held", _("Số hội nghị, sự kiện đã tổ chức")
    EVENT_ATTENDEES = "event_attendees", _("Số người tham dự sự kiện")
    REGISTRATIONS = "registrations", _("Số lượt đăng ký tư vấn")
    NEW_VOLUNTARY_SI = "new_voluntary_si", _("Số người tham gia BHXH tự nguyện mới")
    NEW_HOUSEHOLD_HI = "new_household_hi", _("Số người tham gia BHYT hộ gia đình mới")
    LOUDSPEAKER_BROADCASTS = "loudspeaker_broadcasts", _("Số buổi phát thanh trên loa truyền thanh")
    LEAFLETS_DISTRIBUTED = "leaflets_distributed", _("Số tờ rơi đã phát")
    MEDIA_PARTNERSHIPS = "media_partnerships", _("Số hợp đồng phối hợp với cơ quan báo chí")


Provider = Callable[[object, datetime.date, datetime.date], int | Decimal]
BatchProvider = Callable[[Sequence, datetime.date, datetime.date], dict[int, int | Decimal]]
_providers: dict[str, Provider] = {}
_discovered = False


def provider(code: Indicator | str) -> Callable[[Provider], Provider]:
    """Register the function that computes `code` for a unit's subtree over a date range."""

    def register(func: Provider) -> Provider:
        _providers[str(code)] = func
        return func

    return register


def autodiscover() -> None:
    global _discovered
    if not _discovered:
        autodiscover_modules("metrics")
        _discovered = True


def is_computable(code: Indicator | str) -> bool:
    autodiscover()
    return str(code) in _providers


def computable() -> list[str]:
    autodiscover()
    return [code for code in Indicator.values if code in _providers]


def compute(code: Indicator | str, unit, start: datetime.date, end: datetime.date) -> int | Decimal | None:
    """The value of `code` for `unit` and everything below it, `start`..`end` inclusive; None if entered by hand."""
    autodiscover()
    func = _providers.get(str(code))
    return None if func is None else func(unit, start, end)


def batch(single: Provider) -> Callable[[BatchProvider], BatchProvider]:
    """Register how `single`'s figure is computed for many units at once: func(units, start, end) -> {unit.pk: n}."""

    def register(func: BatchProvider) -> BatchProvider:
        single.many = func  # type: ignore[attr-defined]
        return func

    return register


def compute_many(
    code: Indicator | str, units: Iterable, start: datetime.date, end: datetime.date
) -> dict[int, int | Decimal | None]:
    """`compute` for each of `units` (by pk): one grouped query when the provider offers it, else one call per unit."""
    autodiscover()
    units = list(units)
    func = _providers.get(str(code))
    if func is None:
        return dict.fromkeys((unit.pk for unit in units), None)
    many = getattr(func, "many", None)
    if many is None or not units:
        return {unit.pk: func(unit, start, end) for unit in units}
    return many(units, start, end)


def common_path(units: Iterable) -> str:
    """The deepest unit path that every one of `units` lies in ("" when they share none)."""
    paths = [unit.path for unit in units]
    if not paths:
        return ""
    segments = paths[0].split("/")[:-1]
    for path in paths[1:]:
        other = path.split("/")[:-1]
        n = 0
        while n < min(len(segments), len(other)) and segments[n] == other[n]:
            n += 1
        segments = segments[:n]
    return "".join(f"{segment}/" for segment in segments)


def holders(units: Iterable) -> Callable[[str], list[int]]:
    """A function giving, for a unit path, the pks of those of `units` whose subtree holds it (itself and above)."""
    index = {unit.path: unit.pk for unit in units}

    def of(path: str) -> list[int]:
        found = []
        end = path.find("/")
        while end != -1:  # "VSS/01/00070/" lies in VSS/, VSS/01/ and VSS/01/00070/
            pk = index.get(path[: end + 1])
            if pk is not None:
                found.append(pk)
            end = path.find("/", end + 1)
        return found

    return of


def by_subtree(units: Iterable, rows: Iterable[tuple[str, int | Decimal | None]]) -> dict[int, int | Decimal]:
    """Add up (path, value) rows into each unit whose subtree holds the path (a unit counts itself and below)."""
    units = list(units)
    of = holders(units)
    totals: dict[int, int | Decimal] = dict.fromkeys((unit.pk for unit in units), 0)
    for path, value in rows:
        if value and path:
            for pk in of(path):
                totals[pk] += value
    return totals


def subtree_totals(units: Iterable, queryset: QuerySet, path_field: str, value=None) -> dict[int, int | Decimal]:
    """For each unit, `value` (an aggregate; default the number of rows) over the rows of `queryset` whose
    `path_field` lies in the unit's subtree: one query grouped by path, whatever the number of units."""
    units = list(units)
    prefix = common_path(units)
    if prefix:
        queryset = queryset.filter(**{f"{path_field}__startswith": prefix})
    rows = (
        queryset.order_by()
        .values(path_field)
        .annotate(figure=value if value is not None else Count("pk"))
        .values_list(path_field, "figure")
    )
    return by_subtree(units, rows)
