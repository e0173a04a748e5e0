"""Reads of the reports app: scoped reports, roll-ups from approved parts, comparisons, targets and who is late."""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.apps import apps
from django.db.models import Avg, Count, QuerySet, Sum
from django.utils import timezone

from lantoa import metrics
from lantoa.units.models import Unit
from lantoa.units.roles import Action
from lantoa.units.selectors import scope, scope_paths, units_for, user_can

from .models import ApprovedTotal, Report, ReportTemplate, ReportValue, TemplateIndicator
from .periods import Period

LEVEL_ORDER: list[str] = [Unit.Level.CENTRE, Unit.Level.PROVINCE, Unit.Level.COMMUNE]
Aggregation = TemplateIndicator.Aggregation


def can_use_reports(user) -> bool:
    paths = scope_paths(user, Action.VIEW)
    return paths is None or bool(paths)


def templates_for(user) -> QuerySet[ReportTemplate]:
    """Templates are the centre's and every member of staff reads them; others see none."""
    if not can_use_reports(user):
        return ReportTemplate.objects.none()
    return ReportTemplate.objects.filter(is_active=True).prefetch_related("indicators")


def reports_for(user, action: Action | str = Action.VIEW) -> QuerySet[Report]:
    return scope(Report.objects.select_related("template", "unit", "unit__parent"), user, action)


def can_manage_templates(user) -> bool:
    """The centre's unit admins define templates."""
    paths = scope_paths(user, Action.MANAGE)
    return paths is None or any(path.count("/") == 1 for path in paths)


def parts_level(template: ReportTemplate, unit: Unit) -> str | None:
    """The highest reporting level below `unit`: whose approved reports make up `unit`'s figures."""
    below = LEVEL_ORDER[LEVEL_ORDER.index(unit.level) + 1 :]
    return next((level for level in below if level in template.levels), None)


def approved_parts(
    template: ReportTemplate, unit: Unit, start: datetime.date, end: datetime.date, level: str | None = None
) -> QuerySet[Report]:
    """Approved reports whose figures make up `unit`'s for start..end: the reporting level below, or its own."""
    level = level or parts_level(template, unit)
    reports = Report.objects.filter(
        template=template, status=Report.Status.APPROVED, period_start__gte=start, period_end__lte=end
    )
    if level is None:
        return reports.filter(unit=unit)
    reports = reports.filter(unit__level=level)
    if unit.parent_id is not None:  # the centre reaches everything: no prefix test to run
        reports = reports.filter(unit__path__startswith=unit.path)
    return reports


def _quantize(value: Decimal | None, places: int) -> Decimal | None:
    if value is None:
        return None
    return Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


ratio = metrics.ratio  # one definition of a ratio for reports, plans and the API


@dataclass
class Figure:
    indicator: TemplateIndicator
    value: Decimal | None
    parts: int = 0  # reports that gave a value
    # For an indicator the system computes, `value` is the figure computed now through its definition
    # (lantoa/metrics.py) and `reported` what the approved reports below added up to when they were sent.
    reported: Decimal | None = None
    computed: bool = False

    @property
    def display(self) -> Decimal | None:
        return _quantize(self.value, self.indicator.decimal_places)

    @property
    def reported_display(self) -> Decimal | None:
        return _quantize(self.reported, self.indicator.decimal_places)

    @property
    def differs(self) -> bool:
        """The reports sent give another figure than the one computed now (late data, a page moved, an erasure)."""
        return self.computed and self.reported is not None and self.reported_display != self.display


def combine(indicators: list[TemplateIndicator], totals: Mapping[int, Mapping[str, Any]]) -> dict[str, Figure]:
    """Figures of every indicator from per-indicator {sum, avg, n}: sums, averages, ratios of summed parts."""
    figures: dict[str, Figure] = {}
    for indicator in indicators:
        row = totals.get(indicator.pk, {})
        value = row.get("avg") if indicator.aggregation == Aggregation.AVERAGE else row.get("sum")
        figures[indicator.code] = Figure(indicator, None if value is None else Decimal(str(value)), row.get("n", 0))
    for indicator in indicators:
        if indicator.is_derived:
            num, den = figures.get(indicator.numerator_code), figures.get(indicator.denominator_code)
            figures[indicator.code].value = ratio(num and num.value, den and den.value, indicator.scale)
    return figures


