"""Computations of the attribution dashboard: totals, funnels per campaign and per scenario, provinces (or communes)
against their targets, the top sources of verified enrolments and the monthly cohorts; and its XLSX workbook.

Figures that are indicators (registrations, verified enrolments, verified conversion, new participants in the
lists) are read through lantoa.metrics; the rest come from the attribution selectors, the channels' posts and
the analytics store. Nothing here reads or returns a personal identifier.
"""

from __future__ import annotations

import datetime
import io
import urllib.parse
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q
from django.utils.translation import gettext as _

from lantoa import metrics
from lantoa.analytics.rollup import OTHER
from lantoa.metrics import Indicator, compute, compute_many
from lantoa.outreach.models import Registration
from lantoa.units.models import Unit
from lantoa.units.roles import Action
from lantoa.units.selectors import scope_paths

from . import selectors
from .selectors import ConversionRow

TOP = 10
MAX_PERIOD_DAYS = 3 * 366
SOURCE_DIMENSIONS = ("source", "post", "event", "article")
# How many analytics rows are read to find the campaigns' and the scenario pages' visits.
ANALYTICS_LIMIT = 1000
TARGET_CODES = {
    "vsi": (Indicator.NEW_VOLUNTARY_SI, Indicator.NEW_VOLUNTARY_SI_LISTED),
    "hhi": (Indicator.NEW_HOUSEHOLD_HI, Indicator.NEW_HOUSEHOLD_HI_LISTED),
}


def default_period(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    return today.replace(month=1, day=1), today


def allowed_units(user) -> list[Unit]:
    """The units whose dashboard `user` may open, the widest first: the centre's staff see the nation and each
    province; a province's staff their province(s). Empty for those who may not see the dashboard."""
    paths = scope_paths(user, Action.VIEW)
    at_centre = paths is None or any(path.count("/") <= 1 for path in paths)
    if at_centre:
        centre = Unit.objects.filter(level=Unit.Level.CENTRE).first()
        provinces = Unit.objects.filter(level=Unit.Level.PROVINCE, is_active=True).order_by("path")
        return [*([centre] if centre else []), *provinces]
    tops = [path for path in paths if path.count("/") == 2]
    return list(Unit.objects.filter(path__in=tops, is_active=True).order_by("path"))


def share(numerator: int | Decimal | None, denominator: int | Decimal | None) -> Decimal | None:
    """numerator / denominator in %, one decimal; None when there is nothing to divide by."""
    value = metrics.ratio(numerator, denominator, 100)  # the one definition of a ratio
    return None if value is None else value.quantize(Decimal("0.1"), ROUND_HALF_UP)


# ------------------------------------------------------------------------------------------------------ rows


@dataclass
class Totals:
    registrations: int
    verified: int
    conversion: Decimal | None
    median_days: Decimal | None
    typed_enrolled: int


@dataclass
class FunnelRow:
    key: str
    label: str
    reached: int = 0
    visited: int = 0
    registered: int = 0
    enrolled: int = 0
    rate: Decimal | None = None

    @property
    def stages(self) -> list[int]:
        return [self.reached, self.visited, self.registered, self.enrolled]


@dataclass
class UnitRow:
    unit: Unit
    name: str
    verified: int
    listed: int
    target: int | None
    link: str = ""

    @property
    def percent_listed(self) -> Decimal | None:
        """The unit's new participants in the lists against its target: may exceed 100 %."""
        return share(self.listed, self.target)

    @property
    def percent_verified(self) -> Decimal | None:
        """The verified enrolments of its registrants against the same target: may exceed 100 %."""
        return share(self.verified, self.target)


@dataclass
class Dashboard:
    start: datetime.date
    end: datetime.date
    unit: Unit
    totals: Totals
    campaigns: list[FunnelRow]
    scenarios: list[FunnelRow]
    children: list[UnitRow]
    children_total: UnitRow | None
    target_year: int | None
    sources: dict[str, list[ConversionRow]] = field(default_factory=dict)
    months: list[ConversionRow] = field(default_factory=list)

    @property
    def national(self) -> bool:
        return self.unit.level == Unit.Level.CENTRE


# -------------------------------------------------------------------------------------------------- figures


def totals(user, unit: Unit, start: datetime.date, end: datetime.date, cohort) -> Totals:
    registrations = compute(Indicator.REGISTRATIONS, unit, start, end) or 0
    verified = compute(Indicator.REGISTRANTS_ENROLLED_VERIFIED, unit, start, end) or 0
    conversion = compute("verified_conversion", unit, start, end)
    if conversion is not None:
        conversion = Decimal(conversion).quantize(Decimal("0.1"), ROUND_HALF_UP)
    return Totals(
        registrations=int(registrations),
        verified=int(verified),
        conversion=conversion,
        median_days=selectors.total(cohort).median_days,
        typed_enrolled=cohort.filter(status=Registration.Status.ENROLLED).count(),
    )


def _visits(user, unit: Unit, start: datetime.date, end: datetime.date, dimension: str) -> dict[str, int]:
    """Portal visits per key of an analytics dimension, for `unit`'s pages (which `user` may see)."""
    from lantoa.analytics.selectors import analytics_scopes, breakdown, can_view_analytics
    from lantoa.analytics.store import StatsQuery, get_store

    if not can_view_analytics(user):
        return {}
    if analytics_scopes(user) == [unit.path]:
        rows = breakdown(user, start=start, end=end, dimension=dimension, limit=ANALYTICS_LIMIT)
    else:
        # A unit inside the user's scope (a province chosen by the centre): the same store, that unit's rows.
        query = StatsQuery(start=start, end=end, scopes=[unit.path], dimension=dimension, limit=ANALYTICS_LIMIT)
        rows = get_store().aggregate(query).rows
    return {row.key: row.figures.visits for row in rows if row.key != OTHER}


def _campaign_of(link: str) -> str:
    try:
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(link).query)
    except ValueError:
        return ""
    return (query.get("utm_campaign") or [""])[0]


