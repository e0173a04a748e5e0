"""Reads of the contribution rules: which record is in force on a date, and who may edit them."""

from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from django.db.models import Q

from lantoa.units.roles import Action
from lantoa.units.selectors import is_at_centre

from .models import EffectiveRule, VoluntarySIRule

RuleT = TypeVar("RuleT", bound=EffectiveRule)

DEFAULT_PAYMENT_PERIODS = [1, 3, 6, 12]


def rule_in_force(model: type[RuleT], on_date: date, **filters) -> RuleT | None:
    """The record of `model` in force on `on_date`: the latest one started by then and not yet ended.

    A record ends at its `effective_to`, or earlier when a later record of the same kind starts:
    the centre adds a new rate from its date without having to close the previous one first.
    """
    return (
        model._default_manager.filter(**filters)
        .filter(effective_from__lte=on_date)
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=on_date))
        .order_by("-effective_from")
        .first()
    )


def payment_period_choices() -> list[int]:
    """Every payment period (in months) some voluntary social insurance rule allows, for the form's choices."""
    periods: set[int] = set()
    for rule in VoluntarySIRule.objects.all():
        try:
            periods.update(rule.periods())
        except ValueError:
            continue  # a malformed record is refused by its clean(); never let it break the portal
    return sorted(periods) or DEFAULT_PAYMENT_PERIODS


def can_edit_rules(user) -> bool:
    """Only the centre changes contribution rules: a superuser, or who may publish in the centre unit."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return is_at_centre(user, Action.PUBLISH)


@dataclass(frozen=True)
class RuleHorizon:
    """One kind of rule on the centre's dashboard: what is in force today, when it ends, what follows."""

    model: type[EffectiveRule]
    label: str
    current: EffectiveRule | None
    successor: EffectiveRule | None

    @property
    def ends(self) -> date | None:
        return self.current.effective_to if self.current else None

    @property
    def needs_attention(self) -> bool:
        """Nothing in force today, or an end date with nothing after it: the calculators will refuse."""
        return self.current is None or (self.ends is not None and self.successor is None)


def rules_horizon(today: date) -> list[RuleHorizon]:
    """Every kind of rule (each support group apart), those needing attention first, then by end date."""
    from .models import (
        BaseSalary,
        FundInterestRate,
        HouseholdHIRule,
        RuralPovertyLine,
        SupportGroup,
        VoluntarySISupport,
    )

    kinds: list[tuple[Any, dict[str, str], Any]] = [
        (BaseSalary, {}, BaseSalary._meta.verbose_name),
        (RuralPovertyLine, {}, RuralPovertyLine._meta.verbose_name),
        (VoluntarySIRule, {}, VoluntarySIRule._meta.verbose_name),
        *(
            (VoluntarySISupport, {"group": group}, f"{VoluntarySISupport._meta.verbose_name}: {label}")
            for group, label in SupportGroup.choices
        ),
        (HouseholdHIRule, {}, HouseholdHIRule._meta.verbose_name),
        (FundInterestRate, {}, FundInterestRate._meta.verbose_name),
    ]
    # Each table is a few dated records: read once, and find what `rule_in_force` would find in each kind.
    records = {model: list(model._default_manager.order_by("effective_from", "pk")) for model in {k[0] for k in kinds}}
    rows = []
    for model, filters, label in kinds:
        mine = [r for r in records[model] if all(getattr(r, name) == value for name, value in filters.items())]
        in_force = [
            r for r in mine if r.effective_from <= today and (r.effective_to is None or r.effective_to >= today)
        ]
        current = in_force[-1] if in_force else None
        after = current.effective_from if current else today
        successor = next((r for r in mine if r.effective_from > after), None)
        rows.append(RuleHorizon(model, str(label), current, successor))
    return sorted(rows, key=lambda row: (not row.needs_attention, row.ends or date.max, row.label))
