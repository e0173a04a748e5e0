"""Reads of the planning app: scoped plans, activities and scenarios, and plan versus actual from the system's data."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, QuerySet

from lantoa import metrics
from lantoa.metrics import Indicator
from lantoa.units.models import Unit
from lantoa.units.roles import Action
from lantoa.units.selectors import scope, scope_paths, units_for

from .models import Activity, Plan, Scenario, Target


def plans_for(user, action: Action | str = Action.VIEW) -> QuerySet[Plan]:
    """Plans of the units `user` may reach for `action`: their own unit's and those below, never a sibling's."""
    return scope(Plan.objects.select_related("unit", "parent", "parent__unit"), user, action)


def activities_for(user, action: Action | str = Action.VIEW) -> QuerySet[Activity]:
    return scope(Activity.objects.select_related("plan", "plan__unit", "responsible_unit"), user, action, "plan__unit")


def scenarios_for(user, action: Action | str = Action.VIEW) -> QuerySet[Scenario]:
    """Scenarios of the units in reach; to read, also the published templates (every staff member may adapt one)."""
    qs = Scenario.objects.select_related("unit", "target_group", "template")
    own = scope(qs, user, action)
    if Action(action) != Action.VIEW or scope_paths(user, Action.VIEW) == []:
        return own
    return qs.filter(Q(pk__in=own.values("pk")) | Q(is_template=True, is_published=True))


def published_templates() -> QuerySet[Scenario]:
    return Scenario.objects.filter(is_template=True, is_published=True).select_related("target_group", "unit")


def editable_units(user) -> QuerySet[Unit]:
    return units_for(user, Action.EDIT).filter(is_active=True)


def plan_period(plan: Plan) -> tuple[datetime.date, datetime.date]:
    return datetime.date(plan.year, 1, 1), datetime.date(plan.year, 12, 31)


def linkable_activities(user, *, keep: Activity | None = None) -> QuerySet[Activity]:
    """Activities an outreach event of `user` may carry out: of plans the user may edit, not cancelled.

    `keep` (the event's current activity) stays a choice even when out of the user's reach, so that saving the
    event's other fields does not drop a link a unit above made. Whether the event's unit fits is checked on save.
    """
    qs = activities_for(user, Action.EDIT).exclude(status=Activity.Status.CANCELLED)
    if keep is not None:
        qs = Activity.objects.filter(Q(pk__in=qs.values("pk")) | Q(pk=keep.pk)).select_related(
            "plan", "plan__unit", "responsible_unit"
        )
    return qs.order_by("-plan__year", "plan__unit__path", "starts_on", "pk")


def activity_of(event) -> Activity | None:
    """The plan activity an outreach event carries out, if any."""
    if event.pk is None:
        return None
    return Activity.objects.select_related("plan", "plan__unit").filter(event_links__event=event).first()


def linkable_events(plan: Plan):
    """Outreach events the plan's activities may link to: organised by the plan's unit or a unit below, that year."""
    from lantoa.outreach.models import Event

    return Event.objects.filter(unit__path__startswith=plan.unit.path, starts_at__year=plan.year).select_related(
        "unit", "commune"
    )


@dataclass
class TargetRow:
    indicator: str
    label: str
    target: int
    actual: int | Decimal | None
    computed: bool
    target_id: int | None = None
    # The same figure from the participant lists, where one checks this one (metrics.CROSS_CHECKS).
    listed: int | Decimal | None = None

    @property
    def percent(self) -> float | None:
        if self.actual is None or not self.target:
            return None
        return round(float(self.actual) * 100 / self.target, 1)


def actual(indicator: str, unit: Unit, start: datetime.date, end: datetime.date, target: Target | None = None):
    """(value, computed): computed from the system's records when an app provides the indicator, else typed."""
    if metrics.is_computable(indicator):
        return metrics.compute(indicator, unit, start, end), True
    return (target.manual_actual if target is not None else None), False


def plan_vs_actual(plan: Plan) -> list[TargetRow]:
    """For each target of the plan: its value and what the unit and everything below it did that year."""
    start, end = plan_period(plan)
    labels = dict(Indicator.choices)
    rows = []
    for target in _ordered(plan.targets.all()):
        value, computed = actual(target.indicator, plan.unit, start, end, target)
        check = metrics.CROSS_CHECKS.get(target.indicator)
        listed = metrics.compute(check, plan.unit, start, end) if check else None
        rows.append(
            TargetRow(target.indicator, str(labels[target.indicator]), target.value, value, computed, target.pk, listed)
        )
    return rows


def _ordered(targets) -> list[Target]:
    order = {code: n for n, code in enumerate(Indicator.values)}
    return sorted(targets, key=lambda target: order.get(target.indicator, len(order)))


@dataclass
class RollupRow:
    plan: Plan
    cells: list[TargetRow | None]


@dataclass
class Rollup:
    indicators: list[tuple[str, str]]
    rows: list[RollupRow]
    units_without_plan: int


def rollup(plan: Plan) -> Rollup:
    """The plans derived from `plan`, one row per unit below, against the parent plan's indicators.

    Set-based: each computed indicator is one grouped query for all the units below (`metrics.compute_many`), so a
    province's ~100 communes cost a few queries, not one per unit and indicator; the figures are those of `actual`.
    """
    start, end = plan_period(plan)
    labels = dict(Indicator.choices)
    indicators = [(target.indicator, str(labels[target.indicator])) for target in _ordered(plan.targets.all())]
    children = list(plan.children.select_related("unit").prefetch_related("targets").order_by("unit__path"))
    units = [child.unit for child in children]
    computed = {
        code: metrics.compute_many(code, units, start, end)
        for code, _label in indicators
        if units and metrics.is_computable(code)
    }
    rows = []
    for child in children:
        own = {target.indicator: target for target in child.targets.all()}
        cells: list[TargetRow | None] = []
        for code, label in indicators:
            target = own.get(code)
            if code in computed:
                value, is_computed = computed[code][child.unit_id], True
            else:
                value, is_computed = (target.manual_actual if target is not None else None), False
            cells.append(TargetRow(code, label, target.value if target else 0, value, is_computed))
        rows.append(RollupRow(child, cells))
    without = Unit.objects.filter(parent=plan.unit, is_active=True).exclude(pk__in=[c.unit_id for c in children])
    return Rollup(indicators, rows, without.count())


def targets_for(unit: Unit, year: int) -> dict[str, Decimal]:
    """The targets of `unit`'s plan for `year`, by indicator code ({} without a plan): what reports measure
    progress against."""
    rows = Target.objects.filter(plan__unit=unit, plan__year=year).values_list("indicator", "value")
    return {code: Decimal(value) for code, value in rows}


def indicators() -> list[dict]:
    """The shared vocabulary of indicators, with whether Lan Toả computes each one."""
    return [
        {"code": code, "label": str(label), "computed": metrics.is_computable(code)}
        for code, label in Indicator.choices
    ]