def _sent_posts(unit: Unit, start: datetime.date, end: datetime.date) -> list[tuple[str, int | None, int]]:
    """(link, page id, reach) of the posts `unit`'s accounts sent in the period: one query."""
    from lantoa.channels.models import ChannelPost

    posts = ChannelPost.objects.filter(
        status=ChannelPost.Status.SENT,
        sent_at__date__range=(start, end),
        account__unit__path__startswith=unit.path,
    ).values_list("link", "page_id", "engagement__reach")
    return [(link or "", page_id, reach or 0) for link, page_id, reach in posts.iterator(chunk_size=2000)]


def _rank(rows: list[FunnelRow]) -> list[FunnelRow]:
    rows.sort(key=lambda r: (-r.enrolled, -r.registered, -r.visited, -r.reached, r.label))
    return rows[:TOP]


def campaign_funnel(user, unit, start, end, cohort, posts) -> list[FunnelRow]:
    rows: dict[str, FunnelRow] = {}

    def row(key: str) -> FunnelRow:
        if key not in rows:
            rows[key] = FunnelRow(key, key)
        return rows[key]

    for item in selectors.conversion(cohort, by="campaign"):
        found = row(item.key)
        found.registered, found.enrolled, found.rate = item.registrations, item.enrolled, item.rate
    for link, _page, reach in posts:
        campaign = _campaign_of(link)
        if campaign:
            row(campaign).reached += reach
    for key, visits in _visits(user, unit, start, end, "campaign").items():
        row(key).visited += visits
    return _rank(list(rows.values()))


def _page_paths(page_ids: set[int]) -> dict[int, str]:
    """The public path of each page (what analytics keys the "page" dimension by)."""
    from wagtail.models import Page

    paths = {}
    for page in Page.objects.filter(pk__in=page_ids).only("id", "url_path", "path", "depth", "locale_id"):
        parts = page.get_url_parts()
        if parts is not None:
            paths[page.pk] = parts[2]
    return paths