def aggregate(
    template: ReportTemplate, unit: Unit, start: datetime.date, end: datetime.date, *, level: str | None = None
) -> dict[str, Figure]:
    """`unit`'s figures for start..end, aggregated from the approved reports of the level below.

    Sums add up, averages average the parts' values, and a ratio is recomputed from its summed
    numerator and denominator, never averaged. Reads the running totals the workflow keeps
    (ApprovedTotal): a few rows per period whatever the number of communes.
    """
    level = level or parts_level(template, unit)
    if level is None:
        return _own_approved_over(template, unit, [(start, end)])[0]
    indicators = list(template.indicators.all())
    rows = (
        ApprovedTotal.objects.filter(
            template=template, unit=unit, level=level, period_start__gte=start, period_end__lte=end
        )
        .values("indicator_id")
        .annotate(sum=Sum("total"), n=Sum("count"))
        .order_by()
    )
    return combine(indicators, {row["indicator_id"]: _totals_row(row) for row in rows})


def aggregate_over(
    template: ReportTemplate, unit: Unit, ranges: list[tuple[datetime.date, datetime.date]]
) -> list[dict[str, Figure]]:
    """`aggregate` for each of `ranges`, from one read of the running totals over their span."""
    level = parts_level(template, unit)
    if not ranges:
        return []
    if level is None:
        return _own_approved_over(template, unit, ranges)
    if len(ranges) < 2:
        return [aggregate(template, unit, start, end, level=level) for start, end in ranges]
    indicators = list(template.indicators.all())
    rows = list(
        ApprovedTotal.objects.filter(
            template=template,
            unit=unit,
            level=level,
            period_start__gte=min(start for start, _end in ranges),
            period_end__lte=max(end for _start, end in ranges),
        )
        .values("indicator_id", "period_start", "period_end")
        .annotate(sum=Sum("total"), n=Sum("count"))
        .order_by()
    )
    sums = _within_ranges(rows, ranges, "indicator_id", ("period_start", "period_end"), "sum", "n")
    return [combine(indicators, {pk: _totals_row(row) for pk, row in totals.items()}) for totals in sums]


def _own_approved_over(
    template: ReportTemplate, unit: Unit, ranges: list[tuple[datetime.date, datetime.date]]
) -> list[dict[str, Figure]]:
    """The figures of a unit with no reporting level below (a commune): its own approved reports, for each of
    `ranges`, from one read of their values over the span (sums add up, averages average the values)."""
    indicators = list(template.indicators.all())
    reports = approved_parts(
        template, unit, min(start for start, _end in ranges), max(end for _start, end in ranges), level=None
    )
    rows = list(
        ReportValue.objects.filter(report__in=reports.values("pk"))
        .values("indicator_id", "report__period_start", "report__period_end")
        .annotate(sum=Sum("value"), n=Count("value"))
        .order_by()
    )
    sums = _within_ranges(rows, ranges, "indicator_id", ("report__period_start", "report__period_end"), "sum", "n")
    return [combine(indicators, {pk: _totals_row(row) for pk, row in totals.items()}) for totals in sums]


def _within_ranges(
    rows: Sequence[Mapping[str, Any]], ranges, key: str, period: tuple[str, str], total: str, count: str
) -> list[dict]:
    """Rows of several periods added up into each of `ranges` (the rows whose period lies within it), by `key`:
    for each range, {key: {"sum": the totals added up (None if all None), "n": the counts added up}}."""
    starts, ends = period
    result = []
    for start, end in ranges:
        sums: dict[Any, dict[str, Any]] = {}
        for row in rows:
            if row[starts] >= start and row[ends] <= end:
                into = sums.setdefault(row[key], {"sum": None, "n": 0})
                if row[total] is not None:
                    into["sum"] = (into["sum"] or 0) + row[total]
                into["n"] += row[count] or 0
        result.append(sums)
    return result


def _computed_codes(indicators: list[TemplateIndicator], only: str | None = None) -> list[str]:
    """The template's indicators the system computes through their definitions; with `only`, just that one (and
    a ratio's operands) among them."""
    system = TemplateIndicator.Source.SYSTEM
    codes = [i.code for i in indicators if i.source == system and metrics.is_computable(i.code)]
    if only is None:
        return codes
    wanted = {only}
    chosen = next((i for i in indicators if i.code == only), None)
    if chosen is not None and chosen.is_derived:
        wanted |= {chosen.numerator_code, chosen.denominator_code}
    return [code for code in codes if code in wanted]


