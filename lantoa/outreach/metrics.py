"""Indicators computed from outreach: events held, their attendees, registrations and new participants."""

from functools import partial

from django.db.models import Count, Q, Sum
from django.utils import timezone

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

from .models import Event, Registration, Scheme


def _held_in(start, end):
    # Held in a commune (whoever organised it), started in the period and not still to come.
    return Event.objects.filter(local_days("starts_at", start, end), starts_at__lte=timezone.now())


def _held(unit, start, end):
    return _held_in(start, end).filter(commune__path__startswith=unit.path)


@provider(Indicator.EVENTS_HELD)
def events_held(unit, start, end) -> int:
    return _held(unit, start, end).count()


@batch(events_held)
def events_held_many(units, start, end):
    return subtree_totals(units, _held_in(start, end), "commune__path")


@provider(Indicator.EVENT_ATTENDEES)
def event_attendees(unit, start, end) -> int:
    return _held(unit, start, end).aggregate(total=Sum("actual_attendees"))["total"] or 0


@batch(event_attendees)
def event_attendees_many(units, start, end):
    return subtree_totals(units, _held_in(start, end), "commune__path", Sum("actual_attendees"))


def _registered_in(start, end):
    # One row per person and interest: a merged duplicate counts once, an erased one still counts.
    return Registration.objects.filter(local_days("created_at", start, end))


@provider(Indicator.REGISTRATIONS)
def registrations(unit, start, end) -> int:
    return _registered_in(start, end).filter(unit__path__startswith=unit.path).count()


@batch(registrations)
def registrations_many(units, start, end):
    return subtree_totals(units, _registered_in(start, end), "unit__path")


def _registrants_enrolled_in(start, end):
    # The period's registrations (the same rows `registrations` counts) whose person has joined voluntary SI since.
    return _registered_in(start, end).filter(status=Registration.Status.ENROLLED, scheme=Scheme.VOLUNTARY_SI)


@provider(Indicator.REGISTRANTS_ENROLLED_VOLUNTARY_SI)
def registrants_enrolled_vsi(unit, start, end) -> int:
    return _registrants_enrolled_in(start, end).filter(unit__path__startswith=unit.path).count()


@batch(registrants_enrolled_vsi)
def registrants_enrolled_vsi_many(units, start, end):
    return subtree_totals(units, _registrants_enrolled_in(start, end), "unit__path")


def _enrolled_in(scheme: str, start, end):
    return Registration.objects.filter(
        status=Registration.Status.ENROLLED, scheme=scheme, enrolled_on__range=(start, end)
    )


def _enrolled(scheme: str, unit, start, end) -> int:
    return _enrolled_in(scheme, start, end).filter(unit__path__startswith=unit.path).count()


@provider(Indicator.NEW_VOLUNTARY_SI)
def new_voluntary_si(unit, start, end) -> int:
    return _enrolled(Scheme.VOLUNTARY_SI, unit, start, end)


@batch(new_voluntary_si)
def new_voluntary_si_many(units, start, end):
    return subtree_totals(units, _enrolled_in(Scheme.VOLUNTARY_SI, start, end), "unit__path")


@provider(Indicator.NEW_HOUSEHOLD_HI)
def new_household_hi(unit, start, end) -> int:
    return _enrolled(Scheme.HOUSEHOLD_HI, unit, start, end)


@batch(new_household_hi)
def new_household_hi_many(units, start, end):
    return subtree_totals(units, _enrolled_in(Scheme.HOUSEHOLD_HI, start, end), "unit__path")


# The same figures over several periods at once (a dashboard's comparison, a year's bars): one query each.


@over_ranges(events_held)
def events_held_ranges(unit, ranges):
    return range_totals(_held_in, unit, ranges, "starts_at", "commune__path")


@over_ranges(event_attendees)
def event_attendees_ranges(unit, ranges):
    return range_totals(_held_in, unit, ranges, "starts_at", "commune__path", Sum("actual_attendees"))


@over_ranges(registrations)
def registrations_ranges(unit, ranges):
    return range_totals(_registered_in, unit, ranges, "created_at", "unit__path")


@over_ranges(registrants_enrolled_vsi)
def registrants_enrolled_vsi_ranges(unit, ranges):
    return range_totals(_registrants_enrolled_in, unit, ranges, "created_at", "unit__path")


@over_ranges(new_voluntary_si)
def new_voluntary_si_ranges(unit, ranges):
    return range_totals(partial(_enrolled_in, Scheme.VOLUNTARY_SI), unit, ranges, "enrolled_on", "unit__path")


@over_ranges(new_household_hi)
def new_household_hi_ranges(unit, ranges):
    return range_totals(partial(_enrolled_in, Scheme.HOUSEHOLD_HI), unit, ranges, "enrolled_on", "unit__path")


# Figures counted from the same rows, read together when a dashboard shows more than one of them: one query each.


@over_ranges_together(events_held, event_attendees)
def events_ranges(unit, ranges):
    values = {Indicator.EVENTS_HELD: Count("pk"), Indicator.EVENT_ATTENDEES: Sum("actual_attendees")}
    return ranges_totals(_held_in, unit, ranges, "starts_at", "commune__path", values)


@over_ranges_together(registrations, registrants_enrolled_vsi)
def registrations_together_ranges(unit, ranges):
    enrolled_vsi = Q(status=Registration.Status.ENROLLED, scheme=Scheme.VOLUNTARY_SI)  # as _registrants_enrolled_in
    values = {
        Indicator.REGISTRATIONS: Count("pk"),
        Indicator.REGISTRANTS_ENROLLED_VOLUNTARY_SI: Count("pk", filter=enrolled_vsi),
    }
    return ranges_totals(_registered_in, unit, ranges, "created_at", "unit__path", values)


def _enrolled_in_either(start, end):
    return Registration.objects.filter(
        status=Registration.Status.ENROLLED,
        scheme__in=(Scheme.VOLUNTARY_SI, Scheme.HOUSEHOLD_HI),
        enrolled_on__range=(start, end),
    )


@over_ranges_together(new_voluntary_si, new_household_hi)
def new_participants_ranges(unit, ranges):
    values = {
        Indicator.NEW_VOLUNTARY_SI: Count("pk", filter=Q(scheme=Scheme.VOLUNTARY_SI)),
        Indicator.NEW_HOUSEHOLD_HI: Count("pk", filter=Q(scheme=Scheme.HOUSEHOLD_HI)),
    }
    return ranges_totals(_enrolled_in_either, unit, ranges, "enrolled_on", "unit__path", values)