def scenario_funnel(user, unit, start, end, cohort, posts) -> list[FunnelRow]:
    from lantoa.planning.models import Scenario, ScenarioMaterial

    rows: dict[str, FunnelRow] = {}
    for item in selectors.conversion(cohort, by="scenario"):
        rows[item.key] = FunnelRow(item.key, item.label, registered=item.registrations, enrolled=item.enrolled)
        rows[item.key].rate = item.rate
    reach_by_page: dict[int, int] = defaultdict(int)
    for _link, page_id, reach in posts:
        if page_id is not None:
            reach_by_page[page_id] += reach
    scenario_ids = [int(key) for key in rows if key.isdigit()]
    reached = ScenarioMaterial.objects.filter(page_id__in=list(reach_by_page)).values("scenario_id")
    materials = ScenarioMaterial.objects.filter(
        Q(scenario_id__in=scenario_ids) | Q(scenario_id__in=reached)
    ).values_list("scenario_id", "page_id")
    pages: dict[str, set[int]] = defaultdict(set)
    for scenario_id, page_id in materials:
        pages[str(scenario_id)].add(page_id)
    missing = [int(key) for key in pages if key not in rows]
    for pk, title in Scenario.objects.filter(pk__in=missing).values_list("pk", "title"):
        rows[str(pk)] = FunnelRow(str(pk), title)
    for key, row in rows.items():
        row.reached = sum(reach_by_page.get(page_id, 0) for page_id in pages.get(key, ()))
    rows = {key: row for key, row in rows.items() if row.reached or row.registered}
    top = sorted(rows.values(), key=lambda r: (-r.enrolled, -r.registered, -r.reached, r.label))[:TOP]
    wanted = {page_id for row in top for page_id in pages.get(row.key, ())}
    if wanted:
        paths = _page_paths(wanted)
        visits = _visits(user, unit, start, end, "page")
        for row in top:
            row.visited = sum(visits.get(paths.get(page_id, ""), 0) for page_id in pages.get(row.key, ()))
    return _rank(top)


def _targets(units: list[Unit], year: int) -> dict[int, int | None]:
    """Each unit's plan target for `year` of new participants in both schemes: a scheme's target is the one set
    on the officer-recorded indicator, else the one set on the participant lists' indicator."""
    from lantoa.planning.models import Target

    codes = [str(code) for pair in TARGET_CODES.values() for code in pair]
    found: dict[int, dict[str, int]] = defaultdict(dict)
    rows = Target.objects.filter(plan__unit__in=units, plan__year=year, indicator__in=codes)
    for unit_id, code, value in rows.values_list("plan__unit_id", "indicator", "value"):
        found[unit_id][code] = value
    result: dict[int, int | None] = {}
    for unit in units:
        own = found.get(unit.pk, {})
        parts = []
        for recorded, listed in TARGET_CODES.values():
            value = own.get(str(recorded), own.get(str(listed)))
            if value is not None:
                parts.append(value)
        result[unit.pk] = sum(parts) if parts else None
    return result


def unit_rows(unit: Unit, start, end, *, link) -> tuple[list[UnitRow], UnitRow | None, int | None]:
    """The units one level below `unit` (provinces, or a province's communes) with their verified enrolments,
    new participants in the lists and target; and the total row. Targets only for a period within one year."""
    children = list(unit.children.filter(is_active=True).order_by("path"))
    if not children:
        return [], None, None
    verified = compute_many(Indicator.REGISTRANTS_ENROLLED_VERIFIED, children, start, end)
    vsi = compute_many(Indicator.NEW_VOLUNTARY_SI_LISTED, children, start, end)
    hhi = compute_many(Indicator.NEW_HOUSEHOLD_HI_LISTED, children, start, end)
    year = start.year if start.year == end.year else None
    targets = _targets(children, year) if year else {}
    rows = [
        UnitRow(
            unit=child,
            name=child.name,
            verified=int(verified.get(child.pk) or 0),
            listed=int(vsi.get(child.pk) or 0) + int(hhi.get(child.pk) or 0),
            target=targets.get(child.pk),
            link=link(child) if child.level == Unit.Level.PROVINCE else "",
        )
        for child in children
    ]
    set_targets = [row.target for row in rows if row.target is not None]
    total = UnitRow(
        unit=unit,
        name=_("Tổng"),
        verified=int(compute(Indicator.REGISTRANTS_ENROLLED_VERIFIED, unit, start, end) or 0),
        listed=int(compute(Indicator.NEW_VOLUNTARY_SI_LISTED, unit, start, end) or 0)
        + int(compute(Indicator.NEW_HOUSEHOLD_HI_LISTED, unit, start, end) or 0),
        target=sum(set_targets) if set_targets else None,
    )
    return rows, total, year