def _with_computed(
    indicators: list[TemplateIndicator],
    figures: dict[str, Figure],
    values: Mapping[str, int | Decimal | None],
    own: dict[str, Decimal | None] | None = None,
):
    """Put the figures computed now in place of the reported ones, keep the reported beside (the unit's own sent
    reports where it has some, else what its approved parts add up to), and redo the ratios from both."""
    for code, value in values.items():
        figure = figures[code]
        figure.reported = own[code] if own and code in own else figure.value
        figure.computed = True
        figure.value = None if value is None else Decimal(value)
    for indicator in indicators:
        if indicator.is_derived and indicator.numerator_code in values and indicator.denominator_code in values:
            figure = figures[indicator.code]
            num, den = figures[indicator.numerator_code], figures[indicator.denominator_code]
            figure.reported = ratio(num.reported, den.reported, indicator.scale)
            figure.computed = True
            figure.value = ratio(num.value, den.value, indicator.scale)
    return figures


SENT = (Report.Status.SUBMITTED, Report.Status.REVIEWED, Report.Status.APPROVED)


def own_reported(
    template: ReportTemplate, unit: Unit, start: datetime.date, end: datetime.date
) -> dict[str, Decimal | None] | None:
    """What `unit` itself reported for start..end (its sent reports of the template, summed over the periods
    within), by indicator code; None when it sent none."""
    rows = (
        ReportValue.objects.filter(
            report__template=template,
            report__unit=unit,
            report__status__in=SENT,
            report__period_start__gte=start,
            report__period_end__lte=end,
        )
        .values("indicator__code")
        .annotate(total=Sum("value"), n=Count("value"))
        .order_by()
    )
    found = {row["indicator__code"]: (row["total"] if row["n"] else None) for row in rows}
    return found or None


def own_reported_over(
    template: ReportTemplate, unit: Unit, ranges: list[tuple[datetime.date, datetime.date]]
) -> list[dict[str, Decimal | None] | None]:
    """`own_reported` for each of `ranges`, from one read of the unit's sent values over their span."""
    if len(ranges) < 2:
        return [own_reported(template, unit, start, end) for start, end in ranges]
    rows = list(
        ReportValue.objects.filter(
            report__template=template,
            report__unit=unit,
            report__status__in=SENT,
            report__period_start__gte=min(start for start, _end in ranges),
            report__period_end__lte=max(end for _start, end in ranges),
        )
        .values("indicator__code", "report__period_start", "report__period_end")
        .annotate(total=Sum("value"), n=Count("value"))
        .order_by()
    )
    period = ("report__period_start", "report__period_end")
    sums = _within_ranges(rows, ranges, "indicator__code", period, "total", "n")
    return [{code: (row["sum"] if row["n"] else None) for code, row in by_code.items()} or None for by_code in sums]


def figures(
    template: ReportTemplate, unit: Unit, start: datetime.date, end: datetime.date, *, only: str | None = None
) -> dict[str, Figure]:
    """`unit`'s figures for start..end as every screen, export and API shows them: the indicators the system
    computes through their definitions (lantoa/metrics.py), computed now for the unit and everything below it,
    with what was reported beside (the unit's own sent reports, else its approved parts added up); the indicators
    typed by hand as the approved reports below add them up.
    `only`: compute just that indicator (and a ratio's operands); the others stay as reported."""
    return figures_over(template, unit, [(start, end)], only=only)[0]


def figures_over(
    template: ReportTemplate, unit: Unit, ranges: list[tuple[datetime.date, datetime.date]], *, only: str | None = None
) -> list[dict[str, Figure]]:
    """`figures` for each of `ranges` (a dashboard's periods, a year's bars), each computed indicator read for
    all the ranges in one query where its provider can (`metrics.compute_ranges`)."""
    results = aggregate_over(template, unit, ranges)
    if not results:
        return []
    indicators = [figure.indicator for figure in results[0].values()]
    codes = _computed_codes(indicators, only)
    values = metrics.compute_ranges_of(codes, unit, ranges)
    owns = own_reported_over(template, unit, ranges) if codes else [None] * len(ranges)
    return [
        _with_computed(indicators, result, {code: values[code][n] for code in codes}, owns[n])
        for n, result in enumerate(results)
    ]


