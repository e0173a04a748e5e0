"""Indicators computed from the participant lists: new participants per scheme, and registrants verified enrolled."""

from functools import partial

from django.db.models import Count, Q

from lantoa.metrics import (
    Indicator,
    batch,
    local_days,
    over_ranges,
    over_ranges_together,
    provider,
    range_totals,
    ranges_totals,
    subtree_totals,
)
from lantoa.outreach.models import Registration, Scheme

from .models import Enrolment


def _listed_in(scheme: str, start, end):
    return Enrolment.objects.filter(scheme=scheme, start_date__range=(start, end))


@provider(Indicator.NEW_VOLUNTARY_SI_LISTED)
def new_voluntary_si_listed(unit, start, end) -> int:
    return _listed_in(Scheme.VOLUNTARY_SI, start, end).filter(commune__path__startswith=unit.path).count()


@batch(new_voluntary_si_listed)
def new_voluntary_si_listed_many(units, start, end):
    return subtree_totals(units, _listed_in(Scheme.VOLUNTARY_SI, start, end), "commune__path")


@provider(Indicator.NEW_HOUSEHOLD_HI_LISTED)
def new_household_hi_listed(unit, start, end) -> int:
    return _listed_in(Scheme.HOUSEHOLD_HI, start, end).filter(commune__path__startswith=unit.path).count()


@batch(new_household_hi_listed)
def new_household_hi_listed_many(units, start, end):
    return subtree_totals(units, _listed_in(Scheme.HOUSEHOLD_HI, start, end), "commune__path")


def _verified_in(start, end):
    # The period's registrations (the rows `registrations` counts) that a list shows enrolled since.
    return Registration.objects.filter(local_days("created_at", start, end), enrolment_match__isnull=False)


@provider(Indicator.REGISTRANTS_ENROLLED_VERIFIED)
def registrants_enrolled_verified(unit, start, end) -> int:
    return _verified_in(start, end).filter(unit__path__startswith=unit.path).count()


@batch(registrants_enrolled_verified)
def registrants_enrolled_verified_many(units, start, end):
    return subtree_totals(units, _verified_in(start, end), "unit__path")


# The same figures over several periods at once (a dashboard's comparison, a year's bars): one query each.


@over_ranges(new_voluntary_si_listed)
def new_voluntary_si_listed_ranges(unit, ranges):
    return range_totals(partial(_listed_in, Scheme.VOLUNTARY_SI), unit, ranges, "start_date", "commune__path")


@over_ranges(new_household_hi_listed)
def new_household_hi_listed_ranges(unit, ranges):
    return range_totals(partial(_listed_in, Scheme.HOUSEHOLD_HI), unit, ranges, "start_date", "commune__path")


@over_ranges(registrants_enrolled_verified)
def registrants_enrolled_verified_ranges(unit, ranges):
    return range_totals(_verified_in, unit, ranges, "created_at", "unit__path")


@over_ranges_together(new_voluntary_si_listed, new_household_hi_listed)
def new_participants_listed_ranges(unit, ranges):
    def listed_in(start, end):
        return Enrolment.objects.filter(
            scheme__in=(Scheme.VOLUNTARY_SI, Scheme.HOUSEHOLD_HI), start_date__range=(start, end)
        )

    values = {
        Indicator.NEW_VOLUNTARY_SI_LISTED: Count("pk", filter=Q(scheme=Scheme.VOLUNTARY_SI)),
        Indicator.NEW_HOUSEHOLD_HI_LISTED: Count("pk", filter=Q(scheme=Scheme.HOUSEHOLD_HI)),
    }
    return ranges_totals(listed_in, unit, ranges, "start_date", "commune__path", values)