def build(user, *, unit: Unit, start: datetime.date, end: datetime.date, link=lambda unit: "") -> Dashboard:
    """Every figure of the dashboard of `unit` (one of `allowed_units(user)`) for the period."""
    cohort = selectors.cohort(user, start=start, end=end, unit=unit)
    posts = _sent_posts(unit, start, end)
    children, children_total, year = unit_rows(unit, start, end, link=link)
    return Dashboard(
        start=start,
        end=end,
        unit=unit,
        totals=totals(user, unit, start, end, cohort),
        campaigns=campaign_funnel(user, unit, start, end, cohort, posts),
        scenarios=scenario_funnel(user, unit, start, end, cohort, posts),
        children=children,
        children_total=children_total,
        target_year=year,
        sources={dim: selectors.conversion(cohort, by=dim)[:TOP] for dim in SOURCE_DIMENSIONS},
        months=selectors.conversion(cohort, by="month"),
    )


# ---------------------------------------------------------------------------------------------------- chart

STAGE_CLASSES = ("stage-reached", "stage-visited", "stage-registered", "stage-enrolled")
CHART_WIDTH = 720
LABEL_WIDTH = 150
VALUE_ROOM = 90
BAR = 14
BAR_GAP = 4
HEADER = 22
GROUP_GAP = 14


def stage_names() -> list[str]:
    return [_("Tiếp cận"), _("Truy cập cổng"), _("Đăng ký tư vấn"), _("Tham gia (đã xác minh)")]


def funnel_chart(rows: list[FunnelRow]) -> dict:
    """Horizontal bars, one group of four per campaign or scenario; each group drawn to its own largest stage,
    so a funnel whose reach is a thousand times its registrations still shows the registrations."""
    from lantoa.formats import figure

    names = stage_names()
    plot = CHART_WIDTH - LABEL_WIDTH - VALUE_ROOM
    groups = []
    y = 0
    for row in rows:
        top = max(row.stages) or 1
        bars = []
        for k, value in enumerate(row.stages):
            bar_y = y + HEADER + k * (BAR + BAR_GAP)
            width = plot * value / top
            if value and width < 2:
                width = 2
            bars.append(
                {
                    "name": names[k],
                    "css_class": STAGE_CLASSES[k],
                    "y": f"{bar_y:.1f}",
                    "text_y": f"{bar_y + BAR / 2:.1f}",
                    "width": f"{width:.1f}",
                    "value_x": f"{LABEL_WIDTH + width + 4:.1f}",
                    "value_text": figure(value),
                }
            )
        groups.append({"label": row.label, "label_y": f"{y + 15:.1f}", "bars": bars})
        y += HEADER + 4 * (BAR + BAR_GAP) + GROUP_GAP
    return {
        "width": CHART_WIDTH,
        "height": max(y, 1),
        "left": LABEL_WIDTH,
        "bar_height": BAR,
        "groups": groups,
        "stages": list(zip(names, STAGE_CLASSES, strict=True)),
    }


# ----------------------------------------------------------------------------------------------------- XLSX


def _number(value):
    if value is None:
        return None
    if isinstance(value, Decimal):
        return float(value)
    return value