def figures_by_unit(
    template: ReportTemplate,
    unit: Unit,
    units,
    start: datetime.date,
    end: datetime.date,
    *,
    only: str | None = None,
) -> dict[int, dict[str, Figure]]:
    """`figures` for each of `units` (the parts of `unit`: its provinces or communes), in one grouped query per
    computed indicator. `only`: compute just that indicator (and a ratio's operands); the others stay as
    reported."""
    units = list(units)
    reported = aggregate_by_unit(template, unit, start, end)
    indicators = list(template.indicators.all())
    codes = _computed_codes(indicators, only)
    computed = {code: metrics.compute_many(code, units, start, end) for code in codes}
    result = {}
    for part in units:
        part_figures = reported.get(part.pk) or combine(indicators, {})
        result[part.pk] = _with_computed(
            indicators, part_figures, {code: computed[code].get(part.pk) for code in codes}
        )
    return result


def computed_now(report: Report) -> dict[str, Decimal | None]:
    """For a report that was sent (its figures are a record), the values the system computes now where they
    differ from what was sent: indicators filled from the system and the ratios over them, by code."""
    if report.is_editable:
        return {}
    values = list(report.values.select_related("indicator"))
    now: dict[str, Decimal | None] = {}
    for value in values:
        indicator = value.indicator
        if value.origin == ReportValue.Origin.SYSTEM and metrics.is_computable(indicator.code):
            computed = metrics.compute(indicator.code, report.unit, report.period_start, report.period_end)
            now[indicator.code] = None if computed is None else Decimal(computed)
    sent = {value.indicator.code: value.value for value in values}
    for value in values:
        indicator = value.indicator
        if indicator.is_derived and (indicator.numerator_code in now or indicator.denominator_code in now):
            num = now.get(indicator.numerator_code, sent.get(indicator.numerator_code))
            den = now.get(indicator.denominator_code, sent.get(indicator.denominator_code))
            now[indicator.code] = ratio(num, den, indicator.scale)
    places = {value.indicator.code: value.indicator.decimal_places for value in values}
    return {
        code: figure
        for code, figure in now.items()
        if _quantize(figure, places[code]) != _quantize(sent.get(code), places[code])
    }


def _totals_row(row: Mapping[str, Any]) -> dict[str, Any]:
    n = row["n"] or 0
    if not n:
        return {"sum": None, "avg": None, "n": n}
    total = Decimal(str(row["sum"]))
    return {"sum": total, "avg": total / n, "n": n}


def subtotals(
    template: ReportTemplate, units, level: str, start: datetime.date, end: datetime.date
) -> dict[int, dict[str, Figure]]:
    """Figures of several units at once from the running totals (e.g. each province from its communes)."""
    indicators = list(template.indicators.all())
    rows = (
        ApprovedTotal.objects.filter(
            template=template, unit__in=units, level=level, period_start__gte=start, period_end__lte=end
        )
        .values("unit_id", "indicator_id")
        .annotate(sum=Sum("total"), n=Sum("count"))
        .order_by()
    )
    grouped: dict[int, dict[int, dict]] = {}
    for row in rows:
        grouped.setdefault(row["unit_id"], {})[row["indicator_id"]] = _totals_row(row)
    return {key: combine(indicators, totals) for key, totals in grouped.items()}


def aggregate_values(
    template: ReportTemplate, unit: Unit, start: datetime.date, end: datetime.date, *, level: str | None = None
) -> dict[str, Figure]:
    """The same figures computed from every approved value (one grouped query): the reference for the totals."""
    indicators = list(template.indicators.all())
    reports = approved_parts(template, unit, start, end, level)
    rows = (
        ReportValue.objects.filter(report__in=reports.values("pk"))
        .values("indicator_id")
        .annotate(sum=Sum("value"), avg=Avg("value"), n=Count("value"))
        .order_by()
    )
    return combine(indicators, {row["indicator_id"]: row for row in rows})


def aggregate_by_unit(
    template: ReportTemplate,
    unit: Unit,
    start: datetime.date,
    end: datetime.date,
    *,
    level: str | None = None,
    group_by: str = "report__unit_id",
) -> dict[int, dict[str, Figure]]:
    """Figures per part (or per `group_by`, e.g. the parts' parent) in one query: the rows behind a roll-up."""
    indicators = list(template.indicators.all())
    reports = approved_parts(template, unit, start, end, level)
    rows = (
        ReportValue.objects.filter(report__in=reports.values("pk"))
        .values(group_by, "indicator_id")
        .annotate(sum=Sum("value"), avg=Avg("value"), n=Count("value"))
        .order_by()
    )
    grouped: dict[int, dict[int, dict]] = {}
    for row in rows:
        grouped.setdefault(row[group_by], {})[row["indicator_id"]] = row
    return {key: combine(indicators, totals) for key, totals in grouped.items()}


