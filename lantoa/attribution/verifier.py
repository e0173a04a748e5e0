"""What attribution plugs into outreach's follow-up queue and record (`lantoa.outreach.verification`)."""

from lantoa.outreach.verification import Verifier

from . import selectors, services
from .models import Match


def _choices():
    return selectors.Verification.choices


def _filter(registrations, state):
    return selectors.filter_verification(registrations, state, selectors.coverage())


def _states(*, user, registrations):
    matched = {m.registration_id: m for m in Match.objects.filter(registration_id__in=[r.pk for r in registrations])}
    for registration in registrations:
        registration._state.fields_cache["enrolment_match"] = matched.get(registration.pk)
    # What the lists say of a person is a view of their match: logged like a view of their record.
    services.log_match_views(user=user, registration_ids=list(matched), via="queue")
    covered = selectors.coverage()
    return [selectors.verification(registration, covered) for registration in registrations]


def _detail(*, user, registration):
    match = selectors.match_of(registration)
    if match is not None:
        services.log_match_views(user=user, registration_ids=[registration.pk])
    registration._state.fields_cache["enrolment_match"] = match
    return {"match": match, "verification": selectors.verification(registration, selectors.coverage())}


def _confirm(*, user, registration):
    services.confirm_from_list(registration=registration, user=user)


VERIFIER = Verifier(choices=_choices, filter=_filter, states=_states, detail=_detail, confirm=_confirm)
