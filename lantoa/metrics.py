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

And for one unit over several periods at once (a dashboard's comparison, a year's bars), in one query;
``compute_ranges`` uses it when there is one::

    @over_ranges(events_held)
    def events_held_ranges(unit, ranges):
        return range_totals(_held_in, unit, ranges, "starts_at", "commune__path")

Figures counted from the same rows (a count and a sum, counts by kind) may be read together over several periods,
one query for all of them; ``compute_ranges_of`` uses it when a dashboard wants more than one::

    @over_ranges_together(events_held, event_attendees)
    def events_ranges(unit, ranges):
        values = {Indicator.EVENTS_HELD: Count("pk"), Indicator.EVENT_ATTENDEES: Sum("actual_attendees")}
        return ranges_totals(_held_in, unit, ranges, "starts_at", "commune__path", values)

The forms must give the same figures (``lantoa/planning/tests/test_metrics.py`` checks every indicator).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import models
from django.db.models import Case, Count, Q, QuerySet, Value, When
from django.utils import timezone
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
    REGISTRANTS_ENROLLED_VOLUNTARY_SI = (
        "registrants_enrolled_vsi",
        _("Số người đăng ký tư vấn trong kỳ đã tham gia BHXH tự nguyện"),
    )
    NEW_VOLUNTARY_SI = "new_voluntary_si", _("Số người tham gia BHXH tự nguyện mới")
    NEW_HOUSEHOLD_HI = "new_household_hi", _("Số người tham gia BHYT hộ gia đình mới")
    NEW_VOLUNTARY_SI_LISTED = (
        "new_voluntary_si_listed",
        _("Số người tham gia BHXH tự nguyện mới (theo danh sách người tham gia)"),
    )
    NEW_HOUSEHOLD_HI_LISTED = (
        "new_household_hi_listed",
        _("Số người tham gia BHYT hộ gia đình mới (theo danh sách người tham gia)"),
    )
    REGISTRANTS_ENROLLED_VERIFIED = (
        "registrants_enrolled_verified",
        _("Số người đăng ký tư vấn trong kỳ đã tham gia (đối chiếu danh sách người tham gia)"),
    )
    LOUDSPEAKER_BROADCASTS = "loudspeaker_broadcasts", _("Số buổi phát thanh trên loa truyền thanh")
    LEAFLETS_DISTRIBUTED = "leaflets_distributed", _("Số tờ rơi đã phát")
    MEDIA_PARTNERSHIPS = "media_partnerships", _("Số hợp đồng phối hợp với cơ quan báo chí")


@dataclass(frozen=True)
class Definition:
    """What an indicator counts and by which rules: the one description every screen, export and API follows.

    `docs/indicators.md` is generated from these (``manage.py indicators_doc``), so it cannot drift.
    """

    code: str
    counted: str  # what one unit of the figure is
    date: str  # which date puts an item in a period (local dates, Asia/Ho_Chi_Minh)
    unit: str  # which unit an item belongs to
    owner: str  # the app whose metrics.py computes it, or "entered" (typed by staff in reports)
    includes_below: bool = True  # a unit's figure counts its own items and those of every unit below it
    additive: bool = True  # the figures of a unit's children add up to the unit's (less its own items)
    numerator: str = ""  # a ratio: numerator / denominator x scale, both over the same cohort
    denominator: str = ""
    scale: int = 1
    cohort: str = ""  # how the numerator is drawn from the denominator, so a share stays within 0-100 %

    @property
    def is_ratio(self) -> bool:
        return bool(self.numerator)


_LOCAL = "in local time (Asia/Ho_Chi_Minh)"
_PAGE_UNIT = "the unit the page sits under in the page tree (moving the page moves its figures)"
_EVENT_UNIT = "the commune where the event is held (whoever organised it)"
_REG_UNIT = "the registrant's commune"
_LISTED_UNIT = "the commune in the participant list"
_ACTIVITY = "the quantity recorded on the plan's activities marked done"

