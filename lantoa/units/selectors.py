"""Reads about units and scope: what a user may reach, for every view, API and export."""

from functools import reduce
from operator import or_

from django.db.models import Q, QuerySet

from .models import Membership, Unit
from .roles import Action, roles_allowing


def scope_paths(user, action: Action | str) -> list[str] | None:
    """Unit paths whose subtree `user` may reach for `action`; None means everywhere."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    if user.is_superuser:
        return None
    cache = user.__dict__.setdefault("_lantoa_scope_paths", {})
    if action not in cache:
        paths = sorted(
            Membership.objects.filter(user=user, role__in=roles_allowing(action), unit__is_active=True).values_list(
                "unit__path", flat=True
            )
        )
        # Keep only the top of each subtree: a membership below another adds nothing.
        tops: list[str] = []
        for path in paths:
            if not any(path.startswith(top) for top in tops):
                tops.append(path)
        cache[action] = tops
    return cache[action]


def path_q(paths: list[str] | None, field: str = "path") -> Q:
    if paths is None:
        return Q()
    if not paths:
        return Q(pk__in=[])
    return reduce(or_, (Q(**{f"{field}__startswith": p}) for p in paths))


def units_for(user, action: Action | str = Action.VIEW) -> QuerySet[Unit]:
    """Units `user` may reach for `action`: each of their units and everything below it."""
    return Unit.objects.filter(path_q(scope_paths(user, action)))


def scope(queryset: QuerySet, user, action: Action | str = Action.VIEW, unit_field: str = "unit") -> QuerySet:
    """Filter any queryset with a foreign key to Unit down to what `user` may reach."""
    return queryset.filter(path_q(scope_paths(user, action), f"{unit_field}__path"))


def user_can(user, action: Action | str, unit: Unit) -> bool:
    """Whether `user` may do `action` in `unit` (their own unit or one below it)."""
    paths = scope_paths(user, action)
    return paths is None or any(unit.path.startswith(p) for p in paths)


def unit_tree(*, root: Unit | None = None, max_level: str | None = None) -> QuerySet[Unit]:
    qs = Unit.objects.filter(is_active=True)
    if root is not None:
        qs = qs.filter(path__startswith=root.path)
    if max_level == Unit.Level.PROVINCE:
        qs = qs.exclude(level=Unit.Level.COMMUNE)
    elif max_level == Unit.Level.CENTRE:
        qs = qs.filter(level=Unit.Level.CENTRE)
    return qs


def centre() -> Unit:
    return Unit.objects.get(level=Unit.Level.CENTRE)


def memberships_of(user) -> QuerySet[Membership]:
    return Membership.objects.filter(user=user).select_related("unit")


def memberships_in_scope(user) -> QuerySet[Membership]:
    """The memberships `user` may manage: every screen that takes a membership's id finds it here or 404s."""
    return scope(Membership.objects.select_related("user", "unit"), user, Action.MANAGE)