@dataclass
class Part:
    report: Report
    value: Decimal | None
    numerator: Decimal | None = None
    denominator: Decimal | None = None


def parts(
    template: ReportTemplate, unit: Unit, indicator: TemplateIndicator, start: datetime.date, end: datetime.date
) -> list[Part]:
    """The approved reports behind one aggregate figure, each with its value (and a ratio's two operands)."""
    reports = list(
        approved_parts(template, unit, start, end).select_related("unit").order_by("unit__path", "period_start")
    )
    codes = [indicator.code]
    if indicator.is_derived:
        codes += [indicator.numerator_code, indicator.denominator_code]
    values: dict[tuple[int, str], Decimal | None] = {
        (row["report_id"], row["indicator__code"]): row["value"]
        for row in ReportValue.objects.filter(report__in=reports, indicator__code__in=codes).values(
            "report_id", "indicator__code", "value"
        )
    }
    result = []
    for report in reports:
        part = Part(report, values.get((report.pk, indicator.code)))
        if indicator.is_derived:
            part.numerator = values.get((report.pk, indicator.numerator_code))
            part.denominator = values.get((report.pk, indicator.denominator_code))
        result.append(part)
    return result


def change(current: Decimal | None, before: Decimal | None) -> Decimal | None:
    """Change in percent from `before` to `current`; None when there is nothing to compare with."""
    if current is None or before in (None, 0):
        return None
    return _quantize((Decimal(current) - Decimal(before)) * 100 / Decimal(before), 1)


def plan_targets(unit: Unit, year: int) -> dict[str, Decimal]:
    """Yearly targets of `unit`'s plan by indicator code; {} without a plan, or without the planning app
    (reports work without it): `lantoa.planning.selectors.targets_for`."""
    if not apps.is_installed("lantoa.planning"):
        return {}
    from lantoa.planning.selectors import targets_for

    return targets_for(unit, year)


@dataclass
class ComparisonRow:
    indicator: TemplateIndicator
    current: Figure
    previous: Figure
    year_before: Figure
    year_to_date: Figure
    target: Decimal | None = None
    change_previous: Decimal | None = field(init=False)
    change_year_before: Decimal | None = field(init=False)
    progress: Decimal | None = field(init=False)

    def __post_init__(self):
        self.change_previous = change(self.current.value, self.previous.value)
        self.change_year_before = change(self.current.value, self.year_before.value)
        ytd = self.year_to_date.value
        self.progress = _quantize(ytd * 100 / self.target, 1) if ytd is not None and self.target else None


def comparison(template: ReportTemplate, unit: Unit, period: Period) -> list[ComparisonRow]:
    """Each indicator this period, the period before, the same period a year before, year to date and the target."""
    return comparison_and(template, unit, period, [])[0]


def comparison_and(
    template: ReportTemplate, unit: Unit, period: Period, ranges: list[tuple[datetime.date, datetime.date]]
) -> tuple[list[ComparisonRow], list[dict[str, Figure]]]:
    """`comparison`, and the figures of `ranges` too (a dashboard's bars), read together: one query per computed
    indicator for all of them, not one for the comparison and another for the bars."""
    previous, year_before = period.previous(), period.year_before()
    compared = [(p.start, p.end) for p in (period, previous, year_before)] + [period.year_to_date()]
    current, before, last_year, ytd, *more = figures_over(template, unit, [*compared, *ranges])
    targets = plan_targets(unit, period.start.year)
    return [
        ComparisonRow(
            indicator=figure.indicator,
            current=figure,
            previous=before[code],
            year_before=last_year[code],
            year_to_date=ytd[code],
            target=targets.get(code),
        )
        for code, figure in current.items()
    ], more


@dataclass
class ChildStatus:
    unit: Unit
    report: Report | None
    state: str  # approved, submitted, returned, late, missing
    deadline: datetime.date
    submitted_late: bool = False


STATES = ["approved", "submitted", "returned", "late", "missing"]