DEFINITIONS: dict[str, Definition] = {
    str(d.code): d
    for d in [
        Definition(
            Indicator.ARTICLES_PUBLISHED,
            "an article or news item, counted once with all its translations",
            f"the first publication of any language version, {_LOCAL}",
            _PAGE_UNIT,
            "content",
        ),
        Definition(
            Indicator.DOCUMENTS_PUBLISHED,
            "a legal or policy document page, counted once with all its translations",
            f"the first publication of any language version, {_LOCAL}",
            _PAGE_UNIT,
            "content",
        ),
        Definition(
            Indicator.PORTAL_VISITS,
            "a visit to the pages of the unit's subtree (a visitor's pageviews less than 30 minutes apart)",
            f"the day of the visit, {_LOCAL}",
            "the unit each visited page sits under; a visit counts once in every unit whose pages it touched",
            "analytics",
            additive=False,
        ),
        Definition(
            Indicator.SOCIAL_POSTS,
            "a post published on a social platform (Facebook, Zalo, YouTube, TikTok) by a unit's channel account",
            f"the day the platform accepted the post, {_LOCAL}",
            "the unit that owns the channel account",
            "channels",
        ),
        Definition(
            Indicator.SOCIAL_REACH,
            "people reached by the unit's social posts, as the platform last reported them",
            f"the day the post was published, {_LOCAL}",
            "the unit that owns the channel account",
            "channels",
        ),
        Definition(
            Indicator.EVENTS_HELD,
            "an event (conference, dialogue, kick-off) that has started, not cancelled",
            f"the day the event starts, {_LOCAL}",
            _EVENT_UNIT,
            "outreach",
        ),
        Definition(
            Indicator.EVENT_ATTENDEES,
            "a person who attended an event (the attendance the organiser recorded)",
            f"the day the event starts, {_LOCAL}",
            _EVENT_UNIT,
            "outreach",
        ),
        Definition(
            Indicator.REGISTRATIONS,
            "a registration of interest (one per person and interest: a repeat counts once; an erased one still "
            "counts)",
            f"the day of the first registration, {_LOCAL}",
            _REG_UNIT,
            "outreach",
        ),
        Definition(
            Indicator.REGISTRANTS_ENROLLED_VOLUNTARY_SI,
            "a registration of interest made in the period whose person has since joined voluntary social insurance",
            f"the day of the registration (not of the enrolment), {_LOCAL}",
            _REG_UNIT,
            "outreach",
        ),
        Definition(
            Indicator.NEW_VOLUNTARY_SI,
            "a person followed up from a registration of interest and marked enrolled in voluntary social insurance",
            "the enrolment date the commune officer recorded",
            _REG_UNIT,
            "outreach",
        ),
        Definition(
            Indicator.NEW_HOUSEHOLD_HI,
            "a person followed up from a registration of interest and marked enrolled in household health insurance",
            "the enrolment date the commune officer recorded",
            _REG_UNIT,
            "outreach",
        ),
        Definition(
            Indicator.NEW_VOLUNTARY_SI_LISTED,
            "a new participant in voluntary social insurance in the participant lists imported from the agency's "
            "participant management system (one per person, scheme and start date)",
            "the start date in the list",
            _LISTED_UNIT,
            "attribution",
        ),
        Definition(
            Indicator.NEW_HOUSEHOLD_HI_LISTED,
            "a new participant in household health insurance in the participant lists imported from the agency's "
            "participant management system (one per person, scheme and start date)",
            "the start date in the list",
            _LISTED_UNIT,
            "attribution",
        ),
        Definition(
            Indicator.REGISTRANTS_ENROLLED_VERIFIED,
            "a registration of interest made in the period that a participant list shows enrolled since (either "
            "scheme; matched by phone, or name + date of birth + commune, docs/attribution.md)",
            f"the day of the registration (not of the enrolment), {_LOCAL}",
            _REG_UNIT,
            "attribution",
        ),
        Definition(
            Indicator.LOUDSPEAKER_BROADCASTS,
            "a playing of a bulletin on a commune's loudspeakers, as the commune logged it (admin or the signed "
            "phone link; docs/bulletins.md)",
            f"the day it was played, {_LOCAL}",
            "the commune that played it",
            "bulletins",
        ),
        Definition(
            Indicator.LEAFLETS_DISTRIBUTED,
            f"a leaflet or folder handed out: {_ACTIVITY}",
            "the day the activity ends (activities marked done)",
            "the activity's responsible unit",
            "planning",
        ),
        Definition(
            Indicator.MEDIA_PARTNERSHIPS,
            f"a cooperation contract with a press or broadcasting outlet: {_ACTIVITY}",
            "the day the activity ends (activities marked done)",
            "the activity's responsible unit",
            "planning",
        ),
        Definition(
            "attendees_per_event",
            "attendees per event held",
            f"the day the event starts, {_LOCAL}",
            _EVENT_UNIT,
            "outreach",
            additive=False,
            numerator=Indicator.EVENT_ATTENDEES,
            denominator=Indicator.EVENTS_HELD,
            cohort="the attendees of the events held in the period, over those events",
        ),
        Definition(
            "registration_conversion",
            "the share (%) of the period's registrations of interest whose person has joined voluntary social "
            "insurance",
            f"the day of the registration, {_LOCAL}",
            _REG_UNIT,
            "outreach",
            additive=False,
            numerator=Indicator.REGISTRANTS_ENROLLED_VOLUNTARY_SI,
            denominator=Indicator.REGISTRATIONS,
            scale=100,
            cohort="the numerator counts only registrations the denominator counts (same period, same communes), "
            "so the share stays within 0-100 %",
        ),
        Definition(
            "verified_conversion",
            "the share (%) of the period's registrations of interest that a participant list shows enrolled since",
            f"the day of the registration, {_LOCAL}",
            _REG_UNIT,
            "attribution",
            additive=False,
            numerator=Indicator.REGISTRANTS_ENROLLED_VERIFIED,
            denominator=Indicator.REGISTRATIONS,
            scale=100,
            cohort="the numerator counts only registrations the denominator counts (same period, same communes), "
            "so the share stays within 0-100 %",
        ),
    ]
}


