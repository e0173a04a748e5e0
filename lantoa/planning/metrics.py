"""Indicators counted from plan activities marked done: leaflets, media partnerships (loudspeaker broadcasts come
from the bulletins' broadcast log, lantoa/bulletins/metrics.py).

Nothing else in Lan Toả records these, so the activity that did them carries the figure (`quantity`): an
activity counts for its responsible unit and every unit above it, on the day it ended.
"""

from decimal import Decimal
from functools import partial

from django.db.models import Q, Sum

from lantoa.metrics import (
    Indicator,
    batch,
    over_ranges,
    over_ranges_together,
    provider,
    range_totals,
    ranges_totals,
    subtree_totals,
)

from .models import Activity

Kind = Activity.Kind


def _done(kind: str, start, end):
    return Activity.objects.filter(kind=kind, status=Activity.Status.DONE, ends_on__range=(start, end))


def _done_quantity(kind: str, unit, start, end) -> int:
    done = _done(kind, start, end).filter(responsible_unit__path__startswith=unit.path)
    return done.aggregate(total=Sum("quantity"))["total"] or 0


def _done_quantity_many(kind: str, units, start, end) -> dict[int, int | Decimal]:
    return subtree_totals(units, _done(kind, start, end), "responsible_unit__path", Sum("quantity"))


@provider(Indicator.LEAFLETS_DISTRIBUTED)
def leaflets_distributed(unit, start, end) -> int:
    return _done_quantity(Kind.LEAFLETS, unit, start, end)


@batch(leaflets_distributed)
def leaflets_distributed_many(units, start, end):
    return _done_quantity_many(Kind.LEAFLETS, units, start, end)


@provider(Indicator.MEDIA_PARTNERSHIPS)
def media_partnerships(unit, start, end) -> int:
    return _done_quantity(Kind.MEDIA_PARTNERSHIP, unit, start, end)


@batch(media_partnerships)
def media_partnerships_many(units, start, end):
    return _done_quantity_many(Kind.MEDIA_PARTNERSHIP, units, start, end)


# The same figures over several periods at once (a dashboard's comparison, a year's bars): one query each.


@over_ranges(leaflets_distributed)
def leaflets_distributed_ranges(unit, ranges):
    return range_totals(
        partial(_done, Kind.LEAFLETS), unit, ranges, "ends_on", "responsible_unit__path", Sum("quantity")
    )


@over_ranges(media_partnerships)
def media_partnerships_ranges(unit, ranges):
    return range_totals(
        partial(_done, Kind.MEDIA_PARTNERSHIP), unit, ranges, "ends_on", "responsible_unit__path", Sum("quantity")
    )


@over_ranges_together(leaflets_distributed, media_partnerships)
def activities_ranges(unit, ranges):
    kinds = {Indicator.LEAFLETS_DISTRIBUTED: Kind.LEAFLETS, Indicator.MEDIA_PARTNERSHIPS: Kind.MEDIA_PARTNERSHIP}

    def done_in(start, end):
        return Activity.objects.filter(
            kind__in=kinds.values(), status=Activity.Status.DONE, ends_on__range=(start, end)
        )

    values = {code: Sum("quantity", filter=Q(kind=kind)) for code, kind in kinds.items()}
    return ranges_totals(done_in, unit, ranges, "ends_on", "responsible_unit__path", values)