def sheets(dash: Dashboard) -> list[tuple[str, list[str], list[list]]]:
    """The dashboard's tables as (sheet title, headers, rows): numbers stay numbers, no personal identifier."""
    t = dash.totals
    result = [
        (
            _("Tổng hợp"),
            [_("Chỉ tiêu"), _("Giá trị")],
            [
                [_("Đơn vị"), str(dash.unit)],
                [_("Từ ngày"), dash.start.strftime("%d/%m/%Y")],
                [_("Đến ngày"), dash.end.strftime("%d/%m/%Y")],
                [_("Số lượt đăng ký tư vấn"), t.registrations],
                [_("Người đăng ký đã tham gia (đã xác minh)"), t.verified],
                [_("Tỷ lệ chuyển đổi đã xác minh (%)"), _number(t.conversion)],
                [_("Số ngày từ đăng ký đến tham gia (trung vị)"), _number(t.median_days)],
                [_("Cán bộ xã ghi đã tham gia (chưa đối chiếu)"), t.typed_enrolled],
            ],
        )
    ]
    funnel_headers = [
        _("Tiếp cận"),
        _("Truy cập cổng"),
        _("Đăng ký tư vấn"),
        _("Tham gia (đã xác minh)"),
        _("Tỷ lệ chuyển đổi (%)"),
    ]
    for title, key_header, rows in (
        (_("Phễu theo chiến dịch"), _("Chiến dịch (utm_campaign)"), dash.campaigns),
        (_("Phễu theo kịch bản"), _("Kịch bản truyền thông"), dash.scenarios),
    ):
        result.append(
            (
                title,
                [key_header, *funnel_headers],
                [[r.label, r.reached, r.visited, r.registered, r.enrolled, _number(r.rate)] for r in rows],
            )
        )
    if dash.children:
        unit_rows_ = [*dash.children, *([dash.children_total] if dash.children_total else [])]
        result.append(
            (
                _("Tỉnh, thành phố") if dash.national else _("Xã, phường"),
                [
                    _("Đơn vị"),
                    _("Người đăng ký đã tham gia (đã xác minh)"),
                    _("Người tham gia mới theo danh sách"),
                    _("Chỉ tiêu năm"),
                    _("Đạt % chỉ tiêu (theo danh sách)"),
                    _("Người đăng ký đã tham gia / chỉ tiêu (%)"),
                ],
                [
                    [r.name, r.verified, r.listed, r.target, _number(r.percent_listed), _number(r.percent_verified)]
                    for r in unit_rows_
                ],
            )
        )
    conversion_headers = [
        _("Số lượt đăng ký"),
        _("Đã tham gia (đã xác minh)"),
        _("Tỷ lệ chuyển đổi (%)"),
        _("Số ngày đến khi tham gia (trung vị)"),
    ]
    for dim, rows in [*dash.sources.items(), ("month", dash.months)]:
        result.append(
            (
                str(selectors.DIMENSIONS[dim]),
                [str(selectors.DIMENSIONS[dim]), *conversion_headers],
                [[r.label, r.registrations, r.enrolled, _number(r.rate), _number(r.median_days)] for r in rows],
            )
        )
    return result


def _sheet_title(title: str, used: set[str]) -> str:
    clean = "".join(" " if ch in "[]:*?/\\" else ch for ch in title)[:31].strip() or "Sheet"
    name, n = clean, 2
    while name in used:
        suffix = f" ({n})"
        name = clean[: 31 - len(suffix)] + suffix
        n += 1
    used.add(name)
    return name


def workbook(dash: Dashboard) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from lantoa.analytics.exports import _safe

    book = Workbook()
    book.remove(book.active)
    used: set[str] = set()
    for title, headers, rows in sheets(dash):
        sheet = book.create_sheet(_sheet_title(title, used))
        sheet.append(headers)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append([_safe(value) for value in row])
        sheet.column_dimensions["A"].width = 45
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