def child_statuses(
    template: ReportTemplate,
    unit: Unit,
    period: Period,
    *,
    level: str | None = None,
    today: datetime.date | None = None,
) -> list[ChildStatus]:
    """Where each reporting unit below `unit` stands for `period`: approved, submitted, returned, late or missing."""
    today = today or timezone.localdate()
    level = level or parts_level(template, unit)
    if level is None:
        return []
    children = Unit.objects.filter(level=level, is_active=True)
    if unit.parent_id is not None:
        children = children.filter(path__startswith=unit.path)
    reports = {
        report.unit_id: report
        for report in Report.objects.filter(template=template, period_start=period.start, unit__in=children)
    }
    deadline = template.deadline_for(level, period.end)
    rows = []
    for child in children.order_by("path"):
        report = reports.get(child.pk)
        status = report.status if report else None
        if status == Report.Status.APPROVED:
            state = "approved"
        elif status in (Report.Status.SUBMITTED, Report.Status.REVIEWED):
            state = "submitted"
        elif status == Report.Status.RETURNED:
            state = "returned"
        else:
            state = "late" if today > (report.deadline if report else deadline) else "missing"
        late = bool(report and report.submitted_at and timezone.localdate(report.submitted_at) > report.deadline)
        rows.append(ChildStatus(child, report, state, report.deadline if report else deadline, late))
    return rows


def status_counts(rows: list[ChildStatus]) -> dict[str, int]:
    counts = dict.fromkeys(STATES, 0)
    for row in rows:
        counts[row.state] += 1
    return counts


def previous_values(report: Report) -> dict[str, Decimal | None]:
    """The unit's values for the period before, by indicator code: what entered values are compared with."""
    from .periods import period_starting

    before = period_starting(report.template.periodicity, report.period_start).previous()
    return dict(
        ReportValue.objects.filter(
            report__template=report.template, report__unit=report.unit, report__period_start=before.start
        ).values_list("indicator__code", "value")
    )


def top_unit(user) -> Unit | None:
    """The highest unit `user` may view: where their dashboard opens."""
    paths = scope_paths(user, Action.VIEW)
    if paths is None:
        return Unit.objects.filter(level=Unit.Level.CENTRE).first()
    return Unit.objects.filter(path__in=paths).order_by("path").first() if paths else None


def units_in_scope_for(user, template: ReportTemplate, action: Action | str = Action.VIEW) -> QuerySet[Unit]:
    """Units whose figures `user` may open on the dashboard: the centre and provinces in scope, or else their
    own reporting units (a commune's staff). Communes are not listed one by one (3,321 options)."""
    reachable = units_for(user, action).filter(is_active=True)
    above = reachable.filter(level__in=[Unit.Level.CENTRE, Unit.Level.PROVINCE]).order_by("path")
    if above:  # read once: the form lists its options from this queryset's rows
        return above
    return reachable.filter(level__in=template.levels).order_by("path")


def user_may_view_unit(user, unit: Unit) -> bool:
    return user_can(user, Action.VIEW, unit)


# Who may act on a report: one rule for the admin's buttons, the API's `actions` and the services' checks.
REPORT_ACTIONS = ("edit", "refresh", "submit", "review", "approve", "return", "reopen")
_ACTION_STATUSES = {
    "edit": Report.EDITABLE,
    "refresh": Report.EDITABLE,
    "submit": Report.EDITABLE,
    "review": (Report.Status.SUBMITTED,),
    "approve": (Report.Status.SUBMITTED, Report.Status.REVIEWED),
    "return": (Report.Status.SUBMITTED, Report.Status.REVIEWED),
    "reopen": (Report.Status.APPROVED,),
}


def has_right(user, report: Report, action: str) -> bool:
    """Whether the user's roles allow `action` on `report`, whatever its status: the unit's editor edits and
    refreshes, its submitter submits; the parent unit's reviewer reviews and returns, its approver approves; the
    parent's approver or the unit's administrator reopens."""
    unit, parent = report.unit, report.unit.parent
    if action in ("edit", "refresh"):
        return user_can(user, Action.EDIT, unit)
    if action == "submit":
        return user_can(user, Action.SUBMIT, unit)
    if action in ("review", "return"):
        return parent is not None and user_can(user, Action.REVIEW, parent)
    if action == "approve":
        return parent is not None and user_can(user, Action.APPROVE, parent)
    if action == "reopen":
        return (parent is not None and user_can(user, Action.APPROVE, parent)) or user_can(user, Action.MANAGE, unit)
    raise ValueError(f"Unknown report action: {action}")


def report_actions(user, report: Report) -> dict[str, bool]:
    """Each action of `REPORT_ACTIONS`: whether `user` may take it on `report` now (the right, and the status)."""
    return {
        action: report.status in _ACTION_STATUSES[action] and has_right(user, report, action)
        for action in REPORT_ACTIONS
    }