# A figure staff enter through their follow-up (a commune officer marks a person enrolled) and the figure from the
# agency's participant lists that checks it (docs/attribution.md): plan versus actual shows the second beside it.
CROSS_CHECKS: dict[str, str] = {
    Indicator.NEW_VOLUNTARY_SI.value: Indicator.NEW_VOLUNTARY_SI_LISTED.value,
    Indicator.NEW_HOUSEHOLD_HI.value: Indicator.NEW_HOUSEHOLD_HI_LISTED.value,
}


def definition(code: Indicator | str) -> Definition | None:
    return DEFINITIONS.get(str(code))


def ratio(numerator, denominator, scale: int = 1) -> Decimal | None:
    """numerator / denominator x scale, or None when there is nothing to divide by. Ratios are never summed:
    a roll-up adds the numerators and the denominators, then divides."""
    if numerator is None or denominator in (None, 0):
        return None
    return Decimal(numerator) * scale / Decimal(denominator)


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
    """The value of `code` for `unit` and everything below it, `start`..`end` inclusive; None if entered by hand.

    A ratio is its numerator over its denominator for the same unit and period (None when the denominator is 0)."""
    autodiscover()
    found = definition(code)
    if found is not None and found.is_ratio:
        num, den = compute(found.numerator, unit, start, end), compute(found.denominator, unit, start, end)
        return ratio(num, den, found.scale)
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
    found = definition(code)
    if found is not None and found.is_ratio:
        nums = compute_many(found.numerator, units, start, end)
        dens = compute_many(found.denominator, units, start, end)
        return {unit.pk: ratio(nums[unit.pk], dens[unit.pk], found.scale) for unit in units}
    func = _providers.get(str(code))
    if func is None:
        return dict.fromkeys((unit.pk for unit in units), None)
    many = getattr(func, "many", None)
    if many is None or not units:
        return {unit.pk: func(unit, start, end) for unit in units}
    return many(units, start, end)


def local_day_bounds(start: datetime.date, end: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """The first instant of local day `start` and the first after local day `end` (Asia/Ho_Chi_Minh)."""
    zone = timezone.get_current_timezone()
    after = datetime.datetime.combine(start, datetime.time.min, tzinfo=zone)
    return after, datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone)


def local_days(field: str, start: datetime.date, end: datetime.date) -> Q:
    """`field` (a date and time) falls on a local day from `start` to `end` inclusive, as bounds its index can
    answer: `field__date__range` converts every row to a local date first, a scan of the table (85 ms for a
    year of registrations at the centre, bench/admin)."""
    after, before = local_day_bounds(start, end)
    return Q(**{f"{field}__gte": after, f"{field}__lt": before})


Range = tuple[datetime.date, datetime.date]
RangesProvider = Callable[[object, Sequence[Range]], list]


