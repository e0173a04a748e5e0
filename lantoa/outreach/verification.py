"""What the agency's participant lists say of a registration, without outreach importing attribution.

Attribution builds on outreach: it imports the lists, matches them to registrations and registers, in its
`AppConfig.ready`, how the follow-up queue and a person's record show that (`register`). Outreach only calls what
was registered; with nothing registered the queue has no verification column and the record no verification.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Verifier:
    choices: Callable  # () -> [(state, label)] for the queue's filter
    filter: Callable  # (registrations queryset, state) -> the registrations in that state
    states: Callable  # (*, user, registrations: list) -> [state with .label], one per registration; logs the views
    detail: Callable  # (*, user, registration) -> dict for the record's template (state, match); logs the view
    confirm: Callable  # (*, user, registration) -> None: set enrolled as the lists say; raises ValidationError


_verifier: Verifier | None = None


def register(verifier: Verifier) -> None:
    global _verifier
    _verifier = verifier


def registered() -> Verifier | None:
    return _verifier