def over_ranges(single: Provider) -> Callable[[RangesProvider], RangesProvider]:
    """Register how `single`'s figure is computed for one unit over several date ranges at once (a dashboard's
    periods, a year's bars): func(unit, ranges) -> [n for each range], in one query."""

    def register(func: RangesProvider) -> RangesProvider:
        single.ranges = func  # type: ignore[attr-defined]
        return func

    return register


TogetherProvider = Callable[[object, Sequence[Range]], dict[str, list]]


def over_ranges_together(*singles: Provider) -> Callable[[TogetherProvider], TogetherProvider]:
    """Register how several figures counted from the same rows (a table's count and sum, or its counts by kind)
    are computed together for one unit over several date ranges: func(unit, ranges) -> {code: [n for each
    range]}, in one query. ``compute_ranges_of`` uses it when a dashboard wants more than one of them."""

    def register(func: TogetherProvider) -> TogetherProvider:
        for single in singles:
            single.together = func  # type: ignore[attr-defined]
        return func

    return register


def compute_ranges(code: Indicator | str, unit, ranges: Sequence[Range]) -> list[int | Decimal | None]:
    """`compute` for `unit` over each of `ranges`: one query when the provider offers it, else one per range."""
    return compute_ranges_of([code], unit, ranges)[str(code)]


def compute_ranges_of(
    codes: Iterable[Indicator | str], unit, ranges: Sequence[Range]
) -> dict[str, list[int | Decimal | None]]:
    """`compute_ranges` for each of `codes`, by code: the figures counted from the same rows read together
    (``over_ranges_together``), each other one in one query where its provider can, a ratio from its operands
    read once for all."""
    autodiscover()
    ranges = list(ranges)
    known: dict[str, list[int | Decimal | None]] = {}

    def of(code: str) -> list[int | Decimal | None]:
        if code in known:
            return known[code]
        found = definition(code)
        func = _providers.get(code)
        if found is not None and found.is_ratio:
            nums, dens = of(str(found.numerator)), of(str(found.denominator))
            known[code] = [ratio(num, den, found.scale) for num, den in zip(nums, dens, strict=True)]
        elif func is None:
            known[code] = [None] * len(ranges)
        elif len(ranges) < 2:
            known[code] = [func(unit, start, end) for start, end in ranges]
        elif getattr(func, "together", None) is not None and len(wanted & set(_together_codes(func))) > 1:
            known.update({str(key): found for key, found in func.together(unit, ranges).items()})  # type: ignore[attr-defined]
        elif getattr(func, "ranges", None) is not None:
            known[code] = func.ranges(unit, ranges)  # type: ignore[attr-defined]
        else:
            known[code] = [func(unit, start, end) for start, end in ranges]
        return known[code]

    wanted = {str(code) for code in codes}
    for code in list(wanted):
        found = definition(code)
        if found is not None and found.is_ratio:
            wanted |= {str(found.numerator), str(found.denominator)}
    return {str(code): of(str(code)) for code in codes}


def _together_codes(func: Provider) -> list[str]:
    """The codes whose providers share `func`'s joint provider."""
    joint = getattr(func, "together", None)
    return [
        code for code, other in _providers.items() if joint is not None and getattr(other, "together", None) is joint
    ]


def _field(model, path: str):
    field = None
    for name in path.split("__"):
        field = model._meta.get_field(name)
        model = field.related_model or model
    return field


def _whole_tree(unit, model, path_field: str) -> bool:
    """`unit` is the top of the tree (the centre: every unit lies below it) and every row of `model` has a unit
    through `path_field` (no link on the way may be empty): the subtree test holds for every row, and the query
    need not join the units to run it (a fifth of the time of a year of registrations at the centre)."""
    if unit.parent_id is not None:
        return False
    links = path_field.split("__")[:-1]
    for name in links:
        field = model._meta.get_field(name)
        if field.null:
            return False
        model = field.related_model
    return bool(links)


def range_totals(
    rows_in: Callable, unit, ranges: Sequence[Range], field: str, path_field: str | None, value=None
) -> list:
    """For each of `ranges`, `value` (an aggregate; default the number of rows) over the rows `rows_in(start, end)`
    gives for the whole span of the ranges, in `unit`'s subtree (`path_field`; None: `rows_in` gives only the
    subtree's rows already), placed in a range by `field` (a date, or a date and time: its local day): one query
    grouped by the segments the ranges' bounds cut the span into."""
    values = {"figure": value if value is not None else Count("pk")}
    return ranges_totals(rows_in, unit, ranges, field, path_field, values)["figure"]


def ranges_totals(
    rows_in: Callable,
    unit,
    ranges: Sequence[Range],
    field: str,
    path_field: str | None,
    values: Mapping[Any, models.Aggregate],  # by indicator code
) -> dict[str, list]:
    """`range_totals` of several aggregates over the same rows (by code: a count and a sum, counts filtered by
    kind), in the one query."""
    first, last = min(start for start, _end in ranges), max(end for _start, end in ranges)
    rows = rows_in(first, last)
    if path_field is not None and not _whole_tree(unit, rows.model, path_field):
        rows = rows.filter(**{f"{path_field}__startswith": unit.path})
    # The ranges' first days and the days after their last cut the span into segments, each within or outside
    # every range; a row's segment is found by comparing `field` with those bounds (for a date and time, the
    # first instant of each local day), so no row's time is converted to a local day (twice as slow for a year
    # of registrations at the centre) and the query groups by a handful of segments.
    timed = isinstance(_field(rows.model, field), models.DateTimeField)
    one_day = datetime.timedelta(days=1)
    days = sorted({start for start, _end in ranges} | {end + one_day for _start, end in ranges})
    bounds = [local_day_bounds(day, day)[0] if timed else day for day in days]
    segment = Case(
        *(When(**{f"{field}__lt": bound}, then=Value(n)) for n, bound in enumerate(bounds[1:-1])),
        default=Value(len(bounds) - 2),
    )
    names = [f"lantoa_{n}" for n in range(len(values))]
    found = {
        row["lantoa_segment"]: row
        for row in rows.order_by()
        .annotate(lantoa_segment=segment)
        .values("lantoa_segment")
        .annotate(**dict(zip(names, values.values(), strict=True)))
    }
    within = [
        [n for n in range(len(days) - 1) if start <= days[n] and days[n + 1] <= end + one_day] for start, end in ranges
    ]
    return {
        str(code): [sum((found[n][name] or 0 for n in segments if n in found), 0) for segments in within]
        for name, code in zip(names, values, strict=True)
    }


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


def markdown() -> str:
    """docs/indicators.md, generated from DEFINITIONS (``manage.py indicators_doc`` writes it; a test checks it)."""
    from django.utils import translation

    autodiscover()
    with translation.override("vi"):
        return _markdown()


def _markdown() -> str:
    lines = [
        "# Indicators",
        "",
        "<!-- Generated from lantoa/metrics.py by `manage.py indicators_doc`: edit the definitions, not this file. -->",
        "",
        "Every figure Lan Toả shows (plan versus actual, the reports' automatic fill, the reports dashboard and its",
        "map, the XLSX and PDF exports, the API) is computed by `lantoa.metrics.compute` from one definition below.",
        "A unit's figure counts its own items and those of every unit below it. A ratio is computed from its",
        "numerator and denominator for the same unit and period, never summed or averaged. Periods are local dates",
        "(Asia/Ho_Chi_Minh), both ends included.",
        "",
        "A report that was sent is a record: its figures no longer change. Where the figure computed now differs",
        "(late data, a page or event moved to another unit, a registration erased on request), the report and the",
        'dashboard show both, "as reported" and "computed now".',
        "",
    ]
    for definition_ in DEFINITIONS.values():
        code = str(definition_.code)
        try:
            label = str(Indicator(code).label)
        except ValueError:
            label = ""
        lines += [f"## `{code}`" + (f": {label}" if label else ""), ""]
        if definition_.is_ratio:
            lines.append(
                f"- **Ratio**: `{definition_.numerator}` / `{definition_.denominator}`"
                + (f" x {definition_.scale}" if definition_.scale != 1 else "")
            )
            lines.append(f"- **Cohort**: {definition_.cohort}")
        lines += [
            f"- **Counts**: {definition_.counted}",
            f"- **Period decided by**: {definition_.date}",
            f"- **Belongs to**: {definition_.unit}",
            f"- **Includes the units below**: {'yes' if definition_.includes_below else 'no'}",
            f"- **Additive** (children add up to the parent): {'yes' if definition_.additive else 'no'}",
            f"- **Computed by**: `lantoa/{definition_.owner}/metrics.py`"
            + ("" if definition_.is_ratio or code in _providers else " (not computed: typed in reports)"),
            "",
        ]
    return "\n".join(lines)
